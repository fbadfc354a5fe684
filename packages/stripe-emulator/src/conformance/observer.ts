// In test runs, the emulator checks every answer it gives and every event it emits against the pinned contract and
// keeps a summary (what was checked, what broke it) in a file of its own; `npm test` reads them all at the end.
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { checkPayload, type Violation } from "./check-payload";
import type { StripeContract } from "./stripe-types";
import { loadStripeContract } from "./contract-cache";

export type ConformanceSummary = {
  apiVersion: string;
  responses: Record<string, number>;
  events: Record<string, number>;
  resources: Record<string, number>;
  fieldsChecked: number;
  /** "<where>: <problem>" → how often, and the first route or event it was seen on. */
  violations: Record<string, { count: number; seenOn: string }>;
};

/** A request path with its ids replaced, so /v1/customers/cus_123 and /v1/customers/cus_456 count as one route. */
const routeOf = (method: string, pathname: string) =>
  `${method} ${pathname.replace(/\/[a-z]+(?:_[a-z]+)*_[A-Za-z0-9]{6,}(?=\/|$)/g, "/:id")}`;

export class ConformanceObserver {
  private contract: StripeContract | null = null;
  private readonly file: string;
  private timer: NodeJS.Timeout | undefined;
  private readonly summary: ConformanceSummary = {
    apiVersion: "",
    responses: {},
    events: {},
    resources: {},
    fieldsChecked: 0,
    violations: {},
  };

  private constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, `${process.pid}-${randomUUID().slice(0, 8)}.json`);
  }

  static async start(dir: string): Promise<ConformanceObserver> {
    const observer = new ConformanceObserver(dir);
    observer.contract = await loadStripeContract();
    observer.summary.apiVersion = observer.contract.apiVersion;
    return observer;
  }

  response(method: string, pathname: string, body: unknown): void {
    const route = routeOf(method, pathname);
    this.summary.responses[route] = (this.summary.responses[route] ?? 0) + 1;
    this.record(body, route);
  }

  event(event: { type: string }): void {
    this.summary.events[event.type] = (this.summary.events[event.type] ?? 0) + 1;
    this.record(event, `event ${event.type}`);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    writeFileSync(this.file, JSON.stringify(this.summary));
  }

  private record(body: unknown, seenOn: string): void {
    const { violations, fieldsChecked, what } = checkPayload(this.contract!, body);
    this.summary.fieldsChecked += fieldsChecked;
    this.summary.resources[what] = (this.summary.resources[what] ?? 0) + 1;
    for (const v of violations) this.count(v, seenOn);
    this.timer ??= setTimeout(() => this.flush(), 1000).unref();
  }

  private count(v: Violation, seenOn: string): void {
    const key = `${v.where}: ${v.problem}`;
    const seen = (this.summary.violations[key] ??= { count: 0, seenOn });
    seen.count++;
  }
}
