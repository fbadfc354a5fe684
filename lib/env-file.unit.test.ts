import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { env } from "./env";
import { exportToEnv, loadDotEnv } from "../scripts/lib/process-env";

describe("settings from .env", () => {
  afterEach(() => exportToEnv({ MAIL_FROM: undefined, WORKER_CONCURRENCY: undefined }));

  it("are read when the file is there, with what the shell set winning", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tollgate-dotenv-"));
    writeFileSync(path.join(dir, ".env"), "MAIL_FROM=Billing <billing@example.test>\nWORKER_CONCURRENCY=7\n");
    exportToEnv({ WORKER_CONCURRENCY: "3" });
    expect(env().WORKER_CONCURRENCY).toBe(3);

    expect(loadDotEnv(dir)).toBe(true);
    expect(env().MAIL_FROM).toBe("Billing <billing@example.test>");
    expect(env().WORKER_CONCURRENCY).toBe(3);
  });

  it("change nothing when there is no file", () => {
    expect(loadDotEnv(mkdtempSync(path.join(os.tmpdir(), "tollgate-dotenv-")))).toBe(false);
    expect(env().MAIL_FROM).toBe("Tollgate <no-reply@tollgate.test>");
  });
});
