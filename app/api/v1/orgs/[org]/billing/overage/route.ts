// PUT /api/v1/orgs/{org}/billing/overage – what runs beyond the plan's allowance do: {"mode": "credits" | "stop"} (admin)
import { readJson } from "@/lib/http/read-json";
import { withOrg } from "@/lib/api/route";
import { overageModeInput, setOverageMode } from "@/lib/usage/overage-mode";

export const PUT = withOrg({ role: "admin" }, async ({ req, org, user }) =>
  Response.json(await setOverageMode(org, user.id, await readJson(req, overageModeInput))),
);
