// Password hashing off the event loop: GET /api/health's latency on its own, then while twenty wrong-password
// sign-ins run in parallel without pause. Each sign-in hashes (scrypt, on the hashing threads); if hashing ran on
// the web process's event loop, every health check would wait behind the hashes in progress.
import { Worker } from "node:worker_threads";
import { steady } from "./steady";
import { ms, summary } from "./stats";
import { checkTarget } from "./targets";

const PARALLEL_SIGN_INS = 20;
const HEALTH_PER_SECOND = 20;
const SECONDS = 20;

// The sign-ins run on a thread of their own, so the client's work for them never delays the health checks' clock.
const SIGN_IN_THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const { randomUUID } = require("node:crypto");
const { appUrl, parallel } = workerData;
let running = true;
let refused = 0;
parentPort.on("message", () => (running = false));
async function wrongSignIn() {
  const csrf = await fetch(appUrl + "/api/auth/csrf");
  const { csrfToken } = await csrf.json();
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(appUrl + "/api/auth/callback/credentials", {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, origin: appUrl },
    body: new URLSearchParams({ csrfToken, email: "nobody-" + randomUUID() + "@example.test", password: "wrong password", callbackUrl: "/orgs" }),
  });
  await res.arrayBuffer();
  if (!(res.headers.get("location") || "").includes("error=CredentialsSignin")) throw new Error("a wrong sign-in was not refused: " + res.status);
  refused++;
}
Promise.all(Array.from({ length: parallel }, async () => { while (running) await wrongSignIn(); })).then(
  () => parentPort.postMessage({ refused }),
  (err) => parentPort.postMessage({ error: String(err) }),
);
`;

/** Runs `parallel` wrong-password sign-ins without pause (addresses no account has: the decoy hash runs) until stopped. */
function signInLoad(appUrl: string, parallel: number) {
  const thread = new Worker(SIGN_IN_THREAD, { eval: true, workerData: { appUrl, parallel } });
  const finished = new Promise<number>((resolve, reject) => {
    thread.once("message", (m: { refused?: number; error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m.refused!)));
    thread.once("error", reject);
  });
  return {
    stop: async () => {
      thread.postMessage("stop");
      const refused = await finished;
      await thread.terminate();
      return refused;
    },
  };
}

async function health(appUrl: string): Promise<number[]> {
  return steady(HEALTH_PER_SECOND, SECONDS, async () => {
    const res = await fetch(`${appUrl}/api/health`);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`/api/health answered ${res.status}`);
  });
}

export async function benchSignIn(appUrl: string): Promise<void> {
  const quiet = summary(await health(appUrl));
  const load = signInLoad(appUrl, PARALLEL_SIGN_INS);
  const busy = summary(await health(appUrl));
  const signIns = await load.stop();
  const ratio = busy.p99 / quiet.p99;
  const verdict = checkTarget({
    benchmark: "GET /api/health p99 during 20 parallel sign-ins",
    figure: ms(busy.p99),
    target: "≤ 250 ms",
    met: busy.p99 <= 250,
  });
  console.log(
    `\nSign-in and the event loop — GET /api/health at ${HEALTH_PER_SECOND}/s for ${SECONDS} s, alone and while ${PARALLEL_SIGN_INS} wrong-password sign-ins run in parallel`,
  );
  console.log(`  baseline (no sign-ins)               p50 ${ms(quiet.p50)}  p95 ${ms(quiet.p95)}  p99 ${ms(quiet.p99)}   n ${quiet.n}`);
  console.log(`  during sign-ins                      p50 ${ms(busy.p50)}  p95 ${ms(busy.p95)}  p99 ${ms(busy.p99)}   n ${busy.n}`);
  console.log(
    `  during / baseline                    p99 ${ratio.toFixed(2)} ×   (${signIns} sign-ins refused meanwhile, ${(signIns / SECONDS).toFixed(1)}/s; target p99 ≤ 250 ms → ${verdict})`,
  );
}
