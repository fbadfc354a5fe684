// `npm run bench -- webhooks reconcile` runs only the named parts (the machine and target table still print);
// with no names, every part runs.
export const BENCH_PARTS = ["emulator", "sign-in", "webhooks", "entitlements", "runs", "billing-page", "console", "reconcile"] as const;

const named = process.argv.slice(2);
const unknown = named.filter((n) => !(BENCH_PARTS as readonly string[]).includes(n));
if (unknown.length > 0) {
  console.error(`unknown benchmark part ${unknown.join(", ")}; the parts are ${BENCH_PARTS.join(", ")}`);
  process.exit(2);
}

export const selected = (part: (typeof BENCH_PARTS)[number]) => named.length === 0 || named.includes(part);
