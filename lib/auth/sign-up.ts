import "server-only";
import { z } from "zod";
import { emailSchema } from "@/lib/auth/emails";
import { hashPassword, passwordSchema } from "@/lib/auth/password";
import { sendVerificationEmail } from "@/lib/auth/verify-email";
import { limitEmail } from "@/lib/rate-limits/limit-email";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/db-errors";

export const signUpInput = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100),
  email: emailSchema,
  password: passwordSchema,
});

/** Creates the account and emails its confirmation link; counted per client network and per address (429 past the limit). */
export async function signUp(input: z.infer<typeof signUpInput>, clientIp: string) {
  await limitEmail("verify", input.email, { clientIp });
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.user.create({
      data: { name: input.name, email: input.email, passwordHash },
      select: { id: true, email: true, name: true },
    });
    await sendVerificationEmail(user.id, user.email);
    return user;
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("email_taken", "An account with this email already exists. Sign in instead.");
    throw err;
  }
}
