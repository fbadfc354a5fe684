import { readdirSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { api } from "./support/api";
import { signInWithApi } from "./support/auth";
import { appBaseUrl, DEMO_PASSWORD } from "./support/env";
import { subscribeThroughStripe } from "./support/billing";
import { joinAsMember, verifiedUser } from "./support/orgs";

// Every page under app/, read from the tree, fetched by everyone who may not see another org's data, both as a
// plain GET and as the request a client-side navigation sends (which can skip layouts): no response may carry data
// the caller may not see, in its HTML or in its serialized React payload.

type Segment = { name: string; dynamic: string | null };
type PageRoute = { file: string; segments: Segment[] };

/** Every page.tsx under app/, as its route segments (route groups kept: they are segments of the router's tree). */
function pageRoutes(): PageRoute[] {
  const appRoot = path.join(process.cwd(), "app");
  const found: PageRoute[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== "api") walk(path.join(dir, entry.name));
      else if (entry.name === "page.tsx") {
        const rel = path.relative(appRoot, dir);
        const segments = (rel ? rel.split(path.sep) : []).map((name) => ({ name, dynamic: /^\[(\w+)\]$/.exec(name)?.[1] ?? null }));
        found.push({ file: path.join("app", rel, "page.tsx"), segments });
      }
    }
  };
  walk(appRoot);
  return found;
}

type Victim = { slug: string; orgId: string; projectId: string };

const urlOf = (route: PageRoute, values: Record<string, string>) =>
  "/" +
  route.segments
    .filter((s) => !/^\(.*\)$/.test(s.name))
    .map((s) => (s.dynamic ? encodeURIComponent(values[s.dynamic] ?? "x") : s.name))
    .join("/");

/**
 * The router state a browser sends when it navigates here from another page (as Chromium sends it): the segments
 * above the marked one are layouts it already has, so the server renders only from the mark down and skips them
 * (a layout must not be the guard). `from: "page"` marks the page itself, skipping even its nearest layout.
 */
function navigationTree(route: PageRoute, values: Record<string, string>, from: "segment" | "page"): string {
  const segments = route.segments.map((s) => (s.dynamic ? [s.dynamic, values[s.dynamic] ?? "x", "d", null] : s.name));
  const markAt = from === "page" || segments.length === 0 ? segments.length : segments.length - 1;
  let node: unknown[] = ["__PAGE__", {}, null, markAt === segments.length ? "refetch" : null, 0];
  for (let i = segments.length - 1; i >= 0; i--) node = [segments[i], { children: node }, null, i === markAt ? "refetch" : null, 0];
  return encodeURIComponent(JSON.stringify(["", { children: node }, null, null, 16]));
}

async function signedIn(email: string, password: string): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL: appBaseUrl() });
  await signInWithApi(ctx, email, password);
  return ctx;
}

