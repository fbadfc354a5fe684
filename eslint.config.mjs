// Lint: Next's rules, TypeScript's, and the layering of docs/architecture.md as rules instead of habits.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";

const restrictImports = (patterns) => ["error", { patterns }];
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
      "import/no-cycle": ["error", { ignoreExternal: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Not React: helpers named use… there (useBillingStack, useLocalStackDefaults) are not hooks.
    files: ["lib/**/*.ts", "scripts/**", "test/**", "e2e/**", "packages/**", "bench/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
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
    ignores: ["lib/env.ts", "scripts/bootstrap.mjs", "e2e/support/record-connections.mjs", "packages/**"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Settings are read through lib/env.ts only." }],
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
      "no-restricted-imports": restrictImports([
        { group: ["@/*", "../../../*"], message: "The emulator package imports nothing from the app." },
      ]),
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
