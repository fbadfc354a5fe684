"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useApiForm } from "@/components/ui/use-api-form";

/** Cancel at period end (with a reason), undo it, or open the Customer Portal. */
export function SubscriptionActions({ slug, cancelling, canCancel }: { slug: string; cancelling: boolean; canCancel: boolean }) {
  const router = useRouter();
  const form = useApiForm();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const api = `/api/v1/orgs/${slug}/billing`;

  async function act(path: "cancel" | "reactivate") {
    if (await form.submit(`${api}/${path}`, { body: path === "cancel" ? { reason: reason || undefined } : {} })) {
      setAsking(false);
      router.refresh();
    }
  }
  async function portal() {
    const result = await form.submit<{ url: string }>(`${api}/portal`, {});
    if (result) window.location.assign(result.data.url);
  }

  return (
    <div className="space-y-3">
      {form.error ? <Alert tone="error">{form.error.message}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={portal} disabled={form.pending}>
          Manage in portal
        </Button>
        {cancelling ? (
          <Button onClick={() => act("reactivate")} disabled={form.pending}>
            Keep my subscription
          </Button>
        ) : canCancel && !asking ? (
          <Button variant="ghost" onClick={() => setAsking(true)}>
            Cancel subscription
          </Button>
        ) : null}
      </div>
      {asking ? (
        <div className="space-y-2 rounded-lg border border-zinc-200 p-4">
          <Field
            label="Why are you cancelling? (optional)"
            name="reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={500}
          />
          <div className="flex gap-2">
            <Button variant="danger" onClick={() => act("cancel")} disabled={form.pending}>
              Cancel at period end
            </Button>
            <Button variant="ghost" onClick={() => setAsking(false)}>
              Never mind
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
