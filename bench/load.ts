/**
 * A closed loop for throughput: `total` requests with `concurrency` in flight. Each request starts when a
 * slot frees up, so its time is service time, not latency under a given load (see steady.ts for that).
 */
export async function load(
  total: number,
  concurrency: number,
  send: (i: number) => Promise<void>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await send(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}
