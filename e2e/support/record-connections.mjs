// Preloaded (NODE_OPTIONS=--import) into the processes of the self-hosted journey's stack: writes every outbound
// TCP connection and every host name looked up to TOLLGATE_CONNECTION_LOG, one JSON line each, so the journey can
// show that the installation talked to nothing but its own database and mail server (no Stripe, no emulator).
// It reads its one setting straight from the environment: it runs before the app has loaded lib/env.ts.
import fs from "node:fs";
import net from "node:net";
import dns from "node:dns";

const file = process.env.TOLLGATE_CONNECTION_LOG;
if (file) {
  const record = (entry) =>
    fs.appendFileSync(file, `${JSON.stringify({ pid: process.pid, process: process.argv.slice(1).join(" "), ...entry })}\n`);

  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (...args) {
    const options = typeof args[0] === "object" && args[0] !== null ? (Array.isArray(args[0]) ? args[0][0] : args[0]) : {};
    const port = typeof args[0] === "object" ? options.port : args[0];
    const host = typeof args[0] === "object" ? options.host : typeof args[1] === "string" ? args[1] : undefined;
    if (options.path === undefined) record({ kind: "connect", host: host ?? "localhost", port: Number(port) });
    return connect.apply(this, args);
  };

  for (const target of [dns, dns.promises]) {
    const lookup = target.lookup;
    target.lookup = function (hostname, ...rest) {
      record({ kind: "lookup", host: String(hostname) });
      return lookup.call(this, hostname, ...rest);
    };
  }
}
