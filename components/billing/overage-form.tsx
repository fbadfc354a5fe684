"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useApiForm } from "@/components/ui/use-api-form";
import { formatMoney, parseMoney } from "@/lib/money";
import { OVERAGE_LABELS, type OverageMode } from "./overage-labels";

const capText = (cents: number | null) => (cents === null ? "" : (cents / 100).toFixed(2));

/**
 * An admin's choice of what runs beyond the plan's allowance do, among the modes the plan offers, and with pay as you
 * go the most they may add to one period's invoice (empty: no cap).
 */
export function OverageForm({
  slug,
  mode,
  offered,
  capCents,
  runPriceCents,
}: {
  slug: string;
  mode: OverageMode;
  offered: OverageMode[];
  capCents: number | null;
  runPriceCents: number | null;
}) {
  const router = useRouter();
  const form = useApiForm();
  const [chosen, setChosen] = useState(mode);
  const [cap, setCap] = useState(capText(capCents));
  const [capError, setCapError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const wantedCap = cap.trim() === "" ? null : parseMoney(cap);
  const unchanged = chosen === mode && (chosen !== "metered" || wantedCap === capCents);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setSaved(false);
    setCapError(null);
    if (chosen === "metered" && cap.trim() !== "" && wantedCap === null) {
      setCapError("Enter an amount in dollars, such as 50 or 49.99, or leave it empty for no cap.");
      return;
    }
    const body = chosen === "metered" ? { mode: chosen, capCents: wantedCap } : { mode: chosen };
    if (await form.submit(`/api/v1/orgs/${slug}/billing/overage`, { method: "PUT", body })) {
      setSaved(true);
      router.refresh();
    }
  }

  return (
    <form onSubmit={save} className="space-y-3" data-testid="overage-mode" noValidate>
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
            <span>
              {OVERAGE_LABELS[option]}
              {option === "metered" && runPriceCents !== null ? ` at ${formatMoney(runPriceCents, "usd")} a run` : null}
            </span>
          </label>
        ))}
      </fieldset>
      {chosen === "metered" ? (
        <Field
          className="max-w-xs"
          label="Spending cap per period (USD)"
          name="capCents"
          inputMode="decimal"
          placeholder="No cap"
          value={cap}
          onChange={(e) => setCap(e.target.value)}
          error={capError ?? form.fieldError("capCents")}
          hint="Runs that would take this period's overage past it are refused. Leave empty for no cap."
        />
      ) : null}
      <Button type="submit" variant="secondary" disabled={form.pending || unchanged}>
        Save choice
      </Button>
      {saved && !form.error ? (
        <p role="status" className="text-sm text-green-700">
          Saved.
        </p>
      ) : null}
      {form.error && !form.fieldError("capCents") ? <Alert tone="error">{form.error.message}</Alert> : null}
    </form>
  );
}
