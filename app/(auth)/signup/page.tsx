import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-shell";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { safeCallbackPath } from "@/lib/auth/safe-callback";

export const metadata = { title: "Create your account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const next = callbackUrl ? safeCallbackPath(callbackUrl) : undefined;
  if (await getCurrentUser()) redirect(next ?? "/orgs");
  return (
    <AuthShell
      title="Create your Tollgate account"
      subtitle="Then create an organization and invite your team."
      footer={<>Already have an account? <Link className="font-medium text-brand-700 hover:underline" href={`/signin${next ? `?callbackUrl=${encodeURIComponent(next)}` : ""}`}>Sign in</Link></>}
    >
      <SignUpForm callbackUrl={next} />
    </AuthShell>
  );
}
