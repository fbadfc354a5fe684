import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/admin-nav";
import { AppHeader } from "@/components/layout/app-header";
import { loadOperatorPage } from "@/lib/admin/operator-page";
import { listUserOrgs } from "@/lib/orgs/list-user-orgs";

export const metadata = { title: "Operator console" };

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await loadOperatorPage();
  return (
    <>
      <AppHeader user={user} orgs={await listUserOrgs(user.id)} />
      <main className="mx-auto max-w-6xl px-4 py-8">
        <h1 className="mb-4 text-2xl font-semibold">Operator console</h1>
        <AdminNav />
        <div className="pt-6">{children}</div>
      </main>
    </>
  );
}
