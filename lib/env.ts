import { z } from "zod";

// The app's settings: the only module of the app that reads process.env. The launchers' own settings (ports of the
// local stack) are scripts/lib/local-settings.ts's, the tests' test/support/test-settings.ts's.

const port = z.coerce.number().int().min(1).max(65535);
const optionalString = z.string().trim().min(1).optional().catch(undefined);

const schema = z.object({
  NODE_ENV: z
    .enum(["development", "production", "test"])
    .default("development")
    .describe("The production commands set production themselves."),
  HOST: z.string().default("127.0.0.1").describe("The address the app listens on."),
  PORT: port.default(3000).describe("The app's port."),
  APP_BASE_URL: z
    .url()
    .optional()
    .describe("The app's public URL: every link, redirect and Checkout return URL is built from it. Unset: http://HOST:PORT."),
  DATABASE_URL: optionalString.describe("Use this PostgreSQL; nothing is started for the database. Unset: the embedded PostgreSQL."),
  AUTH_SECRET: optionalString.describe("Signs sessions; required in production. Unset: generated into DATA_DIR/secrets.json."),
  SMTP_URL: optionalString.describe(
    "Send email through this SMTP server (smtps://user:pass@host). Unset: the local mail catcher npm start runs.",
  ),
  MAIL_FROM: z.string().default("Tollgate <no-reply@tollgate.test>").describe("The sender of every email."),
  SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5).describe("Failed password sign-ins per address before it is throttled."),
  SIGNIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15).describe("The sign-in throttling window."),
  RATE_LIMIT_SIGNINS_PER_CLIENT: z.coerce
    .number()
    .int()
    .min(1)
    .default(30)
    .describe("Password attempts one client address may make in 15 minutes, across all accounts."),
  RATE_LIMIT_EMAILS_PER_CLIENT: z.coerce
    .number()
    .int()
    .min(1)
    .default(20)
    .describe("Email-sending requests (sign-up, sign-in links, resets, confirmations, invitations) per client address per hour."),
  RATE_LIMIT_INVITES_PER_USER: z.coerce
    .number()
    .int()
    .min(1)
    .default(30)
    .describe("Invitations one user may send per hour, across every org they administer."),
  RATE_LIMIT_INVITES_PER_ORG: z.coerce
    .number()
    .int()
    .min(1)
    .default(50)
    .describe("Invitations one organization may send per hour, whoever sends them."),
  RATE_LIMIT_ORGS_PER_USER: z.coerce.number().int().min(1).default(10).describe("Organizations one user may create per day."),
  STRIPE_SECRET_KEY: optionalString.describe(
    "A real sk_test_/sk_live_ key (with no STRIPE_API_BASE) means real Stripe and no local Stripe. Unset: the local Stripe's key.",
  ),
  TOLLGATE_LICENSE: optionalString.describe(
    "A self-hosted installation's license (the token `license issue` printed); with no Stripe key, Tollgate runs on it.",
  ),
  TOLLGATE_EDITION: z
    .enum(["saas", "self-hosted"])
    .optional()
    .catch(undefined)
    .describe("self-hosted runs on a license with no Stripe at all (also implied by TOLLGATE_LICENSE without a Stripe key)."),
  LICENSE_GRACE_DAYS: z.coerce
    .number()
    .int()
    .min(0)
    .max(90)
    .default(14)
    .describe("Days an expired license keeps its limits, with a banner for admins, before community limits apply."),
  LICENSE_PUBLIC_KEY: optionalString.describe("The Ed25519 public key (PEM) licenses are checked with, for forks that issue their own."),
  LICENSE_PRIVATE_KEY: optionalString.describe(
    "The vendor's Ed25519 private key (PEM) that `license issue` signs with; only where licenses are issued.",
  ),
  STRIPE_PUBLISHABLE_KEY: optionalString.describe("The browser's Stripe key (pk_…). Unset: the local Stripe's."),
  STRIPE_API_BASE: optionalString.describe(
    "Where the app's Stripe client sends requests. Unset: the local Stripe, unless STRIPE_SECRET_KEY is set.",
  ),
  STRIPE_WEBHOOK_SECRET: optionalString.describe(
    "The whsec_… secret webhooks are verified with. Unset: generated into DATA_DIR/secrets.json and registered with the local Stripe.",
  ),
  STRIPE_BACKGROUND_REQUESTS_PER_SECOND: z.coerce
    .number()
    .positive()
    .max(100)
    .optional()
    .describe("Stripe requests per second background work (reconcile) may make. Unset: 20 with test keys, 80 with live ones."),
  STRIPE_INTERACTIVE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(80_000)
    .default(4000)
    .describe("How long a Stripe request a person waits on may take per attempt (one retry), then 503 payment_system_unavailable."),
  STRIPE_BREAKER_COOLDOWN_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(10_000)
    .describe("After two failed Stripe requests in a row, interactive calls fail at once for this long, then one is let through."),
  PAST_DUE_GRACE_DAYS: z.coerce
    .number()
    .int()
    .min(0)
    .max(90)
    .default(7)
    .describe("Days a past-due org keeps its plan before it becomes read-only."),
  ALLOWED_CHECKOUT_DOMAINS: z
    .string()
    .default("")
    .describe("Extra origins (comma-separated) Checkout may send the browser back to, besides APP_BASE_URL."),
  WEBHOOK_MAX_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(25)
    .default(12)
    .describe("Attempts at processing one webhook event (exponential backoff) before it is kept as failed for operators."),
  STRIPE_EVENT_PAYLOAD_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(365)
    .default(7)
    .describe("Days a processed webhook event keeps its payload; its id and outcome stay for STRIPE_EVENT_RETENTION_DAYS."),
  STRIPE_EVENT_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(30)
    .max(3650)
    .default(45)
    .describe("Days a processed event's id is kept to recognise redeliveries (at least 30: Stripe resends for up to 30 days)."),
  SUBSCRIPTION_ARCHIVE_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(90)
    .describe("Days after a subscription ended before the weekly clean-up marks it archived (the row stays)."),
  BILLING_EMAILS: z
    .enum(["on", "off"])
    .default("on")
    .describe("off records and sends no billing email (receipts, failed payments, trial and plan notices)."),
  BILLING_EMAIL_RETRY_SECONDS: z
    .string()
    .default("30,60,120")
    .transform((v) => v.split(",").map(Number))
    .pipe(z.array(z.number().positive()).min(1))
    .describe("Seconds before each retry of a billing email SMTP refused; after the last it is kept as failed."),
  METER_EVENT_CLAIM_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(60)
    .describe("Seconds a meter-event sender holds the events it claimed: after a worker dies, another sends them then."),
  WORKER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(16)
    .default(4)
    .describe("Parallel job slots of the worker process; one Stripe customer's jobs still run one at a time."),
  WORKER_ID: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]+$/)
    .optional()
    .catch(undefined)
    .describe("Names this worker's slots so a restarted worker releases the jobs its previous run held. Unset: tollgate-<hostname>."),
  TRUST_PROXY_HOPS: z.coerce
    .number()
    .int()
    .min(0)
    .max(5)
    .default(0)
    .describe("Proxies in front of the app that append to X-Forwarded-For (one load balancer: 1); 0 trusts only the socket."),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info").describe("How much the app and the worker log."),
});

