import type { Page } from "@playwright/test";
import Stripe from "stripe";
import { stripeEmulatorUrl } from "./env";

/** The official SDK pointed at the e2e run's Stripe emulator, for setting up and checking what the browser did. */
export function emulatorStripe(): Stripe {
  const base = new URL(stripeEmulatorUrl());
  return new Stripe("sk_test_tollgate_e2e", { host: base.hostname, port: Number(base.port), protocol: "http" });
}

/** Fills the card form of the emulator's hosted Checkout page. */
export async function fillCard(page: Page, number: string) {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiration").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByLabel("Name on card").fill("Jenny Rosen");
  await page.getByLabel("ZIP / Postal code").fill("94103");
}