test.describe("every page checks access itself", () => {
  test.describe.configure({ mode: "default" });
  test.setTimeout(180_000);

  const tag = randomUUID().slice(0, 8);
  // Recognisable values only the victim org's own people (and operators) may see.
  const secrets = {
    orgName: `Vaultkeeper ${tag}`,
    projectName: `Ledgerline ${tag}`,
    invitee: `invitee-${tag}@example.test`,
    customerId: "",
    ownerEmail: "",
  };
  // The other org's, which its owner's neighbours (the victim's owner among them) may not see either.
  const other = { orgName: `Othercorp ${tag}`, ownerEmail: "" };
  let victim: Victim;
  const contexts: Record<"anonymous" | "member" | "otherAdmin" | "owner" | "operator", APIRequestContext> = {} as never;

  test.beforeAll(async () => {
    const owner = await playwrightRequest.newContext({ baseURL: appBaseUrl() });
    const ownerUser = await verifiedUser(owner, "victim-owner");
    secrets.ownerEmail = ownerUser.email;
    const created = await api(owner).post("/api/v1/orgs", { data: { name: secrets.orgName, slug: `vault-${tag}` } });
    expect(created.status()).toBe(201);
    const { org } = await created.json();
    const project = await api(owner).post(`/api/v1/orgs/${org.slug}/projects`, { data: { name: secrets.projectName } });
    expect(project.status()).toBe(201);
    // A paying org, so it has a Stripe customer and the seats for a member and a pending invitation.
    secrets.customerId = await subscribeThroughStripe(org.id);
    await expect
      .poll(async () => (await (await owner.get(`/api/v1/billing/entitlements/${org.id}`)).json()).entitlements.planCode, {
        timeout: 30_000,
      })
      .toBe("team");
    const member = await playwrightRequest.newContext({ baseURL: appBaseUrl() });
    const memberUser = await verifiedUser(member, "victim-member");
    await joinAsMember(owner, member, memberUser.email, org.slug);
    const invited = await api(owner).post(`/api/v1/orgs/${org.slug}/invitations`, { data: { email: secrets.invitee, role: "member" } });
    expect(invited.status()).toBe(201);
    victim = { slug: org.slug, orgId: org.id, projectId: (await project.json()).project.id };

    const otherAdmin = await playwrightRequest.newContext({ baseURL: appBaseUrl() });
    other.ownerEmail = (await verifiedUser(otherAdmin, "other-owner")).email;
    expect((await api(otherAdmin).post("/api/v1/orgs", { data: { name: other.orgName, slug: `other-${tag}` } })).status()).toBe(201);

    contexts.anonymous = await playwrightRequest.newContext({ baseURL: appBaseUrl() });
    contexts.member = member;
    contexts.otherAdmin = otherAdmin;
    contexts.owner = owner;
    contexts.operator = await signedIn("ops@tollgate.test", DEMO_PASSWORD);

    // The values are recognisable where they may be seen, so their absence elsewhere means something.
    await expect
      .poll(async () => (await contexts.operator.get(`/admin/orgs/${victim.orgId}`)).text(), { timeout: 30_000 })
      .toContain(secrets.customerId);
    const operatorSees = await (await contexts.operator.get(`/admin/orgs?q=${encodeURIComponent(tag)}`)).text();
    for (const value of [secrets.orgName, other.orgName]) expect(operatorSees).toContain(value);
    expect(await (await owner.get(`/${victim.slug}/members`)).text()).toContain(secrets.invitee);
  });

  test.afterAll(async () => {
    for (const ctx of Object.values(contexts)) await ctx?.dispose();
  });

  const routes = pageRoutes();
  const values = () => ({ org: victim.slug, orgId: victim.orgId, projectId: victim.projectId, token: randomUUID() });

  /** Fetches every page (filtered by `which`) three ways and fails on any response that carries one of `forbidden`. */
  async function walk(ctx: APIRequestContext, forbidden: () => string[], which: (r: PageRoute) => boolean) {
    const chosen = routes.filter(which);
    expect(chosen.length).toBeGreaterThan(0);
    const leaks: string[] = [];
    for (const route of chosen) {
      const v = values();
      const url = urlOf(route, v);
      const requests = [
        { how: "GET", headers: {} },
        ...(["segment", "page"] as const).map((from) => ({
          how: `client navigation rendering from its ${from}`,
          headers: { rsc: "1", "next-router-state-tree": navigationTree(route, v, from) },
        })),
      ];
      for (const { how, headers } of requests) {
        // A navigation request is redirected once to carry Next's cache-busting _rsc parameter; a page's own redirect
        // (to sign in) is not followed.
        const res = await ctx.get(url, { headers, maxRedirects: how === "GET" ? 0 : 1 });
        // A request the server could not read (a router state it refuses) would show nothing either way: it must be answered.
        if (res.status() >= 500) leaks.push(`${route.file} (${how} ${url}): answered ${res.status()}`);
        const body = await res.text();
        for (const value of forbidden()) if (body.includes(value)) leaks.push(`${route.file} (${how} ${url}, ${res.status()}): ${value}`);
      }
    }
    expect(leaks).toEqual([]);
  }

  const isAdmin = (r: PageRoute) => r.segments[0]?.name === "admin";
  const victimsValues = () => Object.values(secrets);

  test("a signed-out visitor sees no org's data on any page", async () => {
    await walk(
      contexts.anonymous,
      () => [...victimsValues(), ...Object.values(other)],
      () => true,
    );
  });

  test("an admin of another org sees nothing of this org on any page", async () => {
    await walk(contexts.otherAdmin, victimsValues, () => true);
  });

  test("a member sees no admin-only data of their org, and nothing of the console", async () => {
    await walk(
      contexts.member,
      () => [secrets.invitee, secrets.customerId, other.orgName, other.ownerEmail],
      (r) => !isAdmin(r),
    );
    await walk(contexts.member, () => [...victimsValues().filter((v) => v !== secrets.orgName), ...Object.values(other)], isAdmin);
  });

  test("an org owner who is not an operator sees nothing of the console", async () => {
    await walk(contexts.owner, () => [...Object.values(other), secrets.customerId], isAdmin);
  });
});
