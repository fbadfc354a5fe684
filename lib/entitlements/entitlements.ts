import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { listPlans, type PlanView } from "@/lib/catalog/catalog";
import type { Limits } from "@/lib/plans/catalog-definition";
import { countingPeriod } from "@/lib/plans/counting-period";
import { effectivePlan, FREE_PLAN, governingSubscription, type Access, type GoverningSubscription } from "@/lib/plans/effective-plan";
import { hearingBillingChanges } from "./listener";
import type { OverageMode } from "@/lib/generated/prisma/client";
import { effectiveMode } from "@/lib/plans/overage-modes";
import { forgetLicenseStanding, isSelfHosted, licenseStanding, type LicenseStanding } from "@/lib/license/installation";
import { ADD_ON_GRANTING_STATUSES } from "@/lib/plans/subscription-states";

export type Entitlements = {
  orgId: string;
  planCode: string;
  planName: string;
  /** Stripe's status of the governing subscription; null on Free without one. */
  status: string | null;
  access: Access;
  graceEndsAt: Date | null;
  limits: Limits;
  features: string[];
  addOns: string[];
  /** The period runs are counted in: the subscription's, or the calendar month (UTC). */
  period: { start: Date; end: Date };
  upgradePath: string;
  /** What a run beyond the allowance does now, the cap an admin set on what it may add per period, and its price. */
  overage: { mode: OverageMode; capCents: number | null; runPriceCents: number | null };
  /** Where the limits come from: a Stripe subscription (or Free) on the SaaS, the installation's license self-hosted. */
  source: "subscription" | "license";
};

type Loaded = {
  slug: string;
  overageMode: OverageMode | null;
  overageCapCents: number | null;
  governing: (GoverningSubscription & { currentPeriodStart: Date | null; interval: string; stripeMeteredItemId: string | null }) | null;
  addOns: { code: string; effect: { seats?: number; feature?: string } }[];
  plans: Map<string, PlanView>;
  /** Self-hosted: what the installation's license allows (null on the SaaS edition, where Stripe decides). */
  license: LicenseStanding | null;
  loadedAt: number;
};

/** Cached entries also expire, as a backstop should a change notification ever be missed. */
const TTL_MS = 60_000;
const cache = new Map<string, Loaded>();
// A change heard while a load is in flight makes that load stale: it is returned but not cached.
const generations = new Map<string, number>();
let globalGeneration = 0;
const generationOf = (orgId: string) => `${globalGeneration}:${generations.get(orgId) ?? 0}`;

function dropFromCache(orgId: string | null): void {
  if (!orgId) {
    forgetLicenseStanding();
    globalGeneration++;
    cache.clear();
    return;
  }
  generations.set(orgId, (generations.get(orgId) ?? 0) + 1);
  cache.delete(orgId);
}

/** What the org may do now: plan, limits with add-ons, features, access (full, grace, restricted) and the counting period. */
export async function getEntitlements(orgId: string, now = new Date()): Promise<Entitlements> {
  const hearing = hearingBillingChanges(dropFromCache);
  let loaded = cache.get(orgId);
  if (!loaded || Date.now() - loaded.loadedAt > TTL_MS) {
    const generation = generationOf(orgId);
    loaded = await load(orgId);
    if (hearing && generationOf(orgId) === generation) cache.set(orgId, loaded);
  }
  return evaluate(orgId, loaded, now);
}

/** Drops the org's cached entitlements in this process (other processes hear the change through Postgres). */
export function forgetEntitlements(orgId: string | null): void {
  dropFromCache(orgId);
}

