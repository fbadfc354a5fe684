import type Stripe from "stripe";
import { z } from "zod";
import { invalidRequest } from "../http/errors";
import { listObject, paginationParams } from "../http/list";
import { bool, emptyable, int, list, metadata, obj, parseParams, str, currency } from "../http/params";
import type { ApiContext, DomainContext, Router } from "../http/router";
import { newId } from "../store/ids";
import type { Tx } from "../store/store";
import { assignDefined, mergeMetadata, mustGet, previousAttributes } from "../domain/common";
import { Price, Product } from "../domain/catalog";

const productFields = {
  name: str().optional(),
  active: bool().optional(),
  description: emptyable(str()).optional(),
  metadata: metadata().optional(),
  images: list(str()).optional(),
  statement_descriptor: emptyable(str()).optional(),
  unit_label: emptyable(str()).optional(),
  url: emptyable(str()).optional(),
  tax_code: str().optional(),
};

function createProduct(
  ctx: DomainContext,
  p: {
    id?: string;
    name: string;
    active?: boolean;
    description?: string;
    metadata?: Record<string, string> | "";
    images?: string[];
    type?: string;
    unit_label?: string;
    url?: string;
    statement_descriptor?: string;
  },
): Product {
  const id = p.id ?? newId("prod", 14);
  if (ctx.tx.get(id)) throw invalidRequest(`Product already exists.`, { param: "id", code: "resource_already_exists" });
  const product: Product = {
    id,
    object: "product",
    active: p.active ?? true,
    created: ctx.now,
    default_price: null,
    description: p.description || null,
    images: p.images ?? [],
    livemode: false,
    marketing_features: [],
    metadata: mergeMetadata({}, p.metadata),
    name: p.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: p.statement_descriptor || null,
    tax_code: null,
    tax_details: null,
    type: (p.type as Stripe.Product.Type) ?? "service",
    unit_label: p.unit_label || null,
    updated: ctx.now,
    url: p.url || null,
  } as Product;
  ctx.tx.put(product);
  ctx.emit("product.created", product);
  return product;
}

const recurringParams = obj({
  interval: z.enum(["day", "week", "month", "year"]),
  interval_count: int().optional(),
  usage_type: z.enum(["licensed", "metered"]).optional(),
  meter: str().optional(),
  trial_period_days: int().optional(),
});

/** A metered price bills a meter's usage in arrears, so it names the meter; a licensed one names none. */
function meterOfPrice(tx: Tx, recurring: z.infer<typeof recurringParams> | undefined): string | null {
  if (!recurring) return null;
  const metered = recurring.usage_type === "metered";
  if (metered && !recurring.meter)
    throw invalidRequest("A metered price must be backed by a meter: pass recurring[meter].", {
      param: "recurring[meter]",
      code: "parameter_missing",
    });
  if (!metered && recurring.meter)
    throw invalidRequest("recurring[meter] can only be set on a price with recurring[usage_type]=metered.", { param: "recurring[meter]" });
  return recurring.meter ? mustGet(tx, "billing.meter", recurring.meter, "billing meter", "recurring[meter]").id : null;
}

/** Lookup keys are unique among prices; transfer_lookup_key moves one, as Stripe recommends when a price changes. */
function claimLookupKey(tx: Tx, key: string, transfer: boolean | undefined, emit: ApiContext["emit"]): void {
  const holder = tx.all<Price>("price").find((p) => p.lookup_key === key);
  if (!holder) return;
  if (!transfer) throw invalidRequest(`A price (\`${holder.id}\`) already uses that lookup key.`, { param: "lookup_key" });
  const moved = { ...holder, lookup_key: null };
  tx.put(moved);
  emit("price.updated", moved, { lookup_key: key });
}

