"use client";

import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { useApiForm } from "@/components/ui/use-api-form";

type Props = { slug: string; userId: string; email: string; role: string; isSelf: boolean; canManage: boolean; actorIsOwner: boolean };

export function MemberActions({ slug, userId, email, role, isSelf, canManage, actorIsOwner }: Props) {
  const form = useApiForm();
  const router = useRouter();
  const url = `/api/v1/orgs/${slug}/members/${userId}`;
  const canEditTarget = canManage && (actorIsOwner || role !== "owner");
  async function changeRole(next: string) {
    if (await form.submit(url, { method: "PATCH", body: { role: next } })) router.refresh();
  }
  async function remove() {
    const question = isSelf ? "Leave this organization?" : `Remove ${email} from the organization?`;
    if (!window.confirm(question)) return;
    if (!(await form.submit(url, { method: "DELETE" }))) return;
    if (isSelf) router.push("/orgs");
    else router.refresh();
  }
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex items-center gap-2">
        {canEditTarget ? (
          <Select aria-label={`Role of ${email}`} value={role} disabled={form.pending} onChange={(e) => changeRole(e.target.value)}>
            <option value="member">Member</option>
            <option value="admin">Admin</option>
            {actorIsOwner ? <option value="owner">Owner</option> : null}
          </Select>
        ) : (
          <span className="text-sm capitalize text-zinc-700">{role}</span>
        )}
        {canEditTarget || isSelf ? (
          <Button size="sm" variant="ghost" onClick={remove} disabled={form.pending}>
            {isSelf ? "Leave" : "Remove"}
          </Button>
        ) : null}
      </div>
      {form.error ? <Alert tone="error">{form.error.message}</Alert> : null}
    </div>
  );
}
