import { env } from "@/lib/env";

export type RatePolicy = { name: string; points: number; durationSeconds: number; message: string };

const MINUTE = 60;

/** Every limit in one place: what it counts, how many per window, and what the refusal says. */
export function ratePolicies() {
  const e = env();
  return {
    /** Emails of one kind to one address (sign-in links, resets, confirmations, invitations). */
    emailsPerAddress: {
      name: "email-addr",
      points: 3,
      durationSeconds: 15 * MINUTE,
      message: "Too many emails were sent to this address. Wait a few minutes and try again.",
    },
    /** Every email-sending request from one client address, whatever the target. */
    emailsPerClient: {
      name: "email-ip",
      points: e.RATE_LIMIT_EMAILS_PER_CLIENT,
      durationSeconds: 60 * MINUTE,
      message: "Too many emails were requested from your network. Try again later.",
    },
    /** Invitations one org sends (members invite from anywhere, so this counts per org, not per network). */
    invitesPerOrg: {
      name: "invite-org",
      points: e.RATE_LIMIT_INVITES_PER_ORG,
      durationSeconds: 60 * MINUTE,
      message: "This organization has sent many invitations in the last hour. Try again later.",
    },
    /** Invitations one user sends, across all the orgs they administer (a new org is no way around it). */
    invitesPerUser: {
      name: "invite-user",
      points: e.RATE_LIMIT_INVITES_PER_USER,
      durationSeconds: 60 * MINUTE,
      message: "You have sent many invitations in the last hour. Try again later.",
    },
    /**
     * Invitations to one address from every org together: a ceiling above what one org may send it (emailsPerAddress,
     * counted per inviting org), so no single org can use up another's chance to invite the same person.
     */
    invitesPerAddress: {
      name: "invite-addr",
      points: 20,
      durationSeconds: 60 * MINUTE,
      message: "This address has been invited many times in the last hour. Try again later.",
    },
    /** Organizations one user creates. */
    orgsPerUser: {
      name: "org-user",
      points: e.RATE_LIMIT_ORGS_PER_USER,
      durationSeconds: 24 * 60 * MINUTE,
      message: "You have created many organizations today. Try again tomorrow.",
    },
    /** Password-reset confirmations from one client address: a real person needs one or two. */
    resetConfirmsPerClient: {
      name: "reset-ip",
      points: 10,
      durationSeconds: 15 * MINUTE,
      message: "Too many password resets from your network. Wait 15 minutes and try again.",
    },
    /** Password attempts for one address (a success clears it). */
    signInsPerAddress: {
      name: "signin-addr",
      points: e.SIGNIN_MAX_FAILURES,
      durationSeconds: e.SIGNIN_WINDOW_MINUTES * MINUTE,
      message: "Too many failed attempts. Wait 15 minutes or reset your password.",
    },
    /** Password attempts from one client address, across every account. */
    signInsPerClient: {
      name: "signin-ip",
      points: e.RATE_LIMIT_SIGNINS_PER_CLIENT,
      durationSeconds: 15 * MINUTE,
      message: "Too many sign-in attempts from your network. Wait 15 minutes and try again.",
    },
  } satisfies Record<string, RatePolicy>;
}
