import "server-only";
import { causedBySystem, writeAudit } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { sendEmail } from "@/lib/email/send-email";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { BILLING_EMAIL_TASK, queueEmailJob } from "./outbox";
import { isBillingEmailKind, renderBillingEmail } from "./render/render";

const cause = causedBySystem(BILLING_EMAIL_TASK);

/**
 * Who gets an org's billing emails: its owners, the billing address an admin set, and for a receipt of something a
 * member bought (a top-up), that member while they still belong to the org.
 */
async function recipientsOf(orgId: string, billingEmail: string | null, data: unknown): Promise<string[]> {
  const buyerId = (data as { buyerUserId?: unknown } | null)?.buyerUserId;
  const [owners, buyer] = await Promise.all([
    db.membership.findMany({ where: { orgId, role: "owner" }, select: { user: { select: { email: true } } } }),
    typeof buyerId === "string"
      ? db.membership.findUnique({ where: { orgId_userId: { orgId, userId: buyerId } }, select: { user: { select: { email: true } } } })
      : null,
  ]);
  const all = [...owners.map((o) => o.user.email), billingEmail, buyer?.user.email]
    .filter((e): e is string => Boolean(e))
    .map((e) => e.toLowerCase());
  return [...new Set(all)];
}

/**
 * The job that sends one recorded billing email. A failure is retried after each of BILLING_EMAIL_RETRY_SECONDS
 * (30, 60, 120 s) by a new job; after the last the email is kept as failed, on the audit log, for an operator to
 * retry. An email already sent (a job run twice) is not sent again.
 */
export async function sendBillingEmail(id: string): Promise<void> {
  const email = await db.billingEmail.findUnique({
    where: { id },
    include: { org: { select: { name: true, slug: true, billingEmail: true } } },
  });
  if (!email || email.status !== "pending" || !isBillingEmailKind(email.kind)) return;
  const to = await recipientsOf(email.orgId, email.org.billingEmail, email.data);
  if (to.length === 0) {
    log().warn(
      { emailId: id, kind: email.kind, orgId: email.orgId },
      "billing email skipped: the org has no owner or billing address to send it to",
    );
    await db.$transaction(async (tx) => {
      await tx.billingEmail.update({ where: { id }, data: { status: "skipped" } });
      await writeAudit(tx, {
        orgId: email.orgId,
        action: "email.skipped",
        cause,
        after: { email: id, kind: email.kind },
        note: "No owner or billing address to send it to.",
      });
    });
    return;
  }
  const billingUrl = new URL(`/${email.org.slug}/billing`, env().APP_BASE_URL).toString();
  try {
    const message = await renderBillingEmail(email.kind, email.data, { name: email.org.name, billingUrl });
    await sendEmail({ to: to.join(", "), ...message });
  } catch (err) {
    await recordFailedAttempt(email, err);
    return;
  }
  await db.billingEmail.update({
    where: { id },
    data: { status: "sent", sentAt: new Date(), sentTo: to, attempts: { increment: 1 }, lastError: null },
  });
}

async function recordFailedAttempt(email: { id: string; kind: string; orgId: string; attempts: number }, err: unknown): Promise<void> {
  const reason = err instanceof Error ? err.message : String(err);
  const attempts = email.attempts + 1;
  const delays = env().BILLING_EMAIL_RETRY_SECONDS;
  const retryIn = delays[attempts - 1];
  log().warn(
    { emailId: email.id, kind: email.kind, attempts, reason },
    retryIn ? "billing email not sent; retrying" : "billing email failed",
  );
  await db.$transaction(async (tx) => {
    await tx.billingEmail.update({
      where: { id: email.id },
      data: { attempts, lastError: reason.slice(0, 500), status: retryIn === undefined ? "failed" : "pending" },
    });
    if (retryIn !== undefined) {
      await queueEmailJob(tx, email.id, retryIn);
      return;
    }
    await writeAudit(tx, {
      orgId: email.orgId,
      kind: "failure",
      action: "email.failed",
      cause,
      after: { email: email.id, kind: email.kind, attempts, error: reason.slice(0, 300) },
      note: `The ${email.kind} email could not be sent after ${attempts} attempts; retry it with POST /api/v1/billing/emails/${email.id}/retry.`,
    });
  });
}
