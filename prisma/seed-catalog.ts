// The plan catalog only (plans, add-ons, credit packs): what every deployment needs. Idempotent.
import { PrismaPg } from "@prisma/adapter-pg";
import { seedCatalog } from "./data/catalog";
import { requireDatabaseUrl } from "../lib/env";
import { PrismaClient } from "../lib/generated/prisma/client";

const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: requireDatabaseUrl() }) });
try {
  await seedCatalog(db);
  console.log("Plan catalog written.");
} finally {
  await db.$disconnect();
}
