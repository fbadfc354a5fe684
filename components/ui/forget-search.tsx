"use client";

import { useEffect } from "react";

/**
 * Removes one-time search parameters (a Checkout's return marker) from the address once `when` holds, without a
 * navigation: what the page shows stays, and a reload or a bookmark no longer brings the message back.
 */
export function ForgetSearch({ names, when }: { names: string[]; when: boolean }) {
  const key = names.join(",");
  useEffect(() => {
    if (!when) return;
    const url = new URL(window.location.href);
    const present = key.split(",").filter((name) => url.searchParams.has(name));
    if (present.length === 0) return;
    for (const name of present) url.searchParams.delete(name);
    window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
  }, [key, when]);
  return null;
}
