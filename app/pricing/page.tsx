import Link from "next/link";
import { PlanComparison } from "@/components/billing/plan-comparison";
import { CREDITS_RULE } from "@/lib/credits/credits-rule";
import { RUN_CREDIT_COST } from "@/lib/usage/metered-runs";
import { PricingCards } from "@/components/billing/pricing-cards";
import type { PricingViewer } from "@/lib/plans/plan-action";
import { getCurrentUser } from "@/lib/auth/current-user";
import { listAddOns, listPlans } from "@/lib/catalog/catalog";
import { pricingOrgFor } from "@/lib/billing/read/pricing-context";

export const metadata = { title: "Pricing" };

export default async function PricingPage({ searchParams }: { searchParams: Promise<{ org?: string; interval?: string }> }) {
  const search = await searchParams;
  const [user, plans, addOns] = await Promise.all([getCurrentUser(), listPlans(), listAddOns()]);
  const context = user ? await pricingOrgFor(user.id, search.org) : null;
  const viewer: PricingViewer = !context
    ? { kind: "anonymous" }
    : context.current
      ? { kind: "org", org: context.current }
      : { kind: "no-org" };

  return (
    <div className="min-h-screen bg-zinc-50">
      <header className="border-b border-zinc-200 bg-white">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-4 px-4 text-sm">
          <Link href="/" className="font-bold tracking-tight text-brand-700">
            Tollgate
          </Link>
          <span className="font-medium">Pricing</span>
          <div className="ml-auto flex gap-3">
            {user ? (
              <Link
                href={context?.current ? `/${context.current.slug}/billing` : "/orgs"}
                className="font-medium text-brand-700 hover:underline"
              >
                Back to the app
              </Link>
            ) : (
              <>
                <Link href="/signin?callbackUrl=/pricing" className="text-zinc-700 hover:underline">
                  Sign in
                </Link>
                <Link href="/signup" className="font-medium text-brand-700 hover:underline">
                  Sign up
                </Link>
              </>
            )}
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl space-y-12 px-4 py-12">
        <div className="text-center">
          <h1 className="text-4xl font-bold tracking-tight">Plans that grow with your team</h1>
          <p className="mt-3 text-zinc-600">
            Start free, try Team for 14 days, pay monthly or yearly, and top up with credits when you run over.
          </p>
          {context?.current ? (
            <p className="mt-3 text-sm text-zinc-600" data-testid="pricing-for">
              Showing plans for <strong>{context.current.name}</strong>
              {context.orgs.length > 1 ? (
                <>
                  {" "}
                  ·{" "}
                  {context.orgs
                    .filter((o) => o.slug !== context.current!.slug)
                    .map((o, i) => (
                      <span key={o.slug}>
                        {i ? ", " : "switch to "}
                        <Link className="text-brand-700 underline" href={`/pricing?org=${o.slug}`}>
                          {o.name}
                        </Link>
                      </span>
                    ))}
                </>
              ) : null}
            </p>
          ) : null}
        </div>
        <PricingCards plans={plans} viewer={viewer} initialInterval={openingInterval(search.interval, context?.current?.interval)} />
        <section aria-labelledby="compare-title" className="space-y-4">
          <h2 id="compare-title" className="text-2xl font-semibold">
            Compare plans
          </h2>
          <PlanComparison plans={plans} addOns={addOns} />
          <p className="text-sm text-zinc-600" data-testid="credits-rule">
            {CREDITS_RULE} Each run beyond the plan&apos;s allowance costs {RUN_CREDIT_COST} credits.
          </p>
        </section>
      </main>
    </div>
  );
}

/** The interval the cards open on: the one asked for in the address, else the org's own, else monthly. */
function openingInterval(asked: string | undefined, orgInterval: string | null | undefined): "month" | "year" {
  if (asked === "month" || asked === "year") return asked;
  return orgInterval === "year" ? "year" : "month";
}
