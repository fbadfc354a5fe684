import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-shell";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { planByCode } from "@/lib/catalog/catalog";
import { newOrgPathFor, parsePlanChoice } from "@/lib/plans/plan-choice";

export const metadata = { title: "Create your account" };

type Search = { callbackUrl?: string; plan?: string; interval?: string; email?: string };

/** An address from the link (an invitation's) to start the form with; anything that is not one is ignored. */
const startingEmail = (raw: string | undefined) => (raw && raw.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw) ? raw : undefined);

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const choice = parsePlanChoice(search);
  const plan = choice ? await planByCode(choice.plan) : null;
  // A plan picked on /pricing continues to org creation, then Checkout.
  const next = search.callbackUrl ? safeCallbackPath(search.callbackUrl) : choice && plan ? newOrgPathFor(choice) : undefined;
  if (await getCurrentUser()) redirect(next ?? "/orgs");
  const subtitle =
    plan && choice
      ? `You picked ${plan.name}, billed ${choice.interval === "year" ? "yearly" : "monthly"}. Create your account, then your organization${plan.trialDays ? `, then start your ${plan.trialDays}-day free trial` : ", then pay in Stripe Checkout"}.`
      : "Then create an organization and invite your team.";
  return (
    <AuthShell
      title="Create your Tollgate account"
      subtitle={subtitle}
      footer={
        <>
          Already have an account?{" "}
          <Link
            className="font-medium text-brand-700 hover:underline"
            href={`/signin${next ? `?callbackUrl=${encodeURIComponent(next)}` : ""}`}
          >
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm callbackUrl={next} email={startingEmail(search.email)} />
    </AuthShell>
  );
}
