import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "@tollgate/stripe-emulator/testing";
import { env } from "@/lib/env";
import { childProcessEnv } from "@/scripts/lib/process-env";
import { freshDatabaseUrl } from "@/test/support/databases";
import { ensureProductionBuild } from "./lib/build";
import { getFreePort } from "./lib/free-port";
import { startManaged, waitForHttp, type Managed } from "./lib/processes";
import { ROOT } from "./lib/root";

// Production as documented: prod:migrate, then two web processes and two workers on one PostgreSQL.

const run = promisify(execFile);
const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
const production = (command: string, flags: string[] = []) => [...flags, path.join(ROOT, "scripts", "production.ts"), command];

let emu: TestEmulator;
let db: pg.Client;
let settings: Record<string, string>;
let web: { url: string; process: Managed }[] = [];
const workers: Managed[] = [];

async function query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(sql, values)).rows;
}

beforeAll(async () => {
  await ensureProductionBuild(ROOT, childProcessEnv());
  emu = await startTestEmulator();
  const databaseUrl = await freshDatabaseUrl("production");
  const ports = [await getFreePort(), await getFreePort()];
  settings = {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: randomBytes(33).toString("base64"),
    // Both web processes stand behind one public address, as behind a load balancer.
    APP_BASE_URL: `http://127.0.0.1:${ports[0]}`,
    SMTP_URL: env().SMTP_URL,
    STRIPE_SECRET_KEY: "sk_test_productiontest0123456789",
    STRIPE_PUBLISHABLE_KEY: "pk_test_productiontest0123456789",
    STRIPE_API_BASE: emu.url,
    STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString("hex")}`,
    HOST: "127.0.0.1",
  };
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
}, 600_000);

afterAll(async () => {
  await Promise.all([...web.map((w) => w.process.stop()), ...workers.map((w) => w.stop())]);
  await db?.end();
  await emu?.close();
});

describe("production mode", () => {
  it("refuses to start, naming what is missing or unsafe", async () => {
    const missing = await run(tsx, production("check"), {
      env: childProcessEnv({ ...settings, AUTH_SECRET: "", STRIPE_WEBHOOK_SECRET: "whsec_tollgate_e2e_only" }),
    }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(missing?.code).toBe(1);
    expect(missing?.stderr).toMatch(/AUTH_SECRET is missing or weak/);
    expect(missing?.stderr).toMatch(/STRIPE_WEBHOOK_SECRET is not set/);
    const http = await run(tsx, production("web"), {
      env: childProcessEnv({ ...settings, APP_BASE_URL: "http://billing.example.com" }),
    }).catch((err: { code: number; stderr: string }) => err);
    expect((http as { code: number }).code).toBe(1);
    expect((http as { stderr: string }).stderr).toMatch(/APP_BASE_URL must be https/);
    expect((await run(tsx, production("check"), { env: childProcessEnv(settings) })).stdout).toContain("complete");
  });

  it("migrates and writes the plan catalog, and never the demo accounts", async () => {
    await run(tsx, production("migrate"), { env: childProcessEnv(settings) });
    expect(await query('select email from "User"')).toEqual([]);
    expect((await query<{ code: string }>('select code from "Plan" order by sort')).map((p) => p.code)).toEqual([
      "free",
      "team",
      "business",
      "enterprise",
    ]);
    await run(tsx, ["--conditions=react-server", path.join(ROOT, "scripts", "cli.ts"), "catalog", "sync"], {
      env: childProcessEnv(settings),
    });
  }, 120_000);

  it("runs two web processes and two workers on one database: a burst of webhooks to both is processed exactly once", async () => {
    const ports = [Number(new URL(settings.APP_BASE_URL!).port), await getFreePort()];
    web = ports.map((port, i) => ({
      url: `http://127.0.0.1:${port}`,
      process: startManaged(`web ${i}`, tsx, production("web"), { env: childProcessEnv({ ...settings, PORT: String(port) }), quiet: true }),
    }));
    for (const id of ["prod-worker-1", "prod-worker-2"]) {
      workers.push(
        startManaged(id, tsx, production("worker", ["--conditions=react-server"]), {
          env: childProcessEnv({ ...settings, WORKER_ID: id }),
          quiet: true,
        }),
      );
    }
    await Promise.all(web.map((w) => waitForHttp(`${w.url}/api/health`, 90_000, () => w.process.child.exitCode === null)));

    // Eight orgs subscribe; the emulator has no endpoint, so their events are delivered here, to both processes at once.
    const stripe = emu.stripe;
    const team = (await query<{ stripeMonthlyPriceId: string }>('select "stripeMonthlyPriceId" from "Plan" where code = \'team\''))[0]!
      .stripeMonthlyPriceId;
    const orgIds: string[] = [];
    for (let i = 0; i < 8; i++) {
      const orgId = `org_${randomUUID().slice(0, 8)}`;
      const customer = await stripe.customers.create({
        metadata: { orgId },
        payment_method: "pm_card_visa",
        invoice_settings: { default_payment_method: "pm_card_visa" },
      });
      await query('insert into "Organization" (id, slug, name, "stripeCustomerId", "updatedAt") values ($1, $2, $3, $4, now())', [
        orgId,
        `burst-${i}-${orgId.slice(4)}`,
        `Burst ${i}`,
        customer.id,
      ]);
      await stripe.subscriptions.create({ customer: customer.id, items: [{ price: team }] });
      orgIds.push(orgId);
    }
    const events: Stripe.Event[] = [];
    for await (const event of stripe.events.list({ limit: 100 })) events.push(event);
    expect(events.length).toBeGreaterThanOrEqual(40);
    const deliver = (event: Stripe.Event, url: string) => {
      const payload = JSON.stringify(event);
      const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: settings.STRIPE_WEBHOOK_SECRET! });
      return fetch(`${url}/api/webhooks/stripe`, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature },
        body: payload,
      });
    };
    const replies = await Promise.all(events.flatMap((event) => web.map((w) => deliver(event, w.url))));
    expect(replies.every((r) => r.status === 200)).toBe(true);

    await expect
      .poll(async () => (await query<{ n: number }>("select count(*)::int as n from \"StripeEvent\" where status = 'processed'"))[0]!.n, {
        timeout: 60_000,
      })
      .toBe(events.length);
    const rows = await query<{ status: string; attempts: number; lastError: string | null }>(
      'select status, attempts, "lastError" from "StripeEvent"',
    );
    expect(rows).toHaveLength(events.length);
    expect(rows.filter((r) => r.status !== "processed" || r.lastError)).toEqual([]);
    for (const orgId of orgIds) {
      const created = await query('select 1 from "BillingAuditEntry" where "orgId" = $1 and action = \'subscription.created\'', [orgId]);
      expect(created, orgId).toHaveLength(1);
      expect(
        (
          await query<{ planCode: string; subscriptionStatus: string }>(
            'select "planCode", "subscriptionStatus" from "Organization" where id = $1',
            [orgId],
          )
        )[0],
      ).toEqual({ planCode: "team", subscriptionStatus: "active" });
    }
  }, 180_000);

  it("an entitlement change made through one web process is seen by the other within a second", async () => {
    const [orgId] = (await query<{ id: string }>('select id from "Organization" order by slug limit 1')).map((o) => o.id);
    const password = "production test password";
    const userId = `usr_${randomUUID().slice(0, 8)}`;
    const { hash } = await import("bcryptjs");
    await query(
      'insert into "User" (id, email, name, "passwordHash", "emailVerified", "updatedAt") values ($1, $2, \'Pat\', $3, now(), now())',
      [userId, `${userId}@example.test`, await hash(password, 10)],
    );
    await query('insert into "Membership" (id, "orgId", "userId", role) values ($1, $2, $3, \'owner\')', [`m_${userId}`, orgId, userId]);
    const cookies = await Promise.all(web.map((w) => signIn(w.url, `${userId}@example.test`, password)));
    const [slug] = (await query<{ slug: string }>('select slug from "Organization" where id = $1', [orgId])).map((o) => o.slug);

    const planOn = async (i: number) => {
      const res = await fetch(`${web[i]!.url}/api/v1/billing/entitlements/${orgId}`, { headers: { cookie: cookies[i]! } });
      return ((await res.json()) as { entitlements: { planCode: string } }).entitlements.planCode;
    };
    expect(await planOn(1)).toBe("team"); // cached in the second process from here on
    const change = await fetch(`${web[0]!.url}/api/v1/orgs/${slug}/billing/change-tier`, {
      method: "POST",
      headers: { cookie: cookies[0]!, origin: settings.APP_BASE_URL!, "content-type": "application/json" },
      body: JSON.stringify({ plan: "business", interval: "month" }),
    });
    expect(change.status).toBe(200);
    const changedAt = Date.now();
    await expect.poll(() => planOn(1), { timeout: 1_000, interval: 25 }).toBe("business");
    expect(Date.now() - changedAt).toBeLessThan(1_000);
  }, 60_000);
});

async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: csrfCookie, origin: settings.APP_BASE_URL!, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/orgs" }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error(`no session from ${base}: ${res.status} ${res.headers.get("location")}`);
  return session;
}
