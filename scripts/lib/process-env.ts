// The launchers' and the tests' hold on the process environment: reading .env, handing variables to children and
// to later workers. The app itself only reads its settings (lib/env.ts).
import { existsSync } from "node:fs";
import path from "node:path";
import { rereadSettings } from "../../lib/env";

/**
 * Reads `dir/.env`, when there is one, into the environment of this process and its children; a variable already
 * set (in the shell, by the process manager) wins over the file. Returns whether a file was read.
 */
export function loadDotEnv(dir: string): boolean {
  const file = path.join(dir, ".env");
  if (!existsSync(file)) return false;
  process.loadEnvFile(file);
  rereadSettings();
  return true;
}

/** The environment a child process should inherit, with overrides. */
export function childProcessEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...overrides };
}

/** Sets variables for this process and the processes it starts later (test runners' workers). */
export function exportToEnv(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rereadSettings();
}

/**
 * Names the process's PostgreSQL sessions (`application_name`, through libpq's PGAPPNAME, which node-postgres reads for
 * each connection it opens) unless the environment names them already. Call it before the first connection.
 */
export function nameDatabaseSessions(name: string): void {
  process.env.PGAPPNAME ??= name;
}
