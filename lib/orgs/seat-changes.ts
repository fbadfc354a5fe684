import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

export const SYNC_SEATS_TASK = "sync_seats";
export const INVITATION_EXPIRED_TASK = "invitation_expired";
/** graphile-worker backs off exponentially: 25 attempts keep trying for about three days of Stripe being away. */
const SYNC_SEATS_ATTEMPTS = 25;
/** How long the price an admin was shown for a seat may be sent back with the invitation and charged as shown. */
export const SEAT_QUOTE_TTL_SECONDS = 3600;

/**
 * Records, in the caller's transaction, that who holds a seat changed (an invitation sent, accepted, revoked; a member
 * removed or gone): the org's seat version moves on and, on a per-seat plan, a job brings Stripe's quantity to the
 * billable count. The job commits with the change or not at all, so a change made while Stripe is unreachable is
 * applied when it answers; one job per org waits at a time (its key), so a burst of changes costs one update.
 * An invitation carries the `quote` the admin was shown (or null: the seat is prorated from when the job runs); a
 * change that adds no seat leaves the last quote for the job that charges it.
 */
export async function recordSeatChange(
  tx: Prisma.TransactionClient,
  orgId: string,
  opts: { quote?: { prorationDate: number } | null } = {},
): Promise<void> {
  const keepQuote = opts.quote === undefined;
  await tx.$queryRaw`
    with bumped as (
      update "Organization" set "seatVersion" = "seatVersion" + 1,
        "seatProrationDate" = case when ${keepQuote} then "seatProrationDate" else ${opts.quote?.prorationDate ?? null}::int end
      where "id" = ${orgId} returning "planCode"
    )
    select graphile_worker.add_job(${SYNC_SEATS_TASK}::text, json_build_object('orgId', ${orgId}::text),
      job_key => ${`${SYNC_SEATS_TASK}:${orgId}`}::text, max_attempts => ${SYNC_SEATS_ATTEMPTS}::int)::text
    from bumped join "Plan" p on p."code" = bumped."planCode"
    where p."pricing" = 'per_seat'`;
}

/**
 * Queues, in the invitation's transaction, the seat change its expiry makes: no request marks the moment an invitation
 * stops holding a seat, so a job runs then (`invitationExpired`) and records it as any other change.
 */
export async function scheduleInvitationExpiry(tx: Prisma.TransactionClient, invitation: { id: string; expiresAt: Date }): Promise<void> {
  await tx.$queryRaw`
    select graphile_worker.add_job(${INVITATION_EXPIRED_TASK}::text, json_build_object('invitationId', ${invitation.id}::text),
      run_at => ${invitation.expiresAt}::timestamptz, job_key => ${`${INVITATION_EXPIRED_TASK}:${invitation.id}`}::text,
      max_attempts => ${SYNC_SEATS_ATTEMPTS}::int)::text`;
}
