import Link from "next/link";
import { CreateProjectForm } from "@/components/projects/create-project-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { loadOrgPage } from "@/lib/orgs/org-page";
import { listProjects } from "@/lib/projects/projects";

export const metadata = { title: "Projects" };

export default async function ProjectsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { org } = await loadOrgPage(slug, `/${slug}/projects`);
  const [projects, entitlements] = await Promise.all([listProjects(org.id), getEntitlements(org.id)]);
  // Oldest first: those past the plan's project limit are kept but read-only (see assertProjectWritable).
  const writable = entitlements.limits.projects ?? Infinity;
  return (
    <div className="space-y-6">
      <Card>
        <CreateProjectForm slug={org.slug} />
      </Card>
      <Card>
        <CardHeader title="Projects" description={`${projects.length} project${projects.length === 1 ? "" : "s"}`} />
        {projects.length === 0 ? (
          <p className="text-sm text-zinc-600">No projects yet. Create the first one above.</p>
        ) : (
          <ul className="divide-y divide-zinc-100" data-testid="projects-list">
            {projects.map((p, i) => (
              <li key={p.id} className="flex items-center justify-between py-3" data-read-only={i >= writable || undefined}>
                <span className="flex items-center gap-2">
                  <Link href={`/${org.slug}/projects/${p.id}`} className="font-medium text-brand-700 hover:underline">
                    {p.name}
                  </Link>
                  {i >= writable ? <Badge tone="warning">read-only: beyond the {entitlements.planName} limit</Badge> : null}
                </span>
                <span className="text-sm text-zinc-500">
                  {p._count.runs} run{p._count.runs === 1 ? "" : "s"}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
