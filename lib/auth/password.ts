import { randomBytes, timingSafeEqual } from "node:crypto";
import bcrypt from "bcryptjs";
import { z } from "zod";
import { scryptOffLoop } from "./scrypt-pool";

export const passwordSchema = z.string().min(8, "Use at least 8 characters.").max(128, "Use at most 128 characters.");

// scrypt with 32 MiB per hash (N=2^15, r=8, p=1): about 2.5× the work of the bcrypt cost 10 it replaces, within
// what a 2-core web host can give every sign-in. OWASP's scrypt floor is N=2^17; the parameters travel with each
// hash, so raising COST re-hashes every user at their next sign-in. The hashing runs off the event loop, at a lower
// priority (scrypt-pool.ts).
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const PREFIX = "scrypt";

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return scryptOffLoop(password.normalize("NFKC"), salt, KEY_LENGTH, { ...cost, maxmem: 256 * cost.N * cost.r });
}

/** `scrypt$N$r$p$salt$key` (base64url): the parameters travel with the hash, so a later cost can read older ones. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return [PREFIX, COST.N, COST.r, COST.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** Whether a stored hash should be replaced at the next successful sign-in (bcrypt, or scrypt at an older cost). */
export function needsRehash(hash: string): boolean {
  const [prefix, N, r, p] = hash.split("$");
  return prefix !== PREFIX || Number(N) !== COST.N || Number(r) !== COST.r || Number(p) !== COST.p;
}

// A real hash to compare against when the user does not exist, so both paths cost the same.
let decoy: Promise<string> | undefined;
const decoyHash = () => (decoy ??= hashPassword("tollgate-decoy-password"));

async function matches(password: string, hash: string): Promise<boolean> {
  const parts = hash.split("$");
  if (parts[0] === PREFIX && parts.length === 6) {
    const [, N, r, p, salt, key] = parts;
    const expected = Buffer.from(key!, "base64url");
    const actual = await derive(password, Buffer.from(salt!, "base64url"), { N: Number(N), r: Number(r), p: Number(p) });
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
  // Hashes made before scrypt: bcryptjs's asynchronous compare, replaced by scrypt at that user's next sign-in.
  if (hash.startsWith("$2")) return bcrypt.compare(password, hash);
  return false;
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  const ok = await matches(password, hash ?? (await decoyHash()));
  return ok && Boolean(hash);
}
