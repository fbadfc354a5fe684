// Lint: Next's rules, TypeScript's, and the layering of docs/architecture.md as rules instead of habits.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";

const restrictImports = (patterns) => ["error", { patterns }];

// lib/ in layers, lowest first (docs/architecture.md draws them): a module imports only from its own layer's part and
// the layers below it. Each part is a folder or a file of lib/; lib/billing's four parts are layers of their own.
const LIB_LAYERS = [
  ["generated"],
  ["env.ts"],
  ["log.ts"],
  ["db-errors.ts"],
  ["errors.ts"],
  ["db.ts", "db"],
  ["money.ts", "app-url.ts", "tokens.ts", "health.ts"],
  ["plans"],
  ["http"],
  ["email"],
  ["rate-limits"],
  ["auth"],
  ["audit"],
  ["license"],
  ["stripe"],
  ["catalog"],
  ["entitlements"],
  ["orgs"],
  ["customers"],
  ["billing-emails"],
  ["credits"],
  ["usage"],
  ["billing/sync"],
  ["billing/read"],
  ["billing/commands"],
  ["billing/scheduled"],
  ["webhooks"],
  ["reconcile"],
  ["projects"],
  ["platform-health"],
  ["admin"],
  ["api"],
  ["jobs"],
];
const libPath = (part) => `./lib/${part}`;
const layerZones = LIB_LAYERS.flatMap((layer, i) => {
  const above = LIB_LAYERS.slice(i + 1).flat();
  if (above.length === 0) return [];
  return layer.map((part) => ({
    target: libPath(part),
    from: above.map(libPath),
    message: `lib/${part} sits below these in docs/architecture.md's layers: move what both need down instead of importing up.`,
  }));
});
const noEmulator = {
  group: ["@tollgate/stripe-emulator", "@tollgate/stripe-emulator/*"],
  message: "Only tests and dev tooling use the local Stripe.",
};
const libAbove = { group: ["@/app", "@/app/*", "@/components", "@/components/*"], message: "lib/ never imports app/ or components/." };

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    "lib/generated/**",
    "playwright-report/**",
    "test-results/**",
    ".data/**",
    ".test-reports/**",
    "next-env.d.ts",
  ]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["components/**"],
    rules: {
      "no-restricted-imports": restrictImports([
        { group: ["@/app", "@/app/*"], message: "components/ never imports app/: move what it needs into lib/." },
        noEmulator,
      ]),
    },
  },
  {
    files: ["lib/**"],
    rules: { "no-restricted-imports": restrictImports([libAbove]) },
  },
  {
    // Type-only imports count: a layer that needs a type from above has the type in the wrong place.
    files: ["lib/**"],
    ignores: ["**/*.test.ts", "lib/generated/**"],
    rules: { "import/no-restricted-paths": ["error", { zones: layerZones }] },
  },
  {
    // The product never loads the local Stripe (production does not install it); its tests may.
    files: ["lib/**"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": restrictImports([libAbove, noEmulator]) },
  },
  {
    files: ["app/**"],
    rules: { "no-restricted-imports": restrictImports([noEmulator]) },
  },
  {
    // The app and its logic log through lib/log.ts (levels, request ids, redaction), never bare console.*.
    files: ["app/**", "lib/**"],
    ignores: ["**/*.test.ts"],
    rules: { "no-console": "error" },
  },
  {
    files: ["**/*.{ts,tsx,mjs}"],
    // The app's settings, the local stack's and the tests' each have one module that reads the environment.
    ignores: [
      "lib/env.ts",
      "scripts/lib/local-settings.ts",
      "scripts/lib/process-env.ts",
      "test/support/test-settings.ts",
      "scripts/bootstrap.mjs",
      "e2e/support/record-connections.mjs",
      "packages/**",
    ],
    rules: {
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Settings are read through lib/env.ts (the app's), scripts/lib/local-settings.ts or test/support/test-settings.ts only.",
        },
      ],
    },
  },
  {
    // The local Stripe is a package of its own: it reads its own settings, and nothing of the app.
    files: ["packages/stripe-emulator/**"],
    ignores: [
      "packages/stripe-emulator/src/settings.ts",
      "packages/stripe-emulator/src/testing/**",
      "packages/stripe-emulator/test/**",
      "packages/stripe-emulator/scripts/**",
    ],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "The emulator's settings are read through src/settings.ts only." },
      ],
    },
  },
  {
    files: ["packages/stripe-emulator/**"],
    rules: {
      "no-restricted-imports": restrictImports([{ group: ["@/*"], message: "The emulator package imports nothing from the app." }]),
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: "./packages/stripe-emulator",
              from: ["./app", "./components", "./lib", "./scripts", "./test", "./e2e", "./bench", "./prisma"],
              message: "The emulator package imports nothing from the app.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["app/**", "components/**", "lib/**", "scripts/**"],
    ignores: ["lib/stripe/**", "**/*.test.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='Stripe']", message: "Only lib/stripe/ constructs a Stripe client." },
      ],
    },
  },
]);
