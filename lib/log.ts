import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import { env } from "@/lib/env";

// The one logger of the app and the worker: JSON lines in production, readable lines in development and tests,
// at LOG_LEVEL. Secrets never reach it: credentials, cookies, signatures and card fields are redacted wherever
// they appear in a logged object.

const REDACT = [
  "authorization",
  "cookie",
  "password",
  "secret",
  "token",
  "stripe-signature",
  "*.authorization",
  "*.cookie",
  "*.password",
  "*.secret",
  "*.token",
  "*['stripe-signature']",
  "headers.authorization",
  "headers.cookie",
  "headers['stripe-signature']",
  "headers['set-cookie']",
  "*.card.number",
  "*.card.cvc",
  "*.number",
  "*.cvc",
  "*.client_secret",
];

let root: Logger | undefined;

/** A logger with Tollgate's settings writing to `destination` (stdout: JSON in production, readable otherwise). */
export function createLogger(destination?: pino.DestinationStream): Logger {
  const e = env();
  const options = { level: e.LOG_LEVEL, redact: { paths: REDACT, censor: "[redacted]" }, base: { pid: process.pid } };
  if (destination) return pino(options, destination);
  // pino-pretty as a stream (not a worker-thread transport), so it also works inside Next's server bundle.
  return e.NODE_ENV === "production" ? pino(options) : pino(options, pretty({ colorize: false, sync: true, ignore: "pid,hostname" }));
}

function rootLogger(): Logger {
  root ??= createLogger();
  return root;
}

const requestScope = new AsyncLocalStorage<Logger>();

/** The logger for what is running now: inside a request it carries that request's id. */
export function log(): Logger {
  return requestScope.getStore() ?? rootLogger();
}

/** Runs one request's work with a logger bound to its request id (set by the request guard, or made here). */
export function withRequestLog<T>(requestId: string, fields: Record<string, unknown>, work: () => T): T {
  return requestScope.run(rootLogger().child({ reqId: requestId, ...fields }), work);
}
