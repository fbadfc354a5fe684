import Link from "next/link";
import { day } from "@/components/billing/format";
import type { LicenseView } from "@/lib/license/license-view";

const RENEW_SOON_DAYS = 14;

/**
 * What an org's admins see above every page of a self-hosted installation whose license needs them: it expired and
 * is in grace, it no longer holds (community limits), or it runs out within two weeks.
 */
export function LicenseBanner({ view, billingPath }: { view: NonNullable<LicenseView["license"]>; billingPath: string }) {
  const message =
    view.mode === "grace"
      ? `The license expired on ${day(view.expiresAt)}. Its limits hold until ${day(view.graceEndsAt)}; then this installation runs on community limits.`
      : view.mode === "community"
        ? `This installation runs on community (Free) limits: ${view.reason} Nothing is deleted; what is beyond the limits is read-only.`
        : view.daysLeft <= RENEW_SOON_DAYS
          ? `The license expires on ${day(view.expiresAt)}, in ${view.daysLeft} days.`
          : null;
  if (!message) return null;
  const urgent = view.mode !== "licensed";
  return (
    <div
      data-testid="license-banner"
      data-mode={view.mode}
      role="status"
      className={
        urgent
          ? "border-b border-amber-300 bg-amber-100 px-4 py-2 text-center text-sm text-amber-950"
          : "border-b border-brand-100 bg-brand-50 px-4 py-2 text-center text-sm text-brand-700"
      }
    >
      {message} Ask your platform operator for a renewed license.{" "}
      <Link href={billingPath} className="font-medium underline">
        See the license
      </Link>
    </div>
  );
}
