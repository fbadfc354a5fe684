import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureStripeCustomer } from "@/lib/customers/ensure-customer";
import { seedCatalog } from "@/prisma/data/catalog";
import { db } from "@/lib/db";
import { exportToEnv } from "@/scripts/lib/process-env";
import { syncCatalog } from "@/lib/stripe/catalog-sync";
import { requireStripe } from "@/lib/stripe/client";
import { startTestEmulator, type TestEmulator } from "@tollgate/stripe-emulator/testing";
import { makeOrg, makeUser } from "@/test/support/factories";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
  exportToEnv({ STRIPE_API_BASE: emu.url, STRIPE_SECRET_KEY: "sk_test_tollgate_catalog_test" });
  await seedCatalog(db);
});
afterAll(() => emu.close());

describe("catalog sync", () => {
  it("creates products and prices by lookup key once, then changes nothing", async () => {
    const first = await syncCatalog(requireStripe(), db);
    // Team and Business × monthly/annual, each with its metered overage price; 3 add-ons, 3 credit packs.
    expect(first.pricesCreated).toBe(2 * 2 * 2 + 3 + 3);
    const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
    const monthly = await emu.stripe.prices.retrieve(team.stripeMonthlyPriceId!);
    expect(monthly).toMatchObject({ unit_amount: 1200, lookup_key: "tollgate_team_monthly", recurring: { interval: "month" } });
    expect((await emu.stripe.prices.retrieve(team.stripeAnnualPriceId!)).unit_amount).toBe(12000);
    const pack = await db.creditPack.findUniqueOrThrow({ where: { code: "credits_5000" } });
    expect((await emu.stripe.prices.retrieve(pack.stripePriceId!)).type).toBe("one_time");
    expect((await db.plan.findUniqueOrThrow({ where: { code: "enterprise" } })).stripeMonthlyPriceId).toBeNull();

    const pricesBefore = (await emu.stripe.prices.list({ limit: 100 })).data.length;
    const second = await syncCatalog(requireStripe(), db);
    expect(second).toMatchObject({
      productsCreated: 0,
      pricesCreated: 0,
      pricesKept: first.pricesCreated,
      portalConfiguration: first.portalConfiguration,
    });
    expect((await emu.stripe.prices.list({ limit: 100 })).data.length).toBe(pricesBefore);
  });

  it("keeps the runs meter, and bills each paid plan's runs beyond the allowance through a metered price on it", async () => {
    await syncCatalog(requireStripe(), db);
    const { stripeMeterId } = await db.billingMeter.findUniqueOrThrow({ where: { code: "runs" } });
    const meter = await emu.stripe.billing.meters.retrieve(stripeMeterId!);
    expect(meter).toMatchObject({ event_name: "tollgate_run", status: "active", default_aggregation: { formula: "sum" } });
    const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
    expect(await emu.stripe.prices.retrieve(team.stripeMeteredMonthlyPriceId!)).toMatchObject({
      unit_amount: 10,
      lookup_key: "tollgate_team_runs_monthly",
      recurring: { interval: "month", usage_type: "metered", meter: meter.id },
    });
    expect(await emu.stripe.prices.retrieve(team.stripeMeteredAnnualPriceId!)).toMatchObject({
      unit_amount: 10,
      recurring: { interval: "year", usage_type: "metered", meter: meter.id },
    });
    const free = await db.plan.findUniqueOrThrow({ where: { code: "free" } });
    expect([free.stripeMeteredMonthlyPriceId, free.stripeMeteredAnnualPriceId]).toEqual([null, null]);

    // A meter an operator deactivated is brought back, not replaced: its usage stays with it.
    await emu.stripe.billing.meters.deactivate(meter.id);
    await syncCatalog(requireStripe(), db);
    expect((await db.billingMeter.findUniqueOrThrow({ where: { code: "runs" } })).stripeMeterId).toBe(meter.id);
    expect((await emu.stripe.billing.meters.retrieve(meter.id)).status).toBe("active");
  });

  it("moves the lookup key to a new price when an amount changes, and archives the old one", async () => {
    await syncCatalog(requireStripe(), db);
    const old = (await db.plan.findUniqueOrThrow({ where: { code: "team" } })).stripeMonthlyPriceId!;
    await db.plan.update({ where: { code: "team" }, data: { monthlyPriceCents: 5900 } });
    const report = await syncCatalog(requireStripe(), db);
    expect(report.pricesCreated).toBe(1);
    const current = (await emu.stripe.prices.list({ lookup_keys: ["tollgate_team_monthly"] })).data;
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ unit_amount: 5900 });
    expect((await db.plan.findUniqueOrThrow({ where: { code: "team" } })).stripeMonthlyPriceId).toBe(current[0]!.id);
    expect(await emu.stripe.prices.retrieve(old)).toMatchObject({ active: false, lookup_key: null });
    await db.plan.update({ where: { code: "team" }, data: { monthlyPriceCents: 4900 } });
  });

  it("configures the portal for cards, invoices and cancelling at period end, but no plan switches (the billing page enforces their rules)", async () => {
    const { portalConfiguration } = await syncCatalog(requireStripe(), db);
    const config = await emu.stripe.billingPortal.configurations.retrieve(portalConfiguration);
    expect(config.features.subscription_update.enabled).toBe(false);
    expect(config.features.payment_method_update.enabled).toBe(true);
    expect(config.features.subscription_cancel).toMatchObject({ enabled: true, mode: "at_period_end" });
  });
});

describe("one Stripe customer per organization", () => {
  it("is created once, even when asked for twice at the same time, and carries the org id", async () => {
    const owner = await makeUser();
    const org = await makeOrg([[owner, "owner"]]);
    const [a, b] = await Promise.all([ensureStripeCustomer(org.id), ensureStripeCustomer(org.id)]);
    expect(a).toBe(b);
    expect(await ensureStripeCustomer(org.id)).toBe(a);
    const found = await emu.stripe.customers.search({ query: `metadata['orgId']:'${org.id}'` });
    expect(found.data.map((c) => c.id)).toEqual([a]);
  });
});
