import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { cardError, invalidRequest } from "../http/errors";
import type { DomainContext } from "../http/router";
import { newId } from "../store/ids";
import type { Stored, Tx } from "../store/store";
import { cardByPaymentMethodId, declineFor, type CardBehaviour, type TestCard } from "./cards";
import { mustGet, stripeAddress, type AddressInput } from "./common";

export type PaymentMethod = Stripe.PaymentMethod & Stored;
/** Kept beside each card payment method, never shown: how its charges behave. */
type CardRecord = { id: string; object: "emulator.card"; behaviour: CardBehaviour; number: string };

type Ctx = DomainContext;

const cardRecordId = (pmId: string) => `emcard_${pmId}`;

export function cardBehaviour(tx: Tx, pmId: string): CardBehaviour {
  return tx.get<CardRecord & Stored>(cardRecordId(pmId))?.behaviour ?? "succeeds";
}

export function createCardPaymentMethod(
  ctx: Ctx,
  card: TestCard,
  opts: {
    expMonth?: number;
    expYear?: number;
    name?: string | null;
    email?: string | null;
    phone?: string | null;
    address?: AddressInput;
    postalCode?: string | null;
    metadata?: Record<string, string>;
  } = {},
): PaymentMethod {
  const a = { ...opts.address, postal_code: opts.address?.postal_code ?? opts.postalCode ?? undefined };
  const year = new Date(ctx.now * 1000).getUTCFullYear();
  const pm: PaymentMethod = {
    id: newId("pm"),
    object: "payment_method",
    customer_account: null,
    allow_redisplay: "unspecified",
    billing_details: {
      address: stripeAddress(a),
      email: opts.email ?? null,
      name: opts.name ?? null,
      phone: opts.phone ?? null,
      tax_id: null,
    },
    card: {
      brand: card.brand,
      checks: { address_line1_check: a.line1 ? "pass" : null, address_postal_code_check: a.postal_code ? "pass" : null, cvc_check: "pass" },
      country: "US",
      display_brand: card.brand,
      exp_month: opts.expMonth ?? 12,
      exp_year: opts.expYear ?? year + 3,
      fingerprint: createHash("sha256").update(card.number).digest("base64url").slice(0, 16),
      funding: "credit",
      generated_from: null,
      last4: card.number.slice(-4),
      networks: { available: [card.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    } as Stripe.PaymentMethod.Card,
    created: ctx.now,
    customer: null,
    livemode: false,
    metadata: opts.metadata ?? {},
    type: "card",
  } as PaymentMethod;
  ctx.tx.put(pm);
  ctx.tx.put<CardRecord & Stored>({ id: cardRecordId(pm.id), object: "emulator.card", behaviour: card.behaviour, number: card.number });
  return pm;
}

/** A real payment method id for an id or one of Stripe's magic `pm_card_*` ids (each use makes a new one, as on Stripe). */
export function resolvePaymentMethod(ctx: Ctx, id: string, param = "payment_method"): PaymentMethod {
  const magic = cardByPaymentMethodId(id);
  if (magic) return createCardPaymentMethod(ctx, magic);
  return mustGet<PaymentMethod>(ctx.tx, "payment_method", id, "PaymentMethod", param);
}

export function attachPaymentMethod(ctx: Ctx, id: string, customerId: string): PaymentMethod {
  const pm = resolvePaymentMethod(ctx, id);
  mustGet(ctx.tx, "customer", customerId, "customer", "customer");
  if (pm.customer && pm.customer !== customerId) {
    throw invalidRequest("The payment method you provided has already been attached to a customer.", {
      code: "payment_method_unexpected_state",
    });
  }
  const behaviour = cardBehaviour(ctx.tx, pm.id);
  const decline = behaviour === "attach_ok_charge_fails" ? null : declineFor(behaviour);
  if (decline) throw cardError(decline.code, decline.message, { decline_code: decline.decline_code, param: "" });
  if (pm.customer === customerId) return pm;
  const attached = { ...pm, customer: customerId };
  ctx.tx.put(attached);
  ctx.emit("payment_method.attached", attached);
  return attached;
}
