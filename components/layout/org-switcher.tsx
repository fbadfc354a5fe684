"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";

type OrgItem = { slug: string; name: string };

export function OrgSwitcher({ orgs, current }: { orgs: OrgItem[]; current?: OrgItem }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("click", close);
    return () => document.removeEventListener("click", close);
  }, []);
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded-md border border-zinc-200 px-3 py-1.5 text-sm font-medium hover:bg-zinc-50"
      >
        {current?.name ?? "Choose organization"} <span aria-hidden>▾</span>
      </button>
      {open ? (
        <div role="menu" className="absolute left-0 z-20 mt-1 w-64 rounded-lg border border-zinc-200 bg-white py-1 shadow-lg">
          {orgs.map((org) => (
            <Link
              key={org.slug}
              role="menuitem"
              href={`/${org.slug}/projects`}
              onClick={() => setOpen(false)}
              className={`block px-3 py-2 text-sm hover:bg-zinc-50 ${org.slug === current?.slug ? "font-semibold text-brand-700" : ""}`}
            >
              {org.name}
            </Link>
          ))}
          <Link
            role="menuitem"
            href="/orgs/new"
            onClick={() => setOpen(false)}
            className="block border-t border-zinc-100 px-3 py-2 text-sm text-brand-700 hover:bg-zinc-50"
          >
            + New organization
          </Link>
        </div>
      ) : null}
    </div>
  );
}