export function registerCatalog(router: Router): void {
  router.add("POST", "/v1/products", (ctx) => {
    const p = parseParams(
      obj({
        ...productFields,
        name: str(),
        id: str().optional(),
        type: z.enum(["service", "good"]).optional(),
        tax_code: str().optional(),
      }),
      ctx.params,
    );
    return createProduct(ctx, {
      ...p,
      description: p.description || undefined,
      statement_descriptor: p.statement_descriptor || undefined,
      unit_label: p.unit_label || undefined,
      url: p.url || undefined,
    });
  });
  router.add("GET", "/v1/products/:id", ({ tx, path }) => mustGet<Product>(tx, "product", path.id!, "product"));
  router.add("POST", "/v1/products/:id", ({ tx, path, params, now, emit }) => {
    const p = parseParams(obj({ ...productFields, default_price: str().optional() }), params);
    const before = mustGet<Product>(tx, "product", path.id!, "product");
    const after = assignDefined(structuredClone(before), {
      name: p.name,
      active: p.active,
      description: p.description,
      images: p.images,
      url: p.url,
      unit_label: p.unit_label,
      statement_descriptor: p.statement_descriptor,
    });
    if (p.default_price !== undefined) after.default_price = mustGet<Price>(tx, "price", p.default_price, "price", "default_price").id;
    after.metadata = mergeMetadata(before.metadata, p.metadata);
    after.updated = now;
    tx.put(after);
    emit("product.updated", after, previousAttributes(before as never, after as never));
    return after;
  });
  router.add("DELETE", "/v1/products/:id", ({ tx, path, emit }) => {
    const product = mustGet<Product>(tx, "product", path.id!, "product");
    if (tx.all<Price>("price").some((pr) => pr.product === product.id)) {
      throw invalidRequest("This product cannot be deleted because it has one or more user-created prices.");
    }
    tx.delete(product.id);
    emit("product.deleted", product);
    return { id: product.id, object: "product", deleted: true };
  });
  router.add("GET", "/v1/products", ({ tx, params }) => {
    const p = parseParams(obj({ ...paginationParams, active: bool().optional(), ids: list(str()).optional() }), params);
    const items = tx.all<Product>(
      "product",
      (pr) => (p.active === undefined || pr.active === p.active) && (!p.ids || p.ids.includes(pr.id)),
    );
    return listObject(items, p, "/v1/products");
  });

  router.add("POST", "/v1/prices", (ctx) => {
    const p = parseParams(
      obj({
        currency: currency(),
        product: str().optional(),
        product_data: obj({ name: str(), metadata: metadata().optional() }).optional(),
        unit_amount: int().optional(),
        unit_amount_decimal: str().optional(),
        recurring: recurringParams.optional(),
        lookup_key: str().optional(),
        transfer_lookup_key: bool().optional(),
        active: bool().optional(),
        metadata: metadata().optional(),
        nickname: str().optional(),
        tax_behavior: z.enum(["inclusive", "exclusive", "unspecified"]).optional(),
        billing_scheme: z.literal("per_unit").optional(),
      }),
      ctx.params,
    );
    const { tx, now, emit } = ctx;
    if (!p.product && !p.product_data)
      throw invalidRequest("You must specify either `product` or `product_data` when creating a price.", {
        param: "product",
        code: "parameter_missing",
      });
    const productId = p.product
      ? mustGet<Product>(tx, "product", p.product, "product", "product").id
      : createProduct(ctx, { name: p.product_data!.name, metadata: p.product_data!.metadata }).id;
    const amount = p.unit_amount ?? (p.unit_amount_decimal !== undefined ? Number(p.unit_amount_decimal) : undefined);
    if (amount === undefined)
      throw invalidRequest("Missing required param: unit_amount.", { param: "unit_amount", code: "parameter_missing" });
    const meter = meterOfPrice(tx, p.recurring);
    if (p.lookup_key) claimLookupKey(tx, p.lookup_key, p.transfer_lookup_key, emit);
    const price: Price = {
      id: newId("price"),
      object: "price",
      active: p.active ?? true,
      billing_scheme: "per_unit",
      created: now,
      currency: p.currency.toLowerCase(),
      custom_unit_amount: null,
      livemode: false,
      lookup_key: p.lookup_key ?? null,
      metadata: mergeMetadata({}, p.metadata),
      nickname: p.nickname ?? null,
      product: productId,
      recurring: p.recurring
        ? {
            interval: p.recurring.interval,
            interval_count: p.recurring.interval_count ?? 1,
            meter,
            trial_period_days: p.recurring.trial_period_days ?? null,
            usage_type: p.recurring.usage_type ?? "licensed",
          }
        : null,
      tax_behavior: p.tax_behavior ?? "unspecified",
      tiers_mode: null,
      transform_quantity: null,
      type: p.recurring ? "recurring" : "one_time",
      unit_amount: amount,
      unit_amount_decimal: String(amount) as unknown as Stripe.Decimal,
    } as Price;
    tx.put(price);
    emit("price.created", price);
    return price;
  });
  router.add("GET", "/v1/prices/:id", ({ tx, path }) => mustGet<Price>(tx, "price", path.id!, "price"));
  router.add("POST", "/v1/prices/:id", ({ tx, path, params, emit }) => {
    const p = parseParams(
      obj({
        active: bool().optional(),
        lookup_key: emptyable(str()).optional(),
        transfer_lookup_key: bool().optional(),
        metadata: metadata().optional(),
        nickname: emptyable(str()).optional(),
        tax_behavior: z.enum(["inclusive", "exclusive", "unspecified"]).optional(),
      }),
      params,
    );
    const before = mustGet<Price>(tx, "price", path.id!, "price");
    if (p.lookup_key && p.lookup_key !== before.lookup_key) claimLookupKey(tx, p.lookup_key, p.transfer_lookup_key, emit);
    const after = assignDefined(structuredClone(before), {
      active: p.active,
      lookup_key: p.lookup_key,
      nickname: p.nickname,
      tax_behavior: p.tax_behavior,
    });
    after.metadata = mergeMetadata(before.metadata, p.metadata);
    tx.put(after);
    emit("price.updated", after, previousAttributes(before as never, after as never));
    return after;
  });
  router.add("GET", "/v1/prices", ({ tx, params }) => {
    const p = parseParams(
      obj({
        ...paginationParams,
        active: bool().optional(),
        product: str().optional(),
        currency: currency().optional(),
        type: z.enum(["one_time", "recurring"]).optional(),
        lookup_keys: list(str()).optional(),
        recurring: obj({
          interval: z.enum(["day", "week", "month", "year"]).optional(),
          usage_type: z.enum(["licensed", "metered"]).optional(),
        }).optional(),
      }),
      params,
    );
    const items = tx.all<Price>(
      "price",
      (pr) =>
        (p.active === undefined || pr.active === p.active) &&
        (!p.product || pr.product === p.product) &&
        (!p.currency || pr.currency === p.currency) &&
        (!p.type || pr.type === p.type) &&
        (!p.lookup_keys || (pr.lookup_key !== null && p.lookup_keys.includes(pr.lookup_key))) &&
        (!p.recurring?.interval || pr.recurring?.interval === p.recurring.interval) &&
        (!p.recurring?.usage_type || pr.recurring?.usage_type === p.recurring.usage_type),
    );
    return listObject(items, p, "/v1/prices");
  });
}
