import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import type { BillingPageData } from "@/lib/billing/read/billing-page";
import { priceAfterDiscount } from "@/lib/billing/read/discount";
import type { DiscountSummary } from "@/lib/stripe/objects";
import { day, money } from "./format";
import { PlanStatus } from "./plan-status";
import { SubscriptionActions } from "./subscription-actions";
import { hasEnded } from "@/lib/plans/subscription-states";

type Props = {
  slug: string;
  summary: BillingPageData["summary"];
  plans: BillingPageData["plans"];
  unpaid: BillingPageData["unpaid"];
  admin: boolean;
};
type Card = { brand: string; last4: string; expMonth: number; expYear: number };

function discountText(d: DiscountSummary): string {
  const off = d.percentOff !== null ? `${d.percentOff}% off` : `${money(d.amountOff ?? 0, d.currency ?? "usd")} off`;
  const lasting = d.duration === "forever" ? "" : d.duration === "once" ? " the first invoice" : d.end ? ` until ${day(d.end)}` : "";
  return `${d.name}: ${off}${lasting}`;
}

/** Plan, price, status badge, what happens next, discount, card, and the admin's cancel/resume. */
export function CurrentPlanCard({ slug, summary, plans, unpaid, admin }: Props) {
  const sub = summary.subscription;
  const live = sub && !hasEnded(sub.status) ? sub : null;
  const plan = live ? plans.find((t) => t.code === live.planCode) : undefined;
  const unitPrice = plan ? (live!.interval === "year" ? plan.annualPriceCents : plan.monthlyPriceCents) : null;
  // A per-seat plan bills its price once per seat: the quantity on Stripe.
  const seats = plan?.pricing === "per_seat" ? live!.quantity : null;
  const price = unitPrice === null ? null : unitPrice * (seats ?? 1);
  const perInterval = live?.interval === "year" ? "year" : "month";
  const trialing = live?.status === "trialing";
  const next =
    price === null
      ? null
      : priceAfterDiscount(price, live?.discount ?? null, {
          invoiceAt: live?.currentPeriodEnd ? new Date(live.currentPeriodEnd) : null,
          firstInvoiceAhead: trialing,
        });
  const nextText = next === null ? "the plan price" : money(next);
  const card = live?.paymentMethod as Card | null | undefined;

  return (
    <Card data-testid="current-plan">
      <CardHeader title="Current plan" action={<PlanStatus summary={summary} />} />
      <p className="text-xl font-semibold" data-testid="plan-name">
        {summary.plan.name}
        {price !== null ? (
          <span className="ml-2 text-base font-normal text-zinc-600">
            {money(price)}/{perInterval}
            {seats !== null && unitPrice !== null ? (
              <span data-testid="plan-seats">
                {" "}
                · {seats} {seats === 1 ? "seat" : "seats"} × {money(unitPrice)}
              </span>
            ) : null}
          </span>
        ) : null}
      </p>
      {live ? (
        <p className="mt-1 text-sm text-zinc-600" data-testid="next-invoice">
          {live.cancelAtPeriodEnd
            ? `Ends on ${day(live.currentPeriodEnd)}; you keep ${summary.plan.name} until then.`
            : trialing
              ? `Trial ends ${day(live.trialEnd)}; then ${nextText} on each renewal.`
              : `Next invoice ${day(live.currentPeriodEnd)} for ${nextText}.`}
          {live.pendingDowngrade
            ? ` Switches to ${plans.find((t) => t.code === live.pendingDowngrade!.to)?.name ?? live.pendingDowngrade.to} on ${day(live.pendingDowngrade.at)}.`
            : ""}
        </p>
      ) : (
        <p className="mt-1 text-sm text-zinc-600">Free forever: 3 projects, 2 seats, 100 runs a month.</p>
      )}
      {live?.status === "past_due" && unpaid ? (
        <p className="mt-2 text-sm font-medium text-red-800" data-testid="unpaid-invoice">
          {money(unpaid.amountRemaining, unpaid.currency)} from {day(unpaid.stripeCreatedAt)} is unpaid.{" "}
          {admin && unpaid.hostedInvoiceUrl ? (
            <a className="underline" href={unpaid.hostedInvoiceUrl}>
              Pay invoice {unpaid.number ?? ""}
            </a>
          ) : (
            "An admin can pay it."
          )}
        </p>
      ) : null}
      {live?.discount ? (
        <p className="mt-1 text-sm text-emerald-700" data-testid="discount">
          Discount {discountText(live.discount)}
        </p>
      ) : null}
      {summary.access === "restricted" ? (
        <Alert tone="error" className="mt-3">
          Payment is overdue and the grace period has ended: this organization is read-only until the invoice is paid.
        </Alert>
      ) : null}
      {card ? (
        <p className="mt-3 text-sm" data-testid="payment-method">
          Paying with {card.brand.toUpperCase()} •••• {card.last4}, expires {card.expMonth}/{card.expYear}
        </p>
      ) : null}
      {admin && live ? (
        <div className="mt-4">
          <SubscriptionActions slug={slug} cancelling={live.cancelAtPeriodEnd} canCancel={live.status !== "past_due"} />
        </div>
      ) : null}
    </Card>
  );
}
