import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import GithubSlugger from "github-slugger";
import { Lexer, type Token } from "marked";
import { describe, expect, it } from "vitest";
import { CONFIGURATION_FILE, ENV_EXAMPLE_FILE, TABLE_BEGIN, TABLE_END, envExampleText, settingsTable } from "./lib/settings-docs";

const root = path.resolve(import.meta.dirname, "..");
const REGENERATE = "out of date: npx tsx scripts/lib/settings-docs.ts rewrites it";

/** README.md, every Markdown file under docs/, and each package's README. */
function documents(): string[] {
  const docs = readdirSync(path.join(root, "docs"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".md"))
    .map((file) => path.join(root, "docs", file));
  const packages = readdirSync(path.join(root, "packages"))
    .map((name) => path.join(root, "packages", name, "README.md"))
    .filter((file) => existsSync(file));
  return [path.join(root, "README.md"), ...docs, ...packages];
}

/** Every link target in a Markdown text, as the renderer sees it (code spans and blocks hold none). */
function linkTargets(markdown: string): string[] {
  const found: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === "link" || token.type === "image") found.push((token as { href: string }).href);
      const nested = token as { tokens?: Token[]; items?: Token[]; header?: { tokens: Token[] }[]; rows?: { tokens: Token[] }[][] };
      if (nested.tokens) walk(nested.tokens);
      if (nested.items) walk(nested.items);
      for (const cell of nested.header ?? []) walk(cell.tokens);
      for (const row of nested.rows ?? []) for (const cell of row) walk(cell.tokens);
    }
  };
  walk(Lexer.lex(markdown));
  return found;
}

/** The anchors GitHub gives a Markdown file's headings. */
function anchorsOf(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  return new Set(
    Lexer.lex(markdown)
      .filter((token) => token.type === "heading")
      .map((token) => slugger.slug((token as { text: string }).text.replace(/`/g, ""))),
  );
}

/** What is wrong with one relative link of `from`, or null. */
function deadLink(from: string, href: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return null; // http:, mailto: and the like: not in the checkout
  const [target = "", anchor] = href.split("#");
  const file = target === "" ? from : path.resolve(path.dirname(from), decodeURIComponent(target));
  if (!existsSync(file)) return `${href}: no such file`;
  if (anchor && statSync(file).isFile() && file.endsWith(".md") && !anchorsOf(readFileSync(file, "utf8")).has(anchor)) {
    return `${href}: no heading #${anchor} in ${path.relative(root, file)}`;
  }
  return null;
}

describe("the docs", () => {
  it("keep the README short: what Tollgate is, the two commands, where to click and a map of the rest", () => {
    const lines = readFileSync(path.join(root, "README.md"), "utf8").split("\n").length;
    expect(lines).toBeLessThanOrEqual(200);
  });

  it("have no dead relative link, to a file or to a heading", () => {
    const dead = documents().flatMap((doc) =>
      linkTargets(readFileSync(doc, "utf8"))
        .map((href) => deadLink(doc, href))
        .filter((problem): problem is string => problem !== null)
        .map((problem) => `${path.relative(root, doc)} → ${problem}`),
    );
    expect(dead).toEqual([]);
  });

  it("list every setting of lib/env.ts in .env.example, with its default", () => {
    expect(readFileSync(ENV_EXAMPLE_FILE, "utf8"), REGENERATE).toBe(envExampleText());
  });

  it("give the same settings table in docs/configuration.md", () => {
    const doc = readFileSync(CONFIGURATION_FILE, "utf8");
    expect(doc.slice(doc.indexOf(TABLE_BEGIN), doc.indexOf(TABLE_END) + TABLE_END.length), REGENERATE).toBe(settingsTable());
  });
});

describe("the dead-link check itself", () => {
  const readme = path.join(root, "README.md");
  it("finds a missing file and a missing heading, and lets good links and web addresses pass", () => {
    expect(deadLink(readme, "docs/nowhere.md")).toBe("docs/nowhere.md: no such file");
    expect(deadLink(readme, "docs/testing.md#no-such-heading")).toContain("no heading #no-such-heading");
    expect(deadLink(readme, "docs/testing.md")).toBeNull();
    expect(deadLink(readme, "https://example.com/missing")).toBeNull();
  });

  it("reads links in tables and lists but not in code", () => {
    expect(linkTargets("| a | [x](one.md) |\n|---|---|\n\n- [y](two.md)\n\n`[z](three.md)`\n\n```\n[w](four.md)\n```\n")).toEqual([
      "one.md",
      "two.md",
    ]);
  });
});
