import { invalidRequest } from "../http/errors";
import { newId, newSecret } from "../store/ids";
import type { Stored } from "../store/store";
import type { WebhookEndpoint } from "../webhooks/types";

export type Endpoint = WebhookEndpoint & Stored;

export function checkUrl(url: string): void {
  try {
    const parsed = new URL(url);
    if (!/^https?:$/.test(parsed.protocol)) throw new Error();
  } catch {
    throw invalidRequest(`Invalid URL: ${url}`, { param: "url", code: "url_invalid" });
  }
}

export function createEndpoint(
  tx: { put: (o: Endpoint) => Endpoint },
  opts: {
    url: string;
    enabledEvents: string[];
    secret?: string;
    description?: string | null;
    metadata?: Record<string, string>;
    apiVersion?: string | null;
  },
  now: number,
): Endpoint {
  checkUrl(opts.url);
  return tx.put({
    id: newId("we"),
    object: "webhook_endpoint",
    api_version: opts.apiVersion ?? null,
    application: null,
    created: now,
    description: opts.description ?? null,
    enabled_events: opts.enabledEvents,
    livemode: false,
    metadata: opts.metadata ?? {},
    secret: opts.secret ?? newSecret("whsec"),
    status: "enabled",
    url: opts.url,
  } as Endpoint);
}
