import { randomBytes } from "node:crypto";
import { z } from "zod";
import { wrongState } from "../http/errors";
import { listObject, paginationParams } from "../http/list";
import { bool, list, metadata, obj, parseParams, str, webUrl } from "../http/params";
import type { Router } from "../http/router";
import { newId } from "../store/ids";
import { mergeMetadata, mustGet } from "../domain/common";
import { resolvePaymentMethod } from "../domain/payment-methods";
import { SetupIntent, confirmSetup } from "../domain/setup-intents";

const confirmFields = {
  payment_method: str().optional(),
  return_url: webUrl().optional(),
  use_stripe_sdk: bool().optional(),
};

export function registerSetupIntents(router: Router): void {
  router.add("POST", "/v1/setup_intents", (ctx) => {
    const p = parseParams(
      obj({
        customer: str().optional(),
        description: str().optional(),
        metadata: metadata().optional(),
        usage: z.enum(["on_session", "off_session"]).optional(),
        allowed_payment_method_types: list(str()).optional(),
        payment_method_types: list(str()).optional(),
        automatic_payment_methods: obj({ enabled: bool(), allow_redirects: z.enum(["always", "never"]).optional() }).optional(),
        confirm: bool().optional(),
        ...confirmFields,
      }),
      ctx.params,
    );
    if (p.customer) mustGet(ctx.tx, "customer", p.customer, "customer", "customer");
    const pm = p.payment_method ? resolvePaymentMethod(ctx, p.payment_method) : null;
    const id = newId("seti");
    const si = {
      id,
      object: "setup_intent",
      application: null,
      attach_to_self: false,
      automatic_payment_methods: p.automatic_payment_methods
        ? { allow_redirects: p.automatic_payment_methods.allow_redirects ?? "always", enabled: p.automatic_payment_methods.enabled }
        : null,
      cancellation_reason: null,
      client_secret: `${id}_secret_${randomBytes(12).toString("base64url")}`,
      created: ctx.now,
      customer: p.customer ?? null,
      description: p.description ?? null,
      excluded_payment_method_types: null,
      flow_directions: null,
      last_setup_error: null,
      latest_attempt: null,
      livemode: false,
      mandate: null,
      metadata: mergeMetadata({}, p.metadata),
      next_action: null,
      on_behalf_of: null,
      payment_method: pm?.id ?? null,
      payment_method_configuration_details: null,
      payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: "automatic" } },
      allowed_payment_method_types: p.allowed_payment_method_types ?? null,
      payment_method_types: p.allowed_payment_method_types ?? p.payment_method_types ?? ["card"],
      single_use_mandate: null,
      status: pm ? "requires_confirmation" : "requires_payment_method",
      usage: p.usage ?? "off_session",
    } as unknown as SetupIntent;
    ctx.tx.put(si);
    ctx.emit("setup_intent.created", si);
    return p.confirm ? confirmSetup(ctx, si) : si;
  });
  router.add("GET", "/v1/setup_intents/:id", ({ tx, path }) => mustGet<SetupIntent>(tx, "setup_intent", path.id!, "setup_intent"), {
    publishable: true,
  });
  router.add("POST", "/v1/setup_intents/:id", ({ tx, path, params }) => {
    const p = parseParams(obj({ metadata: metadata().optional(), description: str().optional() }), params);
    const si = mustGet<SetupIntent>(tx, "setup_intent", path.id!, "setup_intent");
    return tx.put({ ...si, metadata: mergeMetadata(si.metadata, p.metadata), description: p.description ?? si.description });
  });
  router.add(
    "POST",
    "/v1/setup_intents/:id/confirm",
    (ctx) => {
      const p = parseParams(obj({ ...confirmFields, client_secret: str().optional() }), ctx.params);
      let si = mustGet<SetupIntent>(ctx.tx, "setup_intent", ctx.path.id!, "setup_intent");
      if (!["requires_payment_method", "requires_confirmation", "requires_action"].includes(si.status))
        throw wrongState(`This SetupIntent's status is ${si.status}; it cannot be confirmed.`, "setup_intent_unexpected_state");
      if (p.payment_method) si = { ...si, payment_method: resolvePaymentMethod(ctx, p.payment_method).id };
      return confirmSetup(ctx, si);
    },
    { publishable: true },
  );
  router.add("POST", "/v1/setup_intents/:id/cancel", ({ tx, path, params, emit }) => {
    const p = parseParams(obj({ cancellation_reason: z.enum(["abandoned", "duplicate", "requested_by_customer"]).optional() }), params);
    const si = mustGet<SetupIntent>(tx, "setup_intent", path.id!, "setup_intent");
    if (si.status === "succeeded" || si.status === "canceled")
      throw wrongState(`You cannot cancel this SetupIntent because it has a status of ${si.status}.`, "setup_intent_unexpected_state");
    const canceled = { ...si, status: "canceled", next_action: null, cancellation_reason: p.cancellation_reason ?? null } as SetupIntent;
    tx.put(canceled);
    emit("setup_intent.canceled", canceled);
    return canceled;
  });
  router.add("GET", "/v1/setup_intents", ({ tx, params }) => {
    const p = parseParams(obj({ ...paginationParams, customer: str().optional(), payment_method: str().optional() }), params);
    return listObject(
      tx.all<SetupIntent>(
        "setup_intent",
        (s) => (!p.customer || s.customer === p.customer) && (!p.payment_method || s.payment_method === p.payment_method),
      ),
      p,
      "/v1/setup_intents",
    );
  });
}
