"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useApiForm } from "@/components/ui/use-api-form";

export function RevokeInvitationButton({ slug, invitationId }: { slug: string; invitationId: string }) {
  const form = useApiForm();
  const router = useRouter();
  async function revoke() {
    if (await form.submit(`/api/v1/orgs/${slug}/invitations/${invitationId}`, { method: "DELETE" })) router.refresh();
  }
  return (
    <Button size="sm" variant="ghost" onClick={revoke} disabled={form.pending}>
      Revoke
    </Button>
  );
}
