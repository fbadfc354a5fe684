import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * The official Stripe CLI's binary for this machine: the @stripe/cli wrapper names one optional package per platform
 * (platforms.json), and npm installs only the one that fits. Every place that runs the CLI finds it here.
 */
export function stripeCliBinary(): string {
  const require = createRequire(import.meta.url);
  const wrapper = path.dirname(require.resolve("@stripe/cli/package.json"));
  const platforms = JSON.parse(readFileSync(path.join(wrapper, "platforms.json"), "utf8")) as Record<string, { pkg: string; bin: string }>;
  const key = `${process.platform}-${process.arch}`;
  const platform = platforms[key];
  const help = "Run `npm ci` again with optional dependencies on (not --omit=optional), or install the Stripe CLI from Stripe.";
  if (!platform) throw new Error(`The Stripe CLI has no build for ${key}. ${help}`);
  let binary: string;
  try {
    binary = path.join(
      path.dirname(createRequire(path.join(wrapper, "package.json")).resolve(`${platform.pkg}/package.json`)),
      "bin",
      platform.bin,
    );
  } catch {
    throw new Error(`The Stripe CLI for ${key} (${platform.pkg}) is not installed. ${help}`);
  }
  if (!existsSync(binary)) throw new Error(`The Stripe CLI binary is missing at ${binary}. ${help}`);
  return binary;
}

/** The environment to run the CLI in: this process's, with its telemetry off (it reports every command otherwise). */
export function cliEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, STRIPE_CLI_TELEMETRY_OPTOUT: "1", DO_NOT_TRACK: "1" };
}
