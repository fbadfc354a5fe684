// The operator console at platform scale: 10,000 orgs (with members, projects, subscriptions, add-ons, usage counters
// and credits) and a year of daily snapshots, seeded in bulk; then the platform-health report and the console's
// overview page through `next start`, beside GET /api/v1/me as the baseline of an authenticated request.
import { db } from "../lib/db";
import { benchUser, renders, signIn } from "./billing-page.bench";
import { ms, summary } from "./stats";
import { checkTarget } from "./targets";

const ORGS = 10_000;
const SNAPSHOTS = 365;
const REQUESTS = 100;
const DAY_MS = 86_400_000;

async function seedPlatform() {
  const tag = Date.now().toString(36);
  // Plans and states dealt in turn, as in a real mix: half on Free, the rest paying, trialing or past due.
  await db.$executeRawUnsafe(`
    insert into "User" ("id", "email", "name", "emailVerified", "updatedAt")
    select 'cbu_${tag}_' || g, 'console-bench-${tag}-' || g || '@example.test', 'Bench ' || g, now(), now() from generate_series(1, ${ORGS}) g`);
  await db.$executeRawUnsafe(`
    insert into "Organization" ("id", "slug", "name", "planCode", "subscriptionStatus", "creditBalance", "createdAt", "updatedAt")
    select 'cbo_${tag}_' || g, 'console-bench-${tag}-' || g, 'Bench Org ' || g,
           (array['free','free','team','team','business','team'])[1 + g % 6],
           (array[null,null,'active','trialing','active','past_due'])[1 + g % 6],
           (g % 7) * 100, now() - (g % 365) * interval '1 day', now()
    from generate_series(1, ${ORGS}) g`);
  await db.$executeRawUnsafe(`
    insert into "Membership" ("id", "orgId", "userId", "role")
    select 'cbm_${tag}_' || g, 'cbo_${tag}_' || g, 'cbu_${tag}_' || g, 'owner' from generate_series(1, ${ORGS}) g`);
  await db.$executeRawUnsafe(`
    insert into "Project" ("id", "orgId", "name", "updatedAt")
    select 'cbp_${tag}_' || g || '_' || p, 'cbo_${tag}_' || g, 'Project ' || p, now()
    from generate_series(1, ${ORGS}) g, generate_series(1, 2) p`);
  await db.$executeRawUnsafe(`
    insert into "Subscription" ("id", "orgId", "stripeSubscriptionId", "stripeCustomerId", "status", "planCode", "interval",
                                "currentPeriodStart", "currentPeriodEnd", "trialEnd", "updatedAt")
    select 'cbs_${tag}_' || g, o."id", 'sub_cb_${tag}_' || g, 'cus_cb_${tag}_' || g, o."subscriptionStatus", o."planCode",
           case when g % 5 = 0 then 'year' else 'month' end, now() - interval '10 days', now() + interval '20 days',
           case when o."subscriptionStatus" = 'trialing' then now() + interval '4 days' end, now()
    from generate_series(1, ${ORGS}) g join "Organization" o on o."id" = 'cbo_${tag}_' || g
    where o."subscriptionStatus" is not null`);
  await db.$executeRawUnsafe(`
    insert into "OrgAddOn" ("id", "orgId", "addOnCode", "status", "stripeSubscriptionId", "updatedAt")
    select 'cba_${tag}_' || g, 'cbo_${tag}_' || g, 'extra_seats', 'active', 'sub_cba_${tag}_' || g, now()
    from generate_series(1, ${ORGS}) g where g % 10 = 2`);
  await db.$executeRawUnsafe(`
    insert into "UsageCounter" ("orgId", "meter", "periodStart", "count")
    select 'cbo_${tag}_' || g, 'runs', now() - interval '10 days', g % 400 from generate_series(1, ${ORGS}) g`);
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  await db.capacitySnapshot.deleteMany({ where: { day: { gt: new Date(today - SNAPSHOTS * DAY_MS) } } });
  await db.capacitySnapshot.createMany({
    data: Array.from({ length: SNAPSHOTS }, (_, i) => {
      const orgs = Math.round(ORGS * (0.4 + (0.6 * i) / SNAPSHOTS));
      return {
        day: new Date(today - (SNAPSHOTS - 1 - i) * DAY_MS),
        orgsTotal: orgs,
        orgsActive: Math.round(orgs / 3),
        orgsTrialing: Math.round(orgs / 6),
        orgsPastDue: Math.round(orgs / 6),
        subscriptionsByPlan: { team: Math.round(orgs / 2), business: Math.round(orgs / 6) },
        projects: orgs * 2,
        runsThisPeriod: orgs * 200,
        seats: orgs,
        theoreticalLimits: {},
        creditsOutstanding: orgs * 300,
        mrrCents: orgs * 4000,
        databaseBytes: BigInt(200_000_000),
      };
    }),
  });
}

export async function benchConsole(appUrl: string): Promise<void> {
  await seedPlatform();
  const operator = await benchUser("console-bench-ops", { isSuperadmin: true });
  const cookie = await signIn(appUrl, operator.email);
  const orgs = await db.organization.count();
  // Warm-up, then the baseline and the two measured in turn.
  await renders(`${appUrl}/api/v1/me`, cookie, operator.email, 20);
  await renders(`${appUrl}/api/v1/admin/platform-health`, cookie, "subscription_capacity", 10);
  await renders(`${appUrl}/admin`, cookie, "Recommendations", 10);
  const baseline = summary(await renders(`${appUrl}/api/v1/me`, cookie, operator.email, REQUESTS));
  const report = summary(await renders(`${appUrl}/api/v1/admin/platform-health`, cookie, "subscription_capacity", REQUESTS));
  const page = summary(await renders(`${appUrl}/admin`, cookie, "Recommendations", REQUESTS));
  console.log(
    `\nOperator console — ${orgs.toLocaleString("en-US")} orgs and ${SNAPSHOTS} daily snapshots, ${REQUESTS} requests one at a time`,
  );
  console.log(`  baseline (GET /api/v1/me)        p50 ${ms(baseline.p50)}  p95 ${ms(baseline.p95)}`);
  for (const [label, s, name] of [
    ["GET /api/v1/admin/platform-health", report, "platform-health report p95"],
    ["overview page GET /admin       ", page, "console overview render p95"],
  ] as const) {
    const verdict = checkTarget({ benchmark: name, figure: ms(s.p95), target: "≤ 200 ms", met: s.p95 <= 200 });
    console.log(
      `  ${label} p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  (${(s.p95 / baseline.p95).toFixed(2)} × baseline p95; target p95 ≤ 200 ms → ${verdict})`,
    );
  }
}
