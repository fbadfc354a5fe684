// `npm test`'s structure guard: no import circle anywhere, type-only imports counted (ESLint's import/no-cycle
// skips those), and production code that reaches nothing production does not install. Folder layering is ESLint's
// (eslint.config.mjs).

// What the production processes load: the app, and the scripts `npm run prod:*` and `npm run cli` start.
const PRODUCTION_ENTRIES = "^scripts/(production|app-server|worker|cli)\\.ts$|^prisma/seed-catalog\\.ts$";
const PRODUCTION_SCRIPTS =
  "^scripts/(production|app-server|worker|cli)\\.ts$|^scripts/cli/|^scripts/lib/(local-settings|migrate|process-env|process-priority|processes|production-config|root|secrets|web-server)\\.ts$";
const PRODUCTION_CODE = `^(app|components|lib|prisma)/|${PRODUCTION_SCRIPTS}`;
const TESTS = "\\.test\\.tsx?$|^lib/generated/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "production-uses-dev-dependency",
      severity: "error",
      comment: "Production installs with --omit=dev: what it loads must be a dependency, or move the import out of production code.",
      from: { path: PRODUCTION_CODE, pathNot: TESTS },
      to: { dependencyTypes: ["npm-dev"] },
    },
    {
      name: "production-reaches-dev-tooling",
      severity: "error",
      comment: "A production process must not load the local stack, the tests or the emulator.",
      from: { path: PRODUCTION_ENTRIES },
      to: { path: "^(scripts|test|e2e|bench|packages)/", pathNot: PRODUCTION_SCRIPTS, reachable: true },
    },
    {
      name: "web-loads-mjml",
      severity: "error",
      comment:
        "Loading and running MJML takes the web process's event loop for up to a second: emails the web process sends are compiled ahead of time (npm run emails:template), billing emails render in the worker.",
      from: { path: "^(app|components)/", pathNot: TESTS },
      to: { path: "node_modules/mjml/", reachable: true },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "A circle of imports, type-only ones included: break it by moving what both sides need below both.",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(\\.next|lib/generated|\\.data|test-results|playwright-report)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".json"],
    },
  },
};
