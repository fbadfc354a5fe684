import type { AuditCause } from "@/lib/audit/billing-audit";

export type SyncOptions = { cause: AuditCause; eventAt?: Date };
