// A test fault: answer 429, as Stripe does, past N API requests in any second; and keep count of what came, so a
// test can check a client's budget.
export class RateLimitFault {
  private limit = 0;
  private attempts: number[] = [];
  private admitted: number[] = [];
  maxAttemptedPerSecond = 0;
  refused = 0;

  configure(perSecond: number): void {
    this.limit = Math.max(0, Math.floor(perSecond));
    this.attempts = [];
    this.admitted = [];
    this.maxAttemptedPerSecond = 0;
    this.refused = 0;
  }

  /** Whether an API request arriving at `nowMs` may go on; with no limit set, always. */
  admit(nowMs: number): boolean {
    if (this.limit === 0) return true;
    const since = nowMs - 1000;
    this.attempts = this.attempts.filter((t) => t > since);
    this.admitted = this.admitted.filter((t) => t > since);
    this.attempts.push(nowMs);
    this.maxAttemptedPerSecond = Math.max(this.maxAttemptedPerSecond, this.attempts.length);
    if (this.admitted.length >= this.limit) {
      this.refused++;
      return false;
    }
    this.admitted.push(nowMs);
    return true;
  }

  stats() {
    return { perSecond: this.limit, maxAttemptedPerSecond: this.maxAttemptedPerSecond, refused: this.refused };
  }
}

export const RATE_LIMITED_BODY = {
  error: {
    type: "invalid_request_error",
    code: "rate_limit",
    message: "Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.",
  },
};
