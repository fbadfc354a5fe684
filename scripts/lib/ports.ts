import net from "node:net";

/** Fails with a clear message naming each port that something else already listens on. */
export async function assertPortsFree(ports: { port: number; what: string; variable: string }[]): Promise<void> {
  const busy: string[] = [];
  for (const { port, what, variable } of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (!free) busy.push(`port ${port} (${what}) is in use; stop what uses it or set ${variable}`);
  }
  if (busy.length > 0) throw new Error(`${busy.join("; ")}. Is Tollgate already running?`);
}
