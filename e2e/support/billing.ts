import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { emulatorStripe } from "./stripe";
import { api } from "./api";
import { PLANS } from "../../lib/plans/catalog-definition";

// Billing set-ups the journeys share: an org of the signed-in user, and subscriptions made in Stripe
// directly (as a sales-led deal or an earlier signup would be), which the webhook brings into the app.

const stripe = emulatorStripe();
const DAY = 86_400;

export function createOrg(page: Page, label: string) {
  return createOrgWith(page.request, label);
}

/** A new org, owned by whoever is signed in on `request`. */
export async function createOrgWith(request: APIRequestContext, label: string) {
  const slug = `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const res = await api(request).post("/api/v1/orgs", { data: { name: `${label} Inc`, slug } });
  expect(res.status()).toBe(201);
  return (await res.json()).org as { id: string; slug: string };
}

const priceFor = async (lookupKey: string) => (await stripe.prices.list({ lookup_keys: [lookupKey] })).data[0]!;
const teamMonthly = () => priceFor("tollgate_team_monthly");

/** The seats a new org of one person is billed for on a catalog price's plan: its minimum on a per-seat plan. */
const seatsOfOne = (lookupKey: string) => {
  const plan = PLANS.find((p) => lookupKey.startsWith(`tollgate_${p.code}_`));
  return plan?.pricing === "per_seat" ? Math.max(1, plan.minSeats) : 1;
};

/** A paying customer with a Visa, no trial: Team monthly unless another catalog price is named, for the org's one seat. */
export async function subscribeThroughStripe(orgId: string, lookupKey = "tollgate_team_monthly") {
  const customer = await stripe.customers.create({ metadata: { orgId } });
  const card = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: (await priceFor(lookupKey)).id, quantity: seatsOfOne(lookupKey) }],
    default_payment_method: card.id,
    metadata: { orgId },
  });
  return customer.id;
}

/**
 * A Team customer whose renewal failed `daysAgo` days ago: the subscription starts on a test clock a
 * month before that, its card is swapped for one that declines, and the clock runs past the renewal.
 */
export async function renewalFailed(orgId: string, daysAgo: number) {
  const now = Math.floor(Date.now() / 1000);
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: now - (daysAgo + 31) * DAY });
  const customer = await stripe.customers.create({ test_clock: clock.id, metadata: { orgId } });
  const card = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: (await teamMonthly()).id }],
    default_payment_method: card.id,
    metadata: { orgId },
  });
  const declining = await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
  await stripe.subscriptions.update(sub.id, { default_payment_method: declining.id });
  await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: sub.items.data[0]!.current_period_end + 3600 });
  await expect.poll(async () => (await stripe.testHelpers.testClocks.retrieve(clock.id)).status, { timeout: 15_000 }).toBe("ready");
}

/** Reloads the billing page, as a person would, until the plan card shows `badge` (the webhook has landed). */
export async function reloadUntilBadge(page: Page, badge: string | RegExp) {
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("current-plan").getByText(badge)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}
