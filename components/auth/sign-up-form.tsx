"use client";

import { useActionState } from "react";
import { signUpAndSignIn, type FormState } from "@/lib/auth/form-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/** `email`: an address to start with (an invitation's), which the person may still change. */
export function SignUpForm({ callbackUrl, email }: { callbackUrl?: string; email?: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signUpAndSignIn, {});
  return (
    <form action={action} className="space-y-4">
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <Field label="Your name" name="name" autoComplete="name" error={state.fields?.name} required />
      <Field label="Work email" name="email" type="email" autoComplete="email" defaultValue={email} error={state.fields?.email} required />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters."
        error={state.fields?.password}
        required
        minLength={8}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
