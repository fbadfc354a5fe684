import Link from "next/link";
import { redirect } from "next/navigation";
import { buttonVariants } from "@/components/ui/button";
import { getCurrentUser } from "@/lib/auth/current-user";

export default async function Home() {
  if (await getCurrentUser()) redirect("/orgs");
  return (
    <main className="mx-auto flex min-h-screen max-w-3xl flex-col justify-center px-6 py-16">
      <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">Tollgate</p>
      <h1 className="mt-3 text-4xl font-bold tracking-tight sm:text-5xl">Billing for your multi-tenant SaaS, on Stripe.</h1>
      <p className="mt-4 text-lg text-zinc-600">
        Plans, trials, usage limits, add-ons and prepaid credits for every organization, kept in step with Stripe and open source.
      </p>
      <div className="mt-8 flex gap-3">
        <Link href="/signup" className={buttonVariants({ size: "lg" })}>
          Get started
        </Link>
        <Link href="/pricing" className={buttonVariants({ variant: "secondary", size: "lg" })}>
          See pricing
        </Link>
        <Link href="/signin" className={buttonVariants({ variant: "ghost", size: "lg" })}>
          Sign in
        </Link>
      </div>
    </main>
  );
}
