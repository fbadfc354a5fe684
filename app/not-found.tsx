import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 px-4 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-zinc-600">It does not exist, or you do not have access to it.</p>
      <Link href="/orgs" className="mt-2 text-sm font-medium text-brand-700 hover:underline">
        Go to your organizations
      </Link>
    </main>
  );
}
