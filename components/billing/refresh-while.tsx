"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/**
 * Re-renders the page from the server every 2 s while `waiting` (e.g. until Stripe's webhook has landed),
 * at most `limit` times; after that it says so and offers to check again rather than polling forever.
 */
export function RefreshWhile({
  waiting,
  limit = 15,
  stillWaiting = "Stripe hasn't confirmed it yet; nothing is lost, it will show here once it has.",
}: {
  waiting: boolean;
  limit?: number;
  stillWaiting?: string;
}) {
  const router = useRouter();
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!waiting || count >= limit) return;
    const timer = setTimeout(() => {
      setCount((c) => c + 1);
      router.refresh();
    }, 2000);
    return () => clearTimeout(timer);
  }, [waiting, count, limit, router]);
  if (!waiting || count < limit) return null;
  return (
    <p className="text-sm text-zinc-600" role="status">
      {stillWaiting}{" "}
      <button
        type="button"
        className="font-medium text-brand-700 underline"
        onClick={() => {
          setCount(0);
          router.refresh();
        }}
      >
        Check again
      </button>
    </p>
  );
}
