import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import lockfile from "proper-lockfile";
import { runToCompletion } from "./processes";

const INPUTS = ["app", "components", "lib", "public", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];

function* files(p: string): Generator<string> {
  if (!existsSync(p)) return;
  const stat = statSync(p);
  if (stat.isFile()) {
    yield p;
    return;
  }
  for (const entry of readdirSync(p).sort()) {
    if (entry === "node_modules" || entry.endsWith(".test.ts")) continue;
    yield* files(path.join(p, entry));
  }
}

/** A fingerprint of everything `next build` reads, by path, size and modification time. */
function sourceStamp(root: string): string {
  const hash = createHash("sha256");
  for (const input of INPUTS) {
    for (const file of files(path.join(root, input))) {
      const s = statSync(file);
      hash.update(`${path.relative(root, file)}:${s.size}:${s.mtimeMs}\n`);
    }
  }
  return hash.digest("hex");
}

const isCurrent = (root: string, stampFile: string, stamp: string) =>
  existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp && existsSync(path.join(root, ".next", "BUILD_ID"));

/**
 * Runs `next build` unless the last build was made from the same sources. Processes that need the build at the same
 * time (the test files that start the app run in parallel) take turns under a lock file, and a later one finds it
 * already made instead of writing into the same .next a second time.
 */
export async function ensureProductionBuild(root: string, env: NodeJS.ProcessEnv): Promise<void> {
  const stampFile = path.join(root, ".next", "tollgate-build-stamp");
  const stamp = sourceStamp(root);
  if (isCurrent(root, stampFile, stamp)) return;
  const release = await lockfile.lock(root, {
    lockfilePath: path.join(root, ".next-build.lock"),
    // A build takes minutes on a small machine; a holder that died stops refreshing the lock and it goes stale.
    retries: { retries: 900, minTimeout: 1000, maxTimeout: 1000 },
  });
  try {
    if (isCurrent(root, stampFile, stamp)) return;
    console.log("› Building the app (next build)…");
    await runToCompletion("next build", path.join(root, "node_modules", ".bin", "next"), ["build"], { ...env, NODE_ENV: "production" });
    writeFileSync(stampFile, stamp);
  } finally {
    await release();
  }
}
