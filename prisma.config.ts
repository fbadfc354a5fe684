import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { requireDatabaseUrl } from "./lib/env";
import { readPgCatalogTypesAsText } from "./prisma/pg-catalog-types";

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    readPgCatalogTypesAsText();
    return new PrismaPg({ connectionString: requireDatabaseUrl(), max: 2 });
  },
});
