import Link from "next/link";
import { AddOnList } from "@/components/billing/addon-list";
import { BillingAddressForm } from "@/components/billing/billing-address-form";
import { OverageForm } from "@/components/billing/overage-form";
import { OVERAGE_LABELS } from "@/components/billing/overage-labels";
import { CurrentPlanCard } from "@/components/billing/current-plan-card";
import { day, ledgerLabel, money } from "@/components/billing/format";
import { PlanPicker } from "@/components/billing/plan-picker";
import { RefreshWhile } from "@/components/billing/refresh-while";
import { TopUpForm } from "@/components/billing/topup-form";
import { UsageMeter } from "@/components/billing/usage-meter";
import { UpcomingInvoice } from "@/components/billing/upcoming-invoice";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { loadBillingPage } from "@/lib/billing/read/billing-page";
import { parsePlanChoice } from "@/lib/plans/plan-choice";
import { loadOrgPage } from "@/lib/orgs/org-page";
import { hasRole } from "@/lib/orgs/roles";
import { hasEnded, isPastDue } from "@/lib/plans/subscription-states";
import { CREDITS_RULE } from "@/lib/credits/credits-rule";
import { ForgetSearch } from "@/components/ui/forget-search";
import { subscriptionSummary } from "@/lib/billing/read/subscription-summary";
import { isSelfHosted } from "@/lib/license/installation";
import { licenseView } from "@/lib/license/license-view";
import { LicenseCard } from "@/components/billing/license-card";

export const metadata = { title: "Billing" };

type Usage = Awaited<ReturnType<typeof subscriptionSummary>>["usage"];
type Overage = Awaited<ReturnType<typeof loadBillingPage>>["overage"];

/** What runs beyond the allowance do, and with pay as you go what they cost so far, where they head, and the cap. */
function OverageCard({
  slug,
  overage,
  usage,
  admin,
  subscribed,
}: {
  slug: string;
  overage: Overage;
  usage: Usage;
  admin: boolean;
  subscribed: boolean;
}) {
  const { outlook } = overage;
  const metered = overage.mode === "metered";
  const runs = (n: number) => n.toLocaleString("en-US");
  return (
    <Card data-testid="overage">
      <CardHeader
        title="Runs beyond the allowance"
        description={
          usage.runs.allowed === null
            ? "This plan's runs are unlimited."
            : `${runs(usage.runs.used)} of ${runs(usage.runs.allowed)} included runs used this period.`
        }
      />
      {overage.chosen === "metered" && !metered ? (
        <Alert tone="warning">
          Pay as you go is not set up on the subscription, so runs beyond the allowance are refused. Save it again to set it up.
        </Alert>
      ) : null}
      {metered ? (
        <dl className="mb-4 grid gap-3 text-sm sm:grid-cols-3" data-testid="overage-outlook">
          <div>
            <dt className="text-zinc-600">Overage so far</dt>
            <dd className="text-lg font-semibold" data-testid="overage-so-far">
              {money(outlook.overageCents)}
            </dd>
            <dd className="text-zinc-600">
              {runs(outlook.overageRuns)} runs at {money(outlook.runPriceCents ?? 0)}, billed on the next invoice
            </dd>
          </div>
          <div>
            <dt className="text-zinc-600">Projected by {day(usage.runs.periodEnd)}</dt>
            <dd className="text-lg font-semibold" data-testid="overage-projected">
              {money(outlook.projectedCents)}
            </dd>
            <dd className="text-zinc-600">at this period&apos;s pace: {runs(outlook.projectedRuns)} runs</dd>
          </div>
          <div>
            <dt className="text-zinc-600">Spending cap</dt>
            <dd className="text-lg font-semibold" data-testid="overage-cap">
              {outlook.capCents === null ? "No cap" : money(outlook.capCents)}
            </dd>
            <dd className="text-zinc-600">{outlook.capCents === null ? "no limit on the overage" : "runs past it are refused"}</dd>
          </div>
        </dl>
      ) : null}
      {admin && overage.offered.length > 1 ? (
        <OverageForm
          slug={slug}
          mode={overage.mode}
          offered={overage.offered}
          capCents={overage.capCents}
          runPriceCents={overage.runPriceCents}
        />
      ) : (
        <p className="text-sm text-zinc-600" data-testid="overage-mode">
          Runs beyond the plan&apos;s allowance: {OVERAGE_LABELS[overage.mode]}.
        </p>
      )}
      {admin && subscribed ? (
        <div className="mt-5 border-t border-zinc-100 pt-4">
          <h3 className="mb-2 font-medium">Next invoice</h3>
          <UpcomingInvoice slug={slug} />
        </div>
      ) : null}
    </Card>
  );
}

