"use client";

import { useState } from "react";

export type ApiError = { code: string; message: string; fields?: Record<string, string>; upgrade?: string; upgradeLabel?: string };
type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** Calls a Tollgate JSON route and returns its data or its `{ error }` body. */
export async function callApi<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<Result<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? "POST",
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    return { ok: false, error: { code: "network", message: "Could not reach Tollgate. Check your connection and try again." } };
  }
  const payload = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.ok) return { ok: true, data: payload as T };
  const error = (payload as { error?: ApiError } | null)?.error;
  return { ok: false, error: error ?? { code: "internal", message: `The request failed (${res.status}).` } };
}

/** Submission state for a form that posts to a JSON route. */
export function useApiForm() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function submit<T>(url: string, init: { method?: string; body?: unknown }): Promise<{ data: T } | null> {
    setPending(true);
    setError(null);
    const result = await callApi<T>(url, init);
    setPending(false);
    if (result.ok) return { data: result.data };
    setError(result.error);
    return null;
  }

  return { pending, error, fieldError: (name: string) => error?.fields?.[name], submit, setError };
}
