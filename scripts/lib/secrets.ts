import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const runningAsRoot = typeof process.getuid === "function" && process.getuid() === 0;

/**
 * The data directory holds the database and the generated secrets: owner-only (as root, others may
 * only pass through, which the postgres system user needs). Checked and repaired on every start, not
 * only when created, so a directory left open by an older version or a careless copy is closed again.
 */
export function securePrivateFiles(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const wanted = runningAsRoot ? 0o711 : 0o700;
  if ((statSync(dataDir).mode & 0o777) !== wanted) chmodSync(dataDir, wanted);
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file) && (statSync(file).mode & 0o777) !== 0o600) chmodSync(file, 0o600);
}

/** Secrets generated once per checkout and kept under the data directory (git-ignored). */
export function localSecret(dataDir: string, name: string, prefix = ""): string {
  securePrivateFiles(dataDir);
  const file = path.join(dataDir, "secrets.json");
  const secrets: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  if (!secrets[name]) {
    secrets[name] = prefix + randomBytes(32).toString("base64url");
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return secrets[name];
}

/** The embedded PostgreSQL's login password, generated with the other local secrets. */
export const embeddedPostgresPassword = (dataDir: string) => localSecret(dataDir, "POSTGRES_PASSWORD");
