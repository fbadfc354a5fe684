import Link from "next/link";
import { redirect } from "next/navigation";
import { AppHeader } from "@/components/layout/app-header";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { requireUserForPage } from "@/lib/auth/current-user";
import { listUserOrgs } from "@/lib/orgs/list-user-orgs";

export const metadata = { title: "Your organizations" };

export default async function OrgsPage() {
  const user = await requireUserForPage("/orgs");
  const orgs = await listUserOrgs(user.id);
  if (orgs.length === 0) redirect("/orgs/new");
  return (
    <>
      <AppHeader user={user} orgs={orgs} />
      <main className="mx-auto max-w-3xl px-4 py-10">
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
      </main>
    </>
  );
}