function UsageCard({ usage }: { usage: Usage }) {
  return (
    <Card data-testid="usage">
      <CardHeader title="Usage" description={`Runs reset on ${day(usage.runs.periodEnd)}.`} />
      <div className="grid gap-4 md:grid-cols-3">
        <UsageMeter label="Projects" used={usage.projects.used} allowed={usage.projects.allowed} />
        <UsageMeter label="Seats" used={usage.seats.used} allowed={usage.seats.allowed} />
        <UsageMeter label="Runs this period" used={usage.runs.used} allowed={usage.runs.allowed} />
      </div>
    </Card>
  );
}

/** The self-hosted edition: the license and the usage it allows; nothing to buy. */
async function SelfHostedBilling({ orgId, admin }: { orgId: string; admin: boolean }) {
  const [{ license }, summary] = await Promise.all([licenseView(), subscriptionSummary(orgId)]);
  return (
    <div className="space-y-6">
      {license ? <LicenseCard view={license} admin={admin} /> : null}
      <UsageCard usage={summary.usage} />
    </div>
  );
}

type Search = { checkout?: string; addon?: string; invoices_before?: string; plan?: string; interval?: string };
type Summary = Awaited<ReturnType<typeof subscriptionSummary>>;
type AddOnRef = { code: string; name: string };
type HeldAddOn = { code: string; status: string };

/** The card the plan is paid with, as the plan card shows it; only admins are offered to charge it. */
function savedCardOf(summary: Summary): { brand: string; last4: string } | null {
  const card = summary.subscription?.paymentMethod as { brand?: string; last4?: string } | null | undefined;
  return card?.brand && card.last4 ? { brand: card.brand, last4: card.last4 } : null;
}

/** What to say on return from Checkout: a plan (trial or paid) or an add-on, once Stripe has confirmed it or while it has not. */
function checkoutOutcome(search: Search, summary: Summary, available: AddOnRef[], purchased: HeldAddOn[]) {
  const sub = summary.subscription;
  if (search.checkout === "success") {
    if (!sub || hasEnded(sub.status))
      return { waiting: true, message: "Checkout complete — waiting for Stripe to confirm your subscription…" };
    if (sub.status === "trialing" && sub.trialEnd) {
      return { waiting: false, message: `Your ${summary.plan.name} trial has started. Nothing is charged until ${day(sub.trialEnd)}.` };
    }
    return { waiting: false, message: "Thank you — your subscription is set up." };
  }
  if (search.checkout === "addon" && search.addon) {
    const name = available.find((a) => a.code === search.addon)?.name ?? "The add-on";
    const held = purchased.some((a) => a.code === search.addon && !hasEnded(a.status));
    return held
      ? { waiting: false, message: `${name} is added to your plan.` }
      : { waiting: true, message: `Checkout complete — waiting for Stripe to confirm ${name}…` };
  }
  return null;
}

