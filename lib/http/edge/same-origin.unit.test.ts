import { describe, expect, it } from "vitest";
import { isFromAppOrigin } from "./same-origin";

const APP = "https://billing.example.com";
const from = (headers: Record<string, string>) => isFromAppOrigin((name) => headers[name], APP);

describe("a state-changing request counts as the app's own", () => {
  it("when Origin is exactly the app's, or fetch metadata says same-origin without Origin", () => {
    expect(from({ origin: APP })).toBe(true);
    expect(from({ "sec-fetch-site": "same-origin" })).toBe(true);
  });

  it("never for another origin, a sibling, null, cross-site or same-site metadata, or no evidence at all", () => {
    const refused: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "https://app.billing.example.com" },
      { origin: "http://billing.example.com" },
      { origin: "https://billing.example.com:8443" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "none" },
      {},
      { origin: "https://evil.example", "sec-fetch-site": "same-origin" },
    ];
    for (const headers of refused) expect(from(headers), JSON.stringify(headers)).toBe(false);
  });
});
