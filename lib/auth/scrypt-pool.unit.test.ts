import { randomBytes, scryptSync } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scryptOffLoop } from "./scrypt-pool";

const COST = { N: 2 ** 15, r: 8, p: 1, maxmem: 256 * 2 ** 15 * 8 };

/** The nice value of each thread of this process (Linux: field 19 of /proc/self/task/<tid>/stat). */
function threadNiceness(): number[] {
  return readdirSync("/proc/self/task").map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
  });
}

describe("password hashing threads", () => {
  it("derive the same key as crypto.scrypt, several at once", async () => {
    const salts = Array.from({ length: 4 }, () => randomBytes(16));
    const keys = await Promise.all(salts.map((salt, i) => scryptOffLoop(`password ${i}`, salt, 32, COST)));
    keys.forEach((key, i) => expect(key.equals(scryptSync(`password ${i}`, salts[i]!, 32, COST))).toBe(true));
  });

  it("leave the event loop free while they hash", async () => {
    let turns = 0;
    let hashing = true;
    const spin = () => {
      turns++;
      if (hashing) setImmediate(spin);
    };
    const hashed = scryptOffLoop("password", randomBytes(16), 32, COST).finally(() => (hashing = false));
    setImmediate(spin);
    await hashed;
    // A hash on the event loop would let it turn at most once or twice; off it, the loop keeps turning meanwhile.
    expect(turns).toBeGreaterThan(20);
  });

  it("run at a lower CPU priority than the event loop where the system lets a thread set its own (Linux)", async () => {
    await scryptOffLoop("password", randomBytes(16), 32, COST);
    if (process.platform === "linux") expect(threadNiceness()).toContain(10);
    expect(threadNiceness()[0]).toBe(0);
  });
});
