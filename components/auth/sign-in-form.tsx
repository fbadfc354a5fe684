"use client";

import Link from "next/link";
import { useActionState } from "react";
import { sendMagicLink, signInWithPassword, type FormState } from "@/lib/auth/form-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

export function SignInForm({ callbackUrl, notice }: { callbackUrl: string; notice?: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signInWithPassword, {});
  const [magic, magicAction, magicPending] = useActionState<FormState, FormData>(sendMagicLink, {});
  return (
    <div className="space-y-6">
      {notice ? <Alert tone="info">{notice}</Alert> : null}
      <form action={action} className="space-y-4">
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        {state.error ? <Alert tone="error">{state.error}</Alert> : null}
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <div className="flex items-center justify-between">
          <Link href="/forgot-password" className="text-sm text-brand-700 hover:underline">
            Forgot password?
          </Link>
          <Button type="submit" disabled={pending}>
            {pending ? "Signing in…" : "Sign in"}
          </Button>
        </div>
      </form>
      <div className="border-t border-zinc-200 pt-6">
        <form action={magicAction} className="space-y-3">
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <Field
            label="Or get a sign-in link by email"
            name="email"
            id="magic-email"
            type="email"
            autoComplete="email"
            error={magic.fields?.email}
            required
          />
          <Button type="submit" variant="secondary" className="w-full" disabled={magicPending}>
            Email me a sign-in link
          </Button>
        </form>
      </div>
    </div>
  );
}
