// `npm run cli -- <command>`: operator commands. Runs under the react-server condition, so it uses the
// app's own modules (the one Prisma client, the one Stripe client) as the server does.
import { env } from "../lib/env";
import { localSettings } from "./lib/local-settings";
import { exportToEnv, loadDotEnv } from "./lib/process-env";
import { db } from "../lib/db";
import { requireStripe } from "../lib/stripe/client";
import { syncCatalog } from "../lib/stripe/catalog-sync";
import { ensureDemoSubscription } from "../prisma/data/demo-subscription";
import { seedDemoPlatform } from "../prisma/data/demo-platform";
import path from "node:path";
import { embeddedPostgresPassword } from "./lib/secrets";
import { billingReconcile } from "./cli/billing-reconcile";
import { licenseCommand } from "./cli/license";

const [area, action] = process.argv.slice(2);

/** Unset, the CLI talks to what `npm start` runs locally: the embedded database and the Stripe emulator. */
function applyLocalStackDefaults(): void {
  loadDotEnv(path.resolve(import.meta.dirname, ".."));
  const e = env();
  const local = localSettings();
  const defaults: Record<string, string> = {};
  if (!e.DATABASE_URL) {
    const password = embeddedPostgresPassword(path.resolve(import.meta.dirname, "..", local.DATA_DIR));
    defaults.DATABASE_URL = `postgresql://tollgate:${encodeURIComponent(password)}@127.0.0.1:${local.EMBEDDED_PG_PORT}/tollgate`;
  }
  if (!e.STRIPE_SECRET_KEY && !e.STRIPE_API_BASE) defaults.STRIPE_API_BASE = `http://127.0.0.1:${local.STRIPE_EMULATOR_PORT}`;
  exportToEnv(defaults);
}

async function main(): Promise<number> {
  applyLocalStackDefaults();
  if (area === "catalog" && action === "sync") {
    const report = await syncCatalog(requireStripe(), db);
    console.log(
      `Catalog synced: ${report.productsCreated} products and ${report.pricesCreated} prices created, ${report.pricesKept} prices unchanged; portal configuration ${report.portalConfiguration}.`,
    );
    return 0;
  }
  if (area === "demo" && action === "billing") {
    const id = await ensureDemoSubscription("acme", "team");
    console.log(id ? `Demo billing: acme is on Team (${id}).` : "Demo billing: no acme org; run the seed first.");
    return 0;
  }
  if (area === "demo" && action === "platform") {
    const result = await seedDemoPlatform();
    console.log(
      result.skipped
        ? "Demo platform: already there."
        : `Demo platform: ${result.orgs} orgs signed up over ${result.snapshots - 1} days, with a snapshot each day.`,
    );
    return 0;
  }
  if (area === "license") return licenseCommand(action, process.argv.slice(4));
  if (area === "billing" && action === "reconcile") return billingReconcile(process.argv.slice(4));
  console.error(
    "usage: npm run cli -- catalog sync | demo billing | demo platform | license keygen|issue|verify | billing reconcile [--org-id ID|slug] [--since ISO date]",
  );
  return 2;
}

main()
  .then(async (code) => {
    await db.$disconnect();
    process.exit(code);
  })
  .catch((err: unknown) => {
    console.error(
      `✖ ${err instanceof Error ? err.message : String(err)} (is npm start running, or are DATABASE_URL and the Stripe settings set?)`,
    );
    process.exit(1);
  });
