"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiErrorAlert } from "@/components/billing/api-error-alert";
import { Button } from "@/components/ui/button";
import { useApiForm } from "@/components/ui/use-api-form";

/** Resolves a mismatch or failure in the audit log with what the operator did about it. */
export function ResolveForm({ entryId }: { entryId: string }) {
  const router = useRouter();
  const { pending, error, submit } = useApiForm();
  const [resolution, setResolution] = useState("");
  return (
    <form
      className="mt-2 flex flex-wrap items-start gap-2"
      onSubmit={async (e) => {
        e.preventDefault();
        if (await submit(`/api/v1/billing/audit/${entryId}/resolve`, { body: { resolution } })) router.refresh();
      }}
    >
      <label className="sr-only" htmlFor={`resolution-${entryId}`}>
        Resolution
      </label>
      <input
        id={`resolution-${entryId}`}
        value={resolution}
        onChange={(e) => setResolution(e.target.value)}
        placeholder="What was done about it"
        className="min-w-64 flex-1 rounded-lg border border-zinc-300 px-3 py-1.5 text-sm"
      />
      <Button type="submit" size="sm" disabled={pending}>
        Resolve
      </Button>
      {error ? <ApiErrorAlert error={error} /> : null}
    </form>
  );
}
