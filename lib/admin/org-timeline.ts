import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { stripeObjectUrl } from "./stripe-links";
import { assertOperator, type Viewer } from "@/lib/auth/operator-access";
import { peopleOf } from "@/lib/audit/audit-queries";
import { describeActor, describeChange } from "@/lib/audit/describe";
import { formatMoney } from "@/lib/money";

const LIMIT = 100;

type TimelineItem = {
  at: Date;
  kind: "audit" | "event" | "invoice" | "credit" | "email";
  title: string;
  detail: string | null;
  status: string | null;
  /** the audit entry's id when it is a mismatch or failure an operator can resolve */
  resolvableId: string | null;
  link: string | null;
};

/**
 * One org's billing history, newest first: audit entries, the Stripe events about its customer with how processing
 * went, its invoices, credit ledger and billing emails, each linked to its Stripe object where it has one.
 */
export async function orgTimeline(viewer: Viewer, orgId: string, opts: { allEvents?: boolean } = {}) {
  assertOperator(viewer);
  const org = await db.organization.findUnique({
    where: { id: orgId },
    select: {
      id: true,
      slug: true,
      name: true,
      planCode: true,
      subscriptionStatus: true,
      stripeCustomerId: true,
      creditBalance: true,
      createdAt: true,
    },
  });
  if (!org) throw new AppError("not_found", "No such organization.");
  const [audit, events, invoices, credits, emails, subscriptions, addOns] = await Promise.all([
    db.billingAuditEntry.findMany({ where: { orgId }, orderBy: { createdAt: "desc" }, take: LIMIT }),
    org.stripeCustomerId
      ? db.stripeEvent.findMany({
          where: { customerId: org.stripeCustomerId },
          orderBy: { stripeCreatedAt: "desc" },
          take: LIMIT,
          select: { id: true, type: true, status: true, attempts: true, lastError: true, stripeCreatedAt: true },
        })
      : [],
    db.invoice.findMany({ where: { orgId }, orderBy: { stripeCreatedAt: "desc" }, take: LIMIT }),
    db.creditLedgerEntry.findMany({ where: { orgId }, orderBy: { createdAt: "desc" }, take: LIMIT }),
    db.billingEmail.findMany({ where: { orgId }, orderBy: { createdAt: "desc" }, take: LIMIT }),
    db.subscription.findMany({ where: { orgId }, orderBy: { createdAt: "desc" } }),
    db.orgAddOn.findMany({ where: { orgId }, orderBy: { createdAt: "desc" } }),
  ]);
  const people = await peopleOf(audit.map((a) => a.actorUserId));
  // A processed event is already told by the audit entry it caused; the timeline keeps the ones that need a look.
  const shownEvents = opts.allEvents ? events : events.filter((e) => e.status !== "processed");
  const items: TimelineItem[] = [
    ...audit.map((a) => ({
      at: a.createdAt,
      kind: "audit" as const,
      title: a.action,
      detail: [
        describeChange(a.before, a.after).join(" · "),
        `by ${describeActor(a.actor, people)}`,
        a.note,
        a.resolution ? `Resolved: ${a.resolution}` : null,
      ]
        .filter(Boolean)
        .join(". "),
      status: a.kind === "change" ? null : a.resolvedAt ? `${a.kind}, resolved` : a.kind,
      resolvableId: a.kind !== "change" && !a.resolvedAt ? a.id : null,
      link: a.stripeEventId ? stripeObjectUrl("events", a.stripeEventId) : null,
    })),
    ...shownEvents.map((e) => ({
      at: e.stripeCreatedAt,
      kind: "event" as const,
      title: e.type,
      detail: e.lastError
        ? `${e.attempts} attempts; last error: ${e.lastError}`
        : e.attempts === 0
          ? e.status === "processed"
            ? "processed together with the customer's other events"
            : "waiting for the worker"
          : `${e.attempts} attempt${e.attempts === 1 ? "" : "s"}`,
      status: e.status,
      resolvableId: null,
      link: stripeObjectUrl("events", e.id),
    })),
    ...invoices.map((i) => ({
      at: i.stripeCreatedAt,
      kind: "invoice" as const,
      title: `Invoice ${i.number ?? i.stripeInvoiceId}`,
      detail: `${formatMoney(i.total, i.currency)}, ${(i.billingReason ?? "manual").replace(/_/g, " ")}`,
      status: i.status,
      resolvableId: null,
      link: i.hostedInvoiceUrl ?? stripeObjectUrl("invoices", i.stripeInvoiceId),
    })),
    ...credits.map((c) => ({
      at: c.createdAt,
      kind: "credit" as const,
      title: `${c.delta > 0 ? "+" : ""}${c.delta} credits (${c.reason})`,
      detail: `balance ${c.balanceAfter}${c.note ? `; ${c.note}` : ""}`,
      status: null,
      resolvableId: null,
      link: c.sourceId.startsWith("pi_") ? stripeObjectUrl("payments", c.sourceId) : null,
    })),
    ...emails.map((m) => ({
      at: m.createdAt,
      kind: "email" as const,
      title: `Email: ${m.kind.replace(/_/g, " ")}`,
      detail: m.lastError ?? (m.sentTo.length ? `to ${m.sentTo.join(", ")}` : null),
      status: m.status,
      resolvableId: null,
      link: null,
    })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());
  return {
    org: { ...org, customerUrl: org.stripeCustomerId ? stripeObjectUrl("customers", org.stripeCustomerId) : null },
    subscriptions: subscriptions.map((s) => ({
      id: s.stripeSubscriptionId,
      planCode: s.planCode,
      interval: s.interval,
      status: s.status,
      currentPeriodEnd: s.currentPeriodEnd,
      archived: s.archivedAt !== null,
      url: stripeObjectUrl("subscriptions", s.stripeSubscriptionId),
    })),
    addOns: addOns.map((a) => ({
      id: a.stripeSubscriptionId,
      code: a.addOnCode,
      status: a.status,
      cancelAtPeriodEnd: a.cancelAtPeriodEnd,
      currentPeriodEnd: a.currentPeriodEnd,
      url: stripeObjectUrl("subscriptions", a.stripeSubscriptionId),
    })),
    hiddenEvents: events.length - shownEvents.length,
    items,
  };
}
