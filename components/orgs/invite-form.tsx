"use client";

import { ApiErrorAlert } from "@/components/billing/api-error-alert";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { SeatPrice } from "@/components/orgs/seat-price";
import type { SeatQuote } from "@/lib/billing/seats/seat-quote";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";
import { callApi, useApiForm } from "@/components/ui/use-api-form";

/**
 * Invites by email. On a per-seat plan it first shows what one more seat costs, as Stripe's previews say, and sends the
 * quote's proration date with the invitation so the seat is charged as shown.
 */
export function InviteForm({ slug, canInviteOwner, perSeat }: { slug: string; canInviteOwner: boolean; perSeat: boolean }) {
  const form = useApiForm();
  const router = useRouter();
  const ref = useRef<HTMLFormElement>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [quote, setQuote] = useState<{ quote: SeatQuote | null; error: string | null } | null>(null);
  const loadQuote = useCallback(async () => {
    if (!perSeat) return;
    const result = await callApi<{ quote: SeatQuote | null }>(`/api/v1/orgs/${slug}/seats/quote`, { method: "GET" });
    setQuote(result.ok ? { quote: result.data.quote, error: null } : { quote: null, error: result.error.message });
  }, [perSeat, slug]);
  useEffect(() => {
    // Fetching the price from Stripe when the form appears: its result is the state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void loadQuote();
  }, [loadQuote]);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const prorationDate = quote?.quote?.prorationDate;
    const body = { email: data.get("email"), role: data.get("role"), ...(prorationDate ? { prorationDate } : {}) };
    const done = await form.submit<{ invitation: { email: string }; emailSent: boolean }>(`/api/v1/orgs/${slug}/invitations`, { body });
    if (!done) return setSentTo(null);
    setSentTo(
      done.data.emailSent
        ? `Invitation sent to ${done.data.invitation.email}.`
        : `Invitation created for ${done.data.invitation.email}, but the email could not be sent. Try again shortly.`,
    );
    ref.current?.reset();
    router.refresh();
    void loadQuote();
  }
  return (
    <form ref={ref} onSubmit={onSubmit} className="space-y-3" noValidate>
      <div className="flex flex-wrap items-end gap-3">
        <Field
          className="min-w-64 flex-1"
          label="Invite by email"
          name="email"
          type="email"
          placeholder="teammate@company.com"
          error={form.fieldError("email")}
          required
        />
        <div className="space-y-1">
          <label htmlFor="invite-role" className="block text-sm font-medium text-zinc-800">
            Role
          </label>
          <Select id="invite-role" name="role" defaultValue="member">
            <option value="member">Member</option>
            <option value="admin">Admin</option>
            {canInviteOwner ? <option value="owner">Owner</option> : null}
          </Select>
        </div>
        <Button type="submit" disabled={form.pending}>
          Send invitation
        </Button>
      </div>
      {perSeat ? <SeatPrice quote={quote?.quote ?? null} error={quote?.error ?? null} loading={!quote} /> : null}
      {form.error && !form.error.fields ? <ApiErrorAlert error={form.error} /> : null}
      {sentTo ? <Alert tone="success">{sentTo}</Alert> : null}
    </form>
  );
}
