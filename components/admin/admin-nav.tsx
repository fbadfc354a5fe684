import { TabNav } from "@/components/layout/tab-nav";

export function AdminNav() {
  return (
    <TabNav
      label="Operator console"
      items={[
        { href: "/admin", label: "Overview", exact: true },
        { href: "/admin/orgs", label: "Orgs" },
        { href: "/admin/audit", label: "Audit" },
        { href: "/admin/webhooks", label: "Webhooks" },
        { href: "/admin/jobs", label: "Jobs" },
        { href: "/admin/reconcile", label: "Reconcile" },
        { href: "/admin/license", label: "License" },
      ]}
    />
  );
}
