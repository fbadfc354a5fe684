import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createReconcileRun } from "./reconcile-runs";
import { storedProgress } from "./stored-progress";

describe("a reconcile run's stored progress", () => {
  it("keeps the last step on the run's row, writing at most one step each half second in between", async () => {
    const run = await createReconcileRun({}, "api");
    const writes = vi.spyOn(db.reconcileRun, "update");
    const progress = storedProgress(run.id);
    for (let done = 1; done <= 200; done++) progress.report({ done, total: 200, phase: "subscriptions" });
    await progress.flush();
    expect(writes.mock.calls.length).toBeLessThanOrEqual(3);
    writes.mockRestore();
    expect((await db.reconcileRun.findUniqueOrThrow({ where: { id: run.id } })).progress).toEqual({
      done: 200,
      total: 200,
      phase: "subscriptions",
    });
  });
});
