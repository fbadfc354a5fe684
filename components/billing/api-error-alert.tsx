import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import type { ApiError } from "@/components/ui/use-api-form";

/** An API error as an alert; a plan limit or a restriction also links to the billing page to upgrade or pay. */
export function ApiErrorAlert({ error, className }: { error: ApiError; className?: string }) {
  return (
    <Alert tone="error" className={className}>
      {error.message}
      {error.upgrade ? (
        <>
          {" "}
          <Link className="font-medium underline" href={error.upgrade}>
            {error.code === "account_restricted" ? "Pay the open invoice" : (error.upgradeLabel ?? "See plans")}
          </Link>
        </>
      ) : null}
    </Alert>
  );
}
