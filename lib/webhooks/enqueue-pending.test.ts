import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { switchToFreshAppDatabase } from "@/test/support/billing-stack";
import { dropJobsOf, enqueuePendingEvents } from "./enqueue-pending";
import { storeSubscriptionEvent } from "@/test/support/stored-events";

beforeAll(() => switchToFreshAppDatabase("enqueue_pending"));

type Job = { id: string; attempts: number; max_attempts: number };
const jobsOf = (eventId: string) =>
  db.$queryRaw<Job[]>`select id::text, attempts, max_attempts from graphile_worker.jobs where key = ${`stripe_event:${eventId}`}`;

const storedEvent = () => storeSubscriptionEvent("cus_feed");

describe("the feeder that queues stored events", () => {
  it("leaves an event alone while its job runs the last attempt, and queues it again once that job is done with it", async () => {
    const eventId = await storedEvent();
    expect(await enqueuePendingEvents()).toBe(1);
    const [job] = await jobsOf(eventId);
    expect(job).toMatchObject({ attempts: 0 });

    // A worker has taken the job for its last attempt: the event is still pending until the attempt ends.
    await db.$executeRaw`update graphile_worker._private_jobs
      set attempts = max_attempts, locked_at = now(), locked_by = 'feeder-test' where id = ${BigInt(job!.id)}`;
    expect(await enqueuePendingEvents()).toBe(0);
    expect(await jobsOf(eventId)).toEqual([{ ...job, attempts: job!.max_attempts }]);

    // The attempt ended and the event is pending again (a redelivery of a failed event): its used-up job is revived.
    await db.$executeRaw`update graphile_worker._private_jobs set locked_at = null, locked_by = null where id = ${BigInt(job!.id)}`;
    expect(await enqueuePendingEvents()).toBe(1);
    expect(await jobsOf(eventId)).toMatchObject([{ attempts: 0 }]);
  });

  it("does not wait on the lock of a worker that died hours ago", async () => {
    const eventId = await storedEvent();
    expect(await enqueuePendingEvents()).toBe(1);
    await db.$executeRaw`update graphile_worker._private_jobs
      set attempts = max_attempts, locked_at = now() - interval '5 hours', locked_by = 'gone'
      where key = ${`stripe_event:${eventId}`}`;
    expect(await enqueuePendingEvents()).toBe(1);
    expect(await jobsOf(eventId)).toMatchObject([{ attempts: 0 }]);
  });

  it("takes the jobs of events processed in another job's batch off the queue, and leaves a running one its attempts", async () => {
    const waiting = await storedEvent();
    const running = await storedEvent();
    expect(await enqueuePendingEvents()).toBe(2);
    const [held] = await jobsOf(running);
    await db.$executeRaw`update graphile_worker._private_jobs
      set attempts = 1, locked_at = now(), locked_by = 'drop-test' where id = ${BigInt(held!.id)}`;

    await dropJobsOf([waiting, running]);
    expect(await jobsOf(waiting)).toEqual([]);
    // The running job ends by itself (its event is processed); with no attempts left and no key it could never be
    // queued again, and one that failed or was released would stay on the queue for ever.
    expect(await jobsOf(running)).toEqual([{ ...held, attempts: 1 }]);
  });
});