export type Env = z.infer<typeof schema> & {
  APP_BASE_URL: string;
  APP_BASE_URL_IS_CUSTOM: boolean;
  SMTP_URL: string;
  SMTP_URL_IS_CUSTOM: boolean;
};

/** Where the mail catcher listens by default; `npm start` passes the one it runs as SMTP_URL. */
const LOCAL_MAIL_CATCHER = "smtp://127.0.0.1:1025";

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
    SMTP_URL: e.SMTP_URL ?? LOCAL_MAIL_CATCHER,
    SMTP_URL_IS_CUSTOM: e.SMTP_URL !== undefined,
  };
  return cached;
}

/** Makes the next env() read the environment again (after a launcher or a test changed it). */
export function rereadSettings(): void {
  cached = undefined;
}

export function requireDatabaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
  return url;
}

export type Setting = { name: string; description: string; defaultValue: string | undefined };

/** What a field defaults to when unset, as it would be written in the environment. */
function defaultOf(field: z.ZodType): string | undefined {
  const def = field.def as { type: string; defaultValue?: unknown; in?: z.ZodType };
  if (def.type === "default") return String(def.defaultValue);
  if (def.type === "pipe" && def.in) return defaultOf(def.in);
  return undefined;
}

/** Every setting of a schema in its order, with what it does and its default: the source of .env.example and the docs. */
export function describeSettings(shape: Record<string, z.ZodType>): Setting[] {
  return Object.entries(shape).map(([name, field]) => ({
    name,
    description: field.description ?? "",
    defaultValue: defaultOf(field),
  }));
}

/** The app's settings, described. */
export const settings = (): Setting[] => describeSettings(schema.shape);
