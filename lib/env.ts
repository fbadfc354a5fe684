import { z } from "zod";

// The only module that reads process.env. Everything else asks it.

const port = z.coerce.number().int().min(1).max(65535);
const optionalString = z.string().trim().min(1).optional().catch(undefined);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().default("127.0.0.1"),
  PORT: port.default(3000),
  APP_BASE_URL: z.url().optional(),
  DATABASE_URL: optionalString,
  DATA_DIR: z.string().default(".data"),
  EMBEDDED_PG_PORT: port.default(54329),
  AUTH_SECRET: optionalString,
  SMTP_URL: optionalString,
  MAIL_FROM: z.string().default("Tollgate <no-reply@tollgate.test>"),
  MAILDEV_SMTP_PORT: port.default(1025),
  MAILDEV_WEB_PORT: port.default(1080),
  SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  SIGNIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /** Password attempts one client address may make in 15 minutes, across all accounts. */
  RATE_LIMIT_SIGNINS_PER_CLIENT: z.coerce.number().int().min(1).default(30),
  /** Email-sending requests (sign-up, sign-in links, resets, confirmations, invitations) per client address per hour. */
  RATE_LIMIT_EMAILS_PER_CLIENT: z.coerce.number().int().min(1).default(20),
  /** Invitations one user may send per hour, across every org they administer. */
  RATE_LIMIT_INVITES_PER_USER: z.coerce.number().int().min(1).default(30),
  /** Organizations one user may create per day. */
  RATE_LIMIT_ORGS_PER_USER: z.coerce.number().int().min(1).default(10),
  STRIPE_SECRET_KEY: optionalString,
  /** A self-hosted installation's license (the token `license issue` printed); with no Stripe key, Tollgate runs on it. */
  TOLLGATE_LICENSE: optionalString,
  /** `self-hosted` runs on a license with no Stripe at all (also implied by TOLLGATE_LICENSE without a Stripe key). */
  TOLLGATE_EDITION: z.enum(["saas", "self-hosted"]).optional().catch(undefined),
  /** Days an expired license keeps its limits, with a banner for admins, before the installation falls back to community limits. */
  LICENSE_GRACE_DAYS: z.coerce.number().int().min(0).max(90).default(14),
  /** The Ed25519 public key (PEM) licenses are checked with, for forks that issue their own; else the vendor's. */
  LICENSE_PUBLIC_KEY: optionalString,
  /** The vendor's Ed25519 private key (PEM) that `license issue` signs with; only where licenses are issued. */
  LICENSE_PRIVATE_KEY: optionalString,
  STRIPE_PUBLISHABLE_KEY: optionalString,
  STRIPE_API_BASE: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  /** Stripe requests per second that background work (reconcile) may make; unset: 20 with test keys, 80 with live ones. */
  STRIPE_BACKGROUND_REQUESTS_PER_SECOND: z.coerce.number().positive().max(100).optional(),
  /** How long an interactive Stripe request (a person is waiting) may take per attempt before it counts as failed. */
  STRIPE_INTERACTIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(80_000).default(4000),
  /** How long the Stripe circuit breaker stays open before letting one request through to try again. */
  STRIPE_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(0).default(10_000),
  STRIPE_EMULATOR_PORT: port.default(12111),
  STRIPE_EMULATOR_DATABASE_URL: optionalString,
  /** Multiplies Stripe's webhook retry delays (about 3 days in all); tests shrink them. */
  STRIPE_EMULATOR_RETRY_SCALE: z.coerce.number().positive().default(1),
  /** Test runs: where the emulator keeps its check of every answer against the pinned API's types. */
  STRIPE_EMULATOR_CONFORMANCE_DIR: optionalString,
  PAST_DUE_GRACE_DAYS: z.coerce.number().int().min(0).max(90).default(7),
  /** Extra origins (comma-separated) that Checkout may send the browser back to, besides APP_BASE_URL. */
  ALLOWED_CHECKOUT_DOMAINS: z.string().default(""),
  /** Attempts at processing one webhook event before it is kept as failed for operators. */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(25).default(12),
  /** Days a processed webhook event keeps its payload; its id and outcome stay for the retention below. */
  STRIPE_EVENT_PAYLOAD_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** Days a processed event's id is kept to recognise redeliveries: Stripe resends an event for up to 30 days. */
  STRIPE_EVENT_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(45),
  /** Days after a subscription ended before the weekly clean-up archives it (the row stays, marked archived). */
  SUBSCRIPTION_ARCHIVE_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** `off` records and sends no billing email (receipts, failed payments, trial and plan notices). */
  BILLING_EMAILS: z.enum(["on", "off"]).default("on"),
  /** Seconds before each retry of a billing email that could not be sent; after the last it is kept as failed. */
  BILLING_EMAIL_RETRY_SECONDS: z
    .string()
    .default("30,60,120")
    .transform((v) => v.split(",").map(Number))
    .pipe(z.array(z.number().positive()).min(1)),
  /** Parallel job slots of the worker process; jobs of one Stripe customer still run one at a time. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  /** Names this worker's slots so that a restarted worker can release the jobs its previous run held. */
  WORKER_ID: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]+$/)
    .optional()
    .catch(undefined),
  /** Proxies in front of the app that append to X-Forwarded-For (a load balancer: 1). 0 trusts the socket only. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export type Env = z.infer<typeof schema> & {
  APP_BASE_URL: string;
  APP_BASE_URL_IS_CUSTOM: boolean;
  SMTP_URL: string;
  SMTP_URL_IS_CUSTOM: boolean;
};

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${fields}`);
  }
  const e = parsed.data;
  cached = {
    ...e,
    APP_BASE_URL: (e.APP_BASE_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, ""),
    APP_BASE_URL_IS_CUSTOM: e.APP_BASE_URL !== undefined,
    SMTP_URL: e.SMTP_URL ?? `smtp://127.0.0.1:${e.MAILDEV_SMTP_PORT}`,
    SMTP_URL_IS_CUSTOM: e.SMTP_URL !== undefined,
  };
  return cached;
}

export function requireDatabaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
  return url;
}

/** The environment a child process should inherit, with overrides. */
export function childProcessEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...overrides };
}

/** Sets variables for this process and the processes it starts later (test runners' workers). */
export function exportToEnv(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  cached = undefined;
}

/** Raw lookup for test tooling that shares values between a runner and its workers. */
export function sharedTestValue(name: `TOLLGATE_TEST_${string}`): string | undefined {
  return process.env[name];
}
