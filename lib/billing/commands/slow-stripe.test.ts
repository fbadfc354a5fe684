import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { exportToEnv } from "@/scripts/lib/process-env";
import { AppError } from "@/lib/errors";
import { createProject } from "@/lib/projects/projects";
import { recordRun } from "@/lib/projects/runs";
import { stripeBreakerState } from "@/lib/stripe/breaker";
import { mapStripeError } from "@/lib/stripe/errors";
import { subscribedOrg, setUpBillingStack } from "@/test/support/billing-stack";
import { makeOrg, makeUser } from "@/test/support/factories";
import { loadBillingPage } from "../read/billing-page";
import { createCheckout } from "./checkout";
import { previewUpcomingInvoice } from "./invoice-preview";
import { createPortalSession } from "./portal";

const stack = setUpBillingStack();
const faults = (body: object) => fetch(`${stack().emu.url}/_emulator/faults`, { method: "POST", body: JSON.stringify(body) });
const hang = async () => (await (await fetch(`${stack().emu.url}/_emulator/hang`)).json()) as { held: number; total: number };

/** What the route wrappers answer for a failed call: the mapped error's status and code. */
async function answerOf(call: Promise<unknown>): Promise<{ status: number; code: string }> {
  const err = mapStripeError(
    await call.then(
      () => null,
      (e: unknown) => e,
    ),
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return { status: err.status, code: err.code };
}

describe("when Stripe accepts connections but never answers", () => {
  it(
    "Checkout, the preview and the portal answer 503 within seconds, the rest of billing works, and the breaker closes once Stripe answers",
    { timeout: 60_000 },
    async () => {
      exportToEnv({ STRIPE_BREAKER_COOLDOWN_MS: "5000" });
      const { owner, org } = await subscribedOrg(stack());
      const project = await createProject(org.id, { name: "Still runs" });
      const free = await makeOrg([[await makeUser(), "owner"]]);
      async function whileHanging() {
        const started = performance.now();
        expect(await answerOf(createCheckout(free, owner.id, { plan: "team", interval: "month" }))).toEqual({
          status: 503,
          code: "payment_system_unavailable",
        });
        // Two attempts of STRIPE_INTERACTIVE_TIMEOUT_MS (4 s) with the SDK's backoff, not its 80 s timeout three times.
        expect(performance.now() - started).toBeLessThan(15_000);
        expect(stripeBreakerState()).toBe("open");

        // With the breaker open, the next interactive calls fail at once: Stripe is not even asked.
        const asked = (await hang()).total;
        expect(await answerOf(previewUpcomingInvoice(org, { plan: "business", interval: "month" }))).toMatchObject({ status: 503 });
        expect(await answerOf(createPortalSession(org))).toMatchObject({ status: 503 });
        expect((await hang()).total).toBe(asked);

        // What needs no Stripe call keeps working: the billing page's data, limits and runs.
        const page = await loadBillingPage(org.id, { admin: true });
        expect(page.summary).toMatchObject({ plan: { code: "team" }, status: "active" });
        await recordRun(org.id, project.id, owner.id);
        expect(await db.run.count({ where: { orgId: org.id } })).toBe(1);
      }
      await faults({ hang: true });
      try {
        await whileHanging();
      } finally {
        await faults({});
      }

      const preview = await vi.waitUntil(() => previewUpcomingInvoice(org, { plan: "business", interval: "month" }).catch(() => null), {
        timeout: 10_000,
        interval: 100,
      });
      expect(preview.amountDue).toBeGreaterThan(0);
      expect(stripeBreakerState()).toBe("closed");
    },
  );
});
