import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { setUpBillingStack } from "@/test/support/billing-stack";
import { makeOrg, makeUser } from "@/test/support/factories";
import type { ReconcileCounts } from "./findings";
import { createReconcileRun, reconcileRunView } from "./reconcile-runs";
import { runReconcile } from "./run-reconcile";

// Its own file, so its database holds just these twenty orgs.
const stack = setUpBillingStack({ deliver: false, worker: false });
// Requests go out a quarter of a slot slower than the budget (lib/stripe/work-scope.ts), four a second here, so
// Stripe's limit is set below that for the refusals to be certain.
const BUDGET = 5;

describe("reconcile within Stripe's rate limits", () => {
  it(
    "finishes 20 orgs correctly with Stripe answering 429 past 3 requests a second, never sending more than its budget",
    { timeout: 120_000 },
    async () => {
      const team = (await db.plan.findUniqueOrThrow({ where: { code: "team" } })).stripeMonthlyPriceId!;
      const orgs = [];
      for (let i = 0; i < 20; i++) {
        const org = await makeOrg([[await makeUser(), "owner"]]);
        const customer = await stack().stripe.customers.create({ metadata: { orgId: org.id } });
        await db.organization.update({ where: { id: org.id }, data: { stripeCustomerId: customer.id } });
        const card = await stack().stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
        await stack().stripe.subscriptions.create({ customer: customer.id, items: [{ price: team }], default_payment_method: card.id });
        orgs.push(org.id);
      }
      await fetch(`${stack().emu.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ rateLimitPerSecond: BUDGET - 2 }) });

      const run = await createReconcileRun({}, "api");
      await runReconcile(run.id, { perSecond: BUDGET });

      const view = await reconcileRunView(run.id);
      expect(view.status).toBe("succeeded");
      expect((view.counts as ReconcileCounts).orgsChecked).toBe(20);
      const planned = await db.organization.findMany({ where: { id: { in: orgs } }, select: { planCode: true } });
      expect(planned.map((o) => o.planCode)).toEqual(Array(20).fill("team"));
      const limit = await (await fetch(`${stack().emu.url}/_emulator/rate_limit`)).json();
      expect(limit.refused).toBeGreaterThan(0);
      expect(limit.maxAttemptedPerSecond).toBeLessThanOrEqual(BUDGET);
      await fetch(`${stack().emu.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({}) });
    },
  );
});
