// How an audit entry reads to a person: who made it and what it changed. Shared by the audit log and org timelines.

type Json = Record<string, unknown> | null | undefined;

const show = (v: unknown) => (v === null || v === undefined ? "none" : typeof v === "object" ? JSON.stringify(v) : String(v));

/**
 * What an entry changed, one "name: before → after" a field, or "name: value" for a field that is new. Ids that only
 * say which object it was (the subscription's) are left out: the entry's links carry them.
 */
export function describeChange(before: unknown, after: unknown): string[] {
  const b = (before && typeof before === "object" ? before : {}) as NonNullable<Json>;
  const a = (after && typeof after === "object" ? after : {}) as NonNullable<Json>;
  return Object.keys(a)
    .filter((key) => key !== "subscription" && show(b[key]) !== show(a[key]))
    .map((key) => (key in b ? `${key}: ${show(b[key])} → ${show(a[key])}` : `${key}: ${show(a[key])}`));
}

/** Who an entry's actor is: a person by name, Stripe's event, or the job that made it. */
export function describeActor(actor: string, people: Map<string, string>): string {
  const [kind, ...rest] = actor.split(":");
  const id = rest.join(":");
  if (kind === "user") return people.get(id) ?? "a deleted user";
  if (kind === "stripe") return `Stripe (${id})`;
  if (kind === "system") return rest[0] === "reconcile" ? `reconcile run ${rest[1] ?? ""}`.trim() : `job ${id}`;
  return actor;
}
