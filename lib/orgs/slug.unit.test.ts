import { describe, expect, it } from "vitest";
import { slugFromName, slugSchema } from "@/lib/orgs/slug";

describe("org slugs", () => {
  it("suggests a URL-safe slug from a name", () => {
    expect(slugFromName("Acme, Inc.")).toBe("acme-inc");
    expect(slugFromName("  Café Zürich  ")).toBe("cafe-zurich");
  });

  it("accepts lowercase words joined by single hyphens and lowercases input", () => {
    expect(slugSchema.parse("Acme-Labs")).toBe("acme-labs");
  });

  it.each(["ab", "-acme", "acme-", "ac--me", "acme_labs", "a".repeat(41)])("refuses %s", (slug) => {
    expect(slugSchema.safeParse(slug).success).toBe(false);
  });

  it.each(["api", "admin", "signin", "pricing", "orgs", "invite"])("refuses the reserved path %s", (slug) => {
    expect(slugSchema.safeParse(slug).success).toBe(false);
  });
});
