"use client";

import { loadStripe, type Stripe } from "@stripe/stripe-js";

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
