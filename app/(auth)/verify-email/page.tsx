import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-shell";
import { Alert } from "@/components/ui/alert";
import { getCurrentUser } from "@/lib/auth/current-user";
import { confirmEmail } from "@/lib/auth/verify-email";
import { AppError } from "@/lib/errors";

export const metadata = { title: "Confirm your email" };
export const dynamic = "force-dynamic";

async function confirm(token: string | undefined, userId: string): Promise<string | null> {
  if (!token) return "This confirmation link is incomplete.";
  try {
    await confirmEmail(token, userId);
    return null;
  } catch (err) {
    if (err instanceof AppError) return err.message;
    throw err;
  }
}

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const user = await getCurrentUser();
  if (!user) {
    const here = `/verify-email?token=${encodeURIComponent(token ?? "")}`;
    return (
      <AuthShell title="Sign in to confirm your email">
        <Alert tone="info">Sign in to the account this address belongs to, and the confirmation completes.</Alert>
        <Link
          href={`/signin?callbackUrl=${encodeURIComponent(here)}`}
          className="mt-6 inline-block text-sm font-medium text-brand-700 hover:underline"
        >
          Sign in
        </Link>
      </AuthShell>
    );
  }
  const problem = await confirm(token, user.id);
  return (
    <AuthShell title={problem ? "This link did not work" : "Email confirmed"}>
      {problem ? <Alert tone="error">{problem}</Alert> : <Alert tone="success">Thanks, your email address is confirmed.</Alert>}
      <Link href="/orgs" className="mt-6 inline-block text-sm font-medium text-brand-700 hover:underline">
        Continue to Tollgate
      </Link>
    </AuthShell>
  );
}
