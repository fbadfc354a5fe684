import { describe, expect, it } from "vitest";
import { listAuditEntries, getAuditEntry, auditListQuery } from "@/lib/audit/audit-queries";
import { recentReconcileRuns } from "@/lib/reconcile/reconcile-runs";
import { listJobs } from "@/lib/jobs/job-runs";
import { orgDirectoryQuery, searchOrgs } from "./org-directory";
import { orgTimeline } from "./org-timeline";
import { consoleOverview } from "./overview";
import { listWebhookEvents, webhookEventsQuery } from "./webhook-events";

// Each read behind the operator console refuses anyone but an operator by itself, whichever page or route calls it.
const reads = {
  consoleOverview: (v: Parameters<typeof consoleOverview>[0]) => consoleOverview(v),
  searchOrgs: (v: Parameters<typeof searchOrgs>[0]) => searchOrgs(v, orgDirectoryQuery.parse({})),
  orgTimeline: (v: Parameters<typeof orgTimeline>[0]) => orgTimeline(v, "org_x"),
  listAuditEntries: (v: Parameters<typeof listAuditEntries>[0]) => listAuditEntries(v, auditListQuery.parse({})),
  getAuditEntry: (v: Parameters<typeof getAuditEntry>[0]) => getAuditEntry(v, "x"),
  listJobs: (v: Parameters<typeof listJobs>[0]) => listJobs(v),
  listWebhookEvents: (v: Parameters<typeof listWebhookEvents>[0]) => listWebhookEvents(v, webhookEventsQuery.parse({})),
  recentReconcileRuns: (v: Parameters<typeof recentReconcileRuns>[0]) => recentReconcileRuns(v),
};

describe("operator data", () => {
  for (const [name, read] of Object.entries(reads)) {
    it(`${name} refuses a signed-out caller and a user who is not an operator, and answers an operator`, async () => {
      await expect(read(null)).rejects.toMatchObject({ code: "forbidden" });
      await expect(read({ isSuperadmin: false })).rejects.toMatchObject({ code: "forbidden" });
      // orgTimeline and getAuditEntry of a made-up id answer not_found to an operator, which is past the check.
      const outcome = await read({ isSuperadmin: true }).then(
        () => "answered",
        (err: { code?: string }) => err.code,
      );
      expect(["answered", "not_found"]).toContain(outcome);
    });
  }
});
