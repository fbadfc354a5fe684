import { redirect } from "../http/respond";
import { advanceClock } from "../domain/advance";
import type { Stored } from "../store/store";
import type { SiteHandler } from "../host/site-request";

const noticeUrl = (tab: string, notice: string) => `/?tab=${tab}&notice=${encodeURIComponent(notice)}`;

/** The dashboard's "Resend" button: delivers an event again, then back to the events tab. */
export const resendFromDashboard: SiteHandler = async ({ emulator, res, body }) => {
  const event = new URLSearchParams(body).get("event") ?? "";
  const count = await emulator.dispatcher.resend(event);
  redirect(res, noticeUrl("events", `Resent ${event} to ${count} endpoint(s).`));
};

/** The dashboard's "Advance" button: moves a test clock on by whole days (1 to 3650). */
export const advanceFromDashboard: SiteHandler = async ({ emulator, res, body }) => {
  const form = new URLSearchParams(body);
  const clockId = form.get("clock") ?? "";
  const days = Math.max(1, Math.min(3650, Number(form.get("days")) || 1));
  await emulator.internal((ctx) => {
    const clock = ctx.tx.get<Stored & { frozen_time: number }>(clockId);
    if (!clock) return;
    advanceClock(ctx, clockId, clock.frozen_time + days * 86_400);
    ctx.emit("test_helpers.test_clock.ready", ctx.tx.get(clockId)!);
  });
  redirect(res, noticeUrl("clocks", `Advanced ${clockId} by ${days} days.`));
};
