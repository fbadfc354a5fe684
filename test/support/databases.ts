import { randomUUID } from "node:crypto";
import pg from "pg";
import { requireDatabaseUrl } from "@/lib/env";

/** A new, empty database on the test PostgreSQL server, for a component that wants its own. */
export async function freshDatabaseUrl(prefix: string): Promise<string> {
  const name = `${prefix}_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const url = new URL(requireDatabaseUrl());
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`create database "${name}"`);
  await client.end();
  url.pathname = `/${name}`;
  return url.toString();
}
