import { runOnce, type Task } from "graphile-worker";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { QUEUE_SCHEMA, migrateJobQueue, quietLogger } from "@/lib/jobs/queue";
import { enqueuePendingEvents, PROCESS_EVENT_TASK } from "@/lib/webhooks/enqueue-pending";
import { switchToFreshAppDatabase } from "@/test/support/billing-stack";
import { makeOrg, makeUser } from "@/test/support/factories";
import { storeSubscriptionEvent } from "@/test/support/stored-events";
import { BILLING_EMAIL_TASK, recordBillingEmail } from "./outbox";

let databaseUrl = "";
beforeAll(async () => {
  databaseUrl = await switchToFreshAppDatabase("email_priority");
  await migrateJobQueue(databaseUrl);
});

describe("the email queue", () => {
  it("waits behind Stripe's events, even those queued after the email", async () => {
    const org = await makeOrg([[await makeUser(), "owner"]]);
    await db.$transaction((tx) => recordBillingEmail(tx, { kind: "receipt", causeKey: `in_priority_${org.id}`, orgId: org.id, data: {} }));
    await storeSubscriptionEvent("cus_priority");
    expect(await enqueuePendingEvents()).toBe(1);

    const ran: string[] = [];
    const record =
      (name: string): Task =>
      async () =>
        void ran.push(name);
    await runOnce({
      connectionString: databaseUrl,
      schema: QUEUE_SCHEMA,
      concurrency: 1,
      logger: quietLogger(),
      taskList: { [PROCESS_EVENT_TASK]: record(PROCESS_EVENT_TASK), [BILLING_EMAIL_TASK]: record(BILLING_EMAIL_TASK) },
    });
    expect(ran).toEqual([PROCESS_EVENT_TASK, BILLING_EMAIL_TASK]);
  });
});
