import type { ReactNode } from "react";
import { AppHeader } from "@/components/layout/app-header";
import { OrgNav } from "@/components/layout/org-nav";
import { LicenseBanner } from "@/components/layout/license-banner";
import { VerifyEmailBanner } from "@/components/layout/verify-email-banner";
import { licenseView } from "@/lib/license/license-view";
import { hasRole } from "@/lib/orgs/roles";
import { listUserOrgs } from "@/lib/orgs/list-user-orgs";
import { loadOrgPage } from "@/lib/orgs/org-page";

export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { user, org, role } = await loadOrgPage(slug, `/${slug}/projects`);
  const [orgs, { license }] = await Promise.all([listUserOrgs(user.id), licenseView()]);
  return (
    <>
      {user.emailVerified ? null : <VerifyEmailBanner email={user.email} />}
      {license && hasRole(role, "admin") ? <LicenseBanner view={license} billingPath={`/${org.slug}/billing`} /> : null}
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
