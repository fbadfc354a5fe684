import Link from "next/link";
import { CreateProjectForm } from "@/components/projects/create-project-form";
import { Card, CardHeader } from "@/components/ui/card";
import { loadOrgPage } from "@/lib/orgs/org-page";
import { listProjects } from "@/lib/projects/projects";

export const metadata = { title: "Projects" };

export default async function ProjectsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { org } = await loadOrgPage(slug, `/${slug}/projects`);
  const projects = await listProjects(org.id);
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
            {projects.map((p) => (
              <li key={p.id} className="flex items-center justify-between py-3">
                <Link href={`/${org.slug}/projects/${p.id}`} className="font-medium text-brand-700 hover:underline">
                  {p.name}
                </Link>
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
