import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-shell";
import { AcceptInvitationButton } from "@/components/orgs/accept-invitation-button";
import { Alert } from "@/components/ui/alert";
import { buttonVariants } from "@/components/ui/button";
import { getCurrentUser } from "@/lib/auth/current-user";
import { findInvitationByToken } from "@/lib/orgs/invitations/find-invitation";

export const metadata = { title: "Invitation" };

const UNUSABLE = {
  expired: "This invitation has expired. Ask an admin of the organization to invite you again.",
  accepted: "This invitation was already accepted.",
  revoked: "This invitation was withdrawn. Ask an admin of the organization for a new one.",
} as const;

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findInvitationByToken(token);
  if (!invitation || invitation.state !== "pending") {
    const reason =
      invitation && invitation.state !== "pending"
        ? UNUSABLE[invitation.state]
        : "This invitation link is not valid. Check that you copied all of it.";
    return (
      <AuthShell title="This invitation cannot be used">
        <Alert tone="error">{reason}</Alert>
        <Link href="/orgs" className="mt-6 inline-block text-sm font-medium text-brand-700 hover:underline">
          Go to Tollgate
        </Link>
      </AuthShell>
    );
  }
  const user = await getCurrentUser();
  const inviter = invitation.invitedBy.name ?? invitation.invitedBy.email;
  const here = `/invite/${token}`;
  return (
    <AuthShell title={`Join ${invitation.org.name}`} subtitle={`${inviter} invited ${invitation.email} to join as ${invitation.role}.`}>
      {!user ? (
        <div className="space-y-3">
          <Link
            className={buttonVariants({ className: "w-full" })}
            href={`/signup?${new URLSearchParams({ callbackUrl: here, email: invitation.email })}`}
          >
            Create an account to accept
          </Link>
          <Link
            className={buttonVariants({ variant: "secondary", className: "w-full" })}
            href={`/signin?callbackUrl=${encodeURIComponent(here)}`}
          >
            I already have an account
          </Link>
        </div>
      ) : user.email !== invitation.email ? (
        <Alert tone="warning">
          You are signed in as {user.email}, but this invitation is for {invitation.email}. Sign out and sign in with that address to accept
          it.
        </Alert>
      ) : !user.emailVerified ? (
        <Alert tone="warning">
          Confirm {user.email} first: open the confirmation link we emailed you, then come back to this page to accept.
        </Alert>
      ) : (
        <AcceptInvitationButton by={{ token }} />
      )}
    </AuthShell>
  );
}
