import type { ReactNode } from "react";
import { AppHeader } from "@/components/layout/app-header";
import { OrgNav } from "@/components/layout/org-nav";
import { VerifyEmailBanner } from "@/components/layout/verify-email-banner";
import { listUserOrgs } from "@/lib/orgs/list-user-orgs";
import { loadOrgPage } from "@/lib/orgs/org-page";

export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { user, org } = await loadOrgPage(slug, `/${slug}/projects`);
  const orgs = await listUserOrgs(user.id);
  return (
    <>
      {user.emailVerified ? null : <VerifyEmailBanner email={user.email} />}
      <AppHeader user={user} orgs={orgs} current={org} />
      <main className="mx-auto max-w-6xl px-4 py-8">
        <h1 className="mb-4 text-2xl font-semibold" data-testid="org-name">
          {org.name}
        </h1>
        <OrgNav slug={org.slug} />
        <div className="pt-6">{children}</div>
      </main>
    </>
  );
}
