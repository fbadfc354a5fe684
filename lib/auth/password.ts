import bcrypt from "bcryptjs";
import { z } from "zod";

const COST = 10;

export const passwordSchema = z.string().min(8, "Use at least 8 characters.").max(128, "Use at most 128 characters.");

export const hashPassword = (password: string) => bcrypt.hash(password, COST);

// A real hash to compare against when the user does not exist, so both paths cost the same.
const DECOY_HASH = bcrypt.hashSync("tollgate-decoy-password", COST);

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  const ok = await bcrypt.compare(password, hash ?? DECOY_HASH);
  return ok && Boolean(hash);
}
