"use client";

import { ApiErrorAlert } from "@/components/billing/api-error-alert";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";
import { useApiForm } from "@/components/ui/use-api-form";

export function InviteForm({ slug, canInviteOwner }: { slug: string; canInviteOwner: boolean }) {
  const form = useApiForm();
  const router = useRouter();
  const ref = useRef<HTMLFormElement>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const body = { email: data.get("email"), role: data.get("role") };
    const done = await form.submit<{ invitation: { email: string }; emailSent: boolean }>(`/api/v1/orgs/${slug}/invitations`, { body });
    if (!done) return setSentTo(null);
    setSentTo(
      done.data.emailSent
        ? `Invitation sent to ${done.data.invitation.email}.`
        : `Invitation created for ${done.data.invitation.email}, but the email could not be sent. Try again shortly.`,
    );
    ref.current?.reset();
    router.refresh();
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
      {form.error && !form.error.fields ? <ApiErrorAlert error={form.error} /> : null}
      {sentTo ? <Alert tone="success">{sentTo}</Alert> : null}
    </form>
  );
}
