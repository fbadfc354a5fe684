import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./root";

// A child process lowers itself and reports the nice value of each of its threads: the test's own process keeps its own.
const REPORT = `
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { setProcessPriority } from ${JSON.stringify(path.join(ROOT, "scripts/lib/process-priority.ts"))};
const ok = setProcessPriority(7);
const threads = process.platform === "linux"
  ? readdirSync("/proc/self/task").map((tid) => {
      const stat = readFileSync("/proc/self/task/" + tid + "/stat", "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
    })
  : [os.getPriority()];
console.log(JSON.stringify({ ok, threads }));
`;

describe("setProcessPriority", () => {
  it("lowers every thread of the process, V8's helper threads included", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", REPORT], { cwd: ROOT, encoding: "utf8" });
    const { ok, threads } = JSON.parse(out) as { ok: boolean; threads: number[] };
    expect(ok).toBe(true);
    if (process.platform === "linux") expect(threads.length).toBeGreaterThan(1);
    expect(threads.every((nice) => nice === 7)).toBe(true);
  });
});
