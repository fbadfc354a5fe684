import { Badge } from "@/components/ui/badge";
import { day, daysUntil } from "./format";
import { hasEnded } from "@/lib/plans/subscription-states";

type Summary = {
  status: string | null;
  access: string;
  graceEndsAt: string | null;
  subscription: { status: string; trialEnd: string | null; cancelAtPeriodEnd: boolean; currentPeriodEnd: string | null } | null;
};

/** The one badge that says where the subscription stands. */
export function PlanStatus({ summary }: { summary: Summary }) {
  const sub = summary.subscription;
  if (!sub || !summary.status || hasEnded(sub.status)) return <Badge>Free</Badge>;
  if (summary.access === "restricted") return <Badge tone="danger">Restricted — payment overdue</Badge>;
  if (sub.status === "past_due") return <Badge tone="warning">Past due — grace until {day(summary.graceEndsAt)}</Badge>;
  if (sub.cancelAtPeriodEnd) return <Badge tone="warning">Cancelling on {day(sub.currentPeriodEnd)}</Badge>;
  if (sub.status === "trialing" && sub.trialEnd) {
    const left = daysUntil(sub.trialEnd);
    return (
      <Badge tone="brand">
        Trial — {left} {left === 1 ? "day" : "days"} left
      </Badge>
    );
  }
  if (sub.status === "active") return <Badge tone="success">Active</Badge>;
  return <Badge tone="warning">{sub.status.replace("_", " ")}</Badge>;
}
