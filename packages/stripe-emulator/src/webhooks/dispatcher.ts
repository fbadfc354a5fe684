import type { Store, Stored, Tx } from "../store/store";
import { newId } from "../store/ids";
import { signatureHeader } from "./signature";
import type { Delivery, Faults, WebhookEndpoint } from "./types";

// Stripe retries a failing endpoint for about three days with growing gaps (seconds).
const RETRY_DELAYS = [60, 300, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 86400];
const TIMEOUT_MS = 10_000;

export type DispatcherOptions = { retryScale: number; log?: (line: string) => void; onEvent?: (event: Stored & { type: string }) => void };

/** Sends every event to the endpoints that want it, signed, and retries failures on Stripe's schedule. */
export class Dispatcher {
  faults: Faults = { duplicate: false, shuffle: false, delayMs: 0 };
  private readonly timers = new Set<NodeJS.Timeout>();
  private shuffleBuffer: string[] = [];
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly opts: DispatcherOptions,
  ) {}

  /** Called inside the transaction that created the event: records one delivery per matching endpoint. */
  enqueue(tx: Tx, event: Stored & { type: string }, now: number): void {
    this.opts.onEvent?.(event);
    const endpoints = tx.all<WebhookEndpoint & Stored>(
      "webhook_endpoint",
      (e) => e.status === "enabled" && (e.enabled_events.includes("*") || e.enabled_events.includes(event.type)),
    );
    (event as { pending_webhooks?: number }).pending_webhooks = endpoints.length;
    for (const endpoint of endpoints) this.deliverAfterCommit(tx, event, endpoint, now, now);
  }

  /** Records a delivery of the event to the endpoint; its first attempt starts once the transaction commits. */
  private deliverAfterCommit(
    tx: Tx,
    event: Stored & { type: string },
    endpoint: WebhookEndpoint & Stored,
    created: number,
    nextAttemptAt: number | null,
  ): void {
    const delivery: Delivery = {
      id: newId("dlv"),
      object: "emulator.delivery",
      created,
      event: event.id,
      event_type: event.type,
      endpoint: endpoint.id,
      url: endpoint.url,
      state: "pending",
      attempts: [],
      next_attempt_at: nextAttemptAt,
    };
    tx.put(delivery);
    tx.onCommit(() => this.schedule(delivery.id, 0));
  }

  /** Re-sends an event now, within a transaction (the CLI's `events resend` and the dashboard's button). */
  resendWithin(tx: Tx, event: Stored & { type: string }, endpointId?: string): number {
    let count = 0;
    for (const endpoint of tx.all<WebhookEndpoint & Stored>("webhook_endpoint")) {
      if (endpointId ? endpoint.id !== endpointId : endpoint.status !== "enabled") continue;
      this.deliverAfterCommit(tx, event, endpoint, Math.floor(Date.now() / 1000), null);
      count++;
    }
    return count;
  }

  resend(eventId: string, endpointId?: string): Promise<number> {
    return this.store.transact((tx) => {
      const event = tx.get<Stored & { type: string }>(eventId);
      return event ? this.resendWithin(tx, event, endpointId) : 0;
    });
  }

  /** Picks up deliveries that were pending when the emulator stopped. */
  resumePending(): void {
    for (const d of this.store.all<Delivery & Stored>("emulator.delivery")) {
      if (d.state === "pending") this.schedule(d.id, 0);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(deliveryId: string, delayMs: number): void {
    if (this.stopped) return;
    const extra = this.faults.delayMs;
    if (this.faults.shuffle && delayMs === 0) {
      this.shuffleBuffer.push(deliveryId);
      if (this.shuffleBuffer.length === 1) this.later(() => void this.flushShuffled(), 50 + extra);
      return;
    }
    this.later(() => this.attempt(deliveryId), delayMs + extra);
    if (this.faults.duplicate && delayMs === 0) this.later(() => this.attempt(deliveryId, true), delayMs + extra + 5);
  }

  private async flushShuffled(): Promise<void> {
    const batch = this.shuffleBuffer.splice(0);
    for (let i = batch.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [batch[i], batch[j]] = [batch[j]!, batch[i]!];
    }
    // One at a time, so the endpoint receives exactly this order rather than whatever concurrent sends make of it.
    for (const id of batch) {
      if (this.stopped) return;
      await this.attempt(id);
      if (this.faults.duplicate) this.later(() => void this.attempt(id, true), 5);
    }
  }

  private later(fn: () => void, ms: number): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        fn();
      },
      Math.max(0, ms),
    );
    this.timers.add(timer);
  }

  private async attempt(deliveryId: string, duplicate = false): Promise<void> {
    const delivery = this.store.get<Delivery & Stored>(deliveryId);
    if (!delivery || (delivery.state !== "pending" && !duplicate)) return;
    const event = this.store.get(delivery.event);
    const endpoint = this.store.get<WebhookEndpoint & Stored>(delivery.endpoint);
    if (!event || !endpoint) return;

    const payload = JSON.stringify(event, null, 2);
    const started = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(endpoint.url, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "stripe-signature": signatureHeader(payload, endpoint.secret),
        },
        body: payload,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    if (this.stopped) return;
    const ok = status !== null && status >= 200 && status < 300;
    this.opts.log?.(`webhook ${delivery.event_type} ${delivery.event} → ${endpoint.url}: ${status ?? error}`);
    await this.store.transact((tx) => {
      const current = tx.get<Delivery & Stored>(deliveryId);
      if (!current) return;
      current.attempts.push({ at: Math.floor(started / 1000), status, ms: Date.now() - started, error });
      if (duplicate) return tx.put(current);
      const evt = tx.get<Stored & { pending_webhooks: number }>(current.event);
      if (ok) {
        current.state = "succeeded";
        current.next_attempt_at = null;
        if (evt) tx.put({ ...evt, pending_webhooks: Math.max(0, evt.pending_webhooks - 1) });
      } else {
        const wait = RETRY_DELAYS[current.attempts.length - 1];
        if (wait === undefined) {
          current.state = "failed";
          current.next_attempt_at = null;
        } else {
          const ms = wait * 1000 * this.opts.retryScale;
          current.next_attempt_at = Math.floor((Date.now() + ms) / 1000);
          tx.onCommit(() => this.later(() => this.attempt(deliveryId), ms));
        }
      }
      tx.put(current);
    });
  }
}
