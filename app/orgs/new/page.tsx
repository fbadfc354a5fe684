import { AuthShell } from "@/components/auth/auth-shell";
import { CreateOrgForm } from "@/components/orgs/create-org-form";
import { requireUserForPage } from "@/lib/auth/current-user";
import { planByCode } from "@/lib/catalog/catalog";
import { newOrgPathFor, parsePlanChoice } from "@/lib/plans/plan-choice";

export const metadata = { title: "New organization" };

export default async function NewOrgPage({ searchParams }: { searchParams: Promise<{ plan?: string; interval?: string }> }) {
  const choice = parsePlanChoice(await searchParams);
  await requireUserForPage(choice ? newOrgPathFor(choice) : "/orgs/new");
  const plan = choice ? await planByCode(choice.plan) : null;
  const subtitle =
    plan && plan.code !== "free"
      ? `Then you'll ${plan.trialDays ? `start your ${plan.name} trial` : `subscribe to ${plan.name}`} in Stripe Checkout. You will be the organization's owner.`
      : "Your team's projects, members and billing live here. You will be its owner.";
  return (
    <AuthShell title="Create an organization" subtitle={subtitle}>
      <CreateOrgForm planChoice={plan && plan.code !== "free" ? choice : null} />
    </AuthShell>
  );
}
