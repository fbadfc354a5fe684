import type http from "node:http";

export type ServedForTest = { url: string; close(): Promise<void> };

/** Listens on 127.0.0.1 (`port` 0: any free one); close() also ends kept-alive connections. */
export async function listenForTest(server: http.Server, port = 0): Promise<ServedForTest> {
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
