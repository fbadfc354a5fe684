// Tollgate's catalog as shipped. The seed writes it to the database (which is then the source of truth);
// `npm run cli -- catalog sync` mirrors the database into Stripe.

export type Limits = { projects: number | null; seats: number | null; runsPerMonth: number | null };

/**
 * How a plan is priced. Flat: its prices are the org's. Per seat: its prices are per seat, and the subscription's
 * quantity follows the billable count (members, plus pending invitations when `countInvitations`), between `minSeats`
 * and `maxSeats`. An added seat is charged at once, prorated (`seatIncrease: "charge_now"`), or waits for the next
 * invoice (`"next_invoice"`); a removed seat is not refunded and the next invoice bills the lower count
 * (`seatDecrease: "period_end"`), or is credited at once, prorated (`"credit_now"`).
 */
export type SeatPricing =
  | { pricing: "flat" }
  | {
      pricing: "per_seat";
      minSeats: number;
      maxSeats: number | null;
      countInvitations: boolean;
      seatIncrease: "charge_now" | "next_invoice";
      seatDecrease: "period_end" | "credit_now";
    };

/** The seat policy the shipped per-seat plans share: invitations hold a seat, added seats are charged at once, prorated,
 * and removed ones are not refunded (the next invoice bills the lower count). */
const PER_SEAT = {
  pricing: "per_seat",
  countInvitations: true,
  seatIncrease: "charge_now",
  seatDecrease: "period_end",
} as const;

export const PLANS = [
  {
    code: "free",
    name: "Free",
    description: "For trying Tollgate out",
    monthlyPriceCents: 0,
    annualPriceCents: 0,
    trialDays: 0,
    selfServe: true,
    pricing: "flat",
    sort: 0,
    limits: { projects: 3, seats: 2, runsPerMonth: 100 },
    // Two seats: the owner and one teammate they invite.
    features: ["projects", "runs", "invites"],
    // No subscription to bill usage on: credits left from a paid plan, or a stop at the allowance.
    overageModes: ["credits", "stop"],
    overageRunPriceCents: null,
  },
  {
    code: "team",
    name: "Team",
    description: "For small teams shipping together",
    // Per seat: $12 a seat a month, $120 a year (two months free), for teams of up to 10.
    monthlyPriceCents: 1200,
    annualPriceCents: 12000,
    trialDays: 14,
    selfServe: true,
    ...PER_SEAT,
    minSeats: 1,
    maxSeats: 10,
    sort: 1,
    limits: { projects: 25, seats: 10, runsPerMonth: 2000 },
    features: ["projects", "runs", "invites", "credits"],
    // A run beyond the allowance: 10 prepaid credits ($0.10), $0.10 on the next invoice, or refused.
    overageModes: ["credits", "metered", "stop"],
    overageRunPriceCents: 10,
  },
  {
    code: "business",
    name: "Business",
    description: "For organizations that need more",
    // Per seat: $29 a seat a month, $290 a year, billed for at least 3 seats, up to 50.
    monthlyPriceCents: 2900,
    annualPriceCents: 29000,
    trialDays: 0,
    selfServe: true,
    ...PER_SEAT,
    minSeats: 3,
    maxSeats: 50,
    sort: 2,
    limits: { projects: null, seats: 50, runsPerMonth: 20000 },
    features: ["projects", "runs", "invites", "credits", "priority_support", "audit_export"],
    overageModes: ["credits", "metered", "stop"],
    overageRunPriceCents: 8,
  },
  {
    code: "enterprise",
    name: "Enterprise",
    description: "Custom terms, sales-led",
    monthlyPriceCents: null,
    annualPriceCents: null,
    trialDays: 0,
    selfServe: false,
    pricing: "flat",
    sort: 3,
    limits: { projects: null, seats: null, runsPerMonth: null },
    features: ["projects", "runs", "invites", "credits", "priority_support", "audit_export", "sso"],
    overageModes: ["credits", "metered", "stop"],
    overageRunPriceCents: null,
  },
] satisfies ({
  code: string;
  name: string;
  description: string;
  monthlyPriceCents: number | null;
  annualPriceCents: number | null;
  trialDays: number;
  selfServe: boolean;
  sort: number;
  limits: Limits;
  features: string[];
  /** What a run beyond the allowance may do (the org chooses; the first is its default) and, metered, its price. */
  overageModes: ("credits" | "metered" | "stop")[];
  overageRunPriceCents: number | null;
} & SeatPricing)[];

/** The Billing Meters the catalog sync keeps on Stripe: runs beyond the allowance, summed per customer and period. */
export const BILLING_METERS = [{ code: "runs", eventName: "tollgate_run", displayName: "Runs beyond the allowance" }];
/** The product every plan's metered overage price belongs to (the name invoices show on the usage line). */
export const RUNS_OVERAGE_PRODUCT_NAME = "Runs beyond the allowance";

export const ADD_ONS = [
  {
    code: "extra_seats",
    name: "Extra seats (+5)",
    category: "seats",
    priceCents: 2000,
    interval: "month",
    effect: { seats: 5 },
    configKey: null,
    sort: 0,
  },
  {
    code: "priority_support",
    name: "Priority support",
    category: "support",
    priceCents: 9900,
    interval: "month",
    effect: { feature: "priority_support" },
    configKey: null,
    sort: 1,
  },
  {
    code: "custom_domain",
    name: "Custom domain",
    category: "domain",
    priceCents: 1500,
    interval: "year",
    effect: { feature: "custom_domain" },
    configKey: "domain",
    sort: 2,
  },
];

export const CREDIT_PACKS = [
  { code: "credits_1000", name: "1,000 credits", credits: 1000, priceCents: 1000, sort: 0 },
  { code: "credits_5000", name: "5,000 credits", credits: 5000, priceCents: 4500, sort: 1 },
  { code: "credits_20000", name: "20,000 credits", credits: 20000, priceCents: 16000, sort: 2 },
];

export const CREDITS_PRODUCT_NAME = "Tollgate credits";
