// GET /api/v1/admin/license – the edition and the license in force; PUT { license } – install or renew it (superadmin)
import { readJson } from "@/lib/http/read-json";
import { superadminRoute } from "@/lib/api/route";
import { installLicense, installLicenseInput } from "@/lib/admin/install-license";
import { licenseView } from "@/lib/license/license-view";

export const GET = superadminRoute(async () => Response.json(await licenseView()));

export const PUT = superadminRoute(async ({ req, user }) => {
  const { license } = await readJson(req, installLicenseInput);
  await installLicense(license, user.id);
  return Response.json(await licenseView());
});
