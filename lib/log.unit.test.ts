import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./log";

function captured() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  return { lines, logger: createLogger(stream) };
}

describe("the logger", () => {
  it("never writes credentials, cookies, signatures or card fields", () => {
    const { lines, logger } = captured();
    logger.info(
      {
        headers: { authorization: "Bearer sk_test_secret", cookie: "authjs.session-token=abc", "stripe-signature": "t=1,v1=deadbeef" },
        card: { number: "4242424242424242", cvc: "123", last4: "4242" },
        password: "hunter2",
        intent: { client_secret: "pi_1_secret_2" },
      },
      "a request",
    );
    const text = JSON.stringify(lines);
    for (const secret of ["sk_test_secret", "authjs.session-token", "deadbeef", "4242424242424242", '"123"', "hunter2", "pi_1_secret_2"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('4242"'); // last4 is not secret
    expect(text).toContain("a request");
  });
});
