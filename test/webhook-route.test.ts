import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as webhookRoute } from "@/app/api/webhooks/stripe/route";
import { db } from "@/lib/db";
import { requireStripe } from "@/lib/stripe/client";
import { setUpBillingStack } from "@/test/support/billing-stack";
import { serveRoute } from "@/test/support/serve-route";

// The web process answers Stripe at its edge; under `next dev` the route handler does. Both must answer alike.
const stack = setUpBillingStack({ deliver: false, worker: false });
let route: Awaited<ReturnType<typeof serveRoute>>;
beforeAll(async () => {
  route = await serveRoute(webhookRoute);
});
afterAll(() => route.close());

const event = (id: string) =>
  JSON.stringify({
    id,
    object: "event",
    type: "customer.updated",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object: { id: "cus_x", object: "customer" } },
  });
const signed = (payload: string) => requireStripe().webhooks.generateTestHeaderString({ payload, secret: stack().webhookSecret });

async function answer(url: string, [body, signature]: readonly [string, string | undefined]) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(signature ? { "stripe-signature": signature } : {}) },
    body,
  });
  return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as unknown };
}

describe("Stripe's webhook at the edge and in the route handler", () => {
  it("gives the same answer to every delivery, refused or stored, first or again", async () => {
    const edge = stack().webhookUrl;
    const handler = `${route.url}/api/webhooks/stripe`;
    const big = "a".repeat(1024 * 1024 + 1);
    const notAnEvent = '{"id":"evt_x","type":"x"}';
    const cases = (own: string, other: string) => [
      () => [event(own), undefined] as const,
      () => [event(own), signed(event(other))] as const,
      () => [notAnEvent, signed(notAnEvent)] as const,
      () => [big, "t=1,v1=x"] as const,
      () => [event(own), signed(event(own))] as const,
      () => [event(own), signed(event(own))] as const,
      () => [event(other), signed(event(other))] as const,
    ];
    const fromEdge = [];
    const fromHandler = [];
    const edgeCases = cases("evt_at_edge", "evt_in_handler");
    const handlerCases = cases("evt_in_handler", "evt_at_edge");
    for (let i = 0; i < edgeCases.length; i++) {
      fromEdge.push(await answer(edge, edgeCases[i]!()));
      fromHandler.push(await answer(handler, handlerCases[i]!()));
    }
    expect(fromEdge).toEqual(fromHandler);
    expect(fromEdge.map((a) => a.status)).toEqual([400, 400, 400, 413, 200, 200, 200]);
    expect(new Set(fromEdge.map((a) => a.type))).toEqual(new Set(["application/json"]));
    expect(fromEdge.slice(4).map((a) => a.body)).toEqual([
      { received: true, duplicate: false },
      { received: true, duplicate: true },
      { received: true, duplicate: true },
    ]);
    expect(await db.stripeEvent.count()).toBe(2);
  });
});
