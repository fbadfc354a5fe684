import { authenticationError } from "./errors";

export type ApiKey = { key: string; publishable: boolean };

const mask = (key: string) => `${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`;

/** Any sk_test_ key is accepted (as Bearer or basic auth); pk_test_ only where Stripe.js may call. */
export function authenticate(header: string | undefined): ApiKey {
  if (!header) {
    throw authenticationError(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  let key = "";
  if (header.startsWith("Bearer ")) key = header.slice(7).trim();
  else if (header.startsWith("Basic ")) key = Buffer.from(header.slice(6), "base64").toString("utf8").split(":")[0] ?? "";
  if (/^sk_test_\w+$/.test(key) || /^rk_test_\w+$/.test(key)) return { key, publishable: false };
  if (/^pk_test_\w+$/.test(key)) return { key, publishable: true };
  throw authenticationError(`Invalid API Key provided: ${mask(key)}`);
}
