import { createRequire } from "node:module";

// Catalog-only types the adapter cannot map: `name` (19) and the one-byte `"char"` (18).
const CATALOG_TEXT_OIDS = new Set([18, 19]);
const PG_TEXT_OID = 25;

type ResultClass = { prototype: { addFields(fields: { dataTypeID: number }[]): void } };
let patched = false;

/**
 * Makes every pg result in this process report catalog name types as `text`.
 * @prisma/adapter-pg 6.19 has no mapping for `name` or `"char"`, which Prisma's migration
 * engine meets when it reads the catalog (including on the shadow connections
 * it opens itself); text is what that column holds. Only the Prisma CLI loads
 * this, through prisma.config.ts; the app never does.
 */
export function readPgCatalogTypesAsText(): void {
  if (patched) return;
  patched = true;
  const Result = createRequire(import.meta.url)("pg/lib/result") as ResultClass;
  const addFields = Result.prototype.addFields;
  Result.prototype.addFields = function (fields) {
    for (const field of fields) if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = PG_TEXT_OID;
    return addFields.call(this, fields);
  };
}
