import { spawn, type ChildProcess } from "node:child_process";

export type Managed = { name: string; child: ChildProcess; stop(): Promise<void>; kill(): void };

/**
 * Starts a long-running child in its own process group, so that stopping it
 * also stops whatever it started, and so that we decide the shutdown order.
 */
export function startManaged(
  name: string,
  command: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; quiet?: boolean; onExit?: (code: number | null) => void },
): Managed {
  const child = spawn(command, args, { env: opts.env, detached: true, stdio: opts.quiet ? "ignore" : ["ignore", "inherit", "inherit"] });
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) =>
    child.on("exit", (code) => {
      exited = true;
      opts.onExit?.(code);
      resolve();
    }),
  );
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, sig);
    } catch {
      /* already gone */
    }
  };
  return {
    name,
    child,
    async stop() {
      if (exited) return;
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), 10_000);
      await exitedPromise;
      clearTimeout(timer);
    },
    /** At once, with everything it started (its process group): for a second Ctrl-C. */
    kill() {
      if (!exited) signal("SIGKILL");
    },
  };
}

/** Runs a command to completion, failing loudly. */
export function runToCompletion(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${name} failed (exit ${code})`))));
  });
}

/** Polls a URL until it answers 2xx. */
export async function waitForHttp(url: string, timeoutMs: number, isAlive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the process behind ${url} exited`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up within ${timeoutMs / 1000}s`);
}
