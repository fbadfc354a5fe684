import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { requireDatabaseUrl } from "@/lib/env";

// Keyed by URL so that a test file pointing DATABASE_URL at its own database gets its own client.
const globalForPrisma = globalThis as unknown as { tollgatePrisma?: Map<string, PrismaClient> };

function client(): PrismaClient {
  const url = requireDatabaseUrl();
  const clients = (globalForPrisma.tollgatePrisma ??= new Map());
  let found = clients.get(url);
  if (!found) {
    // A burst of changes to one org (fifty people joining at once) queues for the pool's ten connections and then for
    // the org's row lock: a transaction may wait up to 10 s for its connection and take 15 s in all, more margin than
    // Prisma's defaults (2 s, 5 s) leave a burst on a loaded machine.
    found = new PrismaClient({
      adapter: new PrismaPg({ connectionString: url, max: 10 }),
      transactionOptions: { maxWait: 10_000, timeout: 15_000 },
    });
    clients.set(url, found);
  }
  return found;
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
