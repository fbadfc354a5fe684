// `npm run cli -- license keygen --out FILE | issue --licensee … --plan … --expires … | verify TOKEN`: the vendor's
// tools for self-hosted licenses. The private key is read from LICENSE_PRIVATE_KEY and never printed.
import { parseArgs } from "node:util";
import { env } from "../../lib/env";
import { generateLicenseKeys, licensePrivateKey, licensePublicKey } from "../../lib/license/license-keys";
import { licenseRequest, termsFor } from "../../lib/license/license-terms";
import { checkLicense, issueLicense } from "../../lib/license/license-token";

const day = (d: Date) => d.toISOString().slice(0, 10);
const limit = (n: number | null) => (n === null ? "unlimited" : n.toLocaleString("en-US"));

export async function licenseCommand(action: string | undefined, args: string[]): Promise<number> {
  if (action === "keygen") {
    const { values } = parseArgs({ args, options: { out: { type: "string" } }, strict: true });
    if (!values.out) throw new Error("name the file for the private key: license keygen --out FILE");
    const publicPem = generateLicenseKeys(values.out);
    console.log(`Private key written to ${values.out} (readable by you only). Keep it off every server that runs Tollgate.`);
    console.log(`Public key (ship it as LICENSE_PUBLIC_KEY, or in lib/license/vendor-public-key.ts):\n${publicPem}`);
    return 0;
  }
  if (action === "issue") {
    const { values } = parseArgs({
      args,
      options: {
        licensee: { type: "string" },
        plan: { type: "string" },
        seats: { type: "string" },
        projects: { type: "string" },
        runs: { type: "string" },
        feature: { type: "string", multiple: true },
        "not-before": { type: "string" },
        expires: { type: "string" },
        installation: { type: "string" },
      },
      strict: true,
    });
    const request = licenseRequest.safeParse({
      licensee: values.licensee,
      plan: values.plan,
      seats: values.seats,
      projects: values.projects,
      runsPerMonth: values.runs,
      features: values.feature ?? [],
      notBefore: values["not-before"],
      expires: values.expires,
      installation: values.installation,
    });
    if (!request.success) {
      for (const issue of request.error.issues) console.error(`--${String(issue.path[0] ?? "?")}: ${issue.message}`);
      return 2;
    }
    console.log(await issueLicense(termsFor(request.data), licensePrivateKey(env().LICENSE_PRIVATE_KEY)));
    return 0;
  }
  if (action === "verify") {
    const token = args[0];
    if (!token) throw new Error("give the license: license verify TOKEN");
    const check = await checkLicense(token, licensePublicKey(env().LICENSE_PUBLIC_KEY));
    if (check.state === "invalid") {
      console.log(`Invalid: ${check.reason}`);
      return 1;
    }
    const c = check.claims;
    console.log(`License ${c.jti} for ${c.sub}: ${c.plan}`);
    console.log(`  seats ${limit(c.limits.seats)}, projects ${limit(c.limits.projects)}, runs a month ${limit(c.limits.runsPerMonth)}`);
    console.log(`  features: ${c.features.join(", ") || "none"}`);
    console.log(`  installation: ${c.installation ?? "any"}`);
    console.log(`  valid ${day(new Date(c.nbf * 1000))} to ${day(new Date(c.exp * 1000))}, issued ${day(new Date(c.iat * 1000))}`);
    if (check.state === "valid") console.log(`Valid: ${check.daysLeft} days left.`);
    if (check.state === "expired") console.log(`Expired on ${day(check.expiredAt)}.`);
    if (check.state === "not_yet_valid") console.log(`Not valid yet: it starts on ${day(check.validFrom)}.`);
    return check.state === "valid" ? 0 : 1;
  }
  console.error(
    "usage: npm run cli -- license keygen --out FILE | license issue --licensee NAME --plan CODE --expires DATE [--seats N] [--projects N|unlimited] [--runs N] [--feature F]… [--not-before DATE] [--installation ID] | license verify TOKEN",
  );
  return 2;
}
