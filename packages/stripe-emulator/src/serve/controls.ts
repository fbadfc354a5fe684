import { isValidApiVersion } from "../http/api-version";
import { invalidRequest } from "../http/errors";
import { Router } from "../http/router";
import { finishCheckoutAfterAuthentication } from "../domain/checkout";
import { finishAuthentication } from "../domain/payment-intents";
import { finishSetupAuthentication } from "../domain/setup-intents";
import { createEndpoint } from "../domain/webhook-endpoints";
import type { EmulatorHost } from "../host/emulator-host";
import type { Stored } from "../store/store";
import type { Faults } from "../webhooks/types";

type Control = { emulator: EmulatorHost; json: Record<string, unknown>; url: URL; path: Record<string, string> };
type ControlHandler = (control: Control) => unknown;

const settingsOf = ({ account }: EmulatorHost) => ({ dunning: account.dunning, defaultApiVersion: account.defaultApiVersion });

/** The emulator's own JSON controls under /_emulator/: what tests and `npm start` use to set it up and inspect it. */
const controls = new Router<ControlHandler>()
  .add("GET", "/_emulator/health", () => ({ ok: true }))
  .add("POST", "/_emulator/faults", ({ emulator, json }) => {
    emulator.dispatcher.faults = {
      duplicate: Boolean(json.duplicate),
      shuffle: Boolean(json.shuffle),
      delayMs: Number(json.delayMs ?? 0),
    } satisfies Faults;
    emulator.rateLimit.configure(Number(json.rateLimitPerSecond ?? 0));
    emulator.hang.configure(Boolean(json.hang));
    emulator.readFault.configure(json.failReads);
    emulator.writeFault.configure(json.failWrites);
    return {
      ...emulator.dispatcher.faults,
      rateLimit: emulator.rateLimit.stats(),
      hang: emulator.hang.stats(),
      failReads: emulator.readFault.stats(),
      failWrites: emulator.writeFault.stats(),
    };
  })
  .add("GET", "/_emulator/rate_limit", ({ emulator }) => emulator.rateLimit.stats())
  .add("GET", "/_emulator/hang", ({ emulator }) => emulator.hang.stats())
  .add("GET", "/_emulator/settings", ({ emulator }) => settingsOf(emulator))
  .add("POST", "/_emulator/settings", ({ emulator, json }) => {
    const { dunning } = emulator.account;
    // Stripe's dashboard settings the emulator honours: the retry schedule and what ends dunning.
    if (json.dunning) {
      const d = json.dunning as { retryDays?: unknown; final?: unknown };
      if (Array.isArray(d.retryDays) && d.retryDays.every((n) => Number.isInteger(n) && n > 0)) dunning.retryDays = d.retryDays as number[];
      if (d.final === "canceled" || d.final === "unpaid" || d.final === "past_due") dunning.final = d.final;
    }
    if (typeof json.defaultApiVersion === "string") {
      if (!isValidApiVersion(json.defaultApiVersion)) throw invalidRequest(`Invalid Stripe API version: ${json.defaultApiVersion}`);
      emulator.account.defaultApiVersion = json.defaultApiVersion;
    }
    return settingsOf(emulator);
  })
  .add("POST", "/_emulator/webhook_endpoints", ({ emulator, json }) =>
    // Registers an endpoint with a secret chosen by the caller (npm start gives the app's STRIPE_WEBHOOK_SECRET).
    emulator.store.transact((tx) => {
      const existing = tx.all<Stored & { url: string }>("webhook_endpoint").find((e) => e.url === json.url);
      if (existing) tx.delete(existing.id);
      const endpoint = createEndpoint(
        tx,
        { url: String(json.url), enabledEvents: (json.enabled_events as string[]) ?? ["*"], secret: json.secret as string | undefined },
        Math.floor(Date.now() / 1000),
      );
      return { id: endpoint.id, url: endpoint.url, secret: endpoint.secret };
    }),
  )
  .add("POST", "/_emulator/payment_intents/:id/authenticate", authenticate)
  .add("POST", "/_emulator/setup_intents/:id/authenticate", authenticate)
  .add("POST", "/_emulator/events/:id/resend", async ({ emulator, json, path }) => {
    await emulator.dispatcher.resend(path.id!, json.endpoint as string | undefined);
    return { resent: path.id };
  })
  .add("GET", "/_emulator/deliveries", ({ emulator, url }) => {
    const event = url.searchParams.get("event");
    return { data: emulator.store.all<Stored & { event: string }>("emulator.delivery").filter((d) => !event || d.event === event) };
  });

/** The 3-D Secure challenge's "Complete" / "Fail" buttons (hosted pages and the Stripe.js stand-in use this). */
function authenticate({ emulator, json, path }: Control): Promise<unknown> {
  const outcome = json.outcome === "fail" ? "fail" : "complete";
  const id = path.id!;
  return emulator.internal((ctx) => {
    if (id.startsWith("seti_")) return finishSetupAuthentication(ctx, id, outcome);
    const intent = finishAuthentication(ctx, id, outcome);
    finishCheckoutAfterAuthentication(ctx, intent);
    return intent;
  });
}

/** Runs one control; a body, when there is one, must be JSON. */
export async function runControl(emulator: EmulatorHost, method: string, url: URL, body: string): Promise<unknown> {
  let json: Record<string, unknown> = {};
  try {
    json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
  } catch {
    throw invalidRequest("EmulatorHost controls take a JSON body.");
  }
  const match = controls.match(method, url.pathname);
  if (!match) throw invalidRequest(`Unknown emulator control: ${method} ${url.pathname}`, { status: 404 });
  return match.handler({ emulator, json, url, path: match.path });
}
