import { describe, expect, it } from "vitest";
import { formatMoney } from "./money";

describe("money as a person reads it", () => {
  it("takes each currency's minor units from Intl: cents for dollars and euros, none for yen", () => {
    expect(formatMoney(4900, "usd")).toBe("$49.00");
    expect(formatMoney(199000, "USD")).toBe("$1,990.00");
    expect(formatMoney(1250, "eur")).toBe("€12.50");
    expect(formatMoney(1500, "jpy")).toBe("¥1,500");
  });
});
