import type http from "node:http";
import { sendHtml } from "../http/respond";
import type { PaymentIntent } from "../domain/payment-intents";
import { challengeHtml } from "./checkout";
import { money } from "./layout";

/** The hosted pages' 3-D Secure step: the bank's page for the intent, posting its answer to `action`. */
export function showChallenge(res: http.ServerResponse, intent: PaymentIntent, action: string): void {
  sendHtml(res, 200, challengeHtml("Authenticate this payment", money(intent.amount, intent.currency), action));
}

/** The button pressed on the bank's page. */
export const challengeOutcome = (body: string): "complete" | "fail" =>
  new URLSearchParams(body).get("outcome") === "fail" ? "fail" : "complete";
