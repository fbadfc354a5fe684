import "server-only";
import pg from "pg";
import { requireDatabaseUrl } from "@/lib/env";
import { BILLING_CHANGED_CHANNEL } from "@/lib/db/change-feed";

type Listener = { ready: boolean; client: pg.Client };
let listener: Listener | null = null;
const subscribers = new Set<(orgId: string | null) => void>();

/**
 * Whether this process hears billing changes right now. Started on first call; while
 * it is (re)connecting the answer is false and callers must not trust a cache.
 */
export function hearingBillingChanges(onChange: (orgId: string | null) => void): boolean {
  subscribers.add(onChange);
  if (!listener) connect();
  return listener?.ready ?? false;
}

function connect() {
  const client = new pg.Client({ connectionString: requireDatabaseUrl() });
  const current: Listener = { ready: false, client };
  listener = current;
  const fail = () => {
    if (listener !== current) return;
    listener = null;
    // Anything cached while we were listening may have missed a change from now on.
    for (const notify of subscribers) notify(null);
    client.end().catch(() => {});
  };
  client.on("notification", (message) => {
    // "*" (a license installed) concerns every org.
    for (const notify of subscribers) notify(message.payload && message.payload !== "*" ? message.payload : null);
  });
  client.on("error", fail);
  client.on("end", fail);
  client
    .connect()
    .then(() => client.query(`listen ${BILLING_CHANGED_CHANNEL}`))
    .then(() => {
      current.ready = listener === current;
      // The listener must not keep a finished process (a CLI command, a test) alive.
      (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
    }, fail);
}

/** Whether the change listener is connected (for tests and health checks). */
export function isListeningForBillingChanges(): boolean {
  return listener?.ready ?? false;
}
