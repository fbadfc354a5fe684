// POST /api/v1/admin/licenses – sign a self-hosted license for a customer (superadmin on the SaaS; audited)
import { readJson } from "@/lib/http/read-json";
import { superadminRoute } from "@/lib/api/route";
import { customerLicenseInput, issueCustomerLicense } from "@/lib/license/issue-customer-license";

export const POST = superadminRoute(async ({ req, user }) => {
  const input = await readJson(req, customerLicenseInput);
  return Response.json(await issueCustomerLicense(input, user.id), { status: 201 });
});
