"use client";

import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useApiForm } from "@/components/ui/use-api-form";

export function ResetPasswordForm({ token }: { token: string }) {
  const form = useApiForm();
  const router = useRouter();
  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const password = new FormData(e.currentTarget).get("password");
    if (await form.submit("/api/v1/auth/password-reset/confirm", { body: { token, password } })) router.push("/signin?notice=reset");
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {form.error && !form.error.fields ? <Alert tone="error">{form.error.message}</Alert> : null}
      <Field
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters."
        error={form.fieldError("password")}
        required
      />
      <Button type="submit" className="w-full" disabled={form.pending}>
        Set new password
      </Button>
    </form>
  );
}
