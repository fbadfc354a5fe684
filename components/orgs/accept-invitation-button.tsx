"use client";

import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useApiForm } from "@/components/ui/use-api-form";

/** Accepts by the link's token, or by id for the signed-in addressee (the organizations page). */
export function AcceptInvitationButton({
  by,
  label = "Accept invitation",
}: {
  by: { token: string } | { invitationId: string };
  label?: string;
}) {
  const form = useApiForm();
  const router = useRouter();
  async function accept() {
    const done = await form.submit<{ org: { slug: string } }>("/api/v1/invitations/accept", { body: by });
    if (done) router.push(`/${done.data.org.slug}/projects`);
  }
  return (
    <div className="space-y-3">
      {form.error ? <Alert tone="error">{form.error.message}</Alert> : null}
      <Button className="w-full" onClick={accept} disabled={form.pending}>
        {label}
      </Button>
    </div>
  );
}
