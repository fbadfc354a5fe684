"use client";

import { ApiErrorAlert } from "@/components/billing/api-error-alert";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useApiForm } from "@/components/ui/use-api-form";

export function RunButton({ slug, projectId }: { slug: string; projectId: string }) {
  const form = useApiForm();
  const router = useRouter();
  async function run() {
    if (await form.submit(`/api/v1/orgs/${slug}/projects/${projectId}/runs`, {})) router.refresh();
  }
  return (
    <div className="flex flex-col items-end gap-2">
      <Button onClick={run} disabled={form.pending}>
        {form.pending ? "Running…" : "Run"}
      </Button>
      {form.error ? <ApiErrorAlert error={form.error} /> : null}
    </div>
  );
}
