"use server";

// The sign-in, sign-up and sign-out forms' server actions (components import them from here, never from app/).

import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { signIn, signOut } from "@/lib/auth/auth";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { signUp, signUpInput } from "@/lib/auth/sign-up";
import { emailSchema } from "@/lib/auth/emails";
import { AppError, fieldErrors } from "@/lib/errors";
import { clientAddressOf } from "@/lib/http/client-address";
import { whileCounted } from "@/lib/rate-limits/counted-here";
import { limitEmail } from "@/lib/rate-limits/limit-email";

export type FormState = { error?: string; fields?: Record<string, string>; sent?: boolean };

function signInFailure(err: unknown): FormState {
  if (err instanceof AuthError) {
    const code = (err as AuthError & { code?: string }).code;
    if (code === "throttled") return { error: "Too many failed attempts. Wait 15 minutes or reset your password." };
    return { error: "Invalid email or password." };
  }
  throw err; // Next's redirect on success is an exception too, and must propagate.
}

export async function signInWithPassword(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirectTo: safeCallbackPath(form.get("callbackUrl")),
    });
    return {};
  } catch (err) {
    return signInFailure(err);
  }
}

export async function sendMagicLink(_prev: FormState, form: FormData): Promise<FormState> {
  const email = emailSchema.safeParse(form.get("email"));
  if (!email.success) return { fields: { email: "Enter a valid email address." } };
  try {
    await limitEmail("sign-in-link", email.data, { clientIp: clientAddressOf(await headers()) });
  } catch (err) {
    if (err instanceof AppError && err.code === "rate_limited") return { error: err.message };
    throw err;
  }
  await whileCounted(() => signIn("nodemailer", { email: email.data, redirectTo: safeCallbackPath(form.get("callbackUrl")) }));
  return { sent: true };
}

export async function signUpAndSignIn(_prev: FormState, form: FormData): Promise<FormState> {
  const input = signUpInput.safeParse({ name: form.get("name"), email: form.get("email"), password: form.get("password") });
  if (!input.success) return { error: "Some fields need attention.", fields: fieldErrors(input.error) };
  try {
    await signUp(input.data, clientAddressOf(await headers()));
  } catch (err) {
    if (err instanceof AppError) return { error: err.message, fields: err.code === "email_taken" ? { email: err.message } : undefined };
    throw err;
  }
  try {
    await signIn("credentials", { ...input.data, redirectTo: safeCallbackPath(form.get("callbackUrl"), "/orgs/new") });
    return {};
  } catch (err) {
    return signInFailure(err);
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}
