import "server-only";
import { utc } from "@date-fns/utc";
import { subDays } from "date-fns";
import { db } from "@/lib/db";

export type PlatformHealth = {
  status: "ok" | "degraded";
  database: { ok: boolean; latency_ms: number };
  queue: { ready_jobs: number; oldest_ready_seconds: number; failed_jobs: number };
  webhooks: { received_24h: number; failed_24h: number; pending: number; failed: number; failure_rate_percent: number | null };
};

/** The live signals an operator watches: the database answers, the queue keeps up, webhooks get processed. */
export async function platformHealth(now = new Date()): Promise<PlatformHealth> {
  const started = performance.now();
  const [queue, events] = await Promise.all([
    db.$queryRaw<{ ready: bigint; oldest: number | null; failed: bigint }[]>`
      select count(*) filter (where locked_at is null and run_at <= now() and attempts < max_attempts) as ready,
             extract(epoch from now() - min(run_at) filter (where locked_at is null and run_at <= now() and attempts < max_attempts))::float8 as oldest,
             count(*) filter (where attempts >= max_attempts) as failed
      from graphile_worker.jobs`,
    db.$queryRaw<{ received: bigint; failed_recent: bigint; pending: bigint; failed: bigint }[]>`
      select count(*) filter (where "receivedAt" >= ${subDays(now, 1, { in: utc })}) as received,
             count(*) filter (where "receivedAt" >= ${subDays(now, 1, { in: utc })} and "status" = 'failed') as failed_recent,
             count(*) filter (where "status" = 'pending') as pending,
             count(*) filter (where "status" = 'failed') as failed
      from "StripeEvent"`,
  ]);
  const latency = Math.round((performance.now() - started) * 10) / 10;
  const q = queue[0]!;
  const e = events[0]!;
  const received = Number(e.received);
  const failedRecent = Number(e.failed_recent);
  const health: PlatformHealth = {
    status: "ok",
    database: { ok: true, latency_ms: latency },
    queue: { ready_jobs: Number(q.ready), oldest_ready_seconds: Math.max(0, Math.round(q.oldest ?? 0)), failed_jobs: Number(q.failed) },
    webhooks: {
      received_24h: received,
      failed_24h: failedRecent,
      pending: Number(e.pending),
      failed: Number(e.failed),
      failure_rate_percent: received > 0 ? Math.round((failedRecent / received) * 10_000) / 100 : null,
    },
  };
  return health;
}
