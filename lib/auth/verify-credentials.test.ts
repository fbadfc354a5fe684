import { describe, expect, it } from "vitest";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { env } from "@/lib/env";
import { makeUser, uniqueEmail } from "@/test/support/factories";

describe("password sign-in", () => {
  it("accepts the right password and answers 'invalid' alike for a wrong password and an unknown email", async () => {
    const user = await makeUser({ password: "right password" });
    const ok = await verifyCredentials({ email: user.email.toUpperCase(), password: "right password" });
    expect(ok).toMatchObject({ ok: true, user: { id: user.id } });
    expect(await verifyCredentials({ email: user.email, password: "wrong password" })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials({ email: uniqueEmail("ghost"), password: "whatever" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("throttles an address after repeated failures, even for the right password", async () => {
    const user = await makeUser({ password: "right password" });
    for (let i = 0; i < env().SIGNIN_MAX_FAILURES; i++) {
      expect(await verifyCredentials({ email: user.email, password: `wrong ${i}` })).toMatchObject({ reason: "invalid" });
    }
    expect(await verifyCredentials({ email: user.email, password: "right password" })).toEqual({ ok: false, reason: "throttled" });
  });

  it("forgets earlier failures after a successful sign-in", async () => {
    const user = await makeUser({ password: "right password" });
    for (let i = 0; i < env().SIGNIN_MAX_FAILURES - 1; i++) await verifyCredentials({ email: user.email, password: "nope" });
    expect(await verifyCredentials({ email: user.email, password: "right password" })).toMatchObject({ ok: true });
    for (let i = 0; i < env().SIGNIN_MAX_FAILURES - 1; i++) await verifyCredentials({ email: user.email, password: "nope" });
    expect(await verifyCredentials({ email: user.email, password: "right password" })).toMatchObject({ ok: true });
  });
});
