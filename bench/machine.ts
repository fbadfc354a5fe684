// What the figures were measured on, read from the machine itself rather than written down.
import os from "node:os";
import { setProcessPriority } from "../scripts/lib/process-priority";

let postgresVersion: string | undefined;
let senderPriority = "normal";
const loadAtStart = os.loadavg();

/** The server version the benchmarks' PostgreSQL reports (`select version()`). */
export function recordPostgresVersion(version: string): void {
  postgresVersion = version.split(" on ")[0];
}

/**
 * The load generator (the senders, the bare baseline endpoint, the proxy standing in for the network to Stripe) stands
 * in for other machines, Stripe's and the browsers': it gets a higher CPU priority than what it measures where the OS
 * allows, so its own waits for a core don't count as the app's latency. Processes started afterwards set their own.
 */
export function raiseSenderPriority(): void {
  senderPriority = setProcessPriority(-5) ? "raised (nice -5)" : "normal (raising it was not permitted)";
}

export function describeMachine(): string {
  const cpus = os.cpus();
  const models = [...new Set(cpus.map((c) => c.model.trim()))].join(", ");
  const [one, five] = loadAtStart;
  return [
    `Machine: ${cpus.length} CPU${cpus.length === 1 ? "" : "s"} (${models || "unknown model"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ` +
      `${os.type()} ${os.release()} ${os.arch()}`,
    `         Node ${process.versions.node}${postgresVersion ? `, ${postgresVersion}` : ""}; load average ${one!.toFixed(2)} (1 min), ${five!.toFixed(2)} (5 min) at start; load generator priority ${senderPriority}`,
  ].join("\n");
}
