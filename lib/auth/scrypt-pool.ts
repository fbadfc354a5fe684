import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import pLimit from "p-limit";

// Password hashes run on threads of their own, never on the event loop, and at most one fewer at a time than the
// machine has cores, so a burst of sign-ins always leaves the web process a core. On Linux each thread also lowers
// its own CPU priority (nice 10, as the job worker runs), so what the hashes do take goes to requests first.
// The thread's code is inline so the server bundle needs no separate file for it.
const THREAD_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { scryptSync } = require("node:crypto");
try {
  const tid = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop());
  if (tid > 0) require("node:os").setPriority(tid, 10);
} catch {}
parentPort.on("message", ({ password, salt, keyLength, options }) => {
  try {
    parentPort.postMessage({ key: scryptSync(password, Buffer.from(salt), keyLength, options) });
  } catch (err) {
    parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
});
`;

export type ScryptCost = { N: number; r: number; p: number; maxmem: number };

const slots = Math.max(1, availableParallelism() - 1);
const limit = pLimit(slots);
const idle: Worker[] = [];

function runOn(worker: Worker, password: string, salt: Buffer, keyLength: number, options: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.unref();
    };
    const onMessage = (reply: { key?: Uint8Array; error?: string }) => {
      done();
      idle.push(worker);
      if (reply.key) resolve(Buffer.from(reply.key));
      else reject(new Error(`scrypt failed: ${reply.error}`));
    };
    // A thread that died is not reused; the next hash starts a new one.
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    worker.on("message", onMessage);
    worker.once("error", onError);
    // Held while it works (so a script awaiting a hash does not exit under it), let go when idle.
    worker.ref();
    worker.postMessage({ password, salt, keyLength, options });
  });
}

/** scrypt on the hashing threads: same answer as `crypto.scrypt`, without the event loop or every core. */
export function scryptOffLoop(password: string, salt: Buffer, keyLength: number, options: ScryptCost): Promise<Buffer> {
  return limit(() => runOn(idle.pop() ?? new Worker(THREAD_SOURCE, { eval: true }), password, salt, keyLength, options));
}
