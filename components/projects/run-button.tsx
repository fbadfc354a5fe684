"use client";

import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
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
      <Button onClick={run} disabled={form.pending}>{form.pending ? "Running…" : "Run"}</Button>
      {form.error ? <Alert tone="error">{form.error.message}</Alert> : null}
    </div>
  );
}
