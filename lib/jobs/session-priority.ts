import "server-only";
import { readFileSync } from "node:fs";
import os from "node:os";
import { rawPool } from "@/lib/db/raw-pool";
import { log } from "@/lib/log";

/** The worker's sessions carry this application_name (PGAPPNAME, which node-postgres reads), so they can be told apart. */
export const WORKER_APPLICATION_NAME = "tollgate-worker";

/** The worker's CPU priority (nice), its process's and its sessions'. */
export const BACKGROUND_NICE = 10;
/** /proc counts a process's start in USER_HZ ticks, 100 a second on every Linux architecture Node runs on. */
const USER_HZ = 100;

/**
 * The worker runs at nice 10 so that the web process keeps the CPU while the queue drains, but much of its work runs in
 * PostgreSQL's backend processes (in bench/webhooks, PostgreSQL used 36-54 % of a core beside the worker's 45-75 %),
 * at the priority of every other session, the web process's inserts included. When PostgreSQL runs on this machine (the
 * embedded default, a single-box install), this gives the backends serving the worker's sessions the worker's priority
 * too, where the OS permits it (the same user, or root). A backend is matched by pid and start time, so a PostgreSQL on
 * another host or in another PID namespace (a container) is never touched. Linux only (it reads /proc): elsewhere it
 * does nothing; where renicing is refused it says so once and stops.
 *
 * Sessions are found by `applicationName`: the worker's (`WORKER_APPLICATION_NAME`), and in bench/ the Stripe emulator's,
 * which stands in for Stripe's own servers.
 */
export function lowerPriorityOfSessions(applicationName: string, intervalMs = 1000): { stop(): void } {
  const bootSeconds = bootTime();
  if (bootSeconds === null) return { stop: () => {} };
  const done = new Set<number>();
  let stopped = false;
  let running = false;
  const pass = async () => {
    const { rows } = await rawPool().query<{ pid: number; started: number }>(
      `select pid, extract(epoch from backend_start)::float8 as started from pg_stat_activity where application_name = $1`,
      [applicationName],
    );
    for (const { pid, started } of rows) {
      if (stopped || done.has(pid)) continue;
      done.add(pid);
      const localStart = processStart(pid, bootSeconds);
      if (localStart === null || Math.abs(localStart - started) > 2) continue;
      try {
        os.setPriority(pid, BACKGROUND_NICE);
      } catch (err) {
        // A session that ended meanwhile is gone; one this user may not renice means none of them can be.
        const code = (err as { info?: { code?: string } }).info?.code ?? (err as { code?: string }).code;
        if (code === "ESRCH") continue;
        log().info({ code, applicationName }, "PostgreSQL's backends keep their priority (renicing refused)");
        stop();
      }
    }
    const live = new Set(rows.map((r) => r.pid));
    for (const pid of done) if (!live.has(pid)) done.delete(pid);
  };
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = true;
    pass()
      .catch((err: unknown) => log().warn({ err, applicationName }, "could not list PostgreSQL sessions to lower their priority"))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  function stop() {
    stopped = true;
    clearInterval(timer);
  }
  return { stop };
}

function bootTime(): number | null {
  try {
    const line = readFileSync("/proc/stat", "utf8")
      .split("\n")
      .find((l) => l.startsWith("btime "));
    return line ? Number(line.slice(6)) : null;
  } catch {
    return null;
  }
}

/** When process `pid` of this machine started, in Unix seconds; null when there is none or it is not a postgres. */
function processStart(pid: number, bootSeconds: number): number | null {
  try {
    if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("postgres")) return null;
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return bootSeconds + Number(fields[19]) / USER_HZ;
  } catch {
    return null;
  }
}
