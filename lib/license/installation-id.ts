import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";

let known: string | undefined;

/** This installation's id (inst_…), made once and kept in its database; every process of the installation reads the same. */
export async function installationId(): Promise<string> {
  if (known) return known;
  // Whoever inserts first wins; everyone then reads the one row.
  await db.installation.createMany({ data: { id: `inst_${randomBytes(12).toString("hex")}` }, skipDuplicates: true });
  known = (await db.installation.findUniqueOrThrow({ where: { key: "this" } })).id;
  return known;
}
