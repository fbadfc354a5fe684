import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { logAuthError } from "@/lib/auth/auth-logger";
import { db } from "@/lib/db";
import { toErrorBody } from "@/lib/errors";
import { log } from "@/lib/log";
import { readJson } from "@/lib/http/read-json";
import { publicRoute } from "@/lib/api/route";
import { serveRoute } from "@/test/support/serve-route";

// Input any stranger can send: a NUL byte anywhere, a garbage cookie. A 400 (or 401), never a 500, and at most a
// warning in the log, so nobody can fill the error log by repeating it.

describe("a NUL byte in a request", () => {
  it("is a 400 in a URL, before the handler runs", async () => {
    const handler = vi.fn(async () => Response.json({ reached: true }));
    const server = await serveRoute(publicRoute(handler));
    try {
      for (const path of ["/x?q=%00", "/%00/projects", "/x?before=a%00b", "/x?org_id=%00"]) {
        const res = await fetch(server.url + path, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
        expect(res.status, path).toBe(400);
        expect((await res.json()).error.code).toBe("bad_request");
      }
      expect(handler).not.toHaveBeenCalled();
      // Only the NUL is refused: the same request without one reaches the handler (here refused for its origin, as any POST
      // from elsewhere is), so the 400s above were not an accident of the set-up.
      const clean = await fetch(server.url + "/x?q=fine", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
      expect((await clean.json()).error.code).toBe("forbidden_origin");
    } finally {
      await server.close();
    }
  });

  it("is a 400 in a JSON body, at any depth", async () => {
    const schema = z.object({ name: z.string(), tags: z.array(z.string()).optional() });
    const body = (json: string) =>
      new Request("http://x/", { method: "POST", body: json, headers: { "content-length": String(json.length) } });
    await expect(readJson(body('{"name":"a\\u0000b"}'), schema)).rejects.toMatchObject({ code: "bad_request", status: 400 });
    await expect(readJson(body('{"name":"a","tags":["\\u0000"]}'), schema)).rejects.toMatchObject({ code: "bad_request" });
    await expect(readJson(body('{"name":"fine"}'), schema)).resolves.toEqual({ name: "fine" });
  });

  it("that reaches the database anyway is answered 400 with a warning, not a 500 with a stack", async () => {
    const refused = await db.organization.findMany({ where: { name: "a\u0000b" } }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(Error);
    const error = vi.spyOn(log(), "error");
    const warn = vi.spyOn(log(), "warn");
    expect(toErrorBody(refused)).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
    expect(error).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    error.mockRestore();
    warn.mockRestore();
  });
});

describe("a forged or stale session cookie", () => {
  it("is one warning line without a stack; an error Auth.js did not expect stays an error", () => {
    const error = vi.spyOn(log(), "error").mockImplementation(() => {});
    const warn = vi.spyOn(log(), "warn").mockImplementation(() => {});
    for (const type of ["JWTSessionError", "SessionTokenError", "MissingCSRF", "CredentialsSignin"])
      logAuthError(Object.assign(new Error("Invalid Compact JWE"), { type }));
    expect(warn).toHaveBeenCalledTimes(4);
    expect(JSON.stringify(warn.mock.calls)).not.toContain("Invalid Compact JWE");
    expect(error).not.toHaveBeenCalled();
    logAuthError(Object.assign(new Error("adapter down"), { type: "AdapterError" }));
    expect(error).toHaveBeenCalledTimes(1);
    error.mockRestore();
    warn.mockRestore();
  });
});
