import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
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

/** Runs `next build` unless the last build was made from the same sources. */
export async function ensureProductionBuild(root: string, env: NodeJS.ProcessEnv): Promise<void> {
  const stampFile = path.join(root, ".next", "tollgate-build-stamp");
  const stamp = sourceStamp(root);
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp && existsSync(path.join(root, ".next", "BUILD_ID"))) return;
  console.log("› Building the app (next build)…");
  await runToCompletion("next build", path.join(root, "node_modules", ".bin", "next"), ["build"], { ...env, NODE_ENV: "production" });
  writeFileSync(stampFile, stamp);
}
