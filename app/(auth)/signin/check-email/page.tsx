import { AuthShell } from "@/components/auth/auth-shell";

export const metadata = { title: "Check your email" };

export default function CheckEmailPage() {
  return (
    <AuthShell title="Check your email" subtitle="We sent you a sign-in link. It works once and expires in 24 hours.">
      <p className="text-sm text-zinc-600">You can close this tab; the link signs you in wherever you open it.</p>
    </AuthShell>
  );
}
