import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { embeddedPostgresPassword, localSecret, securePrivateFiles } from "./secrets";

const mode = (p: string) => statSync(p).mode & 0o777;
const asRoot = process.getuid?.() === 0;

describe("local secrets", () => {
  it("closes a data directory and secrets file left open, on every start", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tollgate-secrets-"));
    chmodSync(dir, 0o777);
    writeFileSync(path.join(dir, "secrets.json"), "{}", { mode: 0o644 });
    chmodSync(path.join(dir, "secrets.json"), 0o666);
    securePrivateFiles(dir);
    expect(mode(dir)).toBe(asRoot ? 0o711 : 0o700);
    expect(mode(path.join(dir, "secrets.json"))).toBe(0o600);
  });

  it("generates the embedded database's password with the other secrets, once", () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "tollgate-secrets-")), "data");
    const password = embeddedPostgresPassword(dir);
    expect(password).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(password).not.toBe("tollgate");
    expect(embeddedPostgresPassword(dir)).toBe(password);
    expect(localSecret(dir, "AUTH_SECRET")).not.toBe(password);
    expect(JSON.parse(readFileSync(path.join(dir, "secrets.json"), "utf8")).POSTGRES_PASSWORD).toBe(password);
    expect(mode(path.join(dir, "secrets.json"))).toBe(0o600);
  });
});
