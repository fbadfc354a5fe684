"use client";

import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useApiForm } from "@/components/ui/use-api-form";
import { money } from "./format";
import { stripeForBrowser } from "./load-stripe";
import { RefreshWhile } from "./refresh-while";

type Pack = { code: string; name: string; credits: number; priceCents: number };
type Intent = { clientSecret: string; amount: number; credits: number; status: string };
type SavedCard = { brand: string; last4: string };

/**
 * Buys a credit pack: the server creates a PaymentIntent for the pack (one per attempt),
 * the Payment Element takes the card, and the balance rises when Stripe's webhook lands.
 */
export function TopUpForm({
  slug,
  packs,
  balance,
  stripeConfig,
  savedCard,
}: {
  slug: string;
  packs: Pack[];
  balance: number;
  stripeConfig: { publishableKey: string; stripeJsUrl: string | null };
  /** The org's card on file, offered to admins: the server charges it, the browser only answers 3-D Secure. */
  savedCard: SavedCard | null;
}) {
  const [pack, setPack] = useState(packs[0]?.code ?? "");
  const [intent, setIntent] = useState<Intent | null>(null);
  // One attempt per purchase: a double click, or Back and Continue again, gets the same
  // PaymentIntent back (the server keys it on attempt and pack); "Buy more" starts a new attempt.
  const attempt = useRef<string | null>(null);
  const starting = useRef(false);
  const [paidAt, setPaidAt] = useState<number | null>(null);
  const form = useApiForm();
  const [stripePromise, setStripePromise] = useState<ReturnType<typeof stripeForBrowser> | null>(null);

  async function start() {
    if (starting.current) return;
    starting.current = true;
    // Stripe.js loads in the browser only, on first use.
    setStripePromise((p) => p ?? stripeForBrowser(stripeConfig.publishableKey, stripeConfig.stripeJsUrl));
    attempt.current ??= crypto.randomUUID();
    const result = await form.submit<Intent>(`/api/v1/orgs/${slug}/billing/topup/payment-intent`, {
      body: { pack, attempt: attempt.current },
    });
    starting.current = false;
    if (result) setIntent(result.data);
  }

  const [savedError, setSavedError] = useState<string | null>(null);

  async function payWithSavedCard() {
    if (starting.current) return;
    starting.current = true;
    setSavedError(null);
    attempt.current ??= crypto.randomUUID();
    const result = await form.submit<Intent>(`/api/v1/orgs/${slug}/billing/topup/payment-intent`, {
      body: { pack, attempt: attempt.current, card: "saved" },
    });
    try {
      if (!result) return;
      if (result.data.status === "succeeded") return setPaidAt(balance);
      if (result.data.status !== "requires_action") return setSavedError("The payment did not go through; try another card.");
      // The bank wants the card holder: Stripe.js shows its challenge and finishes the payment.
      const stripe = await stripeForBrowser(stripeConfig.publishableKey, stripeConfig.stripeJsUrl);
      const next = await stripe!.handleNextAction({ clientSecret: result.data.clientSecret });
      if (next.error) return setSavedError(next.error.message ?? "The bank did not confirm the payment.");
      if (next.paymentIntent?.status === "succeeded") return setPaidAt(balance);
      setSavedError("The bank did not confirm the payment.");
    } finally {
      starting.current = false;
    }
  }

  if (paidAt !== null) {
    const landed = balance !== paidAt;
    return (
      <div className="space-y-3">
        <Alert tone="success">{landed ? "Credits added." : "Payment received — adding your credits…"}</Alert>
        <RefreshWhile waiting={!landed} limit={30} />
        <Button
          variant="secondary"
          onClick={() => {
            attempt.current = null;
            setPaidAt(null);
            setIntent(null);
          }}
        >
          Buy more
        </Button>
      </div>
    );
  }
  if (intent && stripePromise) {
    return (
      <Elements stripe={stripePromise} options={{ clientSecret: intent.clientSecret, appearance: { theme: "stripe" } }}>
        <PayStep amount={intent.amount} credits={intent.credits} onPaid={() => setPaidAt(balance)} onCancel={() => setIntent(null)} />
      </Elements>
    );
  }
  return (
    <div className="space-y-3">
      {form.error ? <Alert tone="error">{form.error.message}</Alert> : null}
      <div className="grid gap-2 sm:grid-cols-3" role="radiogroup" aria-label="Credit pack">
        {packs.map((p) => (
          <button
            key={p.code}
            type="button"
            role="radio"
            aria-checked={pack === p.code}
            onClick={() => setPack(p.code)}
            className={cn(
              "rounded-lg border p-3 text-left",
              pack === p.code ? "border-brand-600 ring-1 ring-brand-600" : "border-zinc-200",
            )}
          >
            <span className="block font-medium">{p.name}</span>
            <span className="text-sm text-zinc-600">{money(p.priceCents)}</span>
          </button>
        ))}
      </div>
      {savedError ? <Alert tone="error">{savedError}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        {savedCard ? (
          <Button onClick={payWithSavedCard} disabled={form.pending || !pack}>
            Pay {money(packs.find((p) => p.code === pack)?.priceCents ?? 0)} with {savedCard.brand.toUpperCase()} •••• {savedCard.last4}
          </Button>
        ) : null}
        <Button variant={savedCard ? "secondary" : undefined} onClick={start} disabled={form.pending || !pack}>
          {savedCard ? "Continue to payment with another card" : "Continue to payment"}
        </Button>
      </div>
    </div>
  );
}

function PayStep({ amount, credits, onPaid, onCancel }: { amount: number; credits: number; onPaid: () => void; onCancel: () => void }) {
  const stripe = useStripe();
  const elements = useElements();
  const [error, setError] = useState<string | null>(null);
  const [paying, setPaying] = useState(false);
  // State lags a fast second click by a render; the ref doesn't.
  const inFlight = useRef(false);

  async function pay(event: React.FormEvent) {
    event.preventDefault();
    if (!stripe || !elements || inFlight.current) return;
    inFlight.current = true;
    setPaying(true);
    setError(null);
    const submitted = await elements.submit();
    if (submitted.error) {
      inFlight.current = false;
      setPaying(false);
      // The Payment Element already shows what is wrong with the fields, under them.
      return;
    }
    const result = await stripe.confirmPayment({ elements, redirect: "if_required", confirmParams: { return_url: window.location.href } });
    inFlight.current = false;
    setPaying(false);
    if (result.error) return setError(result.error.message ?? "The payment failed.");
    if (result.paymentIntent.status === "succeeded") onPaid();
  }

  return (
    <form onSubmit={pay} className="space-y-3" data-testid="topup-payment">
      <PaymentElement />
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={!stripe || paying}>
          Pay {money(amount)} for {credits.toLocaleString("en-US")} credits
        </Button>
        <Button variant="ghost" onClick={onCancel} disabled={paying}>
          Back
        </Button>
      </div>
    </form>
  );
}
