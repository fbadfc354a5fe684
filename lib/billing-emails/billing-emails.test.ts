import path from "node:path";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cancelAtPeriodEnd } from "@/lib/billing/commands/cancellation";
import { createCheckout } from "@/lib/billing/commands/checkout";
import { changePlan } from "@/lib/billing/commands/plan-change";
import { createReconcileRun } from "@/lib/reconcile/reconcile-runs";
import { createTopUpIntent } from "@/lib/credits/topup-intent";
import { billingAddressInput, setBillingAddress } from "./billing-address";
import { runReconcile } from "@/lib/reconcile/run-reconcile";
import { db } from "@/lib/db";
import { childProcessEnv, exportToEnv } from "@/scripts/lib/process-env";
import { startMailCatcher } from "@/scripts/lib/mail-catcher";
import { getFreePort } from "@/scripts/lib/free-port";
import { waitForHttp } from "@/scripts/lib/processes";
import { customerOnTestClock, drained, payCheckout, signedDelivery, setUpBillingStack } from "@/test/support/billing-stack";
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

const stack = setUpBillingStack();
const HOUR = 3_600_000;

/** An org whose owner receives mail, on Team, its customer on a test clock; `card` pays the renewals. */
async function teamOrg(card = "pm_card_visa", billingEmail?: string) {
  const owner = await makeUser();
  const org = await makeOrg([[owner, "owner"]]);
  if (billingEmail) await setBillingAddress(org, owner.id, billingAddressInput.parse({ billingEmail }));
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
  it("go to the owners and the billing address an admin set, which must be an email address", async () => {
    expect(billingAddressInput.safeParse({ billingEmail: "not-an-address" }).success).toBe(false);
    expect(billingAddressInput.parse({ billingEmail: "" })).toEqual({ billingEmail: null });
    const { owner, org } = await teamOrg("pm_card_visa", " Accounts@Example.TEST ");
    const receipt = await waitForEmail(inbox(), "accounts@example.test", "Receipt for");
    expect(receipt.to.map((t) => t.address).sort()).toEqual(["accounts@example.test", owner.email!.toLowerCase()].sort());
    // The message reaches the catcher a moment before the worker records whom it went to.
    const sent = await vi.waitUntil(() => db.billingEmail.findFirst({ where: { orgId: org.id, status: "sent" } }), {
      timeout: 5_000,
      interval: 20,
    });
    expect(sent.sentTo.sort()).toEqual(["accounts@example.test", owner.email!.toLowerCase()].sort());
  });

  it("records and sends none with BILLING_EMAILS=off, while billing itself goes on", async () => {
    exportToEnv({ BILLING_EMAILS: "off" });
    try {
      const { owner, org } = await teamOrg();
      await vi.waitUntil(() => db.invoice.findFirst({ where: { orgId: org.id, status: "paid" } }), { timeout: 10_000, interval: 20 });
      await drained();
      expect(await emailsOf(org.id)).toEqual([]);
      expect(await listEmails(inbox(), owner.email!)).toEqual([]);
    } finally {
      exportToEnv({ BILLING_EMAILS: "on" });
    }
  });

  it("sends one receipt per paid invoice, however often its event is delivered and even after a reconcile", async () => {
    const { owner, org, clock } = await teamOrg();
    const receipt = await waitForEmail(inbox(), owner.email!, "Receipt for");
    expect(receipt.subject).toBe(`Receipt for ${org.name}: $12.00 paid`);
    expect(receipt.text).toContain("Amount paid: $12.00");
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
    expect(notice.subject).toBe(`Payment failed for ${org.name}: $12.00 is due`);
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

  it("follows a subscription's life with one email each: trial started, ending, receipt, plan changed, cancelled; and a top-up's receipt", async () => {
    const owner = await makeUser();
    const org = await makeOrg([[owner, "owner"]]);
    const clock = await customerOnTestClock(stack(), org.id);
    await payCheckout(stack(), (await createCheckout(org, owner.id, { plan: "team", interval: "month" })).sessionId);
    const started = await waitForEmail(inbox(), owner.email!, "trial has started");
    const sub = await db.subscription.findFirstOrThrow({ where: { orgId: org.id } });
    const trialEnd = sub.trialEnd!;
    const endDay = trialEnd.toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
    expect(started.text).toContain(`Trial ends: ${endDay}`);
    expect(started.text).toContain("Then: $12.00/month for 1 seat");

    await clock.advanceTo(new Date(trialEnd.getTime() - 2 * 86_400_000));
    const ending = await waitForEmail(inbox(), owner.email!, "trial ends on");
    expect(ending.text).toContain("Card: visa •••• 4242");
    await clock.advanceTo(new Date(trialEnd.getTime() + HOUR));
    const receipt = await waitForEmail(inbox(), owner.email!, "Receipt for");
    expect(receipt.text).toContain("Amount paid: $12.00");

    await changePlan(org, owner.id, { plan: "business", interval: "month" });
    const changed = await waitForEmail(inbox(), owner.email!, "is now on Business");
    expect(changed.text).toContain("Before: Team");

    const topUp = await createTopUpIntent(org, owner.id, { pack: "credits_5000" });
    await stack().stripe.paymentIntents.confirm(topUp.paymentIntentId, { payment_method: "pm_card_visa" });
    expect((await waitForEmail(inbox(), owner.email!, "credits")).text).toContain("Credits: 5,000");

    await cancelAtPeriodEnd(org, owner.id, {});
    const periodEnd = (await db.subscription.findFirstOrThrow({ where: { orgId: org.id } })).currentPeriodEnd!;
    await clock.advanceTo(new Date(periodEnd.getTime() + HOUR));
    const ended = await waitForEmail(inbox(), owner.email!, "subscription has ended");
    expect(ended.text).toContain("Now on: Free");
    await drained();

    const kinds = (await emailsOf(org.id)).map((e) => e.kind);
    expect(kinds.filter((k) => k !== "receipt").sort()).toEqual([
      "plan_changed",
      "subscription_cancelled",
      "topup_receipt",
      "trial_ending",
      "trial_started",
    ]);
    const subjects = (await listEmails(inbox(), owner.email!)).map((m) => m.subject);
    for (const subject of [started.subject, ending.subject, changed.subject, ended.subject])
      expect(subjects.filter((s) => s === subject)).toHaveLength(1);
  });

  it("says a trial ended when it ends without converting", async () => {
    const owner = await makeUser();
    const org = await makeOrg([[owner, "owner"]]);
    await customerOnTestClock(stack(), org.id);
    await payCheckout(stack(), (await createCheckout(org, owner.id, { plan: "team", interval: "month" })).sessionId, "pm_card_mastercard");
    await waitForEmail(inbox(), owner.email!, "trial has started");
    const sub = await db.subscription.findFirstOrThrow({ where: { orgId: org.id } });
    await stack().stripe.subscriptions.cancel(sub.stripeSubscriptionId);
    const ended = await waitForEmail(inbox(), owner.email!, "trial has ended");
    expect(ended.text).toContain("Now on: Free");
    await drained();
    expect((await emailsOf(org.id)).map((e) => e.kind)).toEqual(["trial_started", "trial_ended"]);
  });
});
