// The keys licenses are signed and checked with.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { chmodSync, writeFileSync } from "node:fs";
import { VENDOR_PUBLIC_KEY } from "./vendor-public-key";

/** The public key licenses are checked with: LICENSE_PUBLIC_KEY (PEM, for forks that sign their own), else the vendor's. */
export function licensePublicKey(override: string | undefined): KeyObject {
  const key = createPublicKey((override ?? VENDOR_PUBLIC_KEY).replace(/\\n/g, "\n"));
  if (key.asymmetricKeyType !== "ed25519") throw new Error("LICENSE_PUBLIC_KEY must be an Ed25519 public key (PEM)");
  return key;
}

/** The vendor's private key from LICENSE_PRIVATE_KEY (PEM); never logged. */
export function licensePrivateKey(pem: string | undefined): KeyObject {
  if (!pem) throw new Error("set LICENSE_PRIVATE_KEY to the Ed25519 private key (PEM) that signs licenses");
  const key = createPrivateKey(pem.replace(/\\n/g, "\n"));
  if (key.asymmetricKeyType !== "ed25519") throw new Error("LICENSE_PRIVATE_KEY must be an Ed25519 private key (PEM)");
  return key;
}

/** A new key pair: the private key is written to `file`, readable by its owner only; the public key is returned. */
export function generateLicenseKeys(file: string): string {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return publicKey.export({ type: "spki", format: "pem" }).toString();
}
