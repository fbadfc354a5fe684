import Stripe from "stripe";
import { stripeEmulatorUrl } from "./env";

/** The official SDK pointed at the e2e run's Stripe emulator, for setting up and checking what the browser did. */
export function emulatorStripe(): Stripe {
  const base = new URL(stripeEmulatorUrl());
  return new Stripe("sk_test_tollgate_e2e", { host: base.hostname, port: Number(base.port), protocol: "http" });
}
