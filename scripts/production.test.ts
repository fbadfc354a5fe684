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
    // One client address (this test) sends the seat test's invitations and sign-ins, far more in an hour than a person.
    RATE_LIMIT_EMAILS_PER_CLIENT: "1000",
    RATE_LIMIT_INVITES_PER_USER: "1000",
    RATE_LIMIT_INVITES_PER_ORG: "1000",
    RATE_LIMIT_SIGNINS_PER_CLIENT: "1000",
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
      const { orgId, customer } = await orgWithCard(`burst-${i}`, `Burst ${i}`);
      await stripe.subscriptions.create({ customer: customer.id, items: [{ price: team }] });
      orgIds.push(orgId);
    }
    const events: Stripe.Event[] = [];
    for await (const event of stripe.events.list({ limit: 100 })) events.push(event);
    expect(events.length).toBeGreaterThanOrEqual(40);
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
    const owner = await account("pat");
    await query('insert into "Membership" (id, "orgId", "userId", role) values ($1, $2, $3, \'owner\')', [
      `m_${owner.id}`,
      orgId,
      owner.id,
    ]);
    const cookies = await Promise.all(web.map((w) => signIn(w.url, owner.email, PASSWORD)));
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

  it("keeps a per-seat quantity on Stripe equal to the billable count through 50 changes at once over both web processes", async () => {
    // Business is priced per seat up to 50; for a moment the burst below holds more, so this database lifts its bounds.
    await query(`update "Plan" set "maxSeats" = null, limits = jsonb_set(limits, '{seats}', 'null') where code = 'business'`);
    const stripe = emu.stripe;
    const business = (await query<{ id: string }>('select "stripeMonthlyPriceId" as id from "Plan" where code = \'business\''))[0]!.id;
    const owner = await account("owner");
    const { orgId, slug, customer } = await orgWithCard("seats", "Seats");
    await query('insert into "Membership" (id, "orgId", "userId", role) values ($1, $2, $3, \'owner\')', [
      `m_${owner.id}`,
      orgId,
      owner.id,
    ]);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: business, quantity: 3 }] });
    const itsEvents: Stripe.Event[] = [];
    for await (const event of stripe.events.list({ limit: 100 }))
      if ((event.data.object as { customer?: string }).customer === customer.id) itsEvents.push(event);
    expect((await Promise.all(itsEvents.map((e) => deliver(e, web[0]!.url)))).every((r) => r.status === 200)).toBe(true);
    await expect
      .poll(async () => (await query<{ planCode: string }>('select "planCode" from "Organization" where id = $1', [orgId]))[0]!.planCode, {
        timeout: 30_000,
      })
      .toBe("business");

    const owners = await Promise.all(web.map((w) => signIn(w.url, owner.email, PASSWORD)));
    const send = async (i: number, method: string, path: string, cookie: string, body?: unknown) => {
      const res = await fetch(`${web[i % 2]!.url}${path}`, {
        method,
        headers: { cookie, origin: settings.APP_BASE_URL!, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${method} ${path} on web ${i % 2}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? null : ((await res.json()) as { invitation?: { id: string } });
    };
    const invite = (i: number, email: string) =>
      send(i, "POST", `/api/v1/orgs/${slug}/invitations`, owners[i % 2]!, { email }).then((r) => r!.invitation!.id);
    const accept = (i: number, cookie: string, invitationId: string) =>
      send(i, "POST", "/api/v1/invitations/accept", cookie, { invitationId });

    // Before the burst: 16 invited, 6 of whom joined.
    const early = await Promise.all(Array.from({ length: 16 }, () => account("early")));
    const earlyInvitations = await Promise.all(early.map((p, i) => invite(i, p.email)));
    const earlyCookies = await Promise.all(early.slice(0, 12).map((p, i) => signIn(web[i % 2]!.url, p.email, PASSWORD)));
    await Promise.all(early.slice(0, 6).map((_, i) => accept(i, earlyCookies[i]!, earlyInvitations[i]!)));
    const later = await Promise.all(Array.from({ length: 34 }, () => account("later")));

    // The burst, alternating between the two web processes: 6 acceptances, 4 revocations, 6 removals, 34 invitations.
    await Promise.all([
      ...early.slice(6, 12).map((_, i) => accept(i, earlyCookies[6 + i]!, earlyInvitations[6 + i]!)),
      ...earlyInvitations.slice(12).map((id, i) => send(i, "DELETE", `/api/v1/orgs/${slug}/invitations/${id}`, owners[i % 2]!)),
      ...early.slice(0, 6).map((p, i) => send(i + 1, "DELETE", `/api/v1/orgs/${slug}/members/${p.id}`, owners[(i + 1) % 2]!)),
      ...later.map((p, i) => invite(i, p.email)),
    ]);
    const settled = Date.now();

    // The owner and the 6 who joined in the burst, and the 34 invitations it sent: 41 seats.
    const [billable] = await query<{ n: number }>(
      `select (select count(*) from "Membership" where "orgId" = $1)
            + (select count(*) from "Invitation" where "orgId" = $1 and "acceptedAt" is null and "revokedAt" is null and "expiresAt" > now())
         as n`,
      [orgId],
    );
    expect(Number(billable!.n)).toBe(41);
    const onStripe = async () => (await stripe.subscriptions.retrieve(subscription.id)).items.data[0]!.quantity;
    await expect.poll(onStripe, { timeout: 1_000, interval: 20 }).toBe(41);
    expect(Date.now() - settled).toBeLessThan(1_000);
    expect((await stripe.subscriptions.retrieve(subscription.id)).pending_update).toBeNull();

    // Stripe's own record of the quantity: each update moved it and started where the one before ended (nothing
    // applied twice), and there were no more updates than the 50 changes and the plan's arrival asked for.
    const updates: [number, number][] = [];
    for await (const event of stripe.events.list({ type: "customer.subscription.updated", limit: 100 })) {
      const before = (event.data.previous_attributes as Partial<Stripe.Subscription> | undefined)?.items?.data[0]?.quantity;
      const sub = event.data.object as Stripe.Subscription;
      if (sub.id === subscription.id && before !== undefined) updates.unshift([before, sub.items.data[0]!.quantity!]);
    }
    expect(updates[0]![0]).toBe(3);
    expect(updates.at(-1)![1]).toBe(41);
    updates.forEach(([from, to], i) => {
      expect(to).not.toBe(from);
      if (i > 0) expect(from).toBe(updates[i - 1]![1]);
    });
    expect(updates.length).toBeLessThanOrEqual(51);
    // Each seat added was charged once: the updates' invoices are paid, one for each increase at most.
    const invoices = (await stripe.invoices.list({ customer: customer.id, limit: 100 })).data.filter(
      (i) => i.billing_reason === "subscription_update",
    );
    expect(invoices.every((i) => i.status === "paid")).toBe(true);
    expect(invoices.length).toBeLessThanOrEqual(updates.filter(([from, to]) => to > from).length);
    // The mirror followed, and its audit log tells the same story, a sync at a time.
    await expect
      .poll(async () => (await query<{ quantity: number }>('select quantity from "Subscription" where "orgId" = $1', [orgId]))[0]!.quantity)
      .toBe(41);
    const audited = await query<{ before: { quantity: number }; after: { quantity: number } }>(
      `select before, after from "BillingAuditEntry" where "orgId" = $1 and action = 'subscription.seats_changed' order by "createdAt"`,
      [orgId],
    );
    expect(audited.map((e) => e.before.quantity)).toEqual([3, ...audited.slice(0, -1).map((e) => e.after.quantity)]);
    expect(audited.at(-1)!.after.quantity).toBe(41);

    // A member leaving alone, through the other process, is one seat less within the second too.
    await send(1, "DELETE", `/api/v1/orgs/${slug}/members/${early[6]!.id}`, earlyCookies[6]!);
    const left = Date.now();
    await expect.poll(onStripe, { timeout: 1_000, interval: 20 }).toBe(40);
    expect(Date.now() - left).toBeLessThan(1_000);
  }, 180_000);
});

