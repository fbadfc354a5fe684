import "server-only";
import { z } from "zod";
import { causedByUser, writeAudit } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import type { OrgRef } from "@/lib/orgs/org-access";

export const billingAddressInput = z.object({
  /** An address for billing emails besides the owners'; null (or "") removes it. */
  billingEmail: z
    .string()
    .trim()
    .max(254)
    .transform((v) => (v === "" ? null : v.toLowerCase()))
    .pipe(z.email("Enter an email address, like billing@example.com.").nullable())
    .nullable(),
});

/** Sets where an org's billing emails go besides its owners, on the audit log. */
export async function setBillingAddress(org: OrgRef, userId: string, input: z.infer<typeof billingAddressInput>) {
  return db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: org.id }, select: { billingEmail: true } });
    if (before.billingEmail === input.billingEmail) return { billingEmail: input.billingEmail };
    await tx.organization.update({ where: { id: org.id }, data: { billingEmail: input.billingEmail } });
    await writeAudit(tx, {
      orgId: org.id,
      action: "billing.email_address_changed",
      cause: causedByUser(userId),
      before: { billingEmail: before.billingEmail },
      after: { billingEmail: input.billingEmail },
    });
    return { billingEmail: input.billingEmail };
  });
}
