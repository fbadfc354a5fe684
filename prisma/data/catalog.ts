import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ADD_ONS, BILLING_METERS, CREDIT_PACKS, PLANS } from "@/lib/plans/catalog-definition";

/** Writes the shipped catalog; amounts and limits follow the definition, Stripe ids from catalog sync are kept. */
export async function seedCatalog(db: PrismaClient): Promise<void> {
  for (const plan of PLANS) await db.plan.upsert({ where: { code: plan.code }, create: plan, update: plan });
  for (const addOn of ADD_ONS) await db.addOn.upsert({ where: { code: addOn.code }, create: addOn, update: addOn });
  for (const pack of CREDIT_PACKS) await db.creditPack.upsert({ where: { code: pack.code }, create: pack, update: pack });
  for (const meter of BILLING_METERS) await db.billingMeter.upsert({ where: { code: meter.code }, create: meter, update: meter });
}
