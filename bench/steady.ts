// An open loop, as Stripe sends webhooks: request i is due at start + i/rate whatever the earlier answers,
// and its latency counts from when it was due, so a stall shows in every request it delays
// (no coordinated omission).
export async function steady(ratePerSecond: number, seconds: number, send: (i: number, due: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  const total = Math.round(seconds * ratePerSecond);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send(i, due).then(() => void latencies.push(performance.now() - due)));
  }
  await Promise.all(inFlight);
  return latencies;
}
