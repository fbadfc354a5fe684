// A test run's last stage (`stripe-emulator conformance <dir>`): merges what every emulator of the run checked against
// the pinned API's types, prints the coverage and the violations; false when there was any, or no emulator reported.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ConformanceSummary } from "./observer";

export function reportConformance(dir: string): boolean {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
  const total: ConformanceSummary = { apiVersion: "", responses: {}, events: {}, resources: {}, fieldsChecked: 0, violations: {} };
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
  };
  for (const file of files) {
    const s = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as ConformanceSummary;
    total.apiVersion ||= s.apiVersion;
    add(total.responses, s.responses);
    add(total.events, s.events);
    add(total.resources, s.resources);
    total.fieldsChecked += s.fieldsChecked;
    for (const [k, v] of Object.entries(s.violations)) {
      const seen = (total.violations[k] ??= { count: 0, seenOn: v.seenOn });
      seen.count += v.count;
    }
  }
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  console.log(
    `Stripe API ${total.apiVersion || "?"} conformance: ${sum(total.responses)} answers on ${Object.keys(total.responses).length} routes and ` +
      `${sum(total.events)} events of ${Object.keys(total.events).length} types, from ${files.length} emulators; ` +
      `${Object.keys(total.resources).length} kinds of object, ${total.fieldsChecked} fields checked.`,
  );
  if (files.length === 0) {
    console.error("✖ no emulator reported: the conformance check did not run");
    return false;
  }
  const found = Object.entries(total.violations).sort((a, b) => b[1].count - a[1].count);
  console.log(`${found.length} distinct violations.`);
  for (const [k, v] of found) console.error(`  ${k} (${v.count}×, first on ${v.seenOn})`);
  return found.length === 0;
}
