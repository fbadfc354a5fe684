import { invalidRequest } from "../http/errors";
import { listObject, paginationParams } from "../http/list";
import { int, obj, parseParams, str } from "../http/params";
import type { Router } from "../http/router";
import { newId } from "../store/ids";
import type { Stored } from "../store/store";
import { advanceClock } from "../domain/advance";
import { mustGet } from "../domain/common";

type TestClock = Stored & { frozen_time: number; status: string; name: string | null; deletes_after: number; created: number };

export function registerTestClocks(router: Router): void {
  router.add("POST", "/v1/test_helpers/test_clocks", ({ tx, params, now, emit }) => {
    const p = parseParams(obj({ frozen_time: int(), name: str().optional() }), params);
    const clock: TestClock = {
      id: newId("clock"),
      object: "test_helpers.test_clock",
      created: now,
      deletes_after: now + 30 * 86_400,
      frozen_time: p.frozen_time,
      livemode: false,
      name: p.name ?? null,
      status: "ready",
      status_details: {},
    };
    tx.put(clock);
    emit("test_helpers.test_clock.created", clock);
    return clock;
  });
  router.add("GET", "/v1/test_helpers/test_clocks/:id", ({ tx, path }) =>
    mustGet<TestClock>(tx, "test_helpers.test_clock", path.id!, "test clock"),
  );
  router.add("GET", "/v1/test_helpers/test_clocks", ({ tx, params }) => {
    const p = parseParams(obj({ ...paginationParams }), params);
    return listObject(tx.all<TestClock>("test_helpers.test_clock"), p, "/v1/test_helpers/test_clocks");
  });
  router.add("DELETE", "/v1/test_helpers/test_clocks/:id", ({ tx, path, emit }) => {
    const clock = mustGet<TestClock>(tx, "test_helpers.test_clock", path.id!, "test clock");
    // Deleting a clock deletes the customers on it and what hangs off them, as on Stripe.
    for (const customer of tx.all<Stored & { test_clock: string | null }>("customer")) {
      if (customer.test_clock === clock.id) tx.put({ id: customer.id, object: "customer", deleted: true });
    }
    tx.delete(clock.id);
    emit("test_helpers.test_clock.deleted", clock);
    return { id: clock.id, object: "test_helpers.test_clock", deleted: true };
  });
  router.add("POST", "/v1/test_helpers/test_clocks/:id/advance", (ctx) => {
    const p = parseParams(obj({ frozen_time: int() }), ctx.params);
    const clock = mustGet<TestClock>(ctx.tx, "test_helpers.test_clock", ctx.path.id!, "test clock");
    if (p.frozen_time <= clock.frozen_time)
      throw invalidRequest("The test clock can only be advanced to a time after its current frozen_time.", { param: "frozen_time" });
    ctx.emit("test_helpers.test_clock.advancing", { ...clock, status: "advancing" });
    advanceClock(ctx, clock.id, p.frozen_time);
    const ready = ctx.tx.get<TestClock>(clock.id)!;
    ctx.emit("test_helpers.test_clock.ready", ready);
    return ready;
  });
}
