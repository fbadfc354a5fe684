import Link from "next/link";
import { signOutAction } from "@/lib/auth/form-actions";
import { OrgSwitcher } from "@/components/layout/org-switcher";
import type { CurrentUser } from "@/lib/auth/current-user";

type OrgItem = { slug: string; name: string };

export function AppHeader({ user, orgs, current }: { user: CurrentUser; orgs: OrgItem[]; current?: OrgItem }) {
  return (
    <header className="border-b border-zinc-200 bg-white">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-4 px-4">
        <Link href="/orgs" className="font-bold tracking-tight text-brand-700">
          Tollgate
        </Link>
        <OrgSwitcher orgs={orgs} current={current} />
        <div className="ml-auto flex items-center gap-3 text-sm">
          <span className="hidden text-zinc-600 sm:inline" data-testid="signed-in-as">
            {user.email}
          </span>
          <form action={signOutAction}>
            <button type="submit" className="rounded-md px-2 py-1 text-zinc-700 hover:bg-zinc-100">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
