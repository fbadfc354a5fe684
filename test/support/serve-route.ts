import http from "node:http";
import { listenForTest, type ServedForTest } from "./listen";

type RouteHandler = (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Serves one App Router route handler over real HTTP, as Next does, for tests and benchmarks. */
export async function serveRoute(handler: RouteHandler, port = 0): Promise<ServedForTest> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      });
      const response = await handler(request, { params: Promise.resolve({}) });
      res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
    });
  });
  return listenForTest(server, port);
}
