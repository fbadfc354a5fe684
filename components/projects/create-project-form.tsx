"use client";

import { ApiErrorAlert } from "@/components/billing/api-error-alert";
import { useRouter } from "next/navigation";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useApiForm } from "@/components/ui/use-api-form";

export function CreateProjectForm({ slug }: { slug: string }) {
  const form = useApiForm();
  const router = useRouter();
  const ref = useRef<HTMLFormElement>(null);
  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = new FormData(e.currentTarget).get("name");
    if (await form.submit(`/api/v1/orgs/${slug}/projects`, { body: { name } })) {
      ref.current?.reset();
      router.refresh();
    }
  }
  return (
    <form ref={ref} onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
      <Field
        className="min-w-64 flex-1"
        label="New project"
        name="name"
        placeholder="e.g. Nightly import"
        error={form.fieldError("name")}
        required
      />
      <Button type="submit" disabled={form.pending}>
        Create project
      </Button>
      {form.error && !form.error.fields ? <ApiErrorAlert error={form.error} className="w-full" /> : null}
    </form>
  );
}
