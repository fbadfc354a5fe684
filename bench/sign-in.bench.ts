// Password hashing off the event loop: GET /api/health's latency on its own, then while twenty wrong-password
// sign-ins run in parallel without pause. Each sign-in hashes (scrypt, in libuv's thread pool); if hashing ran on
// the web process's event loop, every health check would wait behind the hashes in progress.
import { randomUUID } from "node:crypto";
import { steady } from "./steady";
import { ms, summary } from "./stats";
import { checkTarget } from "./targets";

const PARALLEL_SIGN_INS = 20;
const HEALTH_PER_SECOND = 20;
const SECONDS = 10;

/** One wrong-password sign-in through Auth.js's credentials flow, for an address no account has (the decoy hash runs). */
async function wrongSignIn(appUrl: string): Promise<void> {
  const csrf = await fetch(`${appUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${appUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, origin: appUrl },
    body: new URLSearchParams({
      csrfToken,
      email: `nobody-${randomUUID()}@example.test`,
      password: "wrong password",
      callbackUrl: "/orgs",
    }),
  });
  await res.arrayBuffer();
  if (!(res.headers.get("location") ?? "").includes("error=CredentialsSignin"))
    throw new Error(`a wrong sign-in was not refused: ${res.status}`);
}

async function health(appUrl: string): Promise<number[]> {
  return steady(HEALTH_PER_SECOND, SECONDS, async () => {
    const res = await fetch(`${appUrl}/api/health`);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`/api/health answered ${res.status}`);
  });
}

export async function benchSignIn(appUrl: string): Promise<void> {
  await wrongSignIn(appUrl);
  const quiet = summary(await health(appUrl));
  let signIns = 0;
  let running = true;
  const workers = Array.from({ length: PARALLEL_SIGN_INS }, async () => {
    while (running) {
      await wrongSignIn(appUrl);
      signIns++;
    }
  });
  const busy = summary(await health(appUrl));
  running = false;
  await Promise.all(workers);
  const ratio = busy.p99 / quiet.p99;
  const verdict = checkTarget({
    benchmark: "GET /api/health p99 during 20 parallel sign-ins",
    figure: ms(busy.p99),
    target: "≤ 100 ms",
    met: busy.p99 <= 100,
  });
  console.log(
    `\nSign-in and the event loop — GET /api/health at ${HEALTH_PER_SECOND}/s for ${SECONDS} s, alone and while ${PARALLEL_SIGN_INS} wrong-password sign-ins run in parallel`,
  );
  console.log(`  baseline (no sign-ins)               p50 ${ms(quiet.p50)}  p95 ${ms(quiet.p95)}  p99 ${ms(quiet.p99)}   n ${quiet.n}`);
  console.log(`  during sign-ins                      p50 ${ms(busy.p50)}  p95 ${ms(busy.p95)}  p99 ${ms(busy.p99)}   n ${busy.n}`);
  console.log(
    `  during / baseline                    p99 ${ratio.toFixed(2)} ×   (${signIns} sign-ins refused meanwhile, ${(signIns / SECONDS).toFixed(1)}/s; target p99 ≤ 100 ms → ${verdict})`,
  );
}
