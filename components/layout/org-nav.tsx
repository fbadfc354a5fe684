"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export function OrgNav({ slug }: { slug: string }) {
  const pathname = usePathname();
  const items = [
    { href: `/${slug}/projects`, label: "Projects" },
    { href: `/${slug}/runs`, label: "Runs" },
    { href: `/${slug}/members`, label: "Members" },
    { href: `/${slug}/billing`, label: "Billing" },
  ];
  return (
    <nav aria-label="Organization" className="flex gap-1 border-b border-zinc-200">
      {items.map((item) => {
        const active = pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              active ? "border-brand-600 text-brand-700" : "border-transparent text-zinc-600 hover:text-zinc-900",
            )}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
