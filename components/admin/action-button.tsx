"use client";

import { useRouter } from "next/navigation";
import { ApiErrorAlert } from "@/components/billing/api-error-alert";
import { Button } from "@/components/ui/button";
import { useApiForm } from "@/components/ui/use-api-form";

/** A button that posts to an operator API and refreshes the page's data when it is done. */
export function ActionButton({
  url,
  body,
  label,
  variant = "secondary",
}: {
  url: string;
  body?: unknown;
  label: string;
  variant?: "primary" | "secondary";
}) {
  const router = useRouter();
  const { pending, error, submit } = useApiForm();
  return (
    <span className="inline-flex flex-col gap-1">
      <Button
        size="sm"
        variant={variant}
        disabled={pending}
        onClick={async () => {
          if (await submit(url, { body: body ?? {} })) router.refresh();
        }}
      >
        {label}
      </Button>
      {error ? <ApiErrorAlert error={error} /> : null}
    </span>
  );
}
