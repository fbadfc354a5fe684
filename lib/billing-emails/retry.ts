import "server-only";
import { writeAudit } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { queueEmailJob } from "./outbox";

/** An operator's retry of a failed email: pending again, from its first attempt, sent by the worker. */
export async function retryBillingEmail(id: string, operatorId: string) {
  return db.$transaction(async (tx) => {
    const email = await tx.billingEmail.findUnique({ where: { id } });
    if (!email) throw new AppError("not_found", "There is no such billing email.");
    if (email.status !== "failed") throw new AppError("conflict", `This email is ${email.status}; only a failed one can be retried.`);
    const updated = await tx.billingEmail.update({ where: { id }, data: { status: "pending", attempts: 0, lastError: null } });
    await queueEmailJob(tx, id);
    await writeAudit(tx, {
      orgId: email.orgId,
      action: "email.retried",
      cause: { actor: `user:${operatorId}`, actorUserId: operatorId },
      after: { email: id, kind: email.kind },
    });
    return { email: updated, retried: true };
  });
}
