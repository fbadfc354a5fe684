import Link from "next/link";
import { redirect } from "next/navigation";
import { AppHeader } from "@/components/layout/app-header";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { requireUserForPage } from "@/lib/auth/current-user";
import { listUserOrgs } from "@/lib/orgs/list-user-orgs";
import { pendingInvitationsFor } from "@/lib/orgs/invitations/find-invitation";
import { AcceptInvitationButton } from "@/components/orgs/accept-invitation-button";

export const metadata = { title: "Your organizations" };

export default async function OrgsPage() {
  const user = await requireUserForPage("/orgs");
  const [orgs, invitations] = await Promise.all([listUserOrgs(user.id), pendingInvitationsFor(user)]);
  // Someone with nothing yet starts an organization, unless one is waiting for them to join.
  if (orgs.length === 0 && invitations.length === 0) redirect("/orgs/new");
  return (
    <>
      <AppHeader user={user} orgs={orgs} />
      <main className="mx-auto max-w-3xl space-y-6 px-4 py-10">
        {invitations.length ? (
          <Card data-testid="pending-invitations">
            <CardHeader title="Invitations for you" description={`Waiting for ${user.email} to join.`} />
            <ul className="divide-y divide-zinc-100">
              {invitations.map((inv) => (
                <li key={inv.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                  <span>
                    <span className="font-medium">{inv.org.name}</span>
                    <span className="text-sm text-zinc-600">
                      {" "}
                      · {inv.role}, invited by {inv.invitedBy.name ?? inv.invitedBy.email}
                    </span>
                  </span>
                  <span className="w-48">
                    <AcceptInvitationButton by={{ invitationId: inv.id }} label={`Join ${inv.org.name}`} />
                  </span>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
        {orgs.length ? (
          <Card>
            <CardHeader
              title="Your organizations"
              action={
                <Link href="/orgs/new" className={buttonVariants({ variant: "secondary", size: "sm" })}>
                  New organization
                </Link>
              }
            />
            <ul className="divide-y divide-zinc-100">
              {orgs.map((org) => (
                <li key={org.id} className="flex items-center justify-between py-3">
                  <Link href={`/${org.slug}/projects`} className="font-medium text-brand-700 hover:underline">
                    {org.name}
                  </Link>
                  <Badge tone={org.role === "owner" ? "brand" : "neutral"}>{org.role}</Badge>
                </li>
              ))}
            </ul>
          </Card>
        ) : (
          <p className="text-sm text-zinc-600">
            Or{" "}
            <Link href="/orgs/new" className="font-medium text-brand-700 hover:underline">
              create an organization of your own
            </Link>
            .
          </p>
        )}
      </main>
    </>
  );
}
