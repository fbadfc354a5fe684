import { describe, expect, it } from "vitest";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import bcrypt from "bcryptjs";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { makeUser, testClientIp, uniqueEmail } from "@/test/support/factories";
import { exportToEnv } from "@/scripts/lib/process-env";

// Every attempt costs a real scrypt hash (a decoy one for an unknown address): smaller limits keep the attempts few
// enough for a loaded CI machine, and the limits are still what stop them. Each test signs in from an address of its own.
exportToEnv({ RATE_LIMIT_SIGNINS_PER_CLIENT: "10", SIGNIN_MAX_FAILURES: "3" });

describe("password sign-in", () => {
  it("stores scrypt hashes, still accepts a bcrypt hash made before them and replaces it at that sign-in", async () => {
    const ip = testClientIp();
    const fresh = await makeUser({ password: "right password" });
    expect((await db.user.findUniqueOrThrow({ where: { id: fresh.id } })).passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    const legacy = await makeUser();
    await db.user.update({ where: { id: legacy.id }, data: { passwordHash: await bcrypt.hash("old style", 4) } });
    expect(await verifyCredentials({ email: legacy.email, password: "wrong" }, ip)).toEqual({ ok: false, reason: "invalid" });
    expect((await db.user.findUniqueOrThrow({ where: { id: legacy.id } })).passwordHash).toMatch(/^\$2/);
    expect(await verifyCredentials({ email: legacy.email, password: "old style" }, ip)).toMatchObject({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: legacy.id } })).passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyCredentials({ email: legacy.email, password: "old style" }, ip)).toMatchObject({ ok: true });
  });

  it("accepts the right password and answers 'invalid' alike for a wrong password and an unknown email", async () => {
    const ip = testClientIp();
    const user = await makeUser({ password: "right password" });
    const ok = await verifyCredentials({ email: user.email.toUpperCase(), password: "right password" }, ip);
    expect(ok).toMatchObject({ ok: true, user: { id: user.id } });
    expect(await verifyCredentials({ email: user.email, password: "wrong password" }, ip)).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials({ email: uniqueEmail("ghost"), password: "whatever" }, ip)).toEqual({ ok: false, reason: "invalid" });
  });

  it("throttles an address after repeated failures, even for the right password", async () => {
    const ip = testClientIp();
    const user = await makeUser({ password: "right password" });
    for (let i = 0; i < env().SIGNIN_MAX_FAILURES; i++) {
      expect(await verifyCredentials({ email: user.email, password: `wrong ${i}` }, ip)).toMatchObject({ reason: "invalid" });
    }
    expect(await verifyCredentials({ email: user.email, password: "right password" }, ip)).toEqual({ ok: false, reason: "throttled" });
  });

  it("forgets earlier failures after a successful sign-in", async () => {
    const ip = testClientIp();
    const user = await makeUser({ password: "right password" });
    for (let i = 0; i < env().SIGNIN_MAX_FAILURES - 1; i++) await verifyCredentials({ email: user.email, password: "nope" }, ip);
    expect(await verifyCredentials({ email: user.email, password: "right password" }, ip)).toMatchObject({ ok: true });
    for (let i = 0; i < env().SIGNIN_MAX_FAILURES - 1; i++) await verifyCredentials({ email: user.email, password: "nope" }, ip);
    expect(await verifyCredentials({ email: user.email, password: "right password" }, ip)).toMatchObject({ ok: true });
  });
});

describe("password sign-in under attack", () => {
  it("gives a parallel burst no more guesses than the limit", async () => {
    const user = await makeUser({ password: "right password" });
    const burst = await Promise.all(
      Array.from({ length: 25 }, (_, i) => verifyCredentials({ email: user.email, password: `guess ${i}` }, testClientIp())),
    );
    expect(burst.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(env().SIGNIN_MAX_FAILURES);
    expect(burst.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(25 - env().SIGNIN_MAX_FAILURES);
    expect(await verifyCredentials({ email: user.email, password: "right password" }, testClientIp())).toEqual({
      ok: false,
      reason: "throttled",
    });
  });

  it("counts one network's attempts across many accounts", async () => {
    const network = testClientIp();
    const attempts = [];
    for (let i = 0; i < env().RATE_LIMIT_SIGNINS_PER_CLIENT; i++)
      attempts.push(await verifyCredentials({ email: uniqueEmail("spray"), password: "Summer2026!" }, network));
    expect(attempts.every((r) => !r.ok && r.reason === "invalid")).toBe(true);
    const user = await makeUser({ password: "right password" });
    expect(await verifyCredentials({ email: user.email, password: "right password" }, network)).toEqual({ ok: false, reason: "throttled" });
    expect(await verifyCredentials({ email: user.email, password: "right password" }, testClientIp())).toMatchObject({ ok: true });
  });
});
