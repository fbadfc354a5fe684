import { LicenseForm } from "@/components/admin/license-form";
import { LicenseCard } from "@/components/billing/license-card";
import { Card, CardHeader } from "@/components/ui/card";
import { env } from "@/lib/env";
import { installationId } from "@/lib/license/installation-id";
import { licenseView } from "@/lib/license/license-view";
import { loadOperatorPage } from "@/lib/admin/operator-page";

export const dynamic = "force-dynamic";

export default async function AdminLicensePage() {
  await loadOperatorPage();
  const view = await licenseView();
  if (!view.license)
    return (
      <Card>
        <CardHeader title="License" description="This installation bills through Stripe; licenses are for the self-hosted edition." />
      </Card>
    );
  return (
    <div className="space-y-6">
      <LicenseCard view={view.license} admin />
      <Card>
        <CardHeader
          title="Install or renew"
          description="Paste the license you received. It is checked against this installation's public key first."
        />
        <p className="mb-3 text-sm text-zinc-600">
          This installation&apos;s id is{" "}
          <code className="rounded bg-zinc-100 px-1" data-testid="installation-id">
            {await installationId()}
          </code>
          . Give it to your vendor to have a license issued for this installation alone.
        </p>
        {env().TOLLGATE_LICENSE ? (
          <p className="mb-3 text-sm text-zinc-600">
            TOLLGATE_LICENSE is also set in this installation&apos;s environment. Of the two, the license in force is the one issued last
            (one that is in force always beats one that has expired).
          </p>
        ) : null}
        <LicenseForm />
      </Card>
    </div>
  );
}
