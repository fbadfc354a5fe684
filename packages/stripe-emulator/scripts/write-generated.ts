// `npx tsx packages/stripe-emulator/scripts/write-generated.ts`: writes what the emulator needs at run time
// from the pinned `stripe` package's types (so it never runs the compiler outside tests): the event types of the pinned version, and
// the parameters each of the emulator's routes takes under it. The contract suite fails when either file no longer
// matches the installed package or the emulator's routes.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadStripeContract } from "../src/conformance/contract-cache";
import { sdkRoute, type StripeContract } from "../src/conformance/stripe-types";
import type { PinnedRoute } from "../src/conformance/pinned-parameters";
import { readHandlerParameters } from "../src/conformance/handler-parameters";
import { TABLE_BEGIN, TABLE_END, implementedApiMarkdown } from "../src/conformance/implemented-api";
import { emulatorSettingsTable } from "../src/settings";

export const EVENT_TYPES_FILE = path.join(import.meta.dirname, "..", "src", "conformance", "pinned-event-types.json");
export const PARAMETERS_FILE = path.join(import.meta.dirname, "..", "src", "conformance", "pinned-parameters.json");
export const TABLE_FILE = path.join(import.meta.dirname, "..", "README.md");

/** the package README with its implemented-API section replaced by `section`. */
function withTable(doc: string, section: string): string {
  const begin = doc.indexOf(TABLE_BEGIN);
  const end = doc.indexOf(TABLE_END);
  if (begin < 0 || end < begin) throw new Error(`the package README has no ${TABLE_BEGIN} … ${TABLE_END} section`);
  return doc.slice(0, begin) + section + doc.slice(end + TABLE_END.length);
}

const SETTINGS_BEGIN = "<!-- emulator-settings:begin (npx tsx packages/stripe-emulator/scripts/write-generated.ts) -->";
const SETTINGS_END = "<!-- emulator-settings:end -->";

/** The README with its settings table made anew from the settings' schema. */
export function withSettingsTable(doc: string): string {
  const begin = doc.indexOf(SETTINGS_BEGIN);
  const end = doc.indexOf(SETTINGS_END);
  if (begin < 0 || end < begin) throw new Error(`the package README has no ${SETTINGS_BEGIN} … ${SETTINGS_END} section`);
  return `${doc.slice(0, begin)}${SETTINGS_BEGIN}\n${emulatorSettingsTable()}\n${doc.slice(end)}`;
}

export function eventTypesFileText(events: string[]): string {
  return `${JSON.stringify([...events].sort(), null, 2)}\n`;
}

/** The emulator's routes (`POST /v1/customers/:id`) that are SDK methods, with the parameters the pinned version takes. */
export function pinnedParameters(contract: StripeContract, routes: string[]): Record<string, PinnedRoute> {
  const methods = new Map(contract.methods.map((m) => [m.route, m]));
  const out: Record<string, PinnedRoute> = {};
  for (const route of [...routes].sort()) {
    const [method, template] = route.split(" ") as [string, string];
    const sdk = methods.get(sdkRoute(method, template));
    if (sdk) out[route] = { method: sdk.name, params: sdk.params, tree: sdk.tree };
  }
  return out;
}

export function parametersFileText(parameters: Record<string, PinnedRoute>): string {
  // One route a line, so a change to the SDK or the routes reads as a small diff.
  const lines = Object.entries(parameters).map(([route, value]) => `  ${JSON.stringify(route)}: ${JSON.stringify(value)}`);
  return `{\n${lines.join(",\n")}\n}\n`;
}

/** The emulator's API routes, read from a router built the way the server builds it. */
export async function emulatorRoutes(): Promise<string[]> {
  const [{ Emulator }, { Store }] = await Promise.all([import("../src/server"), import("../src/store/store")]);
  return new Emulator(await Store.open(null)).router.templates();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const contract = await loadStripeContract();
  writeFileSync(EVENT_TYPES_FILE, eventTypesFileText(Object.keys(contract.events)));
  const parameters = pinnedParameters(contract, await emulatorRoutes());
  writeFileSync(PARAMETERS_FILE, parametersFileText(parameters));
  const section = implementedApiMarkdown(contract.apiVersion, parameters, readHandlerParameters(await emulatorRoutes()));
  writeFileSync(TABLE_FILE, withSettingsTable(withTable(readFileSync(TABLE_FILE, "utf8"), section)));
  console.log(`Wrote ${Object.keys(contract.events).length} event types of ${contract.apiVersion} to ${EVENT_TYPES_FILE}.`);
  console.log(
    `Wrote the parameters of ${Object.keys(parameters).length} routes to ${PARAMETERS_FILE}, and their table to the package README.`,
  );
  process.exit(0);
}
