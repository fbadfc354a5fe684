import { describe, expect, it } from "vitest";
import { requestPasswordReset, resetPassword } from "@/lib/auth/reset-password";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { db } from "@/lib/db";
import { inboxUrl, makeUser, testClientIp, uniqueEmail } from "@/test/support/factories";
import { linkIn, listEmails, waitForEmail } from "@/test/support/mailbox";

async function resetToken(email: string): Promise<string> {
  await requestPasswordReset({ email }, ip);
  const mail = await waitForEmail(inboxUrl(), email, "Reset your Tollgate password");
  return new URL(linkIn(mail, "/reset-password")).searchParams.get("token")!;
}

const ip = testClientIp();

describe("password reset", () => {
  it("sets the new password once, signs out other sessions and refuses the link a second time", async () => {
    const user = await makeUser({ password: "old password" });
    const token = await resetToken(user.email);
    await resetPassword({ token, password: "brand new password" }, testClientIp());

    expect(await verifyCredentials({ email: user.email, password: "old password" }, ip)).toMatchObject({ ok: false });
    expect(await verifyCredentials({ email: user.email, password: "brand new password" }, ip)).toMatchObject({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(1);
    await expect(resetPassword({ token, password: "another password" }, testClientIp())).rejects.toMatchObject({
      code: "invalid_token",
      status: 400,
    });
  });

  it("refuses an expired link and changes nothing", async () => {
    const user = await makeUser({ password: "old password" });
    const token = await resetToken(user.email);
    await db.authToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(resetPassword({ token, password: "brand new password" }, testClientIp())).rejects.toMatchObject({ code: "invalid_token" });
    expect(await verifyCredentials({ email: user.email, password: "old password" }, ip)).toMatchObject({ ok: true });
  });

  it("only the newest link works", async () => {
    const user = await makeUser();
    const first = await resetToken(user.email);
    await requestPasswordReset({ email: user.email }, ip);
    await expect(resetPassword({ token: first, password: "brand new password" }, testClientIp())).rejects.toMatchObject({
      code: "invalid_token",
    });
  });

  it("counts confirmations per client: made-up tokens get 400 until the limit, then 429, and the token is checked first", async () => {
    const attacker = testClientIp();
    for (let i = 0; i < 10; i++)
      await expect(resetPassword({ token: `made-up-${i}`, password: "some password" }, attacker)).rejects.toMatchObject({
        code: "invalid_token",
      });
    await expect(resetPassword({ token: "made-up-11", password: "some password" }, attacker)).rejects.toMatchObject({
      code: "rate_limited",
      status: 429,
    });
    // Another client is not held back by the first one's count.
    const user = await makeUser({ password: "old password" });
    await resetPassword({ token: await resetToken(user.email), password: "brand new password" }, testClientIp());
    expect(await verifyCredentials({ email: user.email, password: "brand new password" }, ip)).toMatchObject({ ok: true });
  });

  it("sends nothing for an unknown address", async () => {
    const email = uniqueEmail("nobody");
    await requestPasswordReset({ email }, ip);
    // A known address in the same instant proves the mail path works, so silence for the unknown one means something.
    const known = await makeUser();
    await requestPasswordReset({ email: known.email }, ip);
    await waitForEmail(inboxUrl(), known.email, "Reset");
    expect(await listEmails(inboxUrl(), email)).toHaveLength(0);
  });
});
