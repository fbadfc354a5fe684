import { log } from "@/lib/log";

/**
 * Auth.js errors that anyone can cause by sending a forged or stale cookie, token or form: expected traffic, logged as
 * one warning without a stack, so nobody can flood the error log with them. Matched on Auth.js's `type`: class names
 * are minified in the production build.
 */
const CLIENT_CAUSED = new Set([
  "JWTSessionError",
  "SessionTokenError",
  "MissingCSRF",
  "InvalidCheck",
  "InvalidCallbackUrl",
  "UnknownAction",
]);

export function logAuthError(error: Error): void {
  const type = (error as { type?: string }).type ?? "";
  if (type === "CredentialsSignin") log().warn("auth: a password sign-in was refused");
  else if (CLIENT_CAUSED.has(type)) log().warn({ type }, "auth: a request with a bad cookie, token or form was refused");
  else log().error({ err: error }, "auth: error");
}
