import type Stripe from "stripe";
import { CommittedError, wrongState } from "../http/errors";
import type { ApiContext } from "../http/router";
import type { Stored } from "../store/store";
import { declineFor } from "./cards";
import { mustGet } from "./common";
import { attachPaymentMethod, cardBehaviour } from "./payment-methods";

export type SetupIntent = Stripe.SetupIntent & Stored;

/** Saves a card for later: 3155 and 3220 ask for 3-D Secure here; declining cards fail; the card is attached on success. */
export function confirmSetup(ctx: ApiContext, si: SetupIntent, authenticated = false): SetupIntent {
  const pmId = si.payment_method as string | null;
  if (!pmId)
    throw wrongState("You cannot confirm this SetupIntent because it's missing a payment method.", "setup_intent_unexpected_state");
  const behaviour = cardBehaviour(ctx.tx, pmId);
  if ((behaviour === "requires_authentication_once" || behaviour === "requires_authentication_always") && !authenticated) {
    const waiting = {
      ...si,
      status: "requires_action",
      next_action: { type: "use_stripe_sdk", use_stripe_sdk: { type: "three_d_secure_redirect", stripe_js: `/_emulator/3ds/${si.id}` } },
    } as unknown as SetupIntent;
    ctx.tx.put(waiting);
    ctx.emit("setup_intent.requires_action", waiting);
    return waiting;
  }
  const decline = behaviour === "attach_ok_charge_fails" ? null : declineFor(behaviour);
  if (decline) {
    const failed = {
      ...si,
      status: "requires_payment_method",
      last_setup_error: { type: "card_error", ...decline, payment_method: ctx.tx.get(pmId) },
    } as unknown as SetupIntent;
    ctx.tx.put(failed);
    ctx.emit("setup_intent.setup_failed", failed);
    throw new CommittedError(402, { type: "card_error", ...decline, setup_intent: failed });
  }
  if (si.customer) attachPaymentMethod(ctx, pmId, si.customer as string);
  const done = { ...si, status: "succeeded", next_action: null, last_setup_error: null } as SetupIntent;
  ctx.tx.put(done);
  ctx.emit("setup_intent.succeeded", done);
  return done;
}

/** The 3-D Secure challenge's answer for a setup intent. */
export function finishSetupAuthentication(ctx: ApiContext, id: string, outcome: "complete" | "fail"): SetupIntent {
  const si = mustGet<SetupIntent>(ctx.tx, "setup_intent", id, "setup_intent");
  if (si.status !== "requires_action")
    throw wrongState(`This SetupIntent's status is ${si.status}; it is not waiting for authentication.`, "setup_intent_unexpected_state");
  if (outcome === "complete") return confirmSetup(ctx, si, true);
  const failed = {
    ...si,
    status: "requires_payment_method",
    next_action: null,
    last_setup_error: {
      type: "invalid_request_error",
      code: "setup_intent_authentication_failure",
      message: "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
    },
  } as unknown as SetupIntent;
  ctx.tx.put(failed);
  ctx.emit("setup_intent.setup_failed", failed);
  return failed;
}
