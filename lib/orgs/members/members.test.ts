import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { changeMemberRole } from "@/lib/orgs/members/change-member-role";
import { removeMember } from "@/lib/orgs/members/remove-member";
import { makeOrg, makeUser } from "@/test/support/factories";

async function team() {
  const [owner, admin, member] = await Promise.all([makeUser(), makeUser(), makeUser()]);
  const org = await makeOrg([
    [owner, "owner"],
    [admin, "admin"],
    [member, "member"],
  ]);
  return { owner, admin, member, org };
}

const roleOf = async (orgId: string, userId: string) =>
  (await db.membership.findUnique({ where: { orgId_userId: { orgId, userId } } }))?.role ?? null;

describe("member roles", () => {
  it("lets an admin promote a member to admin but not to owner", async () => {
    const { admin, member, org } = await team();
    await changeMemberRole({ org, role: "admin" }, member.id, { role: "admin" });
    expect(await roleOf(org.id, member.id)).toBe("admin");
    await expect(changeMemberRole({ org, role: "admin" }, member.id, { role: "owner" })).rejects.toMatchObject({ status: 403 });
    await expect(changeMemberRole({ org, role: "admin" }, admin.id, { role: "member" })).resolves.toMatchObject({ role: "member" });
  });

  it("never demotes the last owner, even when two demotions race", async () => {
    const { owner, org } = await team();
    await expect(changeMemberRole({ org, role: "owner" }, owner.id, { role: "admin" })).rejects.toMatchObject({
      code: "last_owner",
      status: 409,
    });

    const second = await makeUser();
    await db.membership.create({ data: { orgId: org.id, userId: second.id, role: "owner" } });
    const results = await Promise.allSettled([
      changeMemberRole({ org, role: "owner" }, owner.id, { role: "member" }),
      changeMemberRole({ org, role: "owner" }, second.id, { role: "member" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.membership.count({ where: { orgId: org.id, role: "owner" } })).toBe(1);
  });
});

describe("removing members", () => {
  it("lets admins remove members, members leave, and nobody remove the last owner", async () => {
    const { owner, admin, member, org } = await team();
    await expect(removeMember({ org, role: "member", userId: member.id }, admin.id)).rejects.toMatchObject({ status: 403 });
    await expect(removeMember({ org, role: "admin", userId: admin.id }, owner.id)).rejects.toMatchObject({ status: 403 });
    await removeMember({ org, role: "admin", userId: admin.id }, member.id);
    expect(await roleOf(org.id, member.id)).toBeNull();
    await removeMember({ org, role: "admin", userId: admin.id }, admin.id);
    expect(await roleOf(org.id, admin.id)).toBeNull();
    await expect(removeMember({ org, role: "owner", userId: owner.id }, owner.id)).rejects.toMatchObject({ code: "last_owner" });
  });
});
