import { RunsTable } from "@/components/projects/runs-table";
import { Card, CardHeader } from "@/components/ui/card";
import { loadOrgPage } from "@/lib/orgs/org-page";
import { listRuns } from "@/lib/projects/runs";

export const metadata = { title: "Runs" };

export default async function RunsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { org } = await loadOrgPage(slug, `/${slug}/runs`);
  const { runs, hasMore } = await listRuns(org.id, { limit: 100 });
  return (
    <Card>
      <CardHeader title="Runs" description={hasMore ? "The latest 100 runs across all projects." : "All runs across all projects."} />
      <RunsTable slug={org.slug} runs={runs} showProject />
    </Card>
  );
}
