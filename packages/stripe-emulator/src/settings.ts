import { z } from "zod";

// The emulator's own settings, from its own environment variables: the one module of the package that reads
// process.env. A program that embeds the emulator passes EmulatorOptions instead.

const optionalString = z.string().trim().min(1).optional().catch(undefined);

const schema = z.object({
  STRIPE_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(12111).describe("The port it listens on (0: any free one)."),
  STRIPE_EMULATOR_HOST: z.string().default("127.0.0.1").describe("The address it listens on."),
  STRIPE_EMULATOR_DATABASE_URL: optionalString.describe("The PostgreSQL database its state is kept in. Unset: in memory only."),
  STRIPE_EMULATOR_RETRY_SCALE: z.coerce
    .number()
    .positive()
    .default(1)
    .describe("Multiplies Stripe's webhook retry delays (about 3 days in all); tests shrink them."),
  STRIPE_EMULATOR_CONFORMANCE_DIR: optionalString.describe(
    "Test runs: a folder where it records its check of every answer and event against the pinned API's types.",
  ),
  STRIPE_EMULATOR_LOG: z.enum(["on", "off"]).default("off").describe("on: one line per request and per webhook delivery."),
});

export type EmulatorSettings = z.infer<typeof schema>;

export function emulatorSettings(source: Record<string, string | undefined> = process.env): EmulatorSettings {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

/** Every setting with what it does and its default, for the README's table. */
export function emulatorSettingsTable(): string {
  const rows = Object.entries(schema.shape).map(([name, field]) => {
    const def = field.def as { type: string; defaultValue?: unknown };
    const value = def.type === "default" ? `\`${String(def.defaultValue)}\`` : "";
    return `| \`${name}\` | ${value} | ${field.description ?? ""} |`;
  });
  return ["| variable | default | meaning |", "|---|---|---|", ...rows].join("\n");
}

/** Raw lookup for test tooling that shares values between the test runner and its workers. */
export function sharedTestValue(name: `STRIPE_EMULATOR_TEST_${string}`): string | undefined {
  return process.env[name];
}
