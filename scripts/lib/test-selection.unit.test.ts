import path from "node:path";
import { describe, expect, it } from "vitest";
import { listTestFiles, selectTests } from "./test-selection";

const root = path.resolve(import.meta.dirname, "..", "..");
const files = [
  "e2e/invite-member.spec.ts",
  "e2e/top-up.spec.ts",
  "lib/errors.unit.test.ts",
  "lib/orgs/invitations/invitations.test.ts",
  "lib/orgs/members/members.test.ts",
];

describe("npm test -- <file or name>", () => {
  it("hands a Vitest file to Vitest alone and a journey to Playwright alone", () => {
    expect(selectTests(["lib/errors.unit.test.ts"], files, root)).toEqual({ vitest: ["lib/errors.unit.test.ts"], playwright: [] });
    expect(selectTests(["./e2e/top-up.spec.ts"], files, root)).toEqual({ vitest: [], playwright: ["e2e/top-up.spec.ts"] });
    expect(selectTests([path.join(root, "lib/orgs")], files, root)).toEqual({ vitest: ["lib/orgs"], playwright: [] });
  });

  it("hands a name to every runner whose files it names", () => {
    expect(selectTests(["invit"], files, root)).toEqual({ vitest: ["invit"], playwright: ["invit"] });
    expect(selectTests(["members", "top-up"], files, root)).toEqual({ vitest: ["members"], playwright: ["top-up"] });
  });

  it("refuses a word that names no test file", () => {
    expect(() => selectTests(["no-such-thing"], files, root)).toThrow('no test file matches "no-such-thing"');
  });

  it("finds this checkout's files of both runners", () => {
    const found = listTestFiles(root);
    expect(found).toContain("scripts/lib/test-selection.unit.test.ts");
    expect(found).toContain("e2e/page-access.spec.ts");
    expect(found.every((file) => !file.includes("node_modules"))).toBe(true);
  });
});
