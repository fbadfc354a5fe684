import type http from "node:http";

// A test fault: Stripe accepts the connection but never answers. Held requests are dropped when it is switched off.
export class HangFault {
  private active = false;
  private readonly held = new Set<http.ServerResponse>();
  private total = 0;

  configure(on: boolean): void {
    this.active = on;
    if (on) return;
    for (const res of this.held) res.destroy();
    this.held.clear();
  }

  /** Holds the request when the fault is on; returns whether it did. */
  hold(res: http.ServerResponse): boolean {
    if (!this.active) return false;
    this.total++;
    this.held.add(res);
    res.on("close", () => this.held.delete(res));
    return true;
  }

  stats() {
    return { active: this.active, held: this.held.size, total: this.total };
  }
}
