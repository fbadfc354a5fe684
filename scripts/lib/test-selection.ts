import { readdirSync } from "node:fs";
import path from "node:path";

export type Selection = { vitest: string[]; playwright: string[] };

/** Where each runner's files are: Vitest's beside the code they test, Playwright's journeys under e2e/. */
const VITEST_ROOTS = ["lib", "scripts", "test", "packages"];
const isVitestFile = (file: string) => file.endsWith(".test.ts") && VITEST_ROOTS.includes(file.split("/")[0]!);
const isPlaywrightFile = (file: string) => file.startsWith("e2e/") && file.endsWith(".spec.ts");

/** Every test file of the checkout, relative to it, with forward slashes. */
export function listTestFiles(root: string): string[] {
  const files: string[] = [];
  for (const dir of [...VITEST_ROOTS, "e2e"]) {
    let entries: string[];
    try {
      entries = readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const file = `${dir}/${entry.split(path.sep).join("/")}`;
      if (!file.includes("/node_modules/") && (isVitestFile(file) || isPlaywrightFile(file))) files.push(file);
    }
  }
  return files.sort();
}

/**
 * Which runner gets which of `npm test -- <file or name> …`: each word is a path or part of one
 * (`lib/orgs`, `invitations`, `e2e/top-up.spec.ts`), handed to the runner whose files it names; a word
 * that names no test file is an error rather than a run of nothing.
 */
export function selectTests(words: string[], files: string[], root: string): Selection {
  const selection: Selection = { vitest: [], playwright: [] };
  for (const word of words) {
    const relative = path.isAbsolute(word) ? path.relative(root, word) : word;
    const needle = relative.split(path.sep).join("/").replace(/^\.\//, "");
    const matches = files.filter((file) => file.includes(needle));
    if (matches.length === 0) throw new Error(`no test file matches "${word}"`);
    if (matches.some(isVitestFile)) selection.vitest.push(needle);
    if (matches.some(isPlaywrightFile)) selection.playwright.push(needle);
  }
  return selection;
}
