import { describe, expect, it } from "vitest";
import { requestPasswordReset } from "@/lib/auth/reset-password";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { inviteInput, inviteMember } from "@/lib/orgs/invitations/invite-member";
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
});
