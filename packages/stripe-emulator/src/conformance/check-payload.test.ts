import { beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../testing";
import { checkPayload } from "./check-payload";
import { loadStripeContract } from "./contract-cache";
import type { StripeContract } from "./stripe-types";

// The check itself: derived from the stripe package's declarations, it must notice what breaks the pinned API's types.
let contract: StripeContract;
let emu: TestEmulator;
beforeAll(async () => {
  contract = await loadStripeContract();
  emu = await startTestEmulator();
  return () => emu.close();
}, 120_000);

const problems = (body: unknown) => checkPayload(contract, body).violations.map((v) => `${v.where}: ${v.problem}`);

describe("the conformance check", () => {
  it("reads the pinned version, its resources and its event types from the stripe package", () => {
    expect(contract.apiVersion).toBe("2026-10-28.endive");
    expect(contract.resources.subscription).toEqual(["Subscriptions:Subscription"]);
    expect(contract.resources.customer).toEqual(expect.arrayContaining(["Customers:Customer", "Customers:DeletedCustomer"]));
    expect(contract.resources["checkout.session"]).not.toEqual(contract.resources["billing_portal.session"]);
    expect(Object.keys(contract.events)).toEqual(expect.arrayContaining(["invoice.paid", "customer.subscription.paused"]));
    expect(contract.events["payment_intent.updated"]).toBeUndefined();
  });

  it("flags a removed required field, a null where none is allowed, a wrong type, a closed enum's stranger and a field the type lacks", async () => {
    const customer = await emu.stripe.customers.create({ email: "check@example.test" });
    const before = new Set(problems(customer));
    const { email: _email, ...withoutEmail } = customer;
    const broken = [
      [withoutEmail, "customer.email: missing"],
      [{ ...customer, created: null }, "customer.created: is null, the type does not allow it"],
      [{ ...customer, livemode: "no" }, 'customer.livemode: is "no", the type says boolean'],
      [{ ...customer, tax_exempt: "sometimes" }, 'customer.tax_exempt: is "sometimes", not one of "none", "exempt", "reverse"'],
      [{ ...customer, subscriptions_count: 3 }, "customer.subscriptions_count: is not a field of the pinned API"],
    ] as const;
    for (const [body, expected] of broken) {
      const found = problems(body).filter((p) => !before.has(p));
      expect(found.join("\n")).toContain(expected);
    }
  });

  it("checks lists item by item, and events by their type's own shape", () => {
    expect(problems({ object: "list", data: [{ object: "nonsense" }], has_more: false, url: "/v1/x" })).toEqual([
      "nonsense: is not a resource of the pinned API",
    ]);
    expect(problems({ object: "event", type: "payment_intent.updated" })).toEqual([
      "event payment_intent.updated: is not an event type of the pinned API",
    ]);
  });
});
