// A Tollgate license: a compact JWS (EdDSA over Ed25519) whose claims say who may run Tollgate, on which plan, within
// which limits and features, from when until when. Signing needs the vendor's private key; checking needs only the
// public key the app ships with, so a self-hosted installation verifies it offline.
import { randomUUID, type KeyObject } from "node:crypto";
import { compactVerify, SignJWT, decodeProtectedHeader, errors } from "jose";
import { z } from "zod";

const LICENSE_ISSUER = "tollgate";
/** The JOSE `typ` of a license, so no other token signed with the same key can pass for one. */
const LICENSE_TYPE = "tollgate-license+jwt";
/** How far the installation's clock may be off from the issuer's before a license counts as not yet valid or expired. */
export const CLOCK_SKEW_SECONDS = 300;
const DAY = 86_400;

const limit = z.number().int().min(0).nullable();

const licenseClaimsSchema = z.object({
  iss: z.literal(LICENSE_ISSUER),
  jti: z.string().min(1).max(100),
  sub: z.string().min(1).max(200),
  plan: z.string().min(1).max(40),
  limits: z.object({ projects: limit, seats: limit, runsPerMonth: limit }),
  features: z.array(z.string().min(1).max(60)).max(50),
  iat: z.number().int(),
  nbf: z.number().int(),
  exp: z.number().int(),
  /** The one installation the license may run (its id, shown in the console); absent, any installation. */
  installation: z.string().min(1).max(100).optional(),
});

export type LicenseClaims = z.infer<typeof licenseClaimsSchema>;

export type LicenseTerms = {
  licensee: string;
  plan: string;
  limits: LicenseClaims["limits"];
  features: string[];
  notBefore?: Date;
  expiresAt: Date;
  licenseId?: string;
  installation?: string;
};

/** Signs a license with the vendor's Ed25519 private key. */
export async function issueLicense(terms: LicenseTerms, privateKey: KeyObject, now = new Date()): Promise<string> {
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("a license is signed with an Ed25519 private key");
  const iat = Math.floor(now.getTime() / 1000);
  const nbf = Math.floor((terms.notBefore ?? now).getTime() / 1000);
  const exp = Math.floor(terms.expiresAt.getTime() / 1000);
  if (exp <= nbf) throw new Error("a license must expire after it becomes valid");
  return new SignJWT({
    plan: terms.plan,
    limits: terms.limits,
    features: [...new Set(terms.features)],
    ...(terms.installation ? { installation: terms.installation } : {}),
  })
    .setProtectedHeader({ alg: "EdDSA", typ: LICENSE_TYPE })
    .setIssuer(LICENSE_ISSUER)
    .setSubject(terms.licensee)
    .setJti(terms.licenseId ?? `lic_${randomUUID().replace(/-/g, "")}`)
    .setIssuedAt(iat)
    .setNotBefore(nbf)
    .setExpirationTime(exp)
    .sign(privateKey);
}

export type LicenseCheck =
  | { state: "valid"; claims: LicenseClaims; daysLeft: number }
  | { state: "expired"; claims: LicenseClaims; expiredAt: Date }
  | { state: "not_yet_valid"; claims: LicenseClaims; validFrom: Date }
  | { state: "invalid"; reason: string };

/**
 * Checks a license's signature against the public key, then its claims and dates. Every failure says why, in words an
 * operator can act on; an expired license still returns its claims, for the grace period.
 */
export async function checkLicense(
  token: string,
  publicKey: KeyObject,
  now = new Date(),
  /** This installation's id, where the license must run; omitted where a license is only read (the vendor's tools). */
  installation?: string,
): Promise<LicenseCheck> {
  const compact = token.trim();
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(compact))
    return { state: "invalid", reason: "This is not a Tollgate license: it is not a signed token." };
  try {
    const header = decodeProtectedHeader(compact);
    if (header.alg !== "EdDSA") return { state: "invalid", reason: "This license is not signed with Ed25519." };
    if (header.typ !== LICENSE_TYPE) return { state: "invalid", reason: "This is not a Tollgate license: the token is of another type." };
  } catch {
    return { state: "invalid", reason: "This is not a Tollgate license: its header cannot be read." };
  }
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(compact, publicKey, { algorithms: ["EdDSA"] }));
  } catch (err) {
    if (err instanceof errors.JWSSignatureVerificationFailed)
      return {
        state: "invalid",
        reason: "The license's signature does not match this installation's public key: it was changed, or signed with another key.",
      };
    return { state: "invalid", reason: "This is not a Tollgate license: its signature cannot be checked." };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { state: "invalid", reason: "The license's claims are not readable." };
  }
  const claims = licenseClaimsSchema.safeParse(parsed);
  if (!claims.success)
    return { state: "invalid", reason: `The license's claims are incomplete (${claims.error.issues[0]!.path.join(".") || "claims"}).` };
  if (installation !== undefined && claims.data.installation !== undefined && claims.data.installation !== installation)
    return {
      state: "invalid",
      reason: `This license was issued for installation ${claims.data.installation}; this installation is ${installation}.`,
    };
  const seconds = Math.floor(now.getTime() / 1000);
  if (claims.data.nbf - CLOCK_SKEW_SECONDS > seconds)
    return { state: "not_yet_valid", claims: claims.data, validFrom: new Date(claims.data.nbf * 1000) };
  if (claims.data.exp + CLOCK_SKEW_SECONDS <= seconds)
    return { state: "expired", claims: claims.data, expiredAt: new Date(claims.data.exp * 1000) };
  return { state: "valid", claims: claims.data, daysLeft: Math.max(0, Math.ceil((claims.data.exp - seconds) / DAY)) };
}
