import { describe, expect, it } from "vitest";
import { formatMoney, parseMoney } from "./money";

describe("money as a person reads it", () => {
  it("takes each currency's minor units from Intl: cents for dollars and euros, none for yen", () => {
    expect(formatMoney(4900, "usd")).toBe("$49.00");
    expect(formatMoney(199000, "USD")).toBe("$1,990.00");
    expect(formatMoney(1250, "eur")).toBe("€12.50");
    expect(formatMoney(1500, "jpy")).toBe("¥1,500");
  });

  it("reads a typed amount in cents exactly, and nothing that isn't an amount", () => {
    expect(parseMoney("12.5")).toBe(1250);
    expect(parseMoney(" $1,200.07 ")).toBe(120007);
    expect(parseMoney("0.29")).toBe(29);
    expect(parseMoney("40")).toBe(4000);
    for (const bad of ["", "1.234", "-5", "12,34", "1e3", "ten"]) expect(parseMoney(bad)).toBeNull();
  });
});
