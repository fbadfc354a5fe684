import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { childProcessEnv } from "./process-env";
import { getFreePort } from "./free-port";
import { startEmbeddedPostgres } from "./embedded-postgres";

/** Runs a command against a throwaway embedded PostgreSQL: `tsx scripts/lib/with-temp-postgres.ts -- cmd args`. */
const args = process.argv.slice(process.argv.indexOf("--") + 1);
const dir = mkdtempSync(path.join(os.tmpdir(), "tollgate-pg-"));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: await getFreePort(), persistent: false });
await pg.ensureDatabase("scratch");
const result = spawnSync(args[0]!, args.slice(1), {
  stdio: "inherit",
  env: childProcessEnv({ DATABASE_URL: pg.urlFor("scratch") }),
});
await pg.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(result.status ?? 1);
