import { describe, expect, it } from "vitest";
import { describeActor, describeChange } from "./describe";

describe("how an audit entry reads", () => {
  it("says what changed from what, and what is new, without the object's id", () => {
    expect(
      describeChange({ planCode: "team", interval: "month" }, { planCode: "business", interval: "month", subscription: "sub_1" }),
    ).toEqual(["planCode: team → business"]);
    expect(describeChange(null, { trialEnd: "2026-12-16", reason: "Trying something else" })).toEqual([
      "trialEnd: 2026-12-16",
      "reason: Trying something else",
    ]);
    expect(describeChange({ cancelAtPeriodEnd: false }, { cancelAtPeriodEnd: true })).toEqual(["cancelAtPeriodEnd: false → true"]);
  });

  it("names people, Stripe's events and jobs rather than raw ids", () => {
    const people = new Map([["u1", "Olivia Owner"]]);
    expect(describeActor("user:u1", people)).toBe("Olivia Owner");
    expect(describeActor("user:gone", people)).toBe("a deleted user");
    expect(describeActor("stripe:evt_123", people)).toBe("Stripe (evt_123)");
    expect(describeActor("system:reconcile:run_9", people)).toBe("reconcile run run_9");
    expect(describeActor("system:align_addons_with_plan", people)).toBe("job align_addons_with_plan");
  });
});
