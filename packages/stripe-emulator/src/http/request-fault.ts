/** Fails requests of one method whose path starts with one of the configured prefixes, with a 500 before they are handled. */
export class RequestFault {
  private prefixes: string[] = [];
  private total = 0;

  constructor(private readonly method: "GET" | "POST") {}

  configure(prefixes: unknown): void {
    this.prefixes = Array.isArray(prefixes) ? prefixes.filter((p): p is string => typeof p === "string" && p.startsWith("/v1/")) : [];
  }

  /** Whether this request is one the fault fails. */
  fails(method: string, pathname: string): boolean {
    if (method !== this.method || !this.prefixes.some((p) => pathname.startsWith(p))) return false;
    this.total++;
    return true;
  }

  stats() {
    return { prefixes: [...this.prefixes], total: this.total };
  }
}

export const REQUEST_FAULT_BODY = {
  error: { type: "api_error", message: "An error occurred with our API (a fault set on the local Stripe)." },
};
