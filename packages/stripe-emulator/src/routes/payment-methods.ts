import type { z } from "zod";
import { cardError, invalidRequest } from "../http/errors";
import { listObject, paginationParams } from "../http/list";
import { int, metadata, obj, parseParams, str } from "../http/params";
import type { ApiContext, Router } from "../http/router";
import { cardByNumber, cardByToken, validLuhn, type TestCard } from "../domain/cards";
import { mergeMetadata, mustGet, previousAttributes } from "../domain/common";
import { PaymentMethod, attachPaymentMethod, createCardPaymentMethod } from "../domain/payment-methods";

const createParams = obj({
  type: str(),
  card: obj({
    number: str().optional(),
    exp_month: int().optional(),
    exp_year: int().optional(),
    cvc: str().optional(),
    token: str().optional(),
  }).optional(),
  billing_details: obj({
    name: str().optional(),
    email: str().optional(),
    phone: str().optional(),
    address: obj({
      line1: str().optional(),
      line2: str().optional(),
      city: str().optional(),
      state: str().optional(),
      postal_code: str().optional(),
      country: str().optional(),
    }).optional(),
  }).optional(),
  metadata: metadata().optional(),
  allow_redisplay: str().optional(),
});

const listParams = obj({ ...paginationParams, type: str().optional() });

export function registerPaymentMethods(router: Router): void {
  router.add(
    "POST",
    "/v1/payment_methods",
    (ctx) => {
      const p = parseParams(createParams, ctx.params);
      if (p.type !== "card")
        throw invalidRequest(`The payment method type "${p.type}" is not supported by this emulator; use "card".`, { param: "type" });
      let card: TestCard | undefined;
      if (p.card?.token) {
        card = cardByToken(p.card.token);
        if (!card)
          throw invalidRequest(`No such token: '${p.card.token}'`, { param: "card[token]", code: "resource_missing", status: 404 });
      } else if (p.card?.number) {
        // Only Stripe.js (a publishable key) sends card numbers; a server with a secret key uses tokens or pm_card_* ids.
        if (!ctx.publishableKey)
          throw invalidRequest(
            "Sending credit card numbers directly to the Stripe API is generally unsafe. We suggest you use test tokens that map to the test card you are using, see https://stripe.com/docs/testing.",
            { param: "card[number]" },
          );
        if (!validLuhn(p.card.number)) throw cardError("incorrect_number", "Your card number is incorrect.", { param: "card[number]" });
        card = cardByNumber(p.card.number);
      }
      if (!card) throw invalidRequest("Missing required param: card[number].", { param: "card[number]", code: "parameter_missing" });
      return createCardPaymentMethod(ctx, card, {
        expMonth: p.card?.exp_month,
        expYear: p.card?.exp_year,
        name: p.billing_details?.name,
        email: p.billing_details?.email,
        phone: p.billing_details?.phone,
        address: p.billing_details?.address,
        metadata: mergeMetadata({}, p.metadata),
      });
    },
    { publishable: true },
  );

  router.add("GET", "/v1/payment_methods/:id", ({ tx, path }) => mustGet<PaymentMethod>(tx, "payment_method", path.id!, "PaymentMethod"));

  router.add("POST", "/v1/payment_methods/:id", ({ tx, path, params, emit }) => {
    const p = parseParams(
      obj({ metadata: metadata().optional(), billing_details: obj({ name: str().optional(), email: str().optional() }).optional() }),
      params,
    );
    const before = mustGet<PaymentMethod>(tx, "payment_method", path.id!, "PaymentMethod");
    const after: PaymentMethod = { ...structuredClone(before), metadata: mergeMetadata(before.metadata, p.metadata) };
    if (p.billing_details?.name !== undefined) after.billing_details.name = p.billing_details.name;
    if (p.billing_details?.email !== undefined) after.billing_details.email = p.billing_details.email;
    tx.put(after);
    emit("payment_method.updated", after, previousAttributes(before as never, after as never));
    return after;
  });

  router.add("POST", "/v1/payment_methods/:id/attach", (ctx) => {
    const p = parseParams(obj({ customer: str() }), ctx.params);
    return attachPaymentMethod(ctx, ctx.path.id!, p.customer);
  });

  router.add("POST", "/v1/payment_methods/:id/detach", ({ tx, path, emit }) => {
    const pm = mustGet<PaymentMethod>(tx, "payment_method", path.id!, "PaymentMethod");
    if (!pm.customer)
      throw invalidRequest("The payment method you provided is not attached to a customer so detachment is impossible.", {
        code: "payment_method_unexpected_state",
      });
    const detached = { ...pm, customer: null };
    tx.put(detached);
    emit("payment_method.detached", detached, { customer: pm.customer });
    return detached;
  });

  const listOf = (tx: ApiContext["tx"], p: z.infer<typeof listParams>, customer: string | undefined, url: string) =>
    listObject(
      tx.all<PaymentMethod>("payment_method", (pm) => (customer ? pm.customer === customer : true) && (p.type ? pm.type === p.type : true)),
      p,
      url,
    );
  router.add("GET", "/v1/payment_methods", ({ tx, params }) => {
    const p = parseParams(listParams.extend({ customer: str().optional() }), params);
    return listOf(tx, p, p.customer, "/v1/payment_methods");
  });
  router.add("GET", "/v1/customers/:id/payment_methods", ({ tx, params, path }) =>
    listOf(tx, parseParams(listParams, params), path.id!, `/v1/customers/${path.id!}/payment_methods`),
  );
}
