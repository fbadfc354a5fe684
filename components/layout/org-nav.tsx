import { TabNav } from "@/components/layout/tab-nav";

export function OrgNav({ slug }: { slug: string }) {
  return (
    <TabNav
      label="Organization"
      items={[
        { href: `/${slug}/projects`, label: "Projects" },
        { href: `/${slug}/runs`, label: "Runs" },
        { href: `/${slug}/members`, label: "Members" },
        { href: `/${slug}/billing`, label: "Billing" },
      ]}
    />
  );
}
