import { describe, expect, it } from "vitest";
import { signUp, signUpInput } from "@/lib/auth/sign-up";
import { confirmEmail } from "@/lib/auth/verify-email";
import { db } from "@/lib/db";
import { inboxUrl, testClientIp, uniqueEmail } from "@/test/support/factories";
import { linkIn, waitForEmail } from "@/test/support/mailbox";

const ip = testClientIp();

describe("sign up", () => {
  it("stores a hashed password and emails a one-time verification link", async () => {
    const email = uniqueEmail("signup");
    const user = await signUp(signUpInput.parse({ name: "Sam", email, password: "long enough pw" }), ip);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain("long enough pw");
    expect(row.emailVerified).toBeNull();

    const mail = await waitForEmail(inboxUrl(), email, "Confirm your email");
    const token = new URL(linkIn(mail, "/verify-email")).searchParams.get("token")!;
    // Someone else's session can't spend the link: the address stays unconfirmed and the link keeps working.
    const other = await signUp(signUpInput.parse({ name: "Other", email: uniqueEmail("other"), password: "long enough pw" }), ip);
    await expect(confirmEmail(token, other.id)).rejects.toMatchObject({ code: "invalid_token" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).toBeNull();
    await confirmEmail(token, user.id);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).not.toBeNull();
    await expect(confirmEmail(token, user.id)).rejects.toMatchObject({ code: "invalid_token" });
  });

  it("refuses a second account for the same email, whatever its case", async () => {
    const email = uniqueEmail("dupe");
    await signUp(signUpInput.parse({ name: "A", email, password: "long enough pw" }), ip);
    await expect(
      signUp(signUpInput.parse({ name: "B", email: email.toUpperCase(), password: "long enough pw" }), ip),
    ).rejects.toMatchObject({
      code: "email_taken",
      status: 409,
    });
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it("validates name, email and password length", () => {
    const result = signUpInput.safeParse({ name: "", email: "not-an-email", password: "short" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0]).sort()).toEqual(["email", "name", "password"]);
  });
});
