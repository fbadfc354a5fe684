// Production processes: `npm run prod:migrate`, then any number of `npm run prod:web` and `npm run prod:worker`
// on one PostgreSQL. Each refuses to start, naming what is missing, until the environment is safe.
import path from "node:path";
import { env } from "../lib/env";
import { childProcessEnv, exportToEnv, loadDotEnv } from "./lib/process-env";
import { productionProblems } from "./lib/production-config";
import { migrateDatabase } from "./lib/migrate";

const command = process.argv[2];
const commands = ["check", "migrate", "web", "worker"];
if (!command || !commands.includes(command)) {
  console.error(`usage: tsx scripts/production.ts ${commands.join(" | ")}`);
  process.exit(2);
}

loadDotEnv(path.resolve(import.meta.dirname, ".."));
exportToEnv({ NODE_ENV: "production" });
const problems = productionProblems(env());
if (problems.length > 0) {
  console.error(`✖ Tollgate will not start in production until these are fixed:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}

if (command === "check") console.log("✓ The production environment is complete.");
if (command === "migrate") await migrateDatabase(env().DATABASE_URL!, childProcessEnv(), (line) => console.log(line));
if (command === "web") await import(path.join(import.meta.dirname, "app-server.ts"));
if (command === "worker") await import(path.join(import.meta.dirname, "worker.ts"));
