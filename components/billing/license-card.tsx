import { day } from "@/components/billing/format";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import type { LicenseView } from "@/lib/license/license-view";

const limit = (n: number | null | undefined) => (n === null || n === undefined ? "unlimited" : n.toLocaleString("en-US"));

/** The self-hosted edition's billing: the license the installation runs on, in place of Checkout, the portal and top-ups. */
export function LicenseCard({ view, admin }: { view: NonNullable<LicenseView["license"]>; admin: boolean }) {
  return (
    <Card data-testid="license">
      <CardHeader
        title="License"
        description="This installation is self-hosted: a signed license decides what it may do, with no payment provider."
        action={
          <Badge tone={view.mode === "licensed" ? "success" : view.mode === "grace" ? "warning" : "danger"}>
            {view.mode === "licensed" ? `${view.daysLeft} days left` : view.mode === "grace" ? "expired — in grace" : "community limits"}
          </Badge>
        }
      />
      {admin && view.mode === "grace" ? (
        <Alert tone="warning" className="mb-4">
          The license expired on {day(view.expiresAt)}. Its limits hold until {day(view.graceEndsAt)}; after that this installation runs on
          community limits (nothing is deleted). Ask your platform operator to install a renewed license.
        </Alert>
      ) : null}
      {view.mode === "community" ? (
        <Alert tone="warning" className="mb-4">
          Running on community (Free) limits: {view.reason}
        </Alert>
      ) : null}
      {view.licensee ? (
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <dt className="text-zinc-600">Licensee</dt>
          <dd data-testid="license-licensee">{view.licensee}</dd>
          <dt className="text-zinc-600">Plan</dt>
          <dd className="capitalize">{view.plan}</dd>
          <dt className="text-zinc-600">Seats</dt>
          <dd data-testid="license-seats">{limit(view.limits?.seats)}</dd>
          <dt className="text-zinc-600">Projects</dt>
          <dd>{limit(view.limits?.projects)}</dd>
          <dt className="text-zinc-600">Runs a month</dt>
          <dd>{limit(view.limits?.runsPerMonth)}</dd>
          <dt className="text-zinc-600">Features</dt>
          <dd>{view.features.join(", ") || "none"}</dd>
          <dt className="text-zinc-600">Valid</dt>
          <dd>
            {day(view.validFrom)} – {day(view.expiresAt)}
          </dd>
          <dt className="text-zinc-600">License id</dt>
          <dd className="font-mono text-xs">{view.licenseId}</dd>
        </dl>
      ) : null}
    </Card>
  );
}
