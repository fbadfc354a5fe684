import { describe, expect, it } from "vitest";
import { requestPasswordReset } from "@/lib/auth/reset-password";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createOrgInput, createOwnOrg } from "@/lib/orgs/create-org";
import { inviteInput, inviteMember } from "@/lib/orgs/invitations/invite-member";
import { revokeInvitation } from "@/lib/orgs/invitations/revoke-invitation";
import { inboxUrl, makeOrg, makeUser, testClientIp, uniqueEmail } from "@/test/support/factories";
import { listEmails, waitForEmail } from "@/test/support/mailbox";

async function outcome(work: Promise<unknown>): Promise<"sent" | number> {
  try {
    await work;
    return "sent";
  } catch (err) {
    if (err instanceof AppError && err.code === "rate_limited") return Number(err.headers["Retry-After"]);
    throw err;
  }
}

describe("email-sending requests are rate limited", () => {
  it("sends three reset emails to one address however often it is asked, and refuses the rest with Retry-After", async () => {
    const user = await makeUser();
    const results = [];
    for (let i = 0; i < 20; i++) results.push(await outcome(requestPasswordReset({ email: user.email }, testClientIp())));
    expect(results.filter((r) => r === "sent")).toHaveLength(3);
    const refusals = results.filter((r): r is number => typeof r === "number");
    expect(refusals).toHaveLength(17);
    expect(Math.min(...refusals)).toBeGreaterThan(0);
    expect(Math.max(...refusals)).toBeLessThanOrEqual(15 * 60);
    await waitForEmail(inboxUrl(), user.email, "Reset");
    expect(await listEmails(inboxUrl(), user.email)).toHaveLength(3);
  });

  it("holds under a parallel burst too", async () => {
    const user = await makeUser();
    const results = await Promise.all(
      Array.from({ length: 15 }, () => outcome(requestPasswordReset({ email: user.email }, testClientIp()))),
    );
    expect(results.filter((r) => r === "sent")).toHaveLength(3);
  });

  it("counts one network's requests across addresses", async () => {
    const network = testClientIp();
    const results = [];
    for (let i = 0; i <= env().RATE_LIMIT_EMAILS_PER_CLIENT; i++)
      results.push(await outcome(requestPasswordReset({ email: uniqueEmail("spray") }, network)));
    expect(results.slice(0, -1).every((r) => r === "sent")).toBe(true);
    expect(typeof results.at(-1)).toBe("number");
  });

  it("limits invitations to one address, per org", async () => {
    const owner = await makeUser();
    const org = await makeOrg([[owner, "owner"]]);
    const email = uniqueEmail("invited");
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await outcome(inviteMember({ org, role: "owner" }, owner, inviteInput.parse({ email }))));
    expect(results.slice(0, 3)).toEqual(["sent", "sent", "sent"]);
    expect(results.slice(3).every((r) => typeof r === "number")).toBe(true);
  });

  it("counts an address per inviting org: one org using up its three does not stop another org", async () => {
    const [a, b] = [await makeUser(), await makeUser()];
    const [orgA, orgB] = [await makeOrg([[a, "owner"]]), await makeOrg([[b, "owner"]])];
    const email = uniqueEmail("wanted");
    const fromA = [];
    for (let i = 0; i < 4; i++) fromA.push(await outcome(inviteMember({ org: orgA, role: "owner" }, a, inviteInput.parse({ email }))));
    expect(fromA.slice(0, 3)).toEqual(["sent", "sent", "sent"]);
    expect(typeof fromA[3]).toBe("number");
    expect(await outcome(inviteMember({ org: orgB, role: "owner" }, b, inviteInput.parse({ email })))).toBe("sent");
  });

  it("still holds one address to a ceiling across all orgs together", async () => {
    const email = uniqueEmail("popular");
    const results = [];
    for (let i = 0; i < 7; i++) {
      const owner = await makeUser();
      const org = await makeOrg([[owner, "owner"]]);
      for (let j = 0; j < 3; j++) results.push(await outcome(inviteMember({ org, role: "owner" }, owner, inviteInput.parse({ email }))));
    }
    expect(results.filter((r) => r === "sent")).toHaveLength(20);
    expect(typeof results.at(-1)).toBe("number");
  });

  it("counts one user's invitations across every org they administer, revoked ones included", async () => {
    const inviter = await makeUser();
    const orgs = [await makeOrg([[inviter, "owner"]]), await makeOrg([[inviter, "owner"]])];
    const results = [];
    for (let i = 0; i <= env().RATE_LIMIT_INVITES_PER_USER; i++) {
      const org = orgs[i % 2]!;
      const sent = await outcome(inviteMember({ org, role: "owner" }, inviter, inviteInput.parse({ email: uniqueEmail("relay") })));
      results.push(sent);
      if (sent === "sent") {
        const pending = await db.invitation.findFirstOrThrow({ where: { orgId: org.id, revokedAt: null, acceptedAt: null } });
        await revokeInvitation(org.id, pending.id);
      }
    }
    expect(results.slice(0, -1).every((r) => r === "sent")).toBe(true);
    expect(typeof results.at(-1)).toBe("number");
  });

  it("lets no unconfirmed account invite anyone, and sends nothing", async () => {
    const unconfirmed = await makeUser({ verified: false });
    const org = await makeOrg([[unconfirmed, "owner"]]);
    const email = uniqueEmail("never");
    await expect(inviteMember({ org, role: "owner" }, unconfirmed, inviteInput.parse({ email }))).rejects.toMatchObject({
      code: "email_unverified",
      status: 403,
    });
    expect(await db.invitation.count({ where: { orgId: org.id } })).toBe(0);
    expect(await listEmails(inboxUrl(), email)).toHaveLength(0);
  });

  it("limits how many orgs one user creates", async () => {
    const user = await makeUser();
    const results = [];
    for (let i = 0; i <= env().RATE_LIMIT_ORGS_PER_USER; i++) {
      const slug = `many-${Date.now().toString(36)}-${i}`;
      results.push(await outcome(createOwnOrg(user.id, createOrgInput.parse({ name: `Many ${i}`, slug }))));
    }
    expect(results.slice(0, -1).every((r) => r === "sent")).toBe(true);
    expect(typeof results.at(-1)).toBe("number");
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(env().RATE_LIMIT_ORGS_PER_USER);
  });
});
