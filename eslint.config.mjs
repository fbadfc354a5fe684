// Lint: Next's rules, TypeScript's, and the layering of docs/architecture.md as rules instead of habits.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";

const restrictImports = (patterns) => ["error", { patterns }];

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
    files: ["lib/**/*.ts", "scripts/**", "test/**", "e2e/**", "emulator/**", "bench/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    files: ["components/**"],
    rules: {
      "no-restricted-imports": restrictImports([
        { group: ["@/app", "@/app/*"], message: "components/ never imports app/: move what it needs into lib/." },
      ]),
    },
  },
  {
    files: ["lib/**"],
    rules: {
      "no-restricted-imports": restrictImports([
        { group: ["@/app", "@/app/*", "@/components", "@/components/*"], message: "lib/ never imports app/ or components/." },
      ]),
    },
  },
  {
    // The app and its logic log through lib/log.ts (levels, request ids, redaction), never bare console.*.
    files: ["app/**", "lib/**"],
    ignores: ["**/*.test.ts"],
    rules: { "no-console": "error" },
  },
  {
    files: ["**/*.{ts,tsx,mjs}"],
    ignores: ["lib/env.ts", "scripts/bootstrap.mjs", "e2e/support/record-connections.mjs"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Settings are read through lib/env.ts only." }],
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
