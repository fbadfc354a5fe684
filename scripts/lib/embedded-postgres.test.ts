import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { getFreePort } from "./free-port";

const canLogIn = async (port: number, password: string) => {
  const client = new pg.Client({ host: "127.0.0.1", port, user: "tollgate", password, database: "postgres" });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
};

describe("the embedded PostgreSQL's login", () => {
  it("replaces the old published password of an existing cluster with the generated one", async () => {
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), "tollgate-pg-")), "pg");
    const port = await getFreePort();
    const old = await startEmbeddedPostgres({ dataDir, port, persistent: true, password: "tollgate" });
    await old.stop();
    const generated = "generated-password-0123456789abcdef";
    const pgServer = await startEmbeddedPostgres({ dataDir, port, persistent: true, password: generated });
    try {
      expect(await canLogIn(port, generated)).toBe(true);
      expect(await canLogIn(port, "tollgate")).toBe(false);
    } finally {
      await pgServer.stop();
    }
  }, 60_000);
});
