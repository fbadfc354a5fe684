import type { ConformanceObserver } from "../conformance/observer";
import type { HangFault } from "../http/hang-fault";
import type { RateLimitFault } from "../http/rate-limit-fault";
import type { RequestFault } from "../http/request-fault";
import type { AccountSettings, ApiContext, Outcomes, Router } from "../http/router";
import type { Store } from "../store/store";
import type { Dispatcher } from "../webhooks/dispatcher";

/**
 * What the HTTP layer, the pages and the controls are given of the running emulator. They take this, not the
 * server, so the server can build them without anything importing it back.
 */
export interface EmulatorHost {
  readonly store: Store;
  readonly router: Router;
  readonly dispatcher: Dispatcher;
  readonly rateLimit: RateLimitFault;
  readonly hang: HangFault;
  readonly readFault: RequestFault;
  readonly writeFault: RequestFault;
  readonly conformance: ConformanceObserver | undefined;
  /** Its account settings, changed through /_emulator/settings. */
  readonly account: AccountSettings;
  readonly outcomes: Outcomes;
  log(line: string): void;
  /** Runs emulator-internal work (controls, pages, schedules) with an API context in one transaction. */
  internal<T>(work: (ctx: ApiContext) => T | Promise<T>): Promise<T>;
}
