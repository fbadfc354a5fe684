// A test fault: Stripe answers 500 to every read of the named objects (GET /v1/... path prefixes), as during an
// incident that affects some objects. Writes still go through, and so do the events they cause.
export class ReadFault {
  private prefixes: string[] = [];
  private total = 0;

  configure(prefixes: unknown): void {
    this.prefixes = Array.isArray(prefixes) ? prefixes.filter((p): p is string => typeof p === "string" && p.startsWith("/v1/")) : [];
  }

  /** Whether this request is one the fault fails. */
  fails(method: string, pathname: string): boolean {
    if (method !== "GET" || !this.prefixes.some((p) => pathname.startsWith(p))) return false;
    this.total++;
    return true;
  }

  stats() {
    return { prefixes: [...this.prefixes], total: this.total };
  }
}

export const READ_FAULT_BODY = {
  error: { type: "api_error", message: "An error occurred with our API (a fault set on the local Stripe)." },
};
