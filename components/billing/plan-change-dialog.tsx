"use client";

import { useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { day, money } from "./format";

export type ChangePreview = {
  amountDue: number;
  prorationAmount: number;
  prorationDate: number | null;
  currency: string;
  lines: { description: string | null; amount: number; proration: boolean }[];
  effective: "now" | "period_end";
  effectiveAt: string | null;
  endsTrial?: boolean;
  overLimits: { limit: string; used: number; allowed: number }[];
};

type Props = {
  planName: string;
  interval: "month" | "year";
  currentPlanName: string;
  preview: ChangePreview | null;
  error: string | null;
  busy: boolean;
  onConfirm: () => void;
  onKeep: () => void;
};

/** What switching plans will do — charged now, credited, or switched at the period's end — or why it can't happen yet. */
export function PlanChangeDialog({ planName, interval, currentPlanName, preview, error, busy, onConfirm, onKeep }: Props) {
  const blocked = Boolean(preview?.overLimits.length);
  const ref = useRef<HTMLDialogElement>(null);
  // A native modal dialog: focus moves in, the page behind is inert and Escape keeps the plan. React removes
  // it before the effect's clean-up runs, so the browser can't hand focus back itself: the clean-up does.
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby="change-plan-title"
      onCancel={(event) => {
        event.preventDefault();
        onKeep();
      }}
      className="m-auto w-full max-w-md rounded-xl bg-white p-0 shadow-lg backdrop:bg-black/30"
    >
      <div className="p-6">
        <h3 id="change-plan-title" className="text-lg font-semibold">
          Switch to {planName} ({interval === "year" ? "annual" : "monthly"})
        </h3>
        {error ? (
          <Alert tone="error" className="mt-3">
            {error}
          </Alert>
        ) : null}
        {preview && blocked ? (
          <div data-testid="over-limits">
            <Alert tone="error" className="mt-3">
              {planName} allows fewer than this organization uses:{" "}
              {preview.overLimits.map((o) => `${o.used} ${o.limit} (${planName} allows ${o.allowed})`).join(", ")}. Remove some first, then
              switch.
            </Alert>
          </div>
        ) : null}
        {preview && !blocked ? <PreviewBody preview={preview} currentPlanName={currentPlanName} /> : null}
        {!preview && !error ? <p className="mt-3 text-sm text-zinc-600">Calculating the proration…</p> : null}
        <div className="mt-5 flex justify-end gap-2">
          <Button variant="secondary" onClick={onKeep}>
            Keep current plan
          </Button>
          <Button onClick={onConfirm} disabled={busy || !preview || blocked}>
            Confirm switch
          </Button>
        </div>
      </div>
    </dialog>
  );
}

function PreviewBody({ preview, currentPlanName }: { preview: ChangePreview; currentPlanName: string }) {
  const total = money(preview.amountDue, preview.currency);
  if (preview.effective === "period_end") {
    return (
      <p className="mt-3 text-sm" data-testid="proration-preview">
        You keep {currentPlanName} until {day(preview.effectiveAt)}; the switch happens then, with nothing charged or credited now. Next
        invoice: {total}.
      </p>
    );
  }
  return (
    <div className="mt-3 space-y-2 text-sm" data-testid="proration-preview">
      {preview.endsTrial ? (
        <p>{currentPlanName}&apos;s free trial doesn&apos;t carry over to this plan: switching ends the trial now and starts paying.</p>
      ) : null}
      <ul className="space-y-1">
        {preview.lines.map((l, i) => (
          <li key={i} className="flex justify-between gap-4">
            <span className="text-zinc-600">{l.description}</span>
            <span>{money(l.amount, preview.currency)}</span>
          </li>
        ))}
      </ul>
      <p className="font-medium">
        {preview.amountDue > 0
          ? `Charged now: ${total}`
          : `Credit on your next invoice: ${money(-preview.prorationAmount, preview.currency)}`}
      </p>
    </div>
  );
}