export default async function BillingPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Search> }) {
  const { org: slug } = await params;
  const search = await searchParams;
  const { org, role } = await loadOrgPage(slug, `/${slug}/billing`);
  const admin = hasRole(role, "admin");
  if (isSelfHosted()) return <SelfHostedBilling orgId={org.id} admin={admin} />;
  const { summary, plans, credits, packs, canTopUp, stripeConfig, addOns, invoices, unpaid, billingEmail, overage } = await loadBillingPage(
    org.id,
    {
      admin,
      invoicesBefore: search.invoices_before,
    },
  );
  const sub = summary.subscription;
  const live = sub && !hasEnded(sub.status);
  // Set to end at the period's close: nothing new is sold on top of it, and the plan is changed only after undoing that.
  const cancelling = Boolean(sub && live && (sub.cancelAtPeriodEnd || sub.cancelAt));
  const checkout = checkoutOutcome(search, summary, addOns?.available ?? [], addOns?.purchased ?? []);
  const planChoice = parsePlanChoice(search);

  return (
    <div className="space-y-6">
      {checkout ? (
        <Alert tone={checkout.waiting ? "info" : "success"}>
          <span data-testid="checkout-outcome">{checkout.message}</span>
        </Alert>
      ) : null}
      <RefreshWhile waiting={Boolean(checkout?.waiting)} />
      {/* Once the outcome is final, the address forgets it, so a reload does not thank anyone again. */}
      <ForgetSearch names={["checkout", "session_id", "addon"]} when={checkout ? !checkout.waiting : search.checkout === "cancelled"} />
      {search.checkout === "cancelled" ? <Alert tone="info">Checkout was cancelled; nothing was charged.</Alert> : null}
      {planChoice && !admin ? <Alert tone="info">Only an admin of {org.name} can change its plan.</Alert> : null}

      <CurrentPlanCard slug={org.slug} summary={summary} plans={plans} unpaid={unpaid} admin={admin} />

      <UsageCard usage={summary.usage} />

      <OverageCard slug={org.slug} overage={overage} usage={summary.usage} admin={admin} subscribed={Boolean(live)} />

      {admin ? (
        <Card>
          <CardHeader
            title="Change plan"
            description={live ? "Upgrades apply now with a prorated charge; downgrades wait for the end of the period." : undefined}
            action={
              <Link className="text-sm text-brand-700 underline" href={`/pricing?org=${org.slug}`}>
                Compare plans
              </Link>
            }
          />
          {cancelling ? (
            <p className="text-sm text-zinc-600" data-testid="plan-change-while-cancelling">
              Your plan is set to end. Undo the cancellation above to change plans instead.
            </p>
          ) : (
            /* Keyed on the current plan so the picker starts over (interval included) once a change or a Checkout lands. */
            <PlanPicker
              key={`${summary.plan.code}:${live ? sub!.interval : "none"}`}
              slug={org.slug}
              plans={plans}
              current={{ planCode: summary.plan.code, interval: live ? sub!.interval : null }}
              subscribed={Boolean(live)}
              trialAvailable={!live}
              autoChoose={planChoice}
            />
          )}
        </Card>
      ) : null}

      <Card data-testid="credits">
        <CardHeader title="Credits" description="Prepaid credits pay for runs beyond your plan: 10 credits a run." />
        <p className="text-2xl font-semibold" data-testid="credit-balance">
          {credits.balance.toLocaleString("en-US")} credits
        </p>
        {credits.entries.length ? (
          <ul className="mt-3 divide-y divide-zinc-100 text-sm">
            {credits.entries.map((e) => (
              <li key={e.id} className="flex justify-between py-1.5">
                <span>
                  {day(e.createdAt)} · {ledgerLabel(e.reason)}
                  {e.by ? <span className="text-zinc-600"> · {e.by}</span> : null}
                </span>
                <span className={e.delta < 0 ? "text-red-700" : "text-emerald-700"}>
                  {e.delta > 0 ? "+" : ""}
                  {e.delta.toLocaleString("en-US")}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-zinc-600">No credit activity yet.</p>
        )}
        <div className="mt-5 border-t border-zinc-100 pt-4">
          <h3 className="mb-3 font-medium">Buy credits</h3>
          {canTopUp && stripeConfig ? (
            <TopUpForm
              slug={org.slug}
              packs={packs}
              balance={credits.balance}
              stripeConfig={stripeConfig}
              savedCard={admin ? savedCardOf(summary) : null}
            />
          ) : (
            <p className="text-sm text-zinc-600" data-testid="subscription-required">
              {isPastDue(summary.status)
                ? "Credits can be bought again once the unpaid invoice is paid."
                : `${CREDITS_RULE} ${admin ? "Choose a plan above to start." : "Ask an admin to choose a plan."}`}
            </p>
          )}
        </div>
      </Card>

      {admin && addOns ? (
        <Card>
          <CardHeader title="Add-ons" />
          <AddOnList
            slug={org.slug}
            available={addOns.available}
            purchased={addOns.purchased}
            canBuy={Boolean(live) && summary.plan.code !== "free" && !cancelling}
            planFeatures={summary.features}
            planEnding={cancelling}
            savedCard={savedCardOf(summary)}
            stripeConfig={stripeConfig}
          />
        </Card>
      ) : null}

      {admin && invoices ? (
        <Card>
          <CardHeader title="Invoices" />
          {invoices.invoices.length ? (
            <table className="w-full text-sm" data-testid="invoices">
              <thead>
                <tr className="text-left text-zinc-500">
                  <th className="py-1">Date</th>
                  <th>Number</th>
                  <th>Amount</th>
                  <th>Status</th>
                  <th />
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {invoices.invoices.map((inv) => (
                  <tr key={inv.id}>
                    <td className="py-1.5">{day(inv.stripeCreatedAt)}</td>
                    <td>{inv.number ?? "—"}</td>
                    <td>{money(inv.total, inv.currency)}</td>
                    <td>{inv.status}</td>
                    <td className="space-x-3 text-right">
                      {inv.hostedInvoiceUrl ? (
                        <a className="text-brand-700 underline" href={inv.hostedInvoiceUrl}>
                          View
                        </a>
                      ) : null}
                      {inv.invoicePdf ? (
                        <a className="text-brand-700 underline" href={inv.invoicePdf}>
                          PDF
                        </a>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="text-sm text-zinc-600">No invoices yet.</p>
          )}
          {invoices.nextBefore ? (
            <Link
              className="mt-3 inline-block text-sm text-brand-700 underline"
              href={`/${org.slug}/billing?invoices_before=${invoices.nextBefore}`}
            >
              Older invoices
            </Link>
          ) : null}
        </Card>
      ) : null}

      {admin ? (
        <Card>
          <CardHeader
            title="Billing emails"
            description="Receipts, failed payments and trial notices go to the owners and to this address."
          />
          <BillingAddressForm slug={org.slug} current={billingEmail} />
        </Card>
      ) : null}
    </div>
  );
}
