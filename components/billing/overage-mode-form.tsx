"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useApiForm } from "@/components/ui/use-api-form";
import { OVERAGE_LABELS, type OverageMode } from "./overage-labels";

/** An admin's choice of what runs beyond the plan's allowance do, among the modes the plan offers. */
export function OverageModeForm({ slug, mode, offered }: { slug: string; mode: OverageMode; offered: OverageMode[] }) {
  const router = useRouter();
  const form = useApiForm();
  const [chosen, setChosen] = useState(mode);
  const [saved, setSaved] = useState(false);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setSaved(false);
    if (await form.submit(`/api/v1/orgs/${slug}/billing/overage`, { method: "PUT", body: { mode: chosen } })) {
      setSaved(true);
      router.refresh();
    }
  }

  return (
    <form onSubmit={save} className="space-y-3" data-testid="overage-mode">
      <fieldset className="space-y-2">
        <legend className="mb-1 font-medium">Runs beyond the plan&apos;s allowance</legend>
        {offered.map((option) => (
          <label key={option} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="overageMode"
              value={option}
              checked={chosen === option}
              onChange={() => setChosen(option)}
              className="mt-0.5"
            />
            <span>{OVERAGE_LABELS[option]}</span>
          </label>
        ))}
      </fieldset>
      <Button type="submit" variant="secondary" disabled={form.pending || chosen === mode}>
        Save choice
      </Button>
      {saved && !form.error ? (
        <p role="status" className="text-sm text-green-700">
          Saved.
        </p>
      ) : null}
      {form.error ? <Alert tone="error">{form.error.message}</Alert> : null}
    </form>
  );
}
