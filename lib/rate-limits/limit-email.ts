import "server-only";
import { ratePolicies } from "./policies";
import { consumeRate } from "./rate-limit";

export type EmailKind = "verify" | "reset" | "sign-in-link" | "invite";

/**
 * Counts an email about to be sent: against the address it goes to (per kind, so a reset can't lock out a sign-in
 * link) and against who asked for it: the client's network for anonymous requests; for invitations the org and the
 * inviting user, with the address counted per inviting org under a higher ceiling for all orgs together, so one org
 * can't stop another from inviting someone. Throws 429 rate_limited before anything is sent.
 */
export async function limitEmail(
  kind: EmailKind,
  address: string,
  by: { clientIp: string } | { orgId: string; userId: string },
): Promise<void> {
  const policies = ratePolicies();
  if ("clientIp" in by) {
    await consumeRate(policies.emailsPerClient, by.clientIp);
    await consumeRate(policies.emailsPerAddress, `${kind}:${address}`);
    return;
  }
  await consumeRate(policies.invitesPerOrg, by.orgId);
  await consumeRate(policies.invitesPerUser, by.userId);
  await consumeRate(policies.emailsPerAddress, `${kind}:${by.orgId}:${address}`);
  await consumeRate(policies.invitesPerAddress, address);
}
