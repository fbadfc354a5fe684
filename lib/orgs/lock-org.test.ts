import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { requireDatabaseUrl } from "@/lib/env";
import { makeOrg, makeUser } from "@/test/support/factories";
import { lockOrg } from "./lock-org";

/** How many sessions are waiting for a row lock right now, seen from a session of its own. */
async function sessionsWaitingForRowLocks(): Promise<number> {
  const other = new pg.Client({ connectionString: requireDatabaseUrl() });
  await other.connect();
  try {
    const { rows } = await other.query(
      "select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()",
    );
    return rows[0].n as number;
  } finally {
    await other.end();
  }
}

describe("lockOrg", () => {
  it("takes the org once per transaction, and another transaction still waits for it", async () => {
    const org = await makeOrg([[await makeUser(), "owner"]]);
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((r) => (releaseFirst = r));
    const order: string[] = [];
    let firstLocked!: () => void;
    const locked = new Promise<void>((r) => (firstLocked = r));
    const first = db.$transaction(async (tx) => {
      await lockOrg(tx, org.id);
      await lockOrg(tx, org.id); // the same transaction again: no wait on itself
      firstLocked();
      await firstHolds;
      order.push("first commits");
    });
    await locked;
    const second = db.$transaction(async (tx) => {
      await lockOrg(tx, org.id);
      order.push("second locked");
    });
    await expect.poll(sessionsWaitingForRowLocks, { timeout: 5_000 }).toBe(1);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(["first commits", "second locked"]);
  });
});
