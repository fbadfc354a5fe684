import type Stripe from "stripe";
import type { Stored, Tx } from "../store/store";
import { resourceMissing } from "../http/errors";

export type Metadata = Record<string, string>;

export type AddressInput = { line1?: string; line2?: string; city?: string; state?: string; postal_code?: string; country?: string };

/** Stripe's address object: every field present, null where not given. */
export function stripeAddress(a: AddressInput): Stripe.Address {
  return {
    city: a.city ?? null,
    country: a.country ?? null,
    line1: a.line1 ?? null,
    line2: a.line2 ?? null,
    postal_code: a.postal_code ?? null,
    state: a.state ?? null,
  };
}

/** The object of this type with this id, or Stripe's 404. */
export function mustGet<T>(tx: Tx, type: string, id: string, kind = type, param = "id"): T & Stored {
  const found = tx.get(id);
  if (!found || found.object !== type || (found as { deleted?: boolean }).deleted) throw resourceMissing(kind, id, param);
  return found as T & Stored;
}

/** Stripe's metadata update: keys merge, "" removes a key, and metadata="" clears all. */
export function mergeMetadata(current: Metadata | null | undefined, update: Metadata | "" | undefined): Metadata {
  if (update === undefined) return { ...(current ?? {}) };
  if (update === "") return {};
  const next = { ...(current ?? {}) };
  for (const [k, v] of Object.entries(update)) {
    if (v === "") delete next[k];
    else next[k] = v;
  }
  return next;
}

/** Shallow changes of `before` → `after`, as `data.previous_attributes` reports them. */
export function previousAttributes(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) previous[key] = before[key] ?? null;
  }
  return previous;
}

/** Sets only the fields present in `params` (undefined means "not sent"); "" becomes null. */
export function assignDefined<T extends object>(target: T, params: Partial<Record<keyof T, unknown>>): T {
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined) (target as Record<string, unknown>)[k] = v === "" ? null : v;
  }
  return target;
}
