import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-shell";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { Alert } from "@/components/ui/alert";

export const metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <AuthShell
      title="Choose a new password"
      footer={
        <Link className="text-brand-700 hover:underline" href="/forgot-password">
          Need a new link?
        </Link>
      }
    >
      {token ? <ResetPasswordForm token={token} /> : <Alert tone="error">This reset link is incomplete. Ask for a new one.</Alert>}
    </AuthShell>
  );
}
