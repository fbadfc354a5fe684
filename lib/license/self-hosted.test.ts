import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCatalog } from "@/prisma/data/catalog";
import { db } from "@/lib/db";
import { forgetEntitlements, getEntitlements } from "@/lib/entitlements/entitlements";
import { exportToEnv } from "@/scripts/lib/process-env";
import { inviteInput, inviteMember } from "@/lib/orgs/invitations/invite-member";
import { createProject, deleteProject, listProjects, renameProject } from "@/lib/projects/projects";
import { recordRun } from "@/lib/projects/runs";
import { requireStripe, stripeClient } from "@/lib/stripe/client";
import { createReconcileRun } from "@/lib/reconcile/reconcile-runs";
import { switchToFreshAppDatabase } from "@/test/support/billing-stack";
import { makeOrg, makeUser, uniqueEmail } from "@/test/support/factories";
import { installLicense } from "@/lib/admin/install-license";
import { forgetLicenseStanding } from "./installation";
import { issueLicense, type LicenseTerms } from "./license-token";
import { licenseView } from "./license-view";
import { installationId } from "./installation-id";

// The self-hosted edition: no Stripe configured, a license for this test's own key pair.
const DAY_MS = 86_400_000;
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const terms = (over: Partial<LicenseTerms> = {}): LicenseTerms => ({
  licensee: "Initech Ltd",
  plan: "business",
  limits: { projects: 5, seats: 3, runsPerMonth: 1000 },
  features: ["sso"],
  expiresAt: new Date(Date.now() + 30 * DAY_MS),
  ...over,
});

beforeAll(async () => {
  await switchToFreshAppDatabase("self-hosted");
  await seedCatalog(db);
  exportToEnv({
    TOLLGATE_EDITION: "self-hosted",
    STRIPE_SECRET_KEY: undefined,
    STRIPE_API_BASE: undefined,
    LICENSE_PUBLIC_KEY: publicKey.export({ type: "spki", format: "pem" }).toString(),
  });
}, 60_000);
afterAll(() => exportToEnv({ TOLLGATE_EDITION: undefined, TOLLGATE_LICENSE: undefined, LICENSE_PUBLIC_KEY: undefined }));

function fresh() {
  forgetLicenseStanding();
  forgetEntitlements(null);
}

async function orgWithOwner() {
  const owner = await makeUser();
  return { owner, org: await makeOrg([[owner, "owner"]]) };
}

