// The billing page's server render for a busy org (200 invoices, 10,000 runs) through `next start`,
// beside the members page as a baseline, and the number of Stripe calls it makes (none expected).
import { hashPassword } from "../lib/auth/password";
import { db } from "../lib/db";
import { ms, summary } from "./stats";
import { checkTarget } from "./targets";

const RENDERS = 300;
const PASSWORD = "bench-password-only";

async function busyOrg() {
  const user = await benchUser("page-bench");
  const org = await db.organization.create({
    data: {
      slug: `busy-${Date.now().toString(36)}`,
      name: "Busy Co",
      planCode: "team",
      subscriptionStatus: "active",
      memberships: { create: { userId: user.id, role: "owner" } },
    },
  });
  const now = new Date();
  const periodStart = new Date(now.getTime() - 10 * 86_400_000);
  await db.subscription.create({
    data: {
      orgId: org.id,
      stripeSubscriptionId: `sub_page_${org.id}`,
      stripeCustomerId: `cus_page_${org.id}`,
      status: "active",
      planCode: "team",
      interval: "month",
      currentPeriodStart: periodStart,
      currentPeriodEnd: new Date(periodStart.getTime() + 30 * 86_400_000),
      paymentMethod: { brand: "visa", last4: "4242", expMonth: 12, expYear: 2034 },
    },
  });
  await db.invoice.createMany({
    data: Array.from({ length: 200 }, (_, i) => ({
      orgId: org.id,
      stripeInvoiceId: `in_page_${org.id}_${i}`,
      number: `BUSY-${String(i + 1).padStart(4, "0")}`,
      status: "paid",
      currency: "usd",
      subtotal: 4900,
      total: 4900,
      amountDue: 4900,
      amountPaid: 4900,
      amountRemaining: 0,
      stripeCreatedAt: new Date(now.getTime() - i * 30 * 86_400_000),
      hostedInvoiceUrl: `https://example.test/i/${i}`,
      invoicePdf: `https://example.test/i/${i}/pdf`,
    })),
  });
  const project = await db.project.create({ data: { orgId: org.id, name: "busy" } });
  for (let chunk = 0; chunk < 5; chunk++) {
    await db.run.createMany({
      data: Array.from({ length: 2000 }, (_, i) => ({
        orgId: org.id,
        projectId: project.id,
        createdAt: new Date(now.getTime() - (chunk * 2000 + i) * 60_000),
      })),
    });
  }
  return { email: user.email, slug: org.slug };
}

/** A verified user who signs in with the benchmarks' password. */
export async function benchUser(label: string, opts: { isSuperadmin?: boolean } = {}) {
  return db.user.create({
    data: {
      email: `${label}-${Date.now()}@example.test`,
      passwordHash: await hashPassword(PASSWORD),
      emailVerified: new Date(),
      isSuperadmin: opts.isSuperadmin ?? false,
    },
  });
}

/** Signs in through Auth.js as the sign-in form does and returns the cookie header of the session. */
export async function signIn(appUrl: string, email: string): Promise<string> {
  const csrf = await fetch(`${appUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (res: Response) =>
    res.headers.getSetCookie().forEach((c) => {
      const [pair] = c.split(";");
      const [k, v] = pair!.split("=");
      jar.set(k!, v ?? "");
    });
  keep(csrf);
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(`${appUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie(), origin: appUrl },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, callbackUrl: "/orgs" }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed (${res.status})`);
  return cookie();
}

export async function renders(url: string, cookie: string, expect: string, count = RENDERS): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    const html = await res.text();
    latencies.push(performance.now() - t);
    if (res.status !== 200 || !html.includes(expect)) throw new Error(`${url} did not render (${res.status})`);
  }
  return latencies;
}

export async function benchBillingPage(appUrl: string, stripeCalls: () => number): Promise<void> {
  const { email, slug } = await busyOrg();
  const cookie = await signIn(appUrl, email);
  await renders(`${appUrl}/${slug}/billing`, cookie, "BUSY-0001");
  await renders(`${appUrl}/${slug}/members`, cookie, email);
  const baseline = summary(await renders(`${appUrl}/${slug}/members`, cookie, email));
  const before = stripeCalls();
  const page = summary(await renders(`${appUrl}/${slug}/billing`, cookie, "BUSY-0001"));
  const calls = stripeCalls() - before;
  console.log(
    `\nBilling page — GET /{org}/billing through next start, org with 200 invoices and 10,000 runs, ${RENDERS} renders one at a time`,
  );
  console.log(`  baseline (the members page)  p50 ${ms(baseline.p50)}  p95 ${ms(baseline.p95)}`);
  console.log(
    `  billing page                 p50 ${ms(page.p50)}  p95 ${ms(page.p95)}   (target p95 ≤ 150 ms → ${checkTarget({
      benchmark: "billing page render p95",
      figure: ms(page.p95),
      target: "≤ 150 ms",
      met: page.p95 <= 150,
    })})`,
  );
  console.log(
    `  billing / baseline           p50 ${(page.p50 / baseline.p50).toFixed(2)} ×  p95 ${(page.p95 / baseline.p95).toFixed(2)} ×   Stripe calls while rendering: ${calls}`,
  );
  checkTarget({ benchmark: "Stripe calls while rendering the billing page", figure: String(calls), target: "0", met: calls === 0 });
}
