"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useApiForm } from "@/components/ui/use-api-form";

export function ForgotPasswordForm() {
  const form = useApiForm();
  const [message, setMessage] = useState<string | null>(null);
  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = new FormData(e.currentTarget).get("email");
    const done = await form.submit<{ message: string }>("/api/v1/auth/password-reset", { body: { email } });
    if (done) setMessage(done.data.message);
  }
  if (message) return <Alert tone="success">{message}</Alert>;
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {form.error && !form.error.fields ? <Alert tone="error">{form.error.message}</Alert> : null}
      <Field label="Email" name="email" type="email" autoComplete="email" error={form.fieldError("email")} required />
      <Button type="submit" className="w-full" disabled={form.pending}>
        Email me a reset link
      </Button>
    </form>
  );
}