describe("the self-hosted edition", () => {
  it("has no Stripe client even with a Stripe key set, so billing and reconcile refuse before anything is recorded", async () => {
    exportToEnv({ STRIPE_SECRET_KEY: "sk_test_set_by_mistake" });
    try {
      expect(stripeClient()).toBeNull();
      expect(() => requireStripe()).toThrow(
        expect.objectContaining({ code: "payment_system_not_configured", message: expect.stringContaining("self-hosted") }),
      );
      await expect(createReconcileRun({}, "api")).rejects.toMatchObject({ code: "payment_system_not_configured" });
      expect(await db.reconcileRun.count()).toBe(0);
    } finally {
      exportToEnv({ STRIPE_SECRET_KEY: undefined });
    }
  });

  it("runs on community (Free) limits without a license, and on the license's once a superadmin installs it", async () => {
    fresh();
    const { owner, org } = await orgWithOwner();
    expect(await getEntitlements(org.id)).toMatchObject({ planCode: "free", status: "community", limits: { projects: 3, seats: 2 } });
    expect((await licenseView()).license).toMatchObject({ mode: "community", reason: "No license is installed." });

    const operator = await makeUser();
    await installLicense(await issueLicense(terms(), privateKey), operator.id);
    expect(await getEntitlements(org.id)).toMatchObject({
      planCode: "business",
      status: "licensed",
      limits: { projects: 5, seats: 3, runsPerMonth: 1000 },
      features: ["sso"],
    });
    expect((await licenseView()).license).toMatchObject({ mode: "licensed", licensee: "Initech Ltd", daysLeft: 30 });
    expect(await db.billingAuditEntry.count({ where: { action: "license.installed", actorUserId: operator.id } })).toBe(1);

    // The licensed seats: the owner and two invitations; the next one is refused with the limit.
    for (let i = 0; i < 2; i++) await inviteMember({ org, role: "owner" }, owner, inviteInput.parse({ email: uniqueEmail("seat") }));
    await expect(inviteMember({ org, role: "owner" }, owner, inviteInput.parse({ email: uniqueEmail("seat") }))).rejects.toMatchObject({
      code: "limit_reached",
      message: expect.stringContaining("3 seats"),
    });
    for (let i = 0; i < 5; i++) await createProject(org.id, { name: `p${i}` });
    await expect(createProject(org.id, { name: "one too many" })).rejects.toMatchObject({ code: "limit_reached" });

    // A renewal with more seats applies at once.
    await installLicense(await issueLicense(terms({ limits: { projects: 5, seats: 10, runsPerMonth: 1000 } }), privateKey), operator.id);
    await inviteMember({ org, role: "owner" }, owner, inviteInput.parse({ email: uniqueEmail("seat") }));
  });

  it("refuses an invalid, tampered, foreign, expired or not-yet-valid license with the reason, and keeps the one in force", async () => {
    fresh();
    const operator = await makeUser();
    const before = await db.installedLicense.count();
    const good = await issueLicense(terms(), privateKey);
    const [h, p, s] = good.split(".");
    const claims = JSON.parse(Buffer.from(p!, "base64url").toString());
    const tampered = [
      h,
      Buffer.from(JSON.stringify({ ...claims, limits: { projects: null, seats: null, runsPerMonth: null } })).toString("base64url"),
      s,
    ].join(".");
    const foreign = await issueLicense(terms(), generateKeyPairSync("ed25519").privateKey);
    const expired = await issueLicense(
      terms({ notBefore: new Date(Date.now() - 60 * DAY_MS), expiresAt: new Date(Date.now() - DAY_MS) }),
      privateKey,
      new Date(Date.now() - 60 * DAY_MS),
    );
    const future = await issueLicense(
      terms({ notBefore: new Date(Date.now() + 7 * DAY_MS), expiresAt: new Date(Date.now() + 60 * DAY_MS) }),
      privateKey,
    );
    for (const [label, token, reason] of [
      ["garbage", "not-a-license", "not a Tollgate license"],
      ["tampered", tampered, "signature does not match"],
      ["foreign", foreign, "signature does not match"],
      ["expired", expired, "expired on"],
      ["future", future, "not valid before"],
      [
        "another installation's",
        await issueLicense(terms({ installation: "inst_0123456789abcdef0123" }), privateKey),
        "issued for installation",
      ],
    ] as const) {
      await expect(installLicense(token, operator.id), label).rejects.toMatchObject({
        code: "license_invalid",
        message: expect.stringContaining(reason),
      });
    }
    expect(await db.installedLicense.count()).toBe(before);
    // Bound to this installation, it is installed.
    await installLicense(await issueLicense(terms({ installation: await installationId() }), privateKey), operator.id);
    expect(await db.installedLicense.count()).toBe(before + 1);
  });

  it("keeps an expired license's limits through the grace period, with its end, then falls back to community limits", async () => {
    await db.installedLicense.deleteMany();
    const { org } = await orgWithOwner();
    const issuedAt = new Date(Date.now() - 60 * DAY_MS);
    const expiredDaysAgo = async (days: number) =>
      issueLicense(terms({ notBefore: issuedAt, expiresAt: new Date(Date.now() - days * DAY_MS) }), privateKey, issuedAt);

    exportToEnv({ TOLLGATE_LICENSE: await expiredDaysAgo(3) });
    fresh();
    const inGrace = await getEntitlements(org.id);
    expect(inGrace).toMatchObject({ planCode: "business", status: "grace", limits: { seats: 3 } });
    expect(Math.round((inGrace.graceEndsAt!.getTime() - Date.now()) / DAY_MS)).toBe(14 - 3);

    exportToEnv({ TOLLGATE_LICENSE: await expiredDaysAgo(20) });
    fresh();
    expect(await getEntitlements(org.id)).toMatchObject({ planCode: "free", status: "community", limits: { projects: 3, seats: 2 } });
    expect((await licenseView()).license).toMatchObject({ mode: "community", reason: expect.stringContaining("grace period is over") });
    exportToEnv({ TOLLGATE_LICENSE: undefined });
  });

  it("runs on whichever of the environment's and the installed license was issued last, and on one in force over one expired", async () => {
    await db.installedLicense.deleteMany();
    const { org } = await orgWithOwner();
    const operator = await makeUser();
    const issued = (daysAgo: number, seats: number, expiresInDays = 30) =>
      issueLicense(
        terms({ limits: { projects: 5, seats, runsPerMonth: 1000 }, expiresAt: new Date(Date.now() + expiresInDays * DAY_MS) }),
        privateKey,
        new Date(Date.now() - daysAgo * DAY_MS),
      );
    const seats = async () => {
      fresh();
      return (await getEntitlements(org.id)).limits.seats;
    };

    exportToEnv({ TOLLGATE_LICENSE: await issued(10, 4) });
    expect(await seats()).toBe(4);
    // A renewal pasted in settings takes over from the environment's older license without a redeploy.
    await installLicense(await issued(1, 8), operator.id);
    expect(await seats()).toBe(8);
    expect((await licenseView()).license).toMatchObject({ source: "installed" });
    // A newer license deployed in the environment takes over from the installed one.
    exportToEnv({ TOLLGATE_LICENSE: await issued(0, 12) });
    expect(await seats()).toBe(12);
    expect((await licenseView()).license).toMatchObject({ source: "environment" });
    // An environment license issued later but already expired does not displace one in force.
    const expired = await issueLicense(
      terms({ notBefore: new Date(Date.now() - 40 * DAY_MS), expiresAt: new Date(Date.now() - 2 * DAY_MS) }),
      privateKey,
    );
    exportToEnv({ TOLLGATE_LICENSE: expired });
    expect(await seats()).toBe(8);
    exportToEnv({ TOLLGATE_LICENSE: "not-a-license" });
    expect(await seats()).toBe(8);
    exportToEnv({ TOLLGATE_LICENSE: undefined });
  });

  it("keeps everything once the license lapses to community limits: what is beyond them is readable and read-only", async () => {
    await db.installedLicense.deleteMany();
    exportToEnv({ TOLLGATE_LICENSE: await issueLicense(terms(), privateKey) });
    fresh();
    const { owner, org } = await orgWithOwner();
    for (let i = 1; i <= 5; i++) await createProject(org.id, { name: `project ${i}` });
    const invited = [uniqueEmail("kept"), uniqueEmail("kept")];
    for (const email of invited) await inviteMember({ org, role: "owner" }, owner, inviteInput.parse({ email }));

    // The license lapsed long ago: community limits are 3 projects and 2 seats.
    const lapsed = new Date(Date.now() - 60 * DAY_MS);
    exportToEnv({
      TOLLGATE_LICENSE: await issueLicense(terms({ notBefore: lapsed, expiresAt: new Date(Date.now() - 30 * DAY_MS) }), privateKey, lapsed),
    });
    fresh();
    const projects = await listProjects(org.id);
    expect(projects.map((p) => p.name)).toEqual(["project 1", "project 2", "project 3", "project 4", "project 5"]);
    for (const p of projects.slice(0, 3)) await recordRun(org.id, p.id, owner.id);
    for (const p of projects.slice(3)) {
      await expect(recordRun(org.id, p.id, owner.id)).rejects.toMatchObject({
        code: "limit_reached",
        message: expect.stringContaining("allows 3 projects and 5 are in use. This project is beyond them, so it is read-only"),
        details: { readOnly: true },
      });
      await expect(renameProject(org.id, p.id, { name: `${p.name} renamed` })).rejects.toMatchObject({ code: "limit_reached" });
    }
    await expect(createProject(org.id, { name: "project 6" })).rejects.toMatchObject({ code: "limit_reached" });
    // Members and invitations beyond the seats are kept; a new invitation is refused naming the limit.
    expect(await db.invitation.count({ where: { orgId: org.id, revokedAt: null } })).toBe(2);
    await expect(inviteMember({ org, role: "owner" }, owner, inviteInput.parse({ email: uniqueEmail("seat") }))).rejects.toMatchObject({
      code: "limit_reached",
      message: expect.stringContaining("allows 2 seats and 3 are in use"),
    });
    // Deleting two projects brings the org within the limit: the fourth and fifth are in use again.
    await deleteProject(org.id, projects[0]!.id);
    await deleteProject(org.id, projects[1]!.id);
    const run = await recordRun(org.id, projects[3]!.id, owner.id);
    expect(run.project).toEqual({ id: projects[3]!.id, name: "project 4" });
    await recordRun(org.id, projects[4]!.id, owner.id);
    exportToEnv({ TOLLGATE_LICENSE: undefined });
  });
});
