"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/** Re-renders the page from the server every 2 s while `waiting` (e.g. until Stripe's webhook has landed), at most `limit` times. */
export function RefreshWhile({ waiting, limit = 15 }: { waiting: boolean; limit?: number }) {
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
  return null;
}
