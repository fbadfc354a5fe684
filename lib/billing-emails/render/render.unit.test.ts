import { describe, expect, it } from "vitest";
import { loadedResources } from "@/test/support/email-resources";
import { formatMoney } from "@/lib/money";
import { BILLING_EMAIL_KINDS, renderBillingEmail, type BillingEmailKind } from "./render";
import { SAMPLE_ORG, SAMPLES } from "./samples";

describe("billing email rendering", () => {
  it.each(Object.keys(BILLING_EMAIL_KINDS) as BillingEmailKind[])(
    "renders %s as strict MJML into inline-styled HTML and a text part",
    async (kind) => {
      const email = await renderBillingEmail(kind, SAMPLES[kind], SAMPLE_ORG);
      expect(email.html).toMatch(/^<!doctype html>/i);
      expect(email.html).not.toContain("<mj-");
      expect(email.html).toContain('style="');
      expect(email.html).toContain("Acme &amp; Co");
      expect(email.text).toContain(SAMPLE_ORG.billingUrl);
      expect(email.text).not.toContain("<");
      // Nothing loaded from anyone else's servers (MJML links Google Fonts unless told not to).
      expect(loadedResources(email.html)).toEqual([]);
    },
  );

  it("escapes what an org's name carries", async () => {
    const email = await renderBillingEmail("receipt", SAMPLES.receipt, { ...SAMPLE_ORG, name: '<img src=x onerror="alert(1)">' });
    expect(email.html).not.toContain("<img src=x");
    expect(email.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("formats amounts in each currency's own minor units", () => {
    expect(formatMoney(4900, "usd")).toBe("$49.00");
    expect(formatMoney(1234, "eur")).toBe("€12.34");
    expect(formatMoney(4900, "jpy")).toBe("¥4,900");
  });
});
