"use client";

import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useApiForm } from "@/components/ui/use-api-form";

export function ProjectSettings({ slug, project, canDelete }: { slug: string; project: { id: string; name: string }; canDelete: boolean }) {
  const rename = useApiForm();
  const remove = useApiForm();
  const router = useRouter();
  const url = `/api/v1/orgs/${slug}/projects/${project.id}`;
  async function onRename(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = new FormData(e.currentTarget).get("name");
    if (await rename.submit(url, { method: "PATCH", body: { name } })) router.refresh();
  }
  async function onDelete() {
    if (!window.confirm(`Delete "${project.name}" and all its runs? This cannot be undone.`)) return;
    if (await remove.submit(url, { method: "DELETE" })) router.push(`/${slug}/projects`);
  }
  return (
    <div className="space-y-6">
      <form onSubmit={onRename} className="flex flex-wrap items-end gap-3" noValidate>
        <Field
          className="min-w-64 flex-1"
          label="Project name"
          name="name"
          defaultValue={project.name}
          error={rename.fieldError("name")}
          required
        />
        <Button type="submit" variant="secondary" disabled={rename.pending}>
          Rename
        </Button>
        {rename.error && !rename.error.fields ? (
          <Alert tone="error" className="w-full">
            {rename.error.message}
          </Alert>
        ) : null}
      </form>
      {canDelete ? (
        <div className="flex items-center justify-between rounded-lg border border-red-200 p-4">
          <p className="text-sm text-zinc-700">Deleting a project removes its runs too.</p>
          <Button variant="danger" onClick={onDelete} disabled={remove.pending}>
            Delete project
          </Button>
        </div>
      ) : null}
      {remove.error ? <Alert tone="error">{remove.error.message}</Alert> : null}
    </div>
  );
}
