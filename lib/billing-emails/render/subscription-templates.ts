// The emails about a subscription's life: its trial, its plan, its end, a credit top-up's receipt, and usage alerts.
import { formatMoney } from "@/lib/money";
import { billingClosing, formatDay } from "./format";
import { button, facts, heading, layout, paragraph } from "@/lib/email/components";
import type { EmailParts, OrgContext } from "./templates";

/** `seats`: the quantity of a per-seat plan (the price is for all of them); absent or null on a flat plan. */
export type PlanPrice = { planName: string; priceCents: number | null; currency: string; interval: string; seats?: number | null };
export type TrialStartedData = PlanPrice & { subscriptionId: string; trialEnd: string };
export type TrialEndingData = TrialStartedData & { card: { brand: string; last4: string } | null };
export type TrialEndedData = { subscriptionId: string; planName: string; fallbackPlanName: string };
export type PlanChangedData = {
  subscriptionId: string;
  fromPlanName: string;
  toPlanName: string;
  interval: string;
  effectiveAt: string | null;
};
export type SubscriptionCancelledData = { subscriptionId: string; planName: string; endedAt: string | null; fallbackPlanName: string };
/**
 * A usage threshold reached in a counting period: `percent` of the plan's runs (`allowance`), or of the spending cap
 * on runs beyond them (`cap`); `mode` is what runs beyond the allowance do.
 */
export type UsageAlertData = {
  measure: "allowance" | "cap";
  percent: number;
  planName: string;
  runs: number;
  allowed: number;
  mode: "credits" | "metered" | "stop";
  runPriceCents: number | null;
  overageCents: number;
  capCents: number | null;
  currency: string;
  periodEnd: string;
};
export type TopUpReceiptData = { paymentIntentId: string; packName: string; credits: number; amountCents: number; currency: string };

const price = (p: PlanPrice) =>
  p.priceCents === null
    ? "the plan's price"
    : `${formatMoney(p.priceCents, p.currency)}/${p.interval}${p.seats ? ` for ${p.seats} ${p.seats === 1 ? "seat" : "seats"}` : ""}`;

/** One email from its heading, paragraphs, facts and call to action; the text part says the same in the same order. */
function compose(
  org: OrgContext,
  subject: string,
  title: string,
  body: string[],
  rows: [string, string][],
  action: [string, string],
): EmailParts {
  return {
    subject,
    mjml: layout(subject, [heading(title), ...body.map(paragraph), facts(rows), button(action[0], action[1])], billingClosing(org.name)),
    text: [title, "", ...body, "", ...rows.map(([l, v]) => `${l}: ${v}`), "", `${action[0]}: ${action[1]}`].join("\n"),
  };
}

export const trialStartedEmail = (d: TrialStartedData, org: OrgContext) =>
  compose(
    org,
    `${org.name}'s ${d.planName} trial has started`,
    `Your ${d.planName} trial has started`,
    [
      `${org.name} has every ${d.planName} feature until ${formatDay(d.trialEnd)}.`,
      `Then the card on file is charged ${price(d)}, unless you cancel before.`,
    ],
    [
      ["Plan", d.planName],
      ["Trial ends", formatDay(d.trialEnd)],
      ["Then", price(d)],
    ],
    ["Manage billing", org.billingUrl],
  );

export const trialEndingEmail = (d: TrialEndingData, org: OrgContext) =>
  compose(
    org,
    `${org.name}'s ${d.planName} trial ends on ${formatDay(d.trialEnd)}`,
    "Your trial ends in 3 days",
    [
      d.card
        ? `On ${formatDay(d.trialEnd)} the ${d.card.brand} card ending ${d.card.last4} is charged ${price(d)}.`
        : `There is no card on file: add one before ${formatDay(d.trialEnd)} to keep ${d.planName}.`,
    ],
    [
      ["Plan", d.planName],
      ["Trial ends", formatDay(d.trialEnd)],
      ["Then", price(d)],
      ["Card", d.card ? `${d.card.brand} •••• ${d.card.last4}` : "add a card"],
    ],
    [d.card ? "Manage billing" : "Add a card", org.billingUrl],
  );

