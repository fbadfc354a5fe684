import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { requireDatabaseUrl } from "@/lib/env";

const globalForPrisma = globalThis as unknown as { tollgatePrisma?: PrismaClient };

function client(): PrismaClient {
  globalForPrisma.tollgatePrisma ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: requireDatabaseUrl(), max: 10 }),
  });
  return globalForPrisma.tollgatePrisma;
}

/**
 * The one Prisma client of the process, connected on first use so that
 * `next build` can import modules without a database.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const real = client();
    const value = Reflect.get(real, prop, real);
    return typeof value === "function" ? value.bind(real) : value;
  },
});
