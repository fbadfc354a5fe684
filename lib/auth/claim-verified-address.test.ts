import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { uniqueEmail } from "@/test/support/factories";
import { claimVerifiedAddress } from "./claim-verified-address";
import { openSession } from "./sessions";

describe("the owner of an address claims it by proving the mailbox", () => {
  it("clears a squatter's password and ends the squatter's sessions", async () => {
    const email = uniqueEmail("squatted");
    const squatter = await db.user.create({ data: { email, passwordHash: await hashPassword("squatter's password") } });
    await openSession(squatter.id);
    expect(await claimVerifiedAddress(email)).toBe(true);
    const after = await db.user.findUniqueOrThrow({ where: { id: squatter.id } });
    expect(after.passwordHash).toBeNull();
    expect(after.emailVerified).not.toBeNull();
    expect(after.sessionVersion).toBe(squatter.sessionVersion + 1);
    expect(await db.session.count({ where: { userId: squatter.id } })).toBe(0);
  });

  it("leaves a verified account's password and sessions alone", async () => {
    const email = uniqueEmail("owner");
    const owner = await db.user.create({ data: { email, passwordHash: await hashPassword("mine"), emailVerified: new Date() } });
    await openSession(owner.id);
    expect(await claimVerifiedAddress(email)).toBe(false);
    expect((await db.user.findUniqueOrThrow({ where: { id: owner.id } })).passwordHash).not.toBeNull();
    expect(await db.session.count({ where: { userId: owner.id } })).toBe(1);
  });
});
