import type Stripe from "stripe";

export type WebhookEndpoint = Stripe.WebhookEndpoint & { secret: string };

type DeliveryAttempt = { at: number; status: number | null; ms: number; error: string | null };

export type Delivery = {
  id: string;
  object: "emulator.delivery";
  created: number;
  event: string;
  event_type: string;
  endpoint: string;
  url: string;
  state: "pending" | "succeeded" | "failed";
  attempts: DeliveryAttempt[];
  next_attempt_at: number | null;
};

/** Fault injection for tests: duplicates, shuffled order and delays, as Stripe's real delivery can show. */
export type Faults = { duplicate: boolean; shuffle: boolean; delayMs: number };
