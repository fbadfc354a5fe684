"use client";

// The pure entry: Stripe.js is fetched only when a payment form asks for it (and not at all once the emulator
// stand-in is on the page), rather than from js.stripe.com on every page the bundle reaches.
import type { Stripe } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";

let loading: Promise<Stripe | null> | null = null;

/** Stripe.js once per page; in emulator mode its stand-in is loaded first, so loadStripe finds window.Stripe. */
export function stripeForBrowser(publishableKey: string, stripeJsUrl: string | null): Promise<Stripe | null> {
  loading ??= (async () => {
    if (stripeJsUrl && !(window as { Stripe?: unknown }).Stripe) {
      await new Promise<void>((resolve, reject) => {
        const script = document.createElement("script");
        script.src = stripeJsUrl;
        script.onload = () => resolve();
        script.onerror = () => reject(new Error("Stripe.js could not be loaded."));
        document.head.appendChild(script);
      });
    }
    return loadStripe(publishableKey);
  })();
  return loading;
}
