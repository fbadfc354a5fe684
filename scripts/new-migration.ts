// `npm run db:migration -- <name>`: writes the migration from the last committed schema to the working one.
// Prisma's JS migration engine cannot introspect a database here (`--from-migrations` crashes), but a
// datamodel-to-datamodel diff needs only a connection, which a throwaway embedded PostgreSQL provides.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { childProcessEnv } from "./lib/process-env";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";
import { getFreePort } from "./lib/free-port";
import { ROOT } from "./lib/root";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <snake_case_name>");
  process.exit(2);
}
const dir = mkdtempSync(path.join(os.tmpdir(), "tollgate-migration-"));
const previous = path.join(dir, "previous.prisma");
writeFileSync(previous, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { cwd: ROOT }));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await getFreePort(), persistent: false });
try {
  const diff = spawnSync(
    path.join(ROOT, "node_modules/.bin/prisma"),
    ["migrate", "diff", "--from-schema-datamodel", previous, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
    { cwd: ROOT, env: childProcessEnv({ DATABASE_URL: pg.urlFor("postgres") }), encoding: "utf8" },
  );
  if (diff.status !== 0) throw new Error(diff.stderr);
  if (!/^\s*(ALTER|CREATE|DROP)/m.test(diff.stdout)) {
    console.log("The schema matches the last commit; no migration written.");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const folder = path.join(ROOT, "prisma", "migrations", `${stamp}_${name}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, "migration.sql"), diff.stdout);
    console.log(`Wrote ${path.relative(ROOT, folder)}/migration.sql`);
  }
} finally {
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
