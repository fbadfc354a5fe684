import type http from "node:http";
import qs from "qs";
import type { EmulatorHost } from "../host/emulator-host";
import type { Stored } from "../store/store";
import { contextWithEvents } from "../webhooks/emit";
import { authenticate } from "../http/auth";
import { fromForeignPage } from "../http/browser-safety";
import { CommittedError, StripeError, authenticationError, invalidRequest, parameterUnknown } from "../http/errors";
import { expand } from "../http/expand";
import { fingerprint, remember, replay, type SavedResponse } from "../http/idempotency";
import { requestApiVersion } from "../http/api-version";
import { explainUnknownParameter, firstUnknownParameter, parameterPath, pinnedRoute } from "../conformance/pinned-parameters";
import { readingParams } from "../http/params";
import { sendJson } from "../http/respond";
import { includableFields } from "../domain/includable";

/**
 * One /v1 request: authenticate, route, parse Stripe's form encoding, then run the handler, the
 * idempotency record and the events it emits in one store transaction.
 */
export async function handleApi(
  emulator: EmulatorHost,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  body: string,
  requestId: string,
): Promise<void> {
  const method = req.method ?? "GET";
  const key = authenticate(req.headers.authorization);
  const match = emulator.router.match(method, url.pathname);
  if (!match)
    throw invalidRequest(
      `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      { status: 404 },
    );
  // Browsers on other origins get Stripe.js's publishable-key calls only: a page that knows the
  // (well-known) emulator secret key still can't read or change anything with it.
  if (fromForeignPage(req)) {
    if (!key.publishable) throw authenticationError("Secret keys can't be used from a browser on another origin.");
    res.setHeader("access-control-allow-origin", req.headers.origin ?? "*");
    res.setHeader("vary", "origin");
  }
  if (key.publishable && !match.publishable)
    throw authenticationError(
      "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.",
    );

  const form = method === "POST" ? body || url.search.slice(1) : url.search.slice(1);
  refusePrototypeKeys(form);
  // Names such as `constructor` are kept as the request's own (qs drops them by default, which would ignore them);
  // qs never assigns `__proto__`, and a request naming it is refused above.
  const raw = qs.parse(form, { depth: 20, arrayLimit: 1000, parameterLimit: 10_000, allowPrototypes: true });
  if (key.publishable && match.path.id) {
    // Stripe.js may read or confirm an intent only with its client secret.
    const target = emulator.store.get<Stored & { client_secret?: string }>(match.path.id ?? "");
    if (!target || !target.client_secret || raw.client_secret !== target.client_secret) {
      throw invalidRequest("The client_secret provided does not match the client_secret associated with this object.", {
        param: "client_secret",
        code: "parameter_invalid",
      });
    }
  }
  const { expand: expandParam, ...params } = raw as Record<string, unknown>;
  const expandPaths =
    expandParam === undefined ? [] : (Array.isArray(expandParam) ? expandParam : Object.values(expandParam as object)).map(String);
  const idempotencyKey = method === "POST" ? (req.headers["idempotency-key"] as string | undefined) : undefined;
  const print = fingerprint(method, url.pathname, raw);
  if (idempotencyKey) res.setHeader("idempotency-key", idempotencyKey);
  const { version, pinned } = requestApiVersion(req.headers["stripe-version"] as string | undefined, emulator.account.defaultApiVersion);
  res.setHeader("stripe-version", version);
  const route = pinnedRoute(`${method} ${match.template}`);
  // Stripe.js sends parameters of its own (guid, muid, payment_user_agent) that no SDK type names.
  if (pinned && route && !key.publishable) {
    const unknown = firstUnknownParameter(route.tree, params);
    if (unknown) throw parameterUnknown(unknown);
  }

  let replayed = false;
  const response = await emulator.store.transact(async (tx): Promise<SavedResponse> => {
    if (idempotencyKey) {
      const saved = replay(tx, idempotencyKey, print);
      if (saved) {
        replayed = true;
        return saved;
      }
    }
    const now = Math.floor(Date.now() / 1000);
    const ctx = contextWithEvents(emulator, tx, {
      path: match.path,
      params,
      now,
      requestId,
      idempotencyKey,
      legacyApiVersion: !pinned,
      publishableKey: key.publishable,
    });
    let out: SavedResponse;
    try {
      const { result, read } = await readingParams(() => match.handler(ctx));
      if (!read) refuseUnreadParameters(params, key.publishable);
      out = { status: 200, body: expand(result, expandPaths, (id) => tx.get(id), includableFields(tx)) };
    } catch (err) {
      if (!(err instanceof CommittedError)) throw explainUnknownParameter(route, err);
      out = { status: err.status, body: { error: err.body } };
    }
    if (idempotencyKey) remember(tx, idempotencyKey, print, out, now);
    return out;
  });
  if (replayed) res.setHeader("idempotent-replayed", "true");
  if (response.status < 300) emulator.conformance?.response(method, url.pathname, response.body);
  if (response.status >= 400) throw new StripeError(response.status, (response.body as { error: StripeError["body"] }).error);
  sendJson(res, response.status, response.body);
}

/** A handler that takes no parameters ignores none: whatever it was sent is refused (and what it did is undone). */
function refuseUnreadParameters(params: Record<string, unknown>, publishable: boolean): void {
  const sent = Object.keys(params).filter((name) => !(publishable && name === "client_secret"));
  if (sent.length > 0) throw parameterUnknown(sent[0]!);
}

/** `__proto__` is no parameter of Stripe's, and the parser would drop it unseen: refused, as any unknown name. */
function refusePrototypeKeys(form: string): void {
  for (const name of new URLSearchParams(form).keys()) if (parameterPath(name).includes("__proto__")) throw parameterUnknown(name);
}
