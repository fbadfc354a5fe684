// The two texts made from lib/env.ts's schema: .env.example and the table in docs/configuration.md.
// `npx tsx scripts/lib/settings-docs.ts` writes both; a unit test fails when either is out of date.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { settings, type Setting } from "../../lib/env";
import { localSettingsDescribed } from "./local-settings";

const root = path.resolve(import.meta.dirname, "..", "..");
export const ENV_EXAMPLE_FILE = path.join(root, ".env.example");
export const CONFIGURATION_FILE = path.join(root, "docs", "configuration.md");
export const TABLE_BEGIN = "<!-- settings:begin (npx tsx scripts/lib/settings-docs.ts) -->";
export const TABLE_END = "<!-- settings:end -->";

export function envExampleText(): string {
  const lines = [
    "# Tollgate's settings, made from lib/env.ts (npx tsx scripts/lib/settings-docs.ts). Every one is optional for",
    "# `npm start`; the production commands require some (docs/deploying.md). Copy this file to .env and uncomment",
    "# what you change: `npm start`, `npm run cli` and the production commands read .env, and a variable set in the",
    "# shell wins over it. .env is ignored by git.",
  ];
  const add = (list: Setting[]) => {
    for (const s of list) lines.push("", `# ${s.description}`, `# ${s.name}=${s.defaultValue ?? ""}`);
  };
  add(settings());
  lines.push("", "# The local stack's (npm start, npm run emulator, npm run cli); production reads none of these.");
  add(localSettingsDescribed());
  return `${lines.join("\n")}\n`;
}

export function settingsTable(): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const table = (list: Setting[]) => [
    "| variable | default | meaning |",
    "|---|---|---|",
    ...list.map(
      (s) =>
        `| \`${s.name}\` | ${s.defaultValue === undefined || s.defaultValue === "" ? "" : `\`${cell(s.defaultValue)}\``} | ${cell(s.description)} |`,
    ),
  ];
  const local = ["", "The local stack's (`npm start`, `npm run emulator`, `npm run cli`; production reads none of these):", ""];
  return [TABLE_BEGIN, ...table(settings()), ...local, ...table(localSettingsDescribed()), TABLE_END].join("\n");
}

/** The configuration document with its table replaced by the current one. */
function configurationWithTable(doc: string): string {
  const begin = doc.indexOf(TABLE_BEGIN);
  const end = doc.indexOf(TABLE_END);
  if (begin < 0 || end < begin) throw new Error(`${CONFIGURATION_FILE} has no ${TABLE_BEGIN} … ${TABLE_END} section`);
  return doc.slice(0, begin) + settingsTable() + doc.slice(end + TABLE_END.length);
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(ENV_EXAMPLE_FILE, envExampleText());
  writeFileSync(CONFIGURATION_FILE, configurationWithTable(readFileSync(CONFIGURATION_FILE, "utf8")));
  console.log(`Wrote ${path.relative(root, ENV_EXAMPLE_FILE)} and the table in ${path.relative(root, CONFIGURATION_FILE)}.`);
}
