import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-callback";
import { env } from "@/lib/env";

describe("post-sign-in redirect targets", () => {
  it("keeps same-origin paths with their query and hash", () => {
    expect(safeCallbackPath("/acme/billing?plan=team#top")).toBe("/acme/billing?plan=team#top");
    expect(safeCallbackPath(`${env().APP_BASE_URL}/acme`)).toBe("/acme");
  });

  it("refuses everything a browser would read as another origin", () => {
    for (const hostile of [
      "//evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\r\n/evil.example",
      "https://evil.example/x",
      "javascript:alert(1)",
      "data:text/html,hi",
      " //evil.example",
      `${env().APP_BASE_URL}.evil.example/`,
      "https://127.0.0.1@evil.example/",
    ]) {
      expect(safeCallbackPath(hostile), JSON.stringify(hostile)).toBe("/orgs");
    }
  });

  it("falls back for what is not a string", () => {
    expect(safeCallbackPath(undefined, "/orgs/new")).toBe("/orgs/new");
    expect(safeCallbackPath(["/a"])).toBe("/orgs");
  });
});
