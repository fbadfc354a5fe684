import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { childProcessEnv } from "@/scripts/lib/process-env";
import { getFreePort } from "./lib/free-port";
import { ROOT } from "./lib/root";

// `npm start` as a person runs it: in a terminal whose Ctrl-C goes to the whole foreground process group.

type Started = { child: ChildProcess; output: () => string; dataDir: string; ports: number[]; env: NodeJS.ProcessEnv };

/** Settings the Vitest run exported for its own suites; `npm start` must bring up its own stack. */
const FOREIGN = [
  "DATABASE_URL",
  "SMTP_URL",
  "APP_BASE_URL",
  "AUTH_SECRET",
  "STRIPE_API_BASE",
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "NODE_ENV",
];

async function startTollgate(): Promise<Started> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "tollgate-start-"));
  const ports = [await getFreePort(), await getFreePort(), await getFreePort(), await getFreePort(), await getFreePort()];
  const env = childProcessEnv({
    DATA_DIR: dataDir,
    PORT: String(ports[0]),
    EMBEDDED_PG_PORT: String(ports[1]),
    STRIPE_EMULATOR_PORT: String(ports[2]),
    MAILDEV_SMTP_PORT: String(ports[3]),
    MAILDEV_WEB_PORT: String(ports[4]),
  });
  for (const name of FOREIGN) delete env[name];
  // Its own process group, like a shell's foreground job, so a signal to the group is a terminal's Ctrl-C.
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", "bootstrap.mjs"), "start"], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  await expect.poll(() => output, { timeout: 240_000, interval: 500 }).toContain("Tollgate is running.");
  return { child, output: () => output, dataDir, ports, env };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code)),
  );

/** Processes still running that belong to this start: anything whose command line names its data directory or ports. */
function leftovers({ dataDir, ports }: Started): string[] {
  const ps = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" }).split("\n");
  return ps
    .filter((line) => line.includes(dataDir) || ports.some((p) => new RegExp(`[ =:-]${p}\\b`).test(line)))
    .filter((l) => !l.includes("ps -eo"));
}

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });

async function expectNothingLeft(started: Started) {
  await expect.poll(() => leftovers(started), { timeout: 20_000 }).toEqual([]);
  for (const port of started.ports) expect(await portFree(port), `port ${port}`).toBe(true);
}

describe("stopping npm start", () => {
  it("on Ctrl-C, stops everything in order, quietly, and leaves no process or port behind", async () => {
    const started = await startTollgate();
    // A healthy stack has missed no webhook: every event the demo seeding caused was delivered while the app ran,
    // so a full reconcile right after start has none to replay.
    const reconcile = await new Promise<string>((resolve) => {
      const cli = [path.join(ROOT, "node_modules", ".bin", "tsx"), "--conditions=react-server", "scripts/cli.ts", "billing", "reconcile"];
      // Exit 1 means an unresolved mismatch; what matters here is the count it prints either way.
      execFile(process.execPath, cli, { cwd: ROOT, env: started.env, timeout: 120_000 }, (_err, stdout) => resolve(String(stdout)));
    });
    process.kill(-started.child.pid!, "SIGINT");
    expect(await exited(started.child)).toBe(0);
    expect(started.output()).toContain("Stopped.");
    expect(started.output()).not.toMatch(/terminating connection due to administrator command|\[jobs\] error/);
    await expectNothingLeft(started);
    // Asserted once everything is stopped, so a wrong count leaves nothing running.
    expect(reconcile).toMatch(/^ {2}missed events +0$/m);
  }, 300_000);

  it("on Ctrl-C and then a TERM while it is shutting down (a second Ctrl-C, a process manager), still leaves nothing behind", async () => {
    const started = await startTollgate();
    process.kill(-started.child.pid!, "SIGINT");
    await expect.poll(() => started.output()).toContain("Stopping Tollgate");
    try {
      process.kill(-started.child.pid!, "SIGTERM");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err; // already all gone
    }
    await exited(started.child);
    await expectNothingLeft(started);
  }, 300_000);
});
