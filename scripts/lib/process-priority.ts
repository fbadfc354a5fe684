import { readdirSync } from "node:fs";
import os from "node:os";

/**
 * Gives this whole process the CPU priority `nice`; false where the OS refuses it. On Linux nice is a thread's, and
 * os.setPriority() without a pid sets only the calling thread's: the worker's V8 helper threads (parallel scavenges,
 * concurrent marking, compiling), started with the process, kept nice 0 and took CPU from the web process as its equals.
 * So every thread listed in /proc/self/task is set; threads started later inherit the main thread's. Elsewhere the
 * priority is the process's, and one call sets it.
 */
export function setProcessPriority(nice: number): boolean {
  let threads: number[];
  try {
    threads = readdirSync("/proc/self/task").map(Number);
  } catch {
    threads = [0];
  }
  for (const tid of threads) {
    try {
      os.setPriority(tid, nice);
    } catch (err) {
      // A thread that ended meanwhile needs nothing; any other refusal is the OS saying no.
      if ((err as { info?: { code?: string } }).info?.code !== "ESRCH") return false;
    }
  }
  return true;
}
