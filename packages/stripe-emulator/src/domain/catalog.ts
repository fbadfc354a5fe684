import type Stripe from "stripe";
import type { Stored } from "../store/store";

export type Product = Stripe.Product & Stored;
export type Price = Stripe.Price & Stored;
