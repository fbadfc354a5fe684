import path from "node:path";
import { runToCompletion } from "./processes";
import { ROOT } from "./root";

const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

/** Brings a database up to date: Prisma migrations, the job queue's schema, the plan catalog. Never demo data. */
export async function migrateDatabase(databaseUrl: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  log("› Applying migrations…");
  await runToCompletion("prisma migrate deploy", bin("prisma"), ["migrate", "deploy"], env);
  await runToCompletion("job queue schema", bin("graphile-worker"), ["--schema-only", "-c", databaseUrl], env);
  await runToCompletion("plan catalog", bin("tsx"), [path.join(ROOT, "prisma", "seed-catalog.ts")], env);
}
