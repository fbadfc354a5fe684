"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useApiForm } from "@/components/ui/use-api-form";
import { billingPathFor, type PlanChoice } from "@/lib/plans/plan-choice";
import { slugFromName } from "@/lib/orgs/slug";

/** With a plan picked on /pricing, the new org goes straight on to its billing page, which opens Checkout. */
export function CreateOrgForm({ planChoice }: { planChoice?: PlanChoice | null }) {
  const form = useApiForm();
  const router = useRouter();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const done = await form.submit<{ org: { slug: string } }>("/api/v1/orgs", { body: { name, slug } });
    if (done) router.push(planChoice ? billingPathFor(done.data.org.slug, planChoice) : `/${done.data.org.slug}/projects`);
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {form.error && !form.error.fields ? <Alert tone="error">{form.error.message}</Alert> : null}
      <Field
        label="Organization name"
        name="name"
        value={name}
        required
        error={form.fieldError("name")}
        onChange={(e) => {
          setName(e.target.value);
          if (!slugEdited) setSlug(slugFromName(e.target.value));
        }}
      />
      <Field
        label="URL"
        name="slug"
        value={slug}
        required
        error={form.fieldError("slug")}
        hint={`Your workspace will live at /${slug || "your-org"}`}
        onChange={(e) => {
          setSlugEdited(true);
          setSlug(e.target.value);
        }}
      />
      <Button type="submit" className="w-full" disabled={form.pending}>
        {form.pending ? "Creating…" : planChoice ? "Create organization and continue" : "Create organization"}
      </Button>
    </form>
  );
}
