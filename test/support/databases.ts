import { randomUUID } from "node:crypto";
import pg from "pg";
import { requireDatabaseUrl } from "@/lib/env";
import { sharedTestValue } from "@/test/support/test-settings";

/** The test server's maintenance database, from which databases are made. */
function serverUrl(): URL {
  const url = new URL(sharedTestValue("TOLLGATE_TEST_PG_URL") ?? requireDatabaseUrl());
  url.pathname = "/postgres";
  return url;
}

async function createDatabase(prefix: string, template?: string): Promise<string> {
  const name = `${prefix}_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = serverUrl();
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`create database "${name}"${template ? ` template "${template}"` : ""}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new, empty database on the test PostgreSQL server, for a component that wants its own (the emulator's store). */
export function freshDatabaseUrl(prefix: string): Promise<string> {
  return createDatabase(prefix);
}

/**
 * A new database with the app's schema, the job queue's and the plan catalog, copied from the template the
 * global setup migrated once: a file-system copy, so every test file can have one without running migrations.
 */
export function appDatabaseUrl(prefix: string): Promise<string> {
  const template = sharedTestValue("TOLLGATE_TEST_PG_TEMPLATE");
  if (!template) throw new Error("no template database: the integration project's global setup makes it");
  return createDatabase(prefix, template);
}
