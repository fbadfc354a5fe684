// The table in the package README of what the local Stripe implements: each route, the SDK method it answers, the parameters its
// handler honours and how many more the pinned version takes (those are refused as not supported, never ignored).
// Built from the SDK's parameter trees and the handlers' own parsed types, so it cannot drift from either.
import type { PinnedRoute } from "./pinned-parameters";
import type { ParamTree } from "./stripe-types";

export const TABLE_BEGIN = "<!-- implemented-api:begin (npx tsx packages/stripe-emulator/scripts/write-generated.ts) -->";
export const TABLE_END = "<!-- implemented-api:end -->";

/** `BillingPortal/Configurations.create` → `billingPortal.configurations.create`, as the SDK spells it in code. */
const sdkCall = (name: string) => name.replace(/(^|\/)([A-Z])/g, (_, sep: string, c: string) => `${sep ? "." : ""}${c.toLowerCase()}`);

/** Honoured names, with the nested ones in brackets where the handler takes only some of them. */
function honoured(pinned: ParamTree, handled: ParamTree): string[] {
  return Object.keys(pinned)
    .filter((name) => name !== "expand" && name in handled)
    .map((name) => {
      const sub = pinned[name]!;
      const mine = handled[name]!;
      if (sub === 1 || mine === 1 || "*" in sub || "*" in mine) return name;
      const inner = honoured(sub, mine);
      return inner.length === Object.keys(sub).filter((n) => n !== "expand").length ? name : `${name}[${inner.join(", ")}]`;
    });
}

const countNames = (tree: ParamTree): number =>
  Object.entries(tree).reduce((n, [name, sub]) => (name === "expand" || name === "*" ? n : n + 1 + (sub === 1 ? 0 : countNames(sub))), 0);

function missing(pinned: ParamTree, handled: ParamTree): number {
  let n = 0;
  for (const [name, sub] of Object.entries(pinned)) {
    if (name === "expand" || name === "*") continue;
    const mine = handled[name];
    if (mine === undefined) n += 1 + (sub === 1 ? 0 : countNames(sub));
    else if (sub !== 1 && mine !== 1 && !("*" in mine)) n += missing(sub, mine);
  }
  return n;
}

const resourceOf = (route: string) =>
  route
    .split(" ")[1]!
    .replace(/^\/v1\//, "")
    .replace(/\/:.*$|\/(search|create_preview)$/, "");

export function implementedApiMarkdown(
  apiVersion: string,
  parameters: Record<string, PinnedRoute>,
  handlers: Record<string, ParamTree>,
): string {
  const routes = Object.keys(parameters).sort((a, b) => resourceOf(a).localeCompare(resourceOf(b)) || a.localeCompare(b));
  const rows = routes.map((route) => {
    const { method, tree } = parameters[route]!;
    const handled = handlers[route] ?? {};
    const names = honoured(tree, handled);
    const notSupported = missing(tree, handled);
    return `| \`${route}\` | \`${sdkCall(method)}\` | ${names.length ? names.map((n) => `\`${n}\``).join(", ") : "–"} | ${notSupported || "–"} |`;
  });
  return [
    TABLE_BEGIN,
    `<details><summary>The ${routes.length} methods of API <code>${apiVersion}</code> the emulator implements, with the parameters it honours</summary>`,
    "",
    '"Not supported" counts the names (nested ones included) the pinned version takes that the emulator refuses with `parameter_unsupported_by_emulator`.',
    "",
    "| Route | SDK method | Parameters honoured | Not supported |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    "</details>",
    TABLE_END,
  ].join("\n");
}
