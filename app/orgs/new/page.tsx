import { AuthShell } from "@/components/auth/auth-shell";
import { CreateOrgForm } from "@/components/orgs/create-org-form";
import { requireUserForPage } from "@/lib/auth/current-user";

export const metadata = { title: "New organization" };

export default async function NewOrgPage() {
  await requireUserForPage("/orgs/new");
  return (
    <AuthShell title="Create an organization" subtitle="Your team's projects, members and billing live here. You will be its owner.">
      <CreateOrgForm />
    </AuthShell>
  );
}
