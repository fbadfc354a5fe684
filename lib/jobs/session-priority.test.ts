import os from "node:os";
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { requireDatabaseUrl } from "@/lib/env";
import { lowerPriorityOfSessions, WORKER_APPLICATION_NAME } from "./session-priority";

async function session(applicationName: string) {
  const client = new pg.Client({ connectionString: requireDatabaseUrl(), application_name: applicationName });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
  return { pid: rows[0]!.pid, end: () => client.end() };
}

// The tests' PostgreSQL is the embedded one, on this machine and run by this user.
describe("the worker's PostgreSQL sessions", () => {
  it("get the worker's lower CPU priority on Linux, and no other session does", async () => {
    const worker = await session(WORKER_APPLICATION_NAME);
    const other = await session("tollgate-web");
    const lowering = lowerPriorityOfSessions(WORKER_APPLICATION_NAME, 20);
    try {
      expect(os.getPriority(other.pid)).toBe(0);
      if (process.platform === "linux") {
        await vi.waitUntil(() => os.getPriority(worker.pid) === 10, { timeout: 5000, interval: 20 });
      } else {
        // Without /proc a backend can't be told from a process of another machine's: nothing is touched.
        expect(os.getPriority(worker.pid)).toBe(0);
      }
      expect(os.getPriority(other.pid)).toBe(0);
    } finally {
      lowering.stop();
      await worker.end();
      await other.end();
    }
  });
});
