import { notFound } from "next/navigation";
import { ProjectSettings } from "@/components/projects/project-settings";
import { RunButton } from "@/components/projects/run-button";
import { RunsTable } from "@/components/projects/runs-table";
import { Card, CardHeader } from "@/components/ui/card";
import { AppError } from "@/lib/errors";
import { loadOrgPage } from "@/lib/orgs/org-page";
import { hasRole } from "@/lib/orgs/roles";
import { getProject } from "@/lib/projects/projects";
import { listRuns } from "@/lib/projects/runs";

async function findProject(orgId: string, projectId: string) {
  try {
    return await getProject(orgId, projectId);
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  }
}

export default async function ProjectPage({ params }: { params: Promise<{ org: string; projectId: string }> }) {
  const { org: slug, projectId } = await params;
  const { org, role } = await loadOrgPage(slug, `/${slug}/projects/${projectId}`);
  const project = await findProject(org.id, projectId);
  const { runs } = await listRuns(org.id, { projectId, limit: 50 });
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title={project.name}
          description={`${project._count.runs} run${project._count.runs === 1 ? "" : "s"} in total`}
          action={<RunButton slug={org.slug} projectId={project.id} />}
        />
        <RunsTable slug={org.slug} runs={runs} showProject={false} />
      </Card>
      <Card>
        <CardHeader title="Settings" />
        <ProjectSettings slug={org.slug} project={project} canDelete={hasRole(role, "admin")} />
      </Card>
    </div>
  );
}
