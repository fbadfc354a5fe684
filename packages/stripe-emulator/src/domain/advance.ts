import type { Stored } from "../store/store";
import type { Customer } from "./customers";
import { cancelSubscription, endTrialWithoutPaymentMethod } from "./subscriptions";
import { afterFailedCollection, retryInvoice } from "./dunning";
import { expirePendingUpdate, pendingUpdateExpiry } from "./pending-updates";
import type { Ctx, Invoice } from "./invoice-lifecycle";
import {
  billPeriod,
  movePeriod,
  nextPeriod,
  periodOf,
  setStatus,
  TRIAL_WILL_END_BEFORE,
  warnTrialEnding,
  type Subscription,
} from "./subscription-lifecycle";

type Clock = Stored & { frozen_time: number; status: string };
type Due = { at: number; run: () => void };

const INCOMPLETE_EXPIRES_AFTER = 23 * 3600;
const sentKey = (sub: Subscription) => `twe_${sub.id}_${sub.trial_end}`; // as warnTrialEnding records it

/** Moves a test clock to `target`, running everything that falls due on the way, earliest first. */
export function advanceClock(ctx: Ctx, clockId: string, target: number): void {
  const { tx } = ctx;
  for (let step = 0; step < 10_000; step++) {
    const clock = tx.get<Clock>(clockId)!;
    const next = dueActions(ctx, clockId, target).sort((a, b) => a.at - b.at)[0];
    if (!next) break;
    tx.put({ ...clock, frozen_time: Math.max(clock.frozen_time, next.at) });
    next.run();
  }
  tx.put({ ...tx.get<Clock>(clockId)!, frozen_time: target, status: "ready" });
}

/** Runs what has fallen due for customers on the real clock (renewals, trial ends, retries); called periodically. */
export function catchUpRealTime(ctx: Ctx, now: number): number {
  let ran = 0;
  for (; ran < 10_000; ran++) {
    const next = dueActions(ctx, null, now).sort((a, b) => a.at - b.at)[0];
    if (!next) break;
    next.run();
  }
  return ran;
}

function dueActions(ctx: Ctx, clockId: string | null, target: number): Due[] {
  const { tx } = ctx;
  const customers = new Set(
    tx.all<Customer>("customer", (c) => (c.test_clock ?? null) === clockId && !(c as { deleted?: boolean }).deleted).map((c) => c.id),
  );
  // Read without copying (this runs for every step of an advance, over every subscription); each action re-reads.
  const openBySubscription = new Map<string, Readonly<Invoice>[]>();
  for (const invoice of tx.view<Invoice>("invoice", (i) => i.status === "open")) {
    const parent = invoice.parent?.subscription_details?.subscription;
    const subId = typeof parent === "string" ? parent : parent?.id;
    if (subId) openBySubscription.set(subId, [...(openBySubscription.get(subId) ?? []), invoice]);
  }
  const due: Due[] = [];
  for (const sub of tx.view<Subscription>("subscription", (s) => customers.has(s.customer as string))) {
    if (sub.status === "canceled" || sub.status === "incomplete_expired") continue;
    const { end } = periodOf(sub);
    if (sub.status === "trialing" && sub.trial_end) {
      const warnAt = Math.max(sub.start_date, sub.trial_end - TRIAL_WILL_END_BEFORE);
      if (warnAt <= target && warnAt < sub.trial_end && !tx.get(sentKey(sub))) {
        due.push({ at: warnAt, run: () => warnTrialEnding(ctx, tx.get<Subscription>(sub.id)!) });
      }
      const trialEnd = sub.trial_end;
      if (trialEnd <= target) due.push({ at: trialEnd, run: () => endTrial(ctx, tx.get<Subscription>(sub.id)!, trialEnd) });
      continue;
    }
    if (sub.status === "incomplete") {
      const expiresAt = sub.created + INCOMPLETE_EXPIRES_AFTER;
      if (expiresAt <= target) due.push({ at: expiresAt, run: () => expire(ctx, tx.get<Subscription>(sub.id)!, expiresAt) });
      continue;
    }
    if (sub.status === "paused") continue;
    const pendingExpiry = pendingUpdateExpiry(sub);
    if (pendingExpiry !== null && pendingExpiry <= target)
      due.push({ at: pendingExpiry, run: () => expirePendingUpdate(ctx, tx.get<Subscription>(sub.id)!, pendingExpiry) });
    const cancelAt = sub.cancel_at ?? (sub.cancel_at_period_end ? end : null);
    if (cancelAt !== null && cancelAt <= target && cancelAt <= end) {
      due.push({ at: cancelAt, run: () => cancelSubscription(ctx, tx.get<Subscription>(sub.id)!, cancelAt) });
      continue;
    }
    if (end <= target) due.push({ at: end, run: () => renew(ctx, sub.id, end) });
    for (const invoice of openBySubscription.get(sub.id) ?? []) {
      const at = invoice.next_payment_attempt;
      if (at !== null && at <= target)
        due.push({ at, run: () => retryInvoice(ctx, tx.get<Subscription>(sub.id)!, tx.get<Invoice>(invoice.id)!, at, endAfterDunning) });
    }
  }
  return due;
}

const endAfterDunning = (ctx: Ctx, sub: Subscription, at: number) => void cancelSubscription(ctx, sub, at, { reason: "payment_failed" });

function endTrial(ctx: Ctx, sub: Subscription, at: number): void {
  if (endTrialWithoutPaymentMethod(ctx, sub, at)) return;
  const period = nextPeriod(sub, at);
  const moved = movePeriod(ctx.tx, sub, period.start, period.end);
  const billed = billPeriod(ctx, moved, "subscription_cycle", period.start, period.end, at);
  const fresh = ctx.tx.get<Subscription>(sub.id)!;
  if (billed.outcome === "paid") setStatus(ctx, fresh, "active");
  else afterFailedCollection(ctx, fresh, billed.invoice, at, endAfterDunning);
}

function renew(ctx: Ctx, subId: string, at: number): void {
  const sub = ctx.tx.get<Subscription>(subId)!;
  const ended = periodOf(sub);
  const period = nextPeriod(sub, at);
  const moved = movePeriod(ctx.tx, sub, period.start, period.end);
  ctx.emit("customer.subscription.updated", moved, { items: sub.items });
  // The renewal bills the new period of licensed items and the usage of the one that ended.
  const billed = billPeriod(ctx, moved, "subscription_cycle", period.start, period.end, at, {
    usage: { start: ended.start, end: period.start },
  });
  if (billed.outcome !== "paid") afterFailedCollection(ctx, ctx.tx.get<Subscription>(subId)!, billed.invoice, at, endAfterDunning);
}

function expire(ctx: Ctx, sub: Subscription, at: number): void {
  for (const invoice of ctx.tx.all<Invoice>(
    "invoice",
    (i) => i.status === "open" && i.parent?.subscription_details?.subscription === sub.id,
  )) {
    const voided = { ...invoice, status: "void", status_transitions: { ...invoice.status_transitions, voided_at: at } } as Invoice;
    ctx.tx.put(voided);
    ctx.emit("invoice.voided", voided);
  }
  setStatus(ctx, sub, "incomplete_expired", { ended_at: at } as Partial<Subscription>);
}
