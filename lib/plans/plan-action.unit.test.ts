import { describe, expect, it } from "vitest";
import { annualSaving, annualToggleLabel, planAction, SALES_CONTACT, type PricingViewer } from "./plan-action";
import { parsePlanChoice } from "./plan-choice";

const free = { code: "free", name: "Free", trialDays: 0, selfServe: true };
const team = { code: "team", name: "Team", trialDays: 14, selfServe: true };
const business = { code: "business", name: "Business", trialDays: 0, selfServe: true };
const enterprise = { code: "enterprise", name: "Enterprise", trialDays: 0, selfServe: false };
const org = (over: Partial<Extract<PricingViewer, { kind: "org" }>["org"]> = {}): PricingViewer => ({
  kind: "org",
  org: { slug: "acme", name: "Acme", admin: true, planCode: "free", interval: null, subscribed: false, trialAvailable: true, ...over },
});

describe("the plan buttons on /pricing", () => {
  it("sends a visitor to sign-up carrying the plan and interval", () => {
    expect(planAction(team, "year", { kind: "anonymous" })).toEqual({
      kind: "link",
      label: "Start free trial",
      href: "/signup?plan=team&interval=year",
      primary: true,
    });
    expect(planAction(business, "month", { kind: "anonymous" })).toMatchObject({
      label: "Choose Business",
      href: "/signup?plan=business&interval=month",
    });
    expect(planAction(free, "month", { kind: "anonymous" })).toMatchObject({ href: "/signup" });
  });

  it("sends a signed-in user without an org to org creation with the plan", () => {
    expect(planAction(team, "month", { kind: "no-org" })).toMatchObject({
      label: "Start free trial",
      href: "/orgs/new?plan=team&interval=month",
    });
  });

  it("marks the org's current plan and sends an admin to the org's billing page for the others", () => {
    expect(planAction(free, "month", org())).toEqual({ kind: "current", label: "Current plan" });
    expect(planAction(team, "month", org())).toMatchObject({ label: "Start free trial", href: "/acme/billing?plan=team&interval=month" });
    const onTeam = org({ planCode: "team", interval: "month", subscribed: true, trialAvailable: false });
    expect(planAction(team, "month", onTeam)).toEqual({ kind: "current", label: "Current plan" });
    expect(planAction(team, "year", onTeam)).toMatchObject({ label: "Switch to annual", href: "/acme/billing?plan=team&interval=year" });
    expect(planAction(business, "year", onTeam)).toMatchObject({ label: "Switch to Business", primary: false });
    expect(planAction(free, "month", onTeam)).toMatchObject({ label: "Manage in billing", href: "/acme/billing" });
  });

  it("offers no trial to an org that has had one", () => {
    expect(planAction(team, "month", org({ trialAvailable: false }))).toMatchObject({ label: "Choose Team" });
  });

  it("tells a member to ask an admin, and sends everyone to sales for Enterprise", () => {
    expect(planAction(team, "month", org({ admin: false }))).toEqual({ kind: "note", text: "Ask an admin of Acme to change plans." });
    expect(planAction(enterprise, "month", org())).toMatchObject({ label: "Contact sales", href: SALES_CONTACT });
    expect(planAction(enterprise, "month", { kind: "anonymous" })).toMatchObject({ label: "Contact sales" });
  });

  it("works out the annual saving", () => {
    expect(annualSaving(4900, 49000)).toEqual({ cents: 9800, percent: 17 });
    expect(annualSaving(0, 0)).toBeNull();
    expect(annualSaving(null, null)).toBeNull();
    expect(annualSaving(1000, 12000)).toBeNull();
  });

  it("labels the annual toggle with the best saving on offer", () => {
    const free = { monthlyPriceCents: 0, annualPriceCents: 0 };
    expect(
      annualToggleLabel([
        free,
        { monthlyPriceCents: 4900, annualPriceCents: 49000 },
        { monthlyPriceCents: 19900, annualPriceCents: 199000 },
      ]),
    ).toBe("Annual — save up to 17%");
    expect(annualToggleLabel([free, { monthlyPriceCents: 1000, annualPriceCents: 9000 }])).toBe("Annual — save up to 25%");
    expect(annualToggleLabel([free, { monthlyPriceCents: null, annualPriceCents: null }])).toBe("Annual");
  });

  it("reads a plan choice from a query, refusing odd shapes", () => {
    expect(parsePlanChoice({ plan: "team", interval: "year" })).toEqual({ plan: "team", interval: "year" });
    expect(parsePlanChoice({ plan: "team" })).toEqual({ plan: "team", interval: "month" });
    expect(parsePlanChoice({ plan: "team", interval: "weekly" })).toEqual({ plan: "team", interval: "month" });
    expect(parsePlanChoice({ plan: "../admin" })).toBeNull();
    expect(parsePlanChoice({ plan: ["team", "business"] })).toBeNull();
    expect(parsePlanChoice({})).toBeNull();
  });
});
