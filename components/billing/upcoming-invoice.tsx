"use client";

import { useEffect, useState } from "react";
import { callApi, type ApiError } from "@/components/ui/use-api-form";
import { money } from "./format";

type Preview = { currency: string; total: number; lines: { description: string | null; amount: number; proration: boolean }[] };

/**
 * The next invoice as Stripe would bill it now (plan, seats, runs metered so far, tax), read when the page opens: a
 * Stripe call, so it is fetched by the browser rather than holding up the page.
 */
export function UpcomingInvoice({ slug }: { slug: string }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let current = true;
    void callApi<Preview>(`/api/v1/orgs/${slug}/billing/upcoming-invoice`, { method: "GET" }).then((result) => {
      if (!current) return;
      if (result.ok) setPreview(result.data);
      else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [slug]);

  if (error) return <p className="text-sm text-zinc-600">The next invoice can&apos;t be shown right now: {error.message}</p>;
  if (!preview) return <p className="text-sm text-zinc-600">Reading the next invoice from Stripe…</p>;
  return (
    <div data-testid="upcoming-invoice">
      <ul className="divide-y divide-zinc-100 text-sm">
        {preview.lines.map((line, i) => (
          <li key={i} className="flex justify-between gap-4 py-1.5">
            <span>{line.description ?? "—"}</span>
            <span>{money(line.amount, preview.currency)}</span>
          </li>
        ))}
      </ul>
      <p className="mt-2 flex justify-between border-t border-zinc-200 pt-2 text-sm font-semibold">
        <span>Total</span>
        <span data-testid="upcoming-invoice-total">{money(preview.total, preview.currency)}</span>
      </p>
    </div>
  );
}
