import { beforeAll, describe, expect, it, vi } from "vitest";
import type Stripe from "stripe";
import { billableSeats, syncSeatQuantity } from "@/lib/billing/seats/sync-seat-quantity";
import { createReconcileRun } from "@/lib/reconcile/reconcile-runs";
import { runReconcile } from "@/lib/reconcile/run-reconcile";
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { acceptInvitation } from "@/lib/orgs/invitations/accept-invitation";
import { inviteInput, inviteMember } from "@/lib/orgs/invitations/invite-member";
import { listPendingInvitations } from "@/lib/orgs/invitations/list-invitations";
import { revokeInvitation } from "@/lib/orgs/invitations/revoke-invitation";
import { removeMember } from "@/lib/orgs/members/remove-member";
import { drained, renewed, setUpBillingStack, subscribedOnClock, subscribedOrg } from "@/test/support/billing-stack";
import { quoteSeat } from "@/lib/billing/seats/seat-quote";
import { makeOrg, makeUser, uniqueEmail } from "@/test/support/factories";
import { exportToEnv } from "@/scripts/lib/process-env";
import { seededRandom } from "@/test/support/seeded-random";

// One owner sends this file's invitations to one org, far more in an hour than a person would.
exportToEnv({ RATE_LIMIT_INVITES_PER_USER: "10000", RATE_LIMIT_INVITES_PER_ORG: "10000" });
const stack = setUpBillingStack();

// This file's database lifts Team's seat limit (it is per seat, as shipped), for its fifty people at once.
beforeAll(async () => {
  await db.plan.update({
    where: { code: "team" },
    data: { pricing: "per_seat", minSeats: 1, maxSeats: null, limits: { projects: 25, seats: null, runsPerMonth: 2000 } },
  });
});

type Org = Pick<Awaited<ReturnType<typeof subscribedOrg>>, "owner" | "org" | "customerId">;

async function invite(o: Org, count: number) {
  const people = await Promise.all(Array.from({ length: count }, () => makeUser({ email: uniqueEmail("seat") })));
  return {
    people,
    invitations: () =>
      Promise.all(people.map((p) => inviteMember({ org: o.org, role: "owner" }, o.owner, inviteInput.parse({ email: p.email })))),
  };
}

const stripeItem = async (o: Org) => (await stack().stripe.subscriptions.list({ customer: o.customerId })).data[0]!;
const seatChanges = async (orgId: string) =>
  (await db.billingAuditEntry.findMany({ where: { orgId, action: "subscription.seats_changed" }, orderBy: { createdAt: "asc" } })).map(
    (e) => [(e.before as { quantity: number }).quantity, (e.after as { quantity: number }).quantity],
  );
const updateInvoices = async (o: Org) =>
  (await stack().stripe.invoices.list({ customer: o.customerId, limit: 100 })).data.filter(
    (i) => i.billing_reason === "subscription_update",
  );

