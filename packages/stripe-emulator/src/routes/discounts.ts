import { z } from "zod";
import { invalidRequest } from "../http/errors";
import { listObject, paginationParams } from "../http/list";
import { bool, int, metadata, obj, parseParams, str, currency } from "../http/params";
import type { Router } from "../http/router";
import { newId } from "../store/ids";
import { mergeMetadata, mustGet } from "../domain/common";
import { Coupon, PromotionCode, findPromotionCode } from "../domain/discounts";

export function registerDiscounts(router: Router): void {
  router.add("POST", "/v1/coupons", ({ tx, params, now, emit }) => {
    const p = parseParams(
      obj({
        id: str().optional(),
        name: str().optional(),
        percent_off: z.union([z.number(), z.string().transform(Number)]).optional(),
        amount_off: int().optional(),
        currency: currency().optional(),
        duration: z.enum(["once", "repeating", "forever"]).optional(),
        duration_in_months: int().optional(),
        max_redemptions: int().optional(),
        redeem_by: int().optional(),
        metadata: metadata().optional(),
      }),
      params,
    );
    if ((p.percent_off === undefined) === (p.amount_off === undefined))
      throw invalidRequest("You must pass exactly one of percent_off or amount_off.", { param: "percent_off" });
    if (p.amount_off !== undefined && !p.currency)
      throw invalidRequest("You must pass currency when passing amount_off.", { param: "currency", code: "parameter_missing" });
    if (p.percent_off !== undefined && (p.percent_off <= 0 || p.percent_off > 100))
      throw invalidRequest("percent_off must be between 0 and 100.", { param: "percent_off" });
    const duration = p.duration ?? "once";
    if (duration === "repeating" && !p.duration_in_months)
      throw invalidRequest("You must pass duration_in_months when duration is repeating.", {
        param: "duration_in_months",
        code: "parameter_missing",
      });
    const id = p.id ?? newId("", 8).slice(1);
    if (tx.get(id)) throw invalidRequest("Coupon already exists.", { param: "id", code: "resource_already_exists" });
    const coupon: Coupon = {
      id,
      object: "coupon",
      amount_off: p.amount_off ?? null,
      created: now,
      currency: p.currency?.toLowerCase() ?? null,
      duration,
      duration_in_months: duration === "repeating" ? p.duration_in_months! : null,
      livemode: false,
      max_redemptions: p.max_redemptions ?? null,
      metadata: mergeMetadata({}, p.metadata),
      name: p.name ?? null,
      percent_off: p.percent_off ?? null,
      redeem_by: p.redeem_by ?? null,
      times_redeemed: 0,
      valid: true,
    };
    tx.put(coupon);
    emit("coupon.created", coupon);
    return coupon;
  });
  router.add("GET", "/v1/coupons/:id", ({ tx, path }) => mustGet<Coupon>(tx, "coupon", path.id!, "coupon"));
  router.add("POST", "/v1/coupons/:id", ({ tx, path, params, emit }) => {
    const p = parseParams(obj({ name: str().optional(), metadata: metadata().optional() }), params);
    const coupon = mustGet<Coupon>(tx, "coupon", path.id!, "coupon");
    const after = { ...coupon, name: p.name ?? coupon.name, metadata: mergeMetadata(coupon.metadata, p.metadata) };
    tx.put(after);
    emit("coupon.updated", after);
    return after;
  });
  router.add("DELETE", "/v1/coupons/:id", ({ tx, path, emit }) => {
    const coupon = mustGet<Coupon>(tx, "coupon", path.id!, "coupon");
    tx.delete(coupon.id);
    emit("coupon.deleted", coupon);
    return { id: coupon.id, object: "coupon", deleted: true };
  });
  router.add("GET", "/v1/coupons", ({ tx, params }) => {
    const p = parseParams(obj({ ...paginationParams }), params);
    return listObject(tx.all<Coupon>("coupon"), p, "/v1/coupons");
  });

  router.add("POST", "/v1/promotion_codes", ({ tx, params, now, emit }) => {
    const p = parseParams(
      obj({
        promotion: obj({ type: z.literal("coupon"), coupon: str() }).optional(),
        coupon: str().optional(),
        code: str().optional(),
        active: bool().optional(),
        customer: str().optional(),
        expires_at: int().optional(),
        max_redemptions: int().optional(),
        metadata: metadata().optional(),
        restrictions: obj({
          first_time_transaction: bool().optional(),
          minimum_amount: int().optional(),
          minimum_amount_currency: currency().optional(),
        }).optional(),
      }),
      params,
    );
    const couponId = p.promotion?.coupon ?? p.coupon;
    if (!couponId)
      throw invalidRequest("Missing required param: promotion[coupon].", { param: "promotion[coupon]", code: "parameter_missing" });
    mustGet<Coupon>(tx, "coupon", couponId, "coupon", "promotion[coupon]");
    const code = p.code ?? newId("", 8).slice(1).toUpperCase();
    if (findPromotionCode(tx, code, now)) throw invalidRequest("An active promotion code with `code` already exists.", { param: "code" });
    const promo: PromotionCode = {
      id: newId("promo"),
      object: "promotion_code",
      active: p.active ?? true,
      code,
      created: now,
      customer: p.customer ?? null,
      customer_account: null,
      expires_at: p.expires_at ?? null,
      livemode: false,
      max_redemptions: p.max_redemptions ?? null,
      metadata: mergeMetadata({}, p.metadata),
      promotion: { coupon: couponId, type: "coupon" },
      restrictions: {
        currency_options: {},
        first_time_transaction: p.restrictions?.first_time_transaction ?? false,
        minimum_amount: p.restrictions?.minimum_amount ?? null,
        minimum_amount_currency: p.restrictions?.minimum_amount_currency ?? null,
      },
      times_redeemed: 0,
    } as PromotionCode;
    tx.put(promo);
    emit("promotion_code.created", promo);
    return promo;
  });
  router.add("GET", "/v1/promotion_codes/:id", ({ tx, path }) => mustGet<PromotionCode>(tx, "promotion_code", path.id!, "promotion code"));
  router.add("POST", "/v1/promotion_codes/:id", ({ tx, path, params, emit }) => {
    const p = parseParams(obj({ active: bool().optional(), metadata: metadata().optional() }), params);
    const promo = mustGet<PromotionCode>(tx, "promotion_code", path.id!, "promotion code");
    const after = { ...promo, active: p.active ?? promo.active, metadata: mergeMetadata(promo.metadata, p.metadata) };
    tx.put(after);
    emit("promotion_code.updated", after);
    return after;
  });
  router.add("GET", "/v1/promotion_codes", ({ tx, params }) => {
    const p = parseParams(
      obj({ ...paginationParams, code: str().optional(), active: bool().optional(), coupon: str().optional(), customer: str().optional() }),
      params,
    );
    const items = tx.all<PromotionCode>(
      "promotion_code",
      (pc) =>
        (!p.code || pc.code.toUpperCase() === p.code.toUpperCase()) &&
        (p.active === undefined || pc.active === p.active) &&
        (!p.coupon || pc.promotion.coupon === p.coupon) &&
        (!p.customer || pc.customer === p.customer),
    );
    return listObject(items, p, "/v1/promotion_codes");
  });
}
