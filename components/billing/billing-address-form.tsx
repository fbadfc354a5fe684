"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useApiForm } from "@/components/ui/use-api-form";

/** The address billing emails go to besides the owners; empty removes it. */
export function BillingAddressForm({ slug, current }: { slug: string; current: string | null }) {
  const router = useRouter();
  const form = useApiForm();
  const [value, setValue] = useState(current ?? "");
  const [saved, setSaved] = useState(false);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setSaved(false);
    const result = await form.submit(`/api/v1/orgs/${slug}/billing/email-address`, { method: "PUT", body: { billingEmail: value } });
    if (result) {
      setSaved(true);
      router.refresh();
    }
  }

  return (
    <form className="flex flex-wrap items-end gap-3" onSubmit={save} noValidate>
      <Field
        className="min-w-64 flex-1"
        label="Billing email address"
        name="billingEmail"
        type="email"
        autoComplete="email"
        placeholder="billing@example.com"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        error={form.fieldError("billingEmail")}
      />
      <Button type="submit" disabled={form.pending}>
        Save
      </Button>
      {saved && !form.error ? (
        <p role="status" className="w-full text-sm text-green-700">
          Saved.
        </p>
      ) : null}
      {form.error && !form.fieldError("billingEmail") ? <Alert tone="error">{form.error.message}</Alert> : null}
    </form>
  );
}
