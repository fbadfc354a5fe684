import path from "node:path";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createReconcileRun } from "@/lib/billing/reconcile/reconcile-runs";
import { runReconcile } from "@/lib/billing/reconcile/run-reconcile";
import { db } from "@/lib/db";
import { childProcessEnv, exportToEnv } from "@/lib/env";
import { startMailCatcher } from "@/scripts/lib/mail-catcher";
import { getFreePort } from "@/scripts/lib/free-port";
import { waitForHttp } from "@/scripts/lib/processes";
import { customerOnTestClock, drained, signedDelivery, useBillingStack } from "@/test/support/billing-stack";
import { makeOrg, makeUser } from "@/test/support/factories";
import { listEmails, waitForEmail } from "@/test/support/mailbox";

// A mail catcher of this file's own, so the test can stop SMTP and start it again on the same port; retries are
// 2 s apart instead of 30, 60 and 120 s.
const root = path.resolve(import.meta.dirname, "../..");
let smtpPort = 0;
let webPort = 0;
let catcher: ReturnType<typeof startMailCatcher> | null = null;
const inbox = () => `http://127.0.0.1:${webPort}`;
async function startSmtp() {
  catcher = startMailCatcher(root, { smtpPort, webPort }, childProcessEnv());
  await waitForHttp(`${inbox()}/api/healthz`, 20_000);
}
async function stopSmtp() {
  await catcher?.stop();
  catcher = null;
}
beforeAll(async () => {
  [smtpPort, webPort] = [await getFreePort(), await getFreePort()];
  exportToEnv({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, BILLING_EMAIL_RETRY_SECONDS: "2,2,2" });
  await startSmtp();
}, 30_000);
afterAll(() => stopSmtp());

const stack = useBillingStack();
const HOUR = 3_600_000;

/** An org whose owner receives mail, on Team, its customer on a test clock; `card` pays the renewals. */
async function teamOrg(card = "pm_card_visa") {
  const owner = await makeUser();
  const org = await makeOrg([[owner, "owner"]]);
  const clock = await customerOnTestClock(stack(), org.id);
  const pm = await stack().stripe.paymentMethods.attach(card, { customer: clock.customerId });
  const team = (await db.plan.findUniqueOrThrow({ where: { code: "team" } })).stripeMonthlyPriceId!;
  const sub = await stack().stripe.subscriptions.create({
    customer: clock.customerId,
    items: [{ price: team }],
    default_payment_method: pm.id,
  });
  return { owner, org, clock, sub };
}

const emailsOf = (orgId: string) => db.billingEmail.findMany({ where: { orgId }, orderBy: { createdAt: "asc" } });

describe("billing emails", () => {
  it("sends one receipt per paid invoice, however often its event is delivered and even after a reconcile", async () => {
    const { owner, org, clock } = await teamOrg();
    const receipt = await waitForEmail(inbox(), owner.email!, "Receipt for");
    expect(receipt.subject).toBe(`Receipt for ${org.name}: $49.00 paid`);
    expect(receipt.text).toContain("Amount paid: $49.00");
    expect(receipt.text).toContain(`Billing settings: http://127.0.0.1:3999/${org.slug}/billing`);
    const invoice = (await stack().stripe.invoices.list({ customer: clock.customerId })).data[0]!;
    expect(receipt.text).toContain(`View invoice: ${invoice.hosted_invoice_url}`);
    expect(receipt.html).toContain(invoice.invoice_pdf!);
    await drained();

    const paid = (await stack().stripe.events.list({ type: "invoice.paid", limit: 100 })).data.find(
      (e) => (e.data.object as Stripe.Invoice).id === invoice.id,
    )!;
    for (let i = 0; i < 3; i++) {
      await db.stripeEvent.delete({ where: { id: paid.id } }).catch(() => undefined);
      expect((await signedDelivery(stack(), JSON.stringify(paid))).status).toBe(200);
      await drained();
    }
    await db.invoice.update({ where: { stripeInvoiceId: invoice.id }, data: { status: "open", amountPaid: 0 } });
    const run = await createReconcileRun({ orgId: org.id }, "api");
    await runReconcile(run.id);
    expect(await db.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoice.id } })).toMatchObject({ status: "paid" });
    await drained();

    expect((await emailsOf(org.id)).map((e) => [e.kind, e.status])).toEqual([["receipt", "sent"]]);
    expect((await listEmails(inbox(), owner.email!)).filter((m) => m.subject.startsWith("Receipt for"))).toHaveLength(1);
  });

  it("processes events at once while SMTP is down, sends when it is back, and keeps what outlasts the retries for an operator", async () => {
    const { owner, org, clock, sub } = await teamOrg();
    await waitForEmail(inbox(), owner.email!, "Receipt for");
    await drained();
    const declining = await stack().stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: clock.customerId });
    await stack().stripe.subscriptions.update(sub.id, { default_payment_method: declining.id });

    await stopSmtp();
    await clock.advanceTo(new Date(sub.items.data[0]!.current_period_end * 1000 + HOUR));
    // The webhook work does not wait for mail: the renewal's events are all processed with SMTP down.
    await vi.waitUntil(
      async () =>
        (await db.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: sub.id } })).status === "past_due" &&
        (await db.stripeEvent.count({ where: { status: "pending" } })) === 0,
      { timeout: 10_000, interval: 50 },
    );
    const failedPayment = await vi.waitUntil(
      async () => (await emailsOf(org.id)).find((e) => e.kind === "payment_failed" && e.attempts >= 1),
      { timeout: 10_000, interval: 50 },
    );
    expect(failedPayment.status).toBe("pending");

    await startSmtp();
    const notice = await waitForEmail(inbox(), owner.email!, "Payment failed for");
    expect(notice.subject).toBe(`Payment failed for ${org.name}: $49.00 is due`);
    expect(notice.text).toContain("Attempt: 1");
    expect(notice.text).toMatch(/Stripe will try the card again on \w+ \d+, \d{4}\./);
    expect(await db.billingEmail.findUniqueOrThrow({ where: { id: failedPayment.id } })).toMatchObject({
      status: "sent",
      sentTo: [owner.email],
    });

    // Down for longer than the three retries: kept as failed, on the audit log, and sent once an operator retries.
    await stopSmtp();
    const open = (await stack().stripe.invoices.list({ customer: clock.customerId, status: "open" })).data[0]!;
    await stack().stripe.invoices.pay(open.id, {
      payment_method: (await stack().stripe.paymentMethods.attach("pm_card_visa", { customer: clock.customerId })).id,
    });
    const lost = await vi.waitUntil(
      async () => (await emailsOf(org.id)).find((e) => e.kind === "receipt" && e.causeKey === open.id && e.status === "failed"),
      { timeout: 20_000, interval: 50 },
    );
    expect(lost.attempts).toBe(4);
    const audit = await db.billingAuditEntry.findFirstOrThrow({ where: { orgId: org.id, action: "email.failed" } });
    expect(audit).toMatchObject({ kind: "failure", after: expect.objectContaining({ email: lost.id, kind: "receipt", attempts: 4 }) });

    await startSmtp();
    const { retryBillingEmail } = await import("./retry");
    await retryBillingEmail(lost.id, owner.id);
    await waitForEmail(inbox(), owner.email!, "Receipt for");
    expect(await db.billingEmail.findUniqueOrThrow({ where: { id: lost.id } })).toMatchObject({ status: "sent" });
    await expect(retryBillingEmail(lost.id, owner.id)).rejects.toMatchObject({ code: "conflict" });
  });
});
