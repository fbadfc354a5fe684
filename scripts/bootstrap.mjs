// Entry for `npm start` and `npm test`: installs what is missing, then hands over to the TypeScript scripts.
// Plain Node on purpose: it must run before node_modules exists, so it is the one script that
// touches the environment without lib/env.ts (only to add a variable for a child).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const run = (cmd, args, extraEnv = {}) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...extraEnv } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

const lock = path.join(root, "package-lock.json");
const installed = path.join(root, "node_modules", ".package-lock.json");
if (!existsSync(installed) || mtime(lock) > mtime(installed)) {
  console.log("› Installing dependencies (npm ci)…");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
}

const schema = path.join(root, "prisma", "schema.prisma");
const client = path.join(root, "lib", "generated", "prisma", "client.ts");
if (mtime(schema) > mtime(client)) {
  console.log("› Generating the Prisma client…");
  // generate never connects; the schema only needs some URL to be readable.
  run(path.join(root, "node_modules", ".bin", "prisma"), ["generate"], { DATABASE_URL: "postgresql://generate@127.0.0.1/none" });
}

const task = process.argv[2];
const scripts = { start: "scripts/start.ts", test: "scripts/test.ts" };
if (!scripts[task]) {
  console.error(`unknown task ${task}; expected one of ${Object.keys(scripts).join(", ")}`);
  process.exit(2);
}
const tsx = path.join(root, "node_modules", ".bin", "tsx");
// The child gets a process group of its own, so a Ctrl-C in the terminal reaches only us, not PostgreSQL and the
// rest, which would otherwise stop at once and out of order; we pass the signal on and the child stops them in order.
const child = spawn(tsx, [scripts[task], ...process.argv.slice(3)], { cwd: root, stdio: "inherit", detached: true });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 130 : 0)));
