import type Stripe from "stripe";
import type { Plan, PrismaClient } from "@/lib/generated/prisma/client";
import { CREDITS_PRODUCT_NAME, RUNS_OVERAGE_PRODUCT_NAME } from "@/lib/plans/catalog-definition";
import { syncMeters } from "./meter-sync";

type Want = {
  lookupKey: string;
  productId: string;
  amount: number;
  interval: "month" | "year" | null;
  nickname: string;
  /** A metered price: it bills this meter's usage in arrears. */
  meter?: string;
};
export type SyncReport = { productsCreated: number; pricesCreated: number; pricesKept: number; portalConfiguration: string };

/**
 * Mirrors the database catalog into Stripe by lookup key, idempotently: a second
 * run creates nothing; a changed amount or interval creates a new price, moves
 * the lookup key to it (as Stripe recommends) and archives the old one.
 */
export async function syncCatalog(stripe: Stripe, db: PrismaClient): Promise<SyncReport> {
  const report: SyncReport = { productsCreated: 0, pricesCreated: 0, pricesKept: 0, portalConfiguration: "" };
  const products = new Map<string, Stripe.Product>();
  for await (const product of stripe.products.list({ limit: 100 }))
    if (product.metadata.tollgate_code) products.set(product.metadata.tollgate_code, product);

  async function product(code: string, name: string): Promise<string> {
    const found = products.get(code);
    if (found) return found.id;
    const created = await stripe.products.create(
      { name, metadata: { tollgate_code: code } },
      { idempotencyKey: `tollgate-product-${code}` },
    );
    products.set(code, created);
    report.productsCreated++;
    return created.id;
  }

  async function price(want: Want): Promise<string> {
    const current = (await stripe.prices.list({ lookup_keys: [want.lookupKey], limit: 1 })).data[0];
    const matches =
      current &&
      current.active &&
      current.unit_amount === want.amount &&
      current.product === want.productId &&
      (current.recurring?.interval ?? null) === want.interval &&
      (current.recurring?.meter ?? null) === (want.meter ?? null);
    if (matches) {
      report.pricesKept++;
      return current.id;
    }
    const created = await stripe.prices.create({
      product: want.productId,
      currency: "usd",
      unit_amount: want.amount,
      lookup_key: want.lookupKey,
      transfer_lookup_key: true,
      nickname: want.nickname,
      ...(want.interval
        ? { recurring: { interval: want.interval, ...(want.meter ? { usage_type: "metered" as const, meter: want.meter } : {}) } }
        : {}),
    });
    if (current) await stripe.prices.update(current.id, { active: false });
    report.pricesCreated++;
    return created.id;
  }

  const meters = await syncMeters(stripe, db);
  for (const plan of await db.plan.findMany({ orderBy: { sort: "asc" } })) {
    if (!plan.selfServe || !plan.monthlyPriceCents) continue;
    const productId = await product(`plan_${plan.code}`, plan.name);
    const monthly = await price({
      lookupKey: `tollgate_${plan.code}_monthly`,
      productId,
      amount: plan.monthlyPriceCents,
      interval: "month",
      nickname: `${plan.name} monthly`,
    });
    const annual = plan.annualPriceCents
      ? await price({
          lookupKey: `tollgate_${plan.code}_annual`,
          productId,
          amount: plan.annualPriceCents,
          interval: "year",
          nickname: `${plan.name} annual`,
        })
      : null;
    const metered = await meteredPrices(plan, meters.get("runs")!);
    await db.plan.update({
      where: { code: plan.code },
      data: {
        stripeProductId: productId,
        stripeMonthlyPriceId: monthly,
        stripeAnnualPriceId: annual,
        stripeMeteredMonthlyPriceId: metered.monthly,
        stripeMeteredAnnualPriceId: metered.annual,
      },
    });
  }

  /** A plan offering metered overage bills its runs beyond the allowance at its price, on each interval it sells. */
  async function meteredPrices(plan: Plan, meter: string): Promise<{ monthly: string | null; annual: string | null }> {
    if (!plan.overageModes.includes("metered") || !plan.overageRunPriceCents) return { monthly: null, annual: null };
    const productId = await product("runs_overage", RUNS_OVERAGE_PRODUCT_NAME);
    const metered = (interval: "month" | "year", key: string, label: string) =>
      price({
        lookupKey: `tollgate_${plan.code}_runs_${key}`,
        productId,
        amount: plan.overageRunPriceCents!,
        interval,
        nickname: `${plan.name}: runs beyond the allowance, ${label}`,
        meter,
      });
    return {
      monthly: await metered("month", "monthly", "monthly"),
      annual: plan.annualPriceCents ? await metered("year", "annual", "annual") : null,
    };
  }
  for (const addOn of await db.addOn.findMany({ orderBy: { sort: "asc" } })) {
    const productId = await product(`addon_${addOn.code}`, addOn.name);
    const priceId = await price({
      lookupKey: `tollgate_addon_${addOn.code}`,
      productId,
      amount: addOn.priceCents,
      interval: addOn.interval as "month" | "year",
      nickname: addOn.name,
    });
    await db.addOn.update({ where: { code: addOn.code }, data: { stripeProductId: productId, stripePriceId: priceId } });
  }
  const creditsProduct = await product("credits", CREDITS_PRODUCT_NAME);
  for (const pack of await db.creditPack.findMany({ orderBy: { sort: "asc" } })) {
    const priceId = await price({
      lookupKey: `tollgate_${pack.code}`,
      productId: creditsProduct,
      amount: pack.priceCents,
      interval: null,
      nickname: pack.name,
    });
    await db.creditPack.update({ where: { code: pack.code }, data: { stripePriceId: priceId } });
  }
  report.portalConfiguration = await portalConfiguration(stripe);
  return report;
}

/**
 * The Customer Portal configuration: cancel at period end, card updates and invoices. Plan switches are
 * not offered there: they go through the billing page, which refuses a downgrade over the target plan's
 * limits, ends a trial on a plan without one and shows the proration first. The portal would do none of it.
 */
async function portalConfiguration(stripe: Stripe): Promise<string> {
  const features: Stripe.BillingPortal.ConfigurationCreateParams.Features = {
    invoice_history: { enabled: true },
    payment_method_update: { enabled: true },
    subscription_cancel: {
      enabled: true,
      mode: "at_period_end",
      cancellation_reason: { enabled: true, options: ["too_expensive", "missing_features", "switched_service", "unused", "other"] },
    },
    subscription_update: { enabled: false },
  };
  let existing: Stripe.BillingPortal.Configuration | undefined;
  for await (const config of stripe.billingPortal.configurations.list({ limit: 100 }))
    if (config.metadata?.tollgate === "portal") existing = config;
  if (existing) return (await stripe.billingPortal.configurations.update(existing.id, { features })).id;
  return (
    await stripe.billingPortal.configurations.create({
      features,
      business_profile: { headline: "Tollgate billing" },
      metadata: { tollgate: "portal" },
    })
  ).id;
}
