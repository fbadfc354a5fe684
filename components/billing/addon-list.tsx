"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useApiForm } from "@/components/ui/use-api-form";
import { day, money } from "./format";
import { stripeForBrowser } from "./load-stripe";
import { RefreshWhile } from "./refresh-while";

type Available = { code: string; name: string; priceCents: number; interval: string; configKey: string | null; effect: unknown };
type Purchased = { code: string; status: string; config: unknown; currentPeriodEnd: string | Date | null; cancelAtPeriodEnd: boolean };

/** Add-ons to buy (a custom domain asks for its name first) and the ones bought, with cancel. */
export function AddOnList({
  slug,
  available,
  purchased,
  canBuy,
  planFeatures,
  planEnding,
  savedCard,
  stripeConfig,
}: {
  slug: string;
  available: Available[];
  purchased: Purchased[];
  canBuy: boolean;
  planFeatures: string[];
  /** The plan is set to cancel: its add-ons end with it. */
  planEnding: boolean;
  /** The card the plan is paid with: an add-on can be bought on it without Checkout. */
  savedCard: { brand: string; last4: string } | null;
  stripeConfig: { publishableKey: string; stripeJsUrl: string | null } | null;
}) {
  const router = useRouter();
  const form = useApiForm();
  const [domain, setDomain] = useState("");
  const api = `/api/v1/orgs/${slug}/billing/addons`;
  const owned = new Set(purchased.map((p) => p.code));
  const includedInPlan = (a: Available) => planFeatures.includes((a.effect as { feature?: string } | null)?.feature ?? "");

  async function buy(addOn: Available) {
    const result = await form.submit<{ url: string }>(api, {
      body: { addOn: addOn.code, ...(addOn.configKey === "domain" ? { domain } : {}) },
    });
    if (result) window.location.assign(result.data.url);
  }
  // An add-on paid for on the card on file after 3-D Secure arrives with Stripe's webhook: the page checks until then.
  const [arriving, setArriving] = useState<string | null>(null);
  const [challengeError, setChallengeError] = useState<string | null>(null);
  async function buyWithSavedCard(addOn: Available) {
    setChallengeError(null);
    const result = await form.submit<{ status: string; clientSecret: string | null }>(api, {
      body: { addOn: addOn.code, card: "saved", ...(addOn.configKey === "domain" ? { domain } : {}) },
    });
    if (!result) return;
    if (result.data.status === "requires_action" && result.data.clientSecret && stripeConfig) {
      const stripe = await stripeForBrowser(stripeConfig.publishableKey, stripeConfig.stripeJsUrl);
      const next = await stripe!.handleNextAction({ clientSecret: result.data.clientSecret });
      if (next.error) return setChallengeError(next.error.message ?? "The bank did not confirm the payment.");
    }
    setArriving(addOn.code);
    router.refresh();
  }
  async function cancel(code: string) {
    if (await form.submit(`${api}/${code}`, { method: "DELETE" })) router.refresh();
  }

  return (
    <div className="space-y-4">
      {form.error ? <Alert tone="error">{form.error.message}</Alert> : null}
      {challengeError ? <Alert tone="error">{challengeError}</Alert> : null}
      <RefreshWhile waiting={arriving !== null && !purchased.some((p) => p.code === arriving && p.status !== "incomplete")} />
      {planEnding && purchased.length ? (
        <p className="text-sm text-zinc-600" data-testid="addons-end-with-plan">
          Add-ons end with your plan: each stops renewing and ends on the date shown, the close of the period already paid for it. Undo the
          cancellation and they renew again.
        </p>
      ) : null}
      {purchased.length ? (
        <ul className="divide-y divide-zinc-100" data-testid="purchased-addons">
          {purchased.map((p) => {
            const name = available.find((a) => a.code === p.code)?.name ?? p.code;
            const domainName = (p.config as { domain?: string } | null)?.domain;
            return (
              <li key={p.code} className="flex items-center justify-between gap-4 py-2 text-sm">
                <span>
                  {name}
                  {domainName ? <span className="text-zinc-600"> · {domainName}</span> : null}{" "}
                  {p.cancelAtPeriodEnd ? (
                    <Badge tone="warning">ends {day(p.currentPeriodEnd)}</Badge>
                  ) : (
                    <Badge tone={p.status === "incomplete" ? "warning" : "success"}>
                      {p.status === "incomplete" ? "payment pending" : p.status}
                    </Badge>
                  )}
                </span>
                {p.cancelAtPeriodEnd ? null : (
                  <Button size="sm" variant="ghost" onClick={() => cancel(p.code)} disabled={form.pending}>
                    Cancel
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="text-sm text-zinc-600">No add-ons yet.</p>
      )}
      <ul className="divide-y divide-zinc-100" data-testid="available-addons">
        {available
          .filter((a) => !owned.has(a.code))
          .map((a) => (
            <li key={a.code} className="flex flex-wrap items-end justify-between gap-4 py-2 text-sm">
              <span>
                {a.name}{" "}
                <span className="text-zinc-600">
                  · {money(a.priceCents)}/{a.interval}
                </span>
              </span>
              {includedInPlan(a) ? (
                <span className="text-zinc-600">Included in your plan</span>
              ) : canBuy ? (
                <div className="flex flex-wrap items-end gap-2">
                  {a.configKey === "domain" ? (
                    <Field
                      className="w-80 max-w-full"
                      label="Domain"
                      name="domain"
                      placeholder="billing.example.com"
                      value={domain}
                      onChange={(e) => setDomain(e.target.value)}
                      error={form.fieldError("domain")}
                    />
                  ) : null}
                  {savedCard ? (
                    <Button size="sm" onClick={() => buyWithSavedCard(a)} disabled={form.pending}>
                      Add with {savedCard.brand.toUpperCase()} •••• {savedCard.last4}
                    </Button>
                  ) : null}
                  <Button size="sm" variant="secondary" onClick={() => buy(a)} disabled={form.pending}>
                    {savedCard ? "Add with another card" : "Add"}
                  </Button>
                </div>
              ) : null}
            </li>
          ))}
      </ul>
      {!canBuy ? <p className="text-sm text-zinc-600">Add-ons extend a paid plan; subscribe first.</p> : null}
    </div>
  );
}