/** An org whose Stripe customer has a card that pays. */
async function orgWithCard(slugPrefix: string, name: string) {
  const orgId = `org_${randomUUID().slice(0, 8)}`;
  const slug = `${slugPrefix}-${orgId.slice(4)}`;
  const customer = await emu.stripe.customers.create({
    metadata: { orgId },
    payment_method: "pm_card_visa",
    invoice_settings: { default_payment_method: "pm_card_visa" },
  });
  await query('insert into "Organization" (id, slug, name, "stripeCustomerId", "updatedAt") values ($1, $2, $3, $4, now())', [
    orgId,
    slug,
    name,
    customer.id,
  ]);
  return { orgId, slug, customer };
}

function deliver(event: Stripe.Event, url: string): Promise<Response> {
  const payload = JSON.stringify(event);
  const signature = emu.stripe.webhooks.generateTestHeaderString({ payload, secret: settings.STRIPE_WEBHOOK_SECRET! });
  return fetch(`${url}/api/webhooks/stripe`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature },
    body: payload,
  });
}

const PASSWORD = "production test password";

/** A confirmed account that signs in with PASSWORD (a cheap bcrypt hash: Tollgate moves it to scrypt on sign-in). */
async function account(label: string): Promise<{ id: string; email: string }> {
  const id = `usr_${randomUUID().slice(0, 12)}`;
  const email = `${label}-${id}@example.test`;
  const { hash } = await import("bcryptjs");
  await query('insert into "User" (id, email, name, "passwordHash", "emailVerified", "updatedAt") values ($1, $2, $3, $4, now(), now())', [
    id,
    email,
    label,
    await hash(PASSWORD, 4),
  ]);
  return { id, email };
}

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
