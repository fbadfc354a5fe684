// `npx tsx emulator/conformance/write-generated.ts`: writes what the emulator needs at run time from the pinned
// `stripe` package's types (so it never runs the compiler outside tests): the event types of the pinned version.
// The contract suite fails when the file no longer matches the installed package.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { loadStripeContract } from "./contract-cache";

export const EVENT_TYPES_FILE = path.join(import.meta.dirname, "pinned-event-types.json");

export function eventTypesFileText(events: string[]): string {
  return `${JSON.stringify([...events].sort(), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const contract = await loadStripeContract();
  writeFileSync(EVENT_TYPES_FILE, eventTypesFileText(Object.keys(contract.events)));
  console.log(`Wrote ${Object.keys(contract.events).length} event types of ${contract.apiVersion} to ${EVENT_TYPES_FILE}.`);
}
