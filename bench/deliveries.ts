// Posting signed events to a webhook endpoint as Stripe does, and counting what fails instead of stopping on it:
// a refused, reset or timed-out request is a failed acknowledgement in the figures, as it would be for Stripe.
import Stripe from "stripe";

export type Delivery = { ok: boolean; doneAt: number; duplicate: boolean; failure?: string };

const TIMEOUT_MS = 10_000;

/** Posts `payload` signed now (Stripe signs each attempt) and reports how it went; never throws. */
export async function deliver(url: string, payload: string, secret: string): Promise<Delivery> {
  const failed = (failure: string): Delivery => ({ ok: false, doneAt: performance.now(), duplicate: false, failure });
  try {
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body: payload,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    if (res.status !== 200) return failed(`HTTP ${res.status}`);
    return { ok: true, doneAt: performance.now(), duplicate: (JSON.parse(text) as { duplicate?: boolean }).duplicate === true };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return failed(cause ?? (err instanceof Error ? err.name : String(err)));
  }
}

/** Acknowledgement latencies from each delivery's start; one that failed counts as never answered. */
export function ackLatencies(deliveries: { delivery: Delivery; startedAt: number }[]): number[] {
  return deliveries.map(({ delivery, startedAt }) => (delivery.ok ? delivery.doneAt - startedAt : Infinity));
}

/** "0 failed", or how many failed and why: "3 failed (UND_ERR_SOCKET ×2, HTTP 500 ×1)". */
export function describeFailures(deliveries: Delivery[]): string {
  const reasons = new Map<string, number>();
  for (const d of deliveries) if (!d.ok) reasons.set(d.failure!, (reasons.get(d.failure!) ?? 0) + 1);
  const count = [...reasons.values()].reduce((a, b) => a + b, 0);
  if (count === 0) return "0 failed";
  return `${count} failed (${[...reasons].map(([reason, n]) => `${reason} ×${n}`).join(", ")})`;
}