async function load(orgId: string): Promise<Loaded> {
  const selfHosted = isSelfHosted();
  const [org, subscriptions, addOns, plans, license] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true, overageMode: true, overageCapCents: true } }),
    selfHosted ? [] : db.subscription.findMany({ where: { orgId } }),
    selfHosted ? [] : db.orgAddOn.findMany({ where: { orgId, status: { in: ADD_ON_GRANTING_STATUSES } }, select: { addOnCode: true } }),
    listPlans(),
    selfHosted ? licenseStanding() : null,
  ]);
  const catalog = addOns.length
    ? await db.addOn.findMany({ where: { code: { in: addOns.map((a) => a.addOnCode) } }, select: { code: true, effect: true } })
    : [];
  return {
    slug: org.slug,
    overageMode: org.overageMode,
    overageCapCents: org.overageCapCents,
    governing: governingSubscription(subscriptions),
    addOns: addOns.map((a) => ({
      code: a.addOnCode,
      effect: (catalog.find((c) => c.code === a.addOnCode)?.effect ?? {}) as Loaded["addOns"][number]["effect"],
    })),
    plans: new Map(plans.map((p) => [p.code, p])),
    license,
    loadedAt: Date.now(),
  };
}

function evaluate(orgId: string, loaded: Loaded, now: Date): Entitlements {
  if (loaded.license) return evaluateLicensed(orgId, loaded, loaded.license, now);
  const effective = effectivePlan(loaded.governing, now, env().PAST_DUE_GRACE_DAYS);
  const plan = loaded.plans.get(effective.planCode) ?? loaded.plans.get(FREE_PLAN)!;
  const extraSeats = loaded.addOns.reduce((sum, a) => sum + (a.effect.seats ?? 0), 0);
  const features = new Set(plan.features);
  for (const a of loaded.addOns) if (a.effect.feature) features.add(a.effect.feature);
  const governing = loaded.governing;
  const subscribed = governing && effective.planCode !== FREE_PLAN && governing.currentPeriodStart && governing.currentPeriodEnd;
  return {
    orgId,
    planCode: plan.code,
    planName: plan.name,
    status: governing?.status ?? null,
    access: effective.access,
    graceEndsAt: effective.graceEndsAt,
    limits: { ...plan.limits, seats: plan.limits.seats === null ? null : plan.limits.seats + extraSeats },
    features: [...features],
    addOns: loaded.addOns.map((a) => a.code),
    period: countingPeriod(
      subscribed
        ? { currentPeriodStart: governing.currentPeriodStart!, currentPeriodEnd: governing.currentPeriodEnd!, interval: governing.interval }
        : null,
      now,
    ),
    upgradePath: `/${loaded.slug}/billing`,
    overage: {
      mode: effectiveMode(loaded.overageMode, plan, { stripe: true, meteredItem: Boolean(governing?.stripeMeteredItemId) }),
      capCents: loaded.overageCapCents,
      runPriceCents: plan.overageRunPriceCents,
    },
    source: "subscription",
  };
}

/**
 * The self-hosted edition: each org gets the license's plan, limits and features while it is in force (and through its
 * grace period); community (Free) limits otherwise. Runs are counted in calendar months.
 */
function evaluateLicensed(orgId: string, loaded: Loaded, license: LicenseStanding, now: Date): Entitlements {
  const free = loaded.plans.get(FREE_PLAN)!;
  const terms = license.mode === "community" ? null : license.claims;
  const plan = terms ? (loaded.plans.get(terms.plan) ?? free) : free;
  return {
    orgId,
    planCode: plan.code,
    planName: terms ? plan.name : `${free.name} (community)`,
    status: license.mode,
    access: "full",
    graceEndsAt: license.mode === "grace" ? license.graceEndsAt : null,
    limits: terms ? terms.limits : free.limits,
    features: terms ? terms.features : free.features,
    addOns: [],
    period: countingPeriod(null, now),
    upgradePath: `/${loaded.slug}/billing`,
    overage: {
      mode: effectiveMode(loaded.overageMode, plan, { stripe: false, meteredItem: false }),
      capCents: loaded.overageCapCents,
      runPriceCents: plan.overageRunPriceCents,
    },
    source: "license",
  };
}
