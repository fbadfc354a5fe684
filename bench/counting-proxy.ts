// A pass-through HTTP proxy that counts requests: put in front of the Stripe emulator, it shows which work calls Stripe.
import http from "node:http";

export async function countingProxy(target: string): Promise<{ url: string; count(): number; close(): Promise<void> }> {
  const upstream = new URL(target);
  let count = 0;
  const server = http.createServer((req, res) => {
    count++;
    const forward = http.request(
      { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    count: () => count,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
