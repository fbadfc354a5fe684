import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError, toErrorBody } from "@/lib/errors";

describe("error mapping", () => {
  it("maps an AppError to its status with code, message and details", () => {
    const { status, body } = toErrorBody(new AppError("limit_reached", "Upgrade.", { limit: "projects" }));
    expect(status).toBe(402);
    expect(body).toEqual({ error: { code: "limit_reached", message: "Upgrade.", limit: "projects" } });
  });

  it("maps zod failures to 400 with field paths", () => {
    const parsed = z.object({ org: z.object({ name: z.string().min(2) }) }).safeParse({ org: { name: "x" } });
    const { status, body } = toErrorBody(parsed.error);
    expect(status).toBe(400);
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.fields).toHaveProperty(["org.name"]);
  });

  it("hides the message of unexpected errors", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const { status, body } = toErrorBody(new Error("connection string postgres://secret@db"));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain("secret");
    log.mockRestore();
  });
});
