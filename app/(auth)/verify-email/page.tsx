import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-shell";
import { Alert } from "@/components/ui/alert";
import { confirmEmail } from "@/lib/auth/verify-email";
import { AppError } from "@/lib/errors";

export const metadata = { title: "Confirm your email" };
export const dynamic = "force-dynamic";

async function confirm(token: string | undefined): Promise<string | null> {
  if (!token) return "This confirmation link is incomplete.";
  try {
    await confirmEmail(token);
    return null;
  } catch (err) {
    if (err instanceof AppError) return err.message;
    throw err;
  }
}

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const problem = await confirm((await searchParams).token);
  return (
    <AuthShell title={problem ? "This link did not work" : "Email confirmed"}>
      {problem ? <Alert tone="error">{problem}</Alert> : <Alert tone="success">Thanks, your email address is confirmed.</Alert>}
      <Link href="/orgs" className="mt-6 inline-block text-sm font-medium text-brand-700 hover:underline">Continue to Tollgate</Link>
    </AuthShell>
  );
}