describe("per-seat quantity on Stripe", () => {
  it("ends equal to the billable count after 50 concurrent invitations, acceptances, revocations and removals", async () => {
    const o = await subscribedOrg(stack());
    const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
    const early = await invite(o, 25);
    const firstInvitations = await early.invitations();
    const joined = early.people.slice(0, 10);
    await Promise.all(joined.map((p, i) => acceptInvitation(p, { invitationId: firstInvitations[i]!.invitation.id })));
    const later = await invite(o, 25);

    // 10 acceptances, 5 revocations, 10 removals and 25 invitations, all at once.
    await Promise.all([
      ...early.people.slice(10, 20).map((p, i) => acceptInvitation(p, { invitationId: firstInvitations[10 + i]!.invitation.id })),
      ...firstInvitations.slice(20, 25).map((sent) => revokeInvitation(o.org.id, sent.invitation.id)),
      ...joined.map((p) => removeMember({ org: o.org, role: "owner", userId: o.owner.id }, p.id)),
      later.invitations(),
    ]);
    await drained();

    // The owner and the 10 who joined in the burst are members; the burst's 25 invitations are pending.
    expect(await billableSeats(o.org.id, team)).toBe(36);
    const sub = await stripeItem(o);
    expect(sub.items.data[0]!.quantity).toBe(36);
    expect(sub.pending_update).toBeNull();
    expect((await db.subscription.findFirstOrThrow({ where: { orgId: o.org.id } })).quantity).toBe(36);
    // Each change Stripe made is on the audit log once, each starting where the one before ended: nothing applied twice.
    const changes = await seatChanges(o.org.id);
    expect(changes[0]![0]).toBe(1);
    expect(changes.at(-1)![1]).toBe(36);
    for (let i = 1; i < changes.length; i++) expect(changes[i]![0]).toBe(changes[i - 1]![1]);
    // Coalesced: no more updates than the 85 changes that asked for one, and every one of them paid once.
    expect(changes.length).toBeLessThanOrEqual(85);
    const invoices = await updateInvoices(o);
    expect(invoices.every((i) => i.status === "paid")).toBe(true);
    expect(invoices.length).toBeLessThanOrEqual(changes.filter(([from, to]) => to! > from!).length);

    // A removal alone, then a revocation alone, each bring it down by one.
    const member = early.people[10]!;
    await removeMember({ org: o.org, role: "owner", userId: o.owner.id }, member.id);
    await drained();
    expect((await stripeItem(o)).items.data[0]!.quantity).toBe(35);
    const [pending] = await listPendingInvitations(o.org.id);
    await revokeInvitation(o.org.id, pending!.id);
    await drained();
    expect((await stripeItem(o)).items.data[0]!.quantity).toBe(34);
  });

  it("asks nothing again when a retried job finds Stripe already changed, so the seat is charged once, and sets right a quantity changed on Stripe", async () => {
    const o = await subscribedOrg(stack());
    await (await invite(o, 1)).invitations();
    await drained();
    expect((await stripeItem(o)).items.data[0]!.quantity).toBe(2);
    const charged = (await updateInvoices(o)).length;
    expect(charged).toBe(1);

    // As if the job had died after Stripe answered but before the mirror was written: its retry reads Stripe's quantity,
    // asks for nothing and brings the mirror up to date.
    await db.subscription.updateMany({ where: { orgId: o.org.id }, data: { quantity: 1, paidSeats: 1 } });
    await expect(syncSeatQuantity(o.org.id)).resolves.toBeNull();
    await drained();
    expect((await updateInvoices(o)).length).toBe(charged);
    expect((await db.subscription.findFirstOrThrow({ where: { orgId: o.org.id } })).quantity).toBe(2);

    // Someone sets 5 on Stripe before the job's next attempt: the same seat version asks for a different change, which
    // is a new request (reusing the key with other parameters is refused by Stripe), and the quantity is set right.
    await stack().stripe.subscriptionItems.update((await stripeItem(o)).items.data[0]!.id, { quantity: 5, proration_behavior: "none" });
    await vi.waitUntil(async () => (await db.subscription.findFirstOrThrow({ where: { orgId: o.org.id } })).quantity === 5, {
      timeout: 5_000,
      interval: 20,
    });
    await expect(syncSeatQuantity(o.org.id)).resolves.toMatchObject({ from: 5, to: 2 });
    expect((await stripeItem(o)).items.data[0]!.quantity).toBe(2);
  });

  it("leaves a declined seat pending on Stripe and its invitation held, until the admin pays with another card", async () => {
    const o = await subscribedOrg(stack());
    const failing = await stack().stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: o.customerId });
    const sub = await stripeItem(o);
    await stack().stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    const invited = await invite(o, 1);
    const [sent] = await invited.invitations();
    await drained();

    const after = await stack().stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice"] });
    expect(after.items.data[0]!.quantity).toBe(1);
    expect(after.pending_update?.subscription_items?.[0]?.quantity).toBe(2);
    expect(after.status).toBe("active");
    expect((after.latest_invoice as Stripe.Invoice).status).toBe("open");
    const mirror = await db.subscription.findFirstOrThrow({ where: { orgId: o.org.id } });
    expect(mirror).toMatchObject({ quantity: 1, pendingQuantity: 2, status: "active" });
    expect(await seatChanges(o.org.id)).toEqual([]);

    // The invitation is held: its seat is not paid for, so it can't be accepted yet.
    expect((await listPendingInvitations(o.org.id)).map((i) => i.held)).toEqual([true]);
    const accept = () => acceptInvitation(invited.people[0]!, { invitationId: sent!.invitation.id });
    await expect(accept()).rejects.toMatchObject({ code: "seat_payment_pending" });
    expect(await db.membership.count({ where: { orgId: o.org.id } })).toBe(1);

    // The admin pays the open invoice with a card that works: Stripe applies the change, and the invitation is free.
    const visa = await stack().stripe.paymentMethods.attach("pm_card_visa", { customer: o.customerId });
    await stack().stripe.invoices.pay((after.latest_invoice as Stripe.Invoice).id, { payment_method: visa.id });
    await vi.waitUntil(async () => (await db.subscription.findFirstOrThrow({ where: { orgId: o.org.id } })).pendingQuantity === null, {
      timeout: 5_000,
      interval: 20,
    });
    expect((await listPendingInvitations(o.org.id)).map((i) => i.held)).toEqual([false]);
    await accept();
    await drained();
    expect((await stripeItem(o)).items.data[0]!.quantity).toBe(2);
    expect(await seatChanges(o.org.id)).toEqual([[1, 2]]);
  });

  it("applies a seat added while Stripe fails once it answers again, charged once", async () => {
    const o = await subscribedOrg(stack());
    const sub = await stripeItem(o);
    const faults = (body: object) => fetch(`${stack().emu.url}/_emulator/faults`, { method: "POST", body: JSON.stringify(body) });
    await faults({ failReads: [`/v1/subscriptions/${sub.id}`] });
    await (await invite(o, 1)).invitations();
    // The seat job gets a 500 from Stripe and waits in the queue to try again; the invitation stands.
    const attempts = async () =>
      (await db.$queryRaw<{ attempts: number }[]>`select attempts from graphile_worker.jobs where key = ${`sync_seats:${o.org.id}`}`)[0]
        ?.attempts ?? 0;
    await vi.waitUntil(async () => (await attempts()) >= 1, { timeout: 10_000, interval: 20 });
    expect((await stripeItem(o)).items.data[0]!.quantity).toBe(1);
    expect(await listPendingInvitations(o.org.id)).toHaveLength(1);

    await faults({});
    await drained(30_000);
    expect((await stripeItem(o)).items.data[0]!.quantity).toBe(2);
    expect(await updateInvoices(o)).toHaveLength(1);
    expect(await seatChanges(o.org.id)).toEqual([[1, 2]]);
  });

  it("lets a trial's quantity follow its members without charging anything", async () => {
    const owner = await makeUser();
    const org = await makeOrg([[owner, "owner"]]);
    const customer = await stack().stripe.customers.create({ metadata: { orgId: org.id } });
    await db.organization.update({ where: { id: org.id }, data: { stripeCustomerId: customer.id } });
    const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
    await stack().stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: team.stripeMonthlyPriceId! }],
      trial_period_days: 14,
    });
    // Its webhook brings the org onto the trial (drained() alone may look before the event is even sent).
    await vi.waitUntil(async () => (await getEntitlements(org.id)).status === "trialing", { timeout: 5_000, interval: 20 });
    const o = { owner, org, customerId: customer.id };
    await (await invite(o, 3)).invitations();
    await drained();

    const sub = await stripeItem(o);
    expect(sub.status).toBe("trialing");
    expect(sub.items.data[0]!.quantity).toBe(4);
    expect(await updateInvoices(o)).toEqual([]);
    expect((await db.subscription.findFirstOrThrow({ where: { orgId: org.id } })).quantity).toBe(4);
  });

  it("is set right by reconcile when the quantity is changed in the Stripe Dashboard, or an invitation expires", async () => {
    const o = await subscribedOrg(stack());
    const reconcile = async () => runReconcile((await createReconcileRun({ orgId: o.org.id }, "api")).id);
    const sub = await stripeItem(o);
    await stack().stripe.subscriptionItems.update(sub.items.data[0]!.id, { quantity: 7, proration_behavior: "none" });
    // Its webhook mirrors the new quantity; nothing in Tollgate asks for it back until reconcile looks.
    await vi.waitUntil(async () => (await db.subscription.findFirstOrThrow({ where: { orgId: o.org.id } })).quantity === 7, {
      timeout: 5_000,
      interval: 20,
    });
    await drained();

    await reconcile();
    await drained();
    expect((await stripeItem(o)).items.data[0]!.quantity).toBe(1);
    const findings = await db.billingAuditEntry.findMany({ where: { orgId: o.org.id, action: "reconcile.seats_repaired" } });
    expect(findings.map((f) => f.after)).toEqual([{ subscription: sub.id, stripeQuantity: 7, billableSeats: 1 }]);

    await (await invite(o, 1)).invitations();
    await drained();
    expect((await stripeItem(o)).items.data[0]!.quantity).toBe(2);
    await db.invitation.updateMany({ where: { orgId: o.org.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await reconcile();
    await drained();
    expect((await stripeItem(o)).items.data[0]!.quantity).toBe(1);
    // Nothing left to repair: a second run finds the quantity right.
    await reconcile();
    expect(await db.billingAuditEntry.count({ where: { orgId: o.org.id, action: "reconcile.seats_repaired" } })).toBe(2);
  });

  it("gives an invitation's seat back the moment it expires, without waiting for reconcile", async () => {
    const o = await subscribedOrg(stack());
    const { invitations } = await invite(o, 2);
    const [kept, expiring] = await invitations();
    await drained();
    expect((await stripeItem(o)).items.data[0]!.quantity).toBe(3);

    // A week on: the second invitation's expiry comes due (its job waits for the time it expires).
    await db.invitation.update({ where: { id: expiring!.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await db.$executeRaw`select graphile_worker.reschedule_jobs(
      array(select id from graphile_worker.jobs where key = ${`invitation_expired:${expiring!.invitation.id}`}), run_at => now())`;
    await drained();
    expect((await stripeItem(o)).items.data[0]!.quantity).toBe(2);
    expect((await seatChanges(o.org.id)).at(-1)).toEqual([3, 2]);
    // The other one was revoked before its time: when its expiry comes due, nothing changes.
    await revokeInvitation(o.org.id, kept!.invitation.id);
    await drained();
    await db.$executeRaw`select graphile_worker.reschedule_jobs(
      array(select id from graphile_worker.jobs where key = ${`invitation_expired:${kept!.invitation.id}`}), run_at => now())`;
    await drained();
    expect((await stripeItem(o)).items.data[0]!.quantity).toBe(1);
    expect((await seatChanges(o.org.id)).slice(-2)).toEqual([
      [3, 2],
      [2, 1],
    ]);
  });

  it("fills a seat given up this period again without charging it twice, charges the seats beyond, and starts over at renewal", async () => {
    const o = await subscribedOnClock(stack(), { daysAgo: 0 });
    const { owner, org, clock } = o;
    const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
    const quantity = async () => (await stripeItem(o)).items.data[0]!.quantity;

    const [first, second] = await (await invite(o, 2)).invitations();
    await drained();
    expect(await quantity()).toBe(3);
    const paidFor = (await updateInvoices(o)).length;
    await revokeInvitation(org.id, first!.invitation.id);
    await revokeInvitation(org.id, second!.invitation.id);
    await drained();
    expect(await quantity()).toBe(1);

    // Two seats were paid for this period: the first two people back cost nothing now, the third is charged.
    expect(await quoteSeat(org.id)).toMatchObject({ charged: "already_paid", prorated: 0, recurringChange: team.monthlyPriceCents });
    await (await invite(o, 2)).invitations();
    await drained();
    expect(await quantity()).toBe(3);
    expect(await updateInvoices(o)).toHaveLength(paidFor);
    const quote = (await quoteSeat(org.id))!;
    expect(quote.charged).toBe("now");
    await inviteMember(
      { org, role: "owner" },
      owner,
      inviteInput.parse({ email: uniqueEmail("seat"), prorationDate: quote.prorationDate }),
    );
    await drained();
    expect(await quantity()).toBe(4);
    const charged = await updateInvoices(o);
    expect(charged).toHaveLength(paidFor + 1);
    expect(charged[0]!.amount_paid).toBe(quote.prorated);

    // The renewal bills the four seats; one given up after it is paid for until the next.
    await renewed(o);
    const renewal = (await stack().stripe.invoices.list({ customer: clock.customerId })).data.find(
      (i) => i.billing_reason === "subscription_cycle",
    )!;
    expect(renewal.lines.data.map((l) => l.quantity)).toEqual([4]);
    expect(await db.subscription.findFirstOrThrow({ where: { orgId: org.id } })).toMatchObject({ quantity: 4, paidSeats: 4 });
    const [pending] = await listPendingInvitations(org.id);
    await revokeInvitation(org.id, pending!.id);
    await drained();
    await (await invite(o, 1)).invitations();
    await drained();
    expect(await quantity()).toBe(4);
    expect(await updateInvoices(o)).toHaveLength(paidFor + 1);
  });

  it("charges a seat added after a renewal whose webhook is not handled yet, though last period's seats were paid", async () => {
    const o = await subscribedOnClock(stack(), { daysAgo: 0 });
    const { invitations } = await invite(o, 2);
    for (const sent of await invitations()) await revokeInvitation(o.org.id, sent.invitation.id);
    await drained();
    const before = await db.subscription.findFirstOrThrow({ where: { orgId: o.org.id } });
    expect(before).toMatchObject({ quantity: 1, paidSeats: 3 });

    // Stripe renews at one seat; the mirror still shows last period, where three seats were paid for.
    await renewed(o);
    await db.subscription.update({
      where: { id: before.id },
      data: { currentPeriodStart: before.currentPeriodStart, currentPeriodEnd: before.currentPeriodEnd, paidSeats: 3 },
    });
    const charges = (await updateInvoices(o)).length;
    await (await invite(o, 1)).invitations();
    await drained();
    expect((await stripeItem(o)).items.data[0]!.quantity).toBe(2);
    const invoices = await updateInvoices(o);
    expect(invoices).toHaveLength(charges + 1);
    expect(invoices[0]!.amount_paid).toBeGreaterThan(0);
    expect(await db.subscription.findFirstOrThrow({ where: { orgId: o.org.id } })).toMatchObject({ quantity: 2, paidSeats: 2 });
  });
});

describe("per-seat billing over time", () => {
  it("bills each renewal for the seats held then, over 1,000 random seat operations across two renewals, with every proration as the arithmetic says", async () => {
    const o = await subscribedOnClock(stack(), { daysAgo: 0 });
    const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
    const { next: random } = seededRandom();
    const pick = <T>(list: T[]) => list.splice(Math.floor(random() * list.length), 1)[0]!;
    const invited: { invitationId: string; person: Awaited<ReturnType<typeof makeUser>> }[] = [];
    const joined: Awaited<ReturnType<typeof makeUser>>[] = [];
    const renewals: { at: number; billable: number }[] = [];
    const periodOfMirror = async () => {
      const sub = await db.subscription.findFirstOrThrow({ where: { orgId: o.org.id } });
      return { start: sub.currentPeriodStart!.getTime() / 1000, end: sub.currentPeriodEnd!.getTime() / 1000 };
    };
    const periods: { start: number; end: number; startSeats: number; paidSeats?: number }[] = [
      { ...(await periodOfMirror()), startSeats: 1 },
    ];
    const OPERATIONS = 1000;
    const PER_BURST = 25;
    let done = 0;

    for (let burst = 0; done < OPERATIONS; burst++) {
      // One operation per person or invitation in a burst, all at once.
      const ops: Promise<unknown>[] = [];
      while (ops.length < Math.min(PER_BURST, OPERATIONS - done)) {
        const roll = random();
        if (roll < 0.4 || (invited.length === 0 && joined.length === 0)) {
          ops.push(
            (async () => {
              const person = await makeUser({ email: uniqueEmail("random") });
              const sent = await inviteMember({ org: o.org, role: "owner" }, o.owner, inviteInput.parse({ email: person.email }));
              invited.push({ invitationId: sent.invitation.id, person });
            })(),
          );
        } else if (roll < 0.65 && invited.length > 0) {
          const { invitationId, person } = pick(invited);
          ops.push(acceptInvitation(person, { invitationId }).then(() => joined.push(person)));
        } else if (roll < 0.8 && invited.length > 0) {
          ops.push(revokeInvitation(o.org.id, pick(invited).invitationId));
        } else if (joined.length > 0) {
          ops.push(removeMember({ org: o.org, role: "owner", userId: o.owner.id }, pick(joined).id));
        }
      }
      await Promise.all(ops);
      const before = done;
      done += ops.length;
      await drained(30_000);
      const billable = await billableSeats(o.org.id, team);
      expect((await stripeItem(o)).items.data[0]!.quantity, `after burst ${burst}`).toBe(billable);

      // Two renewals, a third and two thirds of the way through.
      if (Math.floor((before * 3) / OPERATIONS) < Math.floor((done * 3) / OPERATIONS) && done < OPERATIONS) {
        const sub = await db.subscription.findFirstOrThrow({ where: { orgId: o.org.id } });
        renewals.push({ at: Math.floor(sub.currentPeriodEnd!.getTime() / 1000), billable });
        periods.at(-1)!.paidSeats = sub.paidSeats;
        await renewed(o);
        periods.push({ ...(await periodOfMirror()), startSeats: billable });
      } else {
        // A day passes between bursts (within the period), so each seat is prorated for the time left.
        const next = (await o.clock.now()).getTime() + 86_400_000;
        if (next < periods.at(-1)!.end * 1000 - 7_200_000) await o.clock.advanceTo(new Date(next));
      }
    }

    periods.at(-1)!.paidSeats = (await db.subscription.findFirstOrThrow({ where: { orgId: o.org.id } })).paidSeats;
    const invoices: Stripe.Invoice[] = [];
    for await (const invoice of stack().stripe.invoices.list({ customer: o.customerId, limit: 100 })) invoices.push(invoice);
    // Each renewal billed the seats held when it came, as the policy says (no refunds mid-period, the count at renewal).
    const cycles = invoices.filter((i) => i.billing_reason === "subscription_cycle").sort((a, b) => a.created - b.created);
    expect(cycles.map((i) => i.lines.data.map((l) => l.quantity))).toEqual(renewals.map((r) => [r.billable]));
    expect(cycles.map((i) => i.amount_paid)).toEqual(renewals.map((r) => r.billable * team.monthlyPriceCents!));
    // Every seat charge is its proration lines, each what the seat price, the quantity and the time left make.
    const seatCharges = invoices.filter((i) => i.billing_reason === "subscription_update");
    expect(seatCharges.length).toBeGreaterThan(0);
    for (const invoice of seatCharges) {
      const period = periods.find((p) => p.end === invoice.lines.data[0]!.period.end)!;
      const periodLength = period.end - period.start;
      let sum = 0;
      for (const line of invoice.lines.data) {
        const share = (line.period.end - line.period.start) / periodLength;
        const sign = line.amount < 0 ? -1 : 1;
        expect(line.amount).toBe(Math.round(sign * team.monthlyPriceCents! * line.quantity! * share));
        sum += line.amount;
      }
      expect(invoice.total).toBe(sum);
      expect(invoice.status).toBe("paid");
    }
    // No seat is paid for twice in a period: all a period's seat charges stay within a full period of the seats it
    // added at its peak (a seat given up and filled again costs nothing more).
    for (const period of periods) {
      const charged = seatCharges.filter((i) => i.lines.data[0]!.period.end === period.end).reduce((sum, i) => sum + i.amount_paid, 0);
      expect(charged).toBeLessThanOrEqual(team.monthlyPriceCents! * (period.paidSeats! - period.startSeats));
    }
  }, 240_000);
});
