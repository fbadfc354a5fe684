import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { acceptInvitation } from "@/lib/orgs/invitations/accept-invitation";
import { findInvitationByToken, pendingInvitationsFor } from "@/lib/orgs/invitations/find-invitation";
import { inviteInput, inviteMember } from "@/lib/orgs/invitations/invite-member";
import { inboxUrl, makeOrg, makeUser, uniqueEmail } from "@/test/support/factories";
import { linkIn, waitForEmail } from "@/test/support/mailbox";

async function invite(email: string, role: "member" | "admin" = "member") {
  const owner = await makeUser();
  const org = await makeOrg([[owner, "owner"]]);
  const { emailSent } = await inviteMember({ org, role: "owner" }, owner, inviteInput.parse({ email, role }));
  expect(emailSent).toBe(true);
  const mail = await waitForEmail(inboxUrl(), email, `invited you to ${org.name}`);
  const token = new URL(linkIn(mail, "/invite/")).pathname.split("/").at(-1)!;
  return { owner, org, token };
}

describe("invitations", () => {
  it("emails a link that adds the invited person with the invited role, once", async () => {
    const email = uniqueEmail("invitee");
    const { org, token } = await invite(email, "admin");
    const invitee = await makeUser({ email });
    expect((await findInvitationByToken(token))?.state).toBe("pending");

    await expect(acceptInvitation(invitee, { token })).resolves.toMatchObject({ slug: org.slug });
    const membership = await db.membership.findUnique({ where: { orgId_userId: { orgId: org.id, userId: invitee.id } } });
    expect(membership?.role).toBe("admin");

    await expect(acceptInvitation(invitee, { token })).rejects.toMatchObject({ code: "invalid_token", status: 400 });
    expect((await findInvitationByToken(token))?.state).toBe("accepted");
  });

  it("are offered to their verified addressee wherever they sign in, and accepted there by id by nobody else", async () => {
    const email = uniqueEmail("waiting");
    const { org } = await invite(email);
    const unverified = { email, emailVerified: false };
    expect(await pendingInvitationsFor(unverified)).toEqual([]);
    const invitee = await makeUser({ email });
    const [waiting, ...more] = await pendingInvitationsFor(invitee);
    expect(more).toEqual([]);
    expect(waiting).toMatchObject({ role: "member", org: { name: org.name } });

    const stranger = await makeUser();
    await expect(acceptInvitation(stranger, { invitationId: waiting!.id })).rejects.toMatchObject({ code: "forbidden", status: 403 });
    await expect(acceptInvitation(invitee, { invitationId: waiting!.id })).resolves.toMatchObject({ slug: org.slug });
    expect(await pendingInvitationsFor(invitee)).toEqual([]);
    await expect(acceptInvitation(invitee, { invitationId: "no-such-invitation" })).rejects.toMatchObject({ code: "invalid_token" });
  });

  it("refuses an account whose address is not verified, and leaves the invitation usable", async () => {
    const email = uniqueEmail("squatted");
    const { org, token } = await invite(email);
    const squatter = await makeUser({ email, verified: false });
    await expect(acceptInvitation(squatter, { token })).rejects.toMatchObject({ code: "email_unverified", status: 403 });
    expect(await db.membership.count({ where: { orgId: org.id, userId: squatter.id } })).toBe(0);
    expect((await findInvitationByToken(token))?.state).toBe("pending");
  });

  it("refuses someone signed in with another address", async () => {
    const { org, token } = await invite(uniqueEmail("intended"));
    const stranger = await makeUser();
    await expect(acceptInvitation(stranger, { token })).rejects.toMatchObject({ status: 403 });
    expect(await db.membership.count({ where: { orgId: org.id, userId: stranger.id } })).toBe(0);
  });

  it("refuses an expired invitation", async () => {
    const email = uniqueEmail("late");
    const { org, token } = await invite(email);
    await db.invitation.updateMany({ where: { orgId: org.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await findInvitationByToken(token))?.state).toBe("expired");
    await expect(acceptInvitation(await makeUser({ email }), { token })).rejects.toMatchObject({ code: "invalid_token" });
  });

  it("replaces the pending link when the same address is invited again, and refuses existing members", async () => {
    const email = uniqueEmail("again");
    const { owner, org, token } = await invite(email);
    await inviteMember({ org, role: "owner" }, owner, inviteInput.parse({ email }));
    expect((await findInvitationByToken(token))?.state).toBe("revoked");
    await expect(inviteMember({ org, role: "owner" }, owner, inviteInput.parse({ email: owner.email }))).rejects.toMatchObject({
      code: "already_member",
      status: 409,
    });
  });

  it("lets only owners invite owners", async () => {
    const admin = await makeUser();
    const org = await makeOrg([[admin, "admin"]]);
    await expect(
      inviteMember({ org, role: "admin" }, admin, inviteInput.parse({ email: uniqueEmail(), role: "owner" })),
    ).rejects.toMatchObject({ status: 403 });
  });
});
