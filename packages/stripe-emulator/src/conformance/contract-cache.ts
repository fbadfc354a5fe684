// The pinned contract, extracted once per `stripe` version (about 7 s of compiler work) and kept beside node_modules.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { StripeContract } from "./stripe-types";

/** Bumped whenever the contract's shape changes, so an older cache is not read as the new shape. */
const CONTRACT_FORMAT = 3;

const stripeRoot = () => path.dirname(path.dirname(createRequire(import.meta.url).resolve("stripe")));

export async function loadStripeContract(): Promise<StripeContract> {
  const version = readFileSync(path.join(stripeRoot(), "VERSION"), "utf8").trim();
  const dir = path.join(stripeRoot(), "..", ".cache", "tollgate");
  const file = path.join(dir, `stripe-contract-${version}-v${CONTRACT_FORMAT}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as StripeContract;
  const { readStripeContract } = await import("./stripe-types");
  const contract = readStripeContract();
  mkdirSync(dir, { recursive: true });
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, JSON.stringify(contract));
  renameSync(partial, file);
  return contract;
}
