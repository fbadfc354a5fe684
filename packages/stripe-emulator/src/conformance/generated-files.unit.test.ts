import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { REMOVED_PARAMETERS } from "../http/api-version";
import { firstUnknownParameter, isPinnedParameter, pinnedRoute } from "./pinned-parameters";
import { loadStripeContract } from "./contract-cache";
import { readHandlerParameters } from "./handler-parameters";
import { TABLE_BEGIN, TABLE_END, implementedApiMarkdown } from "./implemented-api";
import type { ParamTree, StripeContract } from "./stripe-types";
import {
  PARAMETERS_FILE,
  TABLE_FILE,
  emulatorRoutes,
  parametersFileText,
  pinnedParameters,
  withSettingsTable,
} from "../../scripts/write-generated";

// What the emulator reads at run time from the SDK's types, and what the package README says it implements, are regenerated
// here and compared: a new SDK, a new route or a handler taking a new parameter fails until they are written again.
const REGENERATE = "regenerate with npx tsx packages/stripe-emulator/scripts/write-generated.ts";
/** Routes of the emulator's own pages and of the CLI, which no SDK method calls. */
const NOT_SDK_METHODS = ["GET /v1/payment_pages/:id", "POST /v1/payment_pages/:id/confirm", "POST /v1/events/:id/retry"];

let contract: StripeContract;
let routes: string[];
let handlers: Record<string, ParamTree>;
beforeAll(async () => {
  contract = await loadStripeContract();
  routes = await emulatorRoutes();
  handlers = readHandlerParameters(routes);
}, 120_000);

it("reads the parameters of every POST route's handler", () => {
  // A handler the reader misses would drop out of the table without any other test noticing.
  const posts = routes.filter((route) => route.startsWith("POST ") && !NOT_SDK_METHODS.includes(route));
  expect(posts.filter((route) => !(route in handlers))).toEqual([]);
});

const namesOf = (tree: ParamTree, at: string[] = []): string[][] =>
  Object.entries(tree).flatMap(([name, sub]) => (name === "*" ? [] : [[...at, name], ...(sub === 1 ? [] : namesOf(sub, [...at, name]))]));

describe("files generated from the pinned SDK", () => {
  it("the parameters each route takes are the SDK's, and every route but the emulator's own is an SDK method", () => {
    const parameters = pinnedParameters(contract, routes);
    expect(readFileSync(PARAMETERS_FILE, "utf8"), REGENERATE).toBe(parametersFileText(parameters));
    expect(routes.filter((r) => !parameters[r]).sort()).toEqual([...NOT_SDK_METHODS].sort());
  });

  it("no handler takes a name the pinned version lacks, but the older versions' parameters it lists as removed", () => {
    const strays: string[] = [];
    for (const route of routes) {
      const pinned = pinnedRoute(route);
      if (!pinned) continue;
      const legacy = Object.keys(REMOVED_PARAMETERS[route]?.removed ?? {});
      for (const name of namesOf(handlers[route] ?? {})) {
        const allowed =
          isPinnedParameter(pinned.tree, name) || legacy.includes(name[0]!) || (name[0] === "client_secret" && route.endsWith("/confirm"));
        if (!allowed) strays.push(`${route}: ${name.join(".")}`);
      }
    }
    expect(strays).toEqual([]);
  });

  it("the table in the package README of what the emulator implements is current", () => {
    const doc = readFileSync(TABLE_FILE, "utf8");
    const section = doc.slice(doc.indexOf(TABLE_BEGIN), doc.indexOf(TABLE_END) + TABLE_END.length);
    expect(section, REGENERATE).toBe(implementedApiMarkdown(contract.apiVersion, pinnedParameters(contract, routes), handlers));
  });

  it("the README's table of the emulator's settings is current", () => {
    const doc = readFileSync(TABLE_FILE, "utf8");
    expect(withSettingsTable(doc), REGENERATE).toBe(doc);
  });
});

describe("reading a request's names against the pinned version", () => {
  const tree: ParamTree = { items: { price: 1, metadata: { "*": 1 } }, enabled_events: 1, created: { gt: 1 } };
  it("skips list positions, takes any key under a map, and names the first stranger as Stripe writes it", () => {
    expect(isPinnedParameter(tree, ["items", "3", "price"])).toBe(true);
    expect(isPinnedParameter(tree, ["items", "0", "metadata", "anything"])).toBe(true);
    expect(isPinnedParameter(tree, ["enabled_events", "2"])).toBe(true);
    expect(isPinnedParameter(tree, ["created", "gt"])).toBe(true);
    expect(isPinnedParameter(tree, ["created", "after"])).toBe(false);
    expect(firstUnknownParameter(tree, { items: [{ price: "p" }, { price: "p", colour: "red" }] })).toBe("items[1][colour]");
    expect(firstUnknownParameter(tree, { enabled_events: ["a", "b"], created: "5" })).toBeNull();
    expect(firstUnknownParameter(tree, { price: "p" })).toBe("price");
    expect(firstUnknownParameter(tree, { constructor: "x" })).toBe("constructor");
    expect(isPinnedParameter(tree, ["items", "toString"])).toBe(false);
  });
});
