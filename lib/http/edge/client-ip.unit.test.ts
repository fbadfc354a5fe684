import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

const request = (peer: string, xff?: string) =>
  ({ socket: { remoteAddress: peer }, headers: xff ? { "x-forwarded-for": xff } : {} }) as unknown as IncomingMessage;

describe("the client address the app trusts", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(clientIp(request("198.51.100.7", "203.0.113.1"), 0)).toBe("198.51.100.7");
  });

  it("is the entry the trusted proxy appended, not what the client wrote before it", () => {
    expect(clientIp(request("10.0.0.2", "203.0.113.1, 198.51.100.7"), 1)).toBe("198.51.100.7");
    expect(clientIp(request("10.0.0.2", "spoofed, 203.0.113.1, 198.51.100.7"), 2)).toBe("203.0.113.1");
    expect(clientIp(request("10.0.0.2"), 1)).toBe("10.0.0.2");
  });
});
