import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { childProcessEnv } from "@/scripts/lib/process-env";
import { sharedTestValue } from "@/test/support/test-settings";
import { startManaged, type Managed } from "@/scripts/lib/processes";
import { switchToFreshAppDatabase } from "@/test/support/billing-stack";
import { makeOrg, makeUser } from "@/test/support/factories";
import { listEmails, waitForEmail } from "@/test/support/mailbox";
import { recordBillingEmail } from "./outbox";
import { SAMPLES } from "./render/samples";

const root = path.resolve(import.meta.dirname, "..", "..");
const inbox = () => sharedTestValue("TOLLGATE_TEST_MAIL_URL")!;

// An SMTP server that takes the connection and never greets: a send stays in flight until the process dies.
let heldConnections = 0;
const silentSmtp = net.createServer((socket) => {
  heldConnections++;
  socket.on("error", () => undefined);
});
beforeAll(async () => {
  await switchToFreshAppDatabase("email_crash");
  await new Promise<void>((resolve) => silentSmtp.listen(0, "127.0.0.1", resolve));
}, 60_000);
afterAll(() => new Promise<void>((resolve) => silentSmtp.close(() => resolve())));

function startWorkerProcess(smtpUrl: string): Managed {
  return startManaged(
    "worker",
    path.join(root, "node_modules/.bin/tsx"),
    ["--conditions=react-server", path.join(root, "scripts/worker.ts")],
    { env: childProcessEnv({ WORKER_ID: "email-crash-test", WORKER_CONCURRENCY: "1", SMTP_URL: smtpUrl }), quiet: true },
  );
}

describe("a billing email job", () => {
  it("killed mid-send is not lost: the restarted worker takes it back and sends it, once", async () => {
    const owner = await makeUser();
    const org = await makeOrg([[owner, "owner"]]);
    await db.$transaction((tx) =>
      recordBillingEmail(tx, { kind: "receipt", causeKey: "in_crash_test", orgId: org.id, data: SAMPLES.receipt as object }),
    );

    const first = startWorkerProcess(`smtp://127.0.0.1:${(silentSmtp.address() as net.AddressInfo).port}`);
    await vi.waitUntil(() => heldConnections > 0, { timeout: 30_000, interval: 20 });
    process.kill(-first.child.pid!, "SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    expect(await db.billingEmail.findFirstOrThrow({ where: { orgId: org.id } })).toMatchObject({ status: "pending", attempts: 0 });

    const second = startWorkerProcess(env().SMTP_URL);
    try {
      await waitForEmail(inbox(), owner.email!, "Receipt for", 30_000);
      await vi.waitUntil(async () => (await db.billingEmail.findFirstOrThrow({ where: { orgId: org.id } })).status === "sent", {
        timeout: 10_000,
        interval: 20,
      });
    } finally {
      await second.stop();
    }
    expect((await listEmails(inbox(), owner.email!)).filter((m) => m.subject.startsWith("Receipt for"))).toHaveLength(1);
  }, 90_000);
});