export const trialEndedEmail = (d: TrialEndedData, org: OrgContext) =>
  compose(
    org,
    `${org.name}'s ${d.planName} trial has ended`,
    "Your trial has ended",
    [
      `${org.name} is on ${d.fallbackPlanName} now: its projects and members stay, within ${d.fallbackPlanName}'s limits.`,
      `Subscribe to ${d.planName} on the billing page whenever you want its features back.`,
    ],
    [
      ["Trial of", d.planName],
      ["Now on", d.fallbackPlanName],
    ],
    [`Subscribe to ${d.planName}`, org.billingUrl],
  );

export const planChangedEmail = (d: PlanChangedData, org: OrgContext) =>
  compose(
    org,
    `${org.name} is now on ${d.toPlanName}`,
    `${d.fromPlanName} → ${d.toPlanName}`,
    [`${org.name}'s plan changed from ${d.fromPlanName} to ${d.toPlanName}${d.effectiveAt ? ` on ${formatDay(d.effectiveAt)}` : ""}.`],
    [
      ["Before", d.fromPlanName],
      ["Now", `${d.toPlanName} (${d.interval}ly)`],
    ],
    ["Manage billing", org.billingUrl],
  );

export const subscriptionCancelledEmail = (d: SubscriptionCancelledData, org: OrgContext) =>
  compose(
    org,
    `${org.name}'s ${d.planName} subscription has ended`,
    "Your subscription has ended",
    [
      `${org.name}'s ${d.planName} subscription ended${d.endedAt ? ` on ${formatDay(d.endedAt)}` : ""}; nothing more will be charged.`,
      `${org.name} is on ${d.fallbackPlanName} now, with its limits.`,
    ],
    [
      ["Ended", d.planName],
      ["Now on", d.fallbackPlanName],
    ],
    ["Subscribe again", org.billingUrl],
  );

export const topUpReceiptEmail = (d: TopUpReceiptData, org: OrgContext) =>
  compose(
    org,
    `Receipt for ${org.name}: ${d.credits.toLocaleString("en-US")} credits`,
    "Credits added",
    [`We received ${formatMoney(d.amountCents, d.currency)} and added ${d.credits.toLocaleString("en-US")} credits to ${org.name}.`],
    [
      ["Pack", d.packName],
      ["Credits", d.credits.toLocaleString("en-US")],
      ["Amount paid", formatMoney(d.amountCents, d.currency)],
      ["Payment", d.paymentIntentId],
    ],
    ["See credits", org.billingUrl],
  );

const beyondAllowance = (d: UsageAlertData) =>
  d.mode === "metered"
    ? `Runs beyond it are billed at ${formatMoney(d.runPriceCents ?? 0, d.currency)} each on the next invoice${d.capCents === null ? "" : `, up to the ${formatMoney(d.capCents, d.currency)} cap`}.`
    : d.mode === "credits"
      ? "Runs beyond it are paid with prepaid credits."
      : "Runs beyond it are refused until the period ends.";

export const usageAlertEmail = (d: UsageAlertData, org: OrgContext) => {
  const runs = (n: number) => n.toLocaleString("en-US");
  const rows: [string, string][] = [
    ["Runs this period", `${runs(d.runs)} of ${runs(d.allowed)} included`],
    ...(d.mode === "metered" ? ([["Overage so far", formatMoney(d.overageCents, d.currency)]] as [string, string][]) : []),
    ...(d.capCents !== null && d.mode === "metered" ? ([["Spending cap", formatMoney(d.capCents, d.currency)]] as [string, string][]) : []),
    ["Period ends", formatDay(d.periodEnd)],
  ];
  if (d.measure === "cap")
    return compose(
      org,
      `${org.name} has reached ${d.percent}% of its spending cap`,
      `${d.percent}% of the spending cap`,
      [
        `Runs beyond the allowance have added ${formatMoney(d.overageCents, d.currency)} of the ${formatMoney(d.capCents ?? 0, d.currency)} cap this period.`,
        d.percent >= 100
          ? "Further runs are refused until the period ends, unless an admin raises or removes the cap."
          : "At the cap, further runs are refused until the period ends; an admin can raise or remove it on the billing page.",
      ],
      rows,
      ["Review the cap", org.billingUrl],
    );
  return compose(
    org,
    `${org.name} has used ${d.percent}% of its runs this period`,
    `${d.percent}% of the included runs`,
    [`${org.name} has recorded ${runs(d.runs)} of the ${runs(d.allowed)} runs ${d.planName} includes this period.`, beyondAllowance(d)],
    rows,
    ["See usage", org.billingUrl],
  );
};
