/** What a test card does when charged, following Stripe's documented test numbers. */
export type CardBehaviour =
  | "succeeds"
  | "declined"
  | "insufficient_funds"
  | "expired_card"
  | "incorrect_cvc"
  | "attach_ok_charge_fails"
  | "disputed" // 0259: succeeds, then the cardholder disputes it
  | "inquiry" // 1976: succeeds, then the issuer opens an inquiry (no funds move)
  | "requires_authentication_once" // 3155: on-session payments need 3-D Secure; off-session after setup do not
  | "requires_authentication_always"; // 3220: every payment needs 3-D Secure

export type TestCard = { number: string; brand: string; behaviour: CardBehaviour; pmId?: string };

const TEST_CARDS: TestCard[] = [
  { number: "4242424242424242", brand: "visa", behaviour: "succeeds", pmId: "pm_card_visa" },
  { number: "5555555555554444", brand: "mastercard", behaviour: "succeeds", pmId: "pm_card_mastercard" },
  { number: "378282246310005", brand: "amex", behaviour: "succeeds", pmId: "pm_card_amex" },
  { number: "4000056655665556", brand: "visa", behaviour: "succeeds", pmId: "pm_card_visa_debit" },
  { number: "6011111111111117", brand: "discover", behaviour: "succeeds", pmId: "pm_card_discover" },
  { number: "5200828282828210", brand: "mastercard", behaviour: "succeeds", pmId: "pm_card_mastercard_debit" },
  { number: "4000000000000002", brand: "visa", behaviour: "declined", pmId: "pm_card_chargeDeclined" },
  { number: "4000000000009995", brand: "visa", behaviour: "insufficient_funds", pmId: "pm_card_chargeDeclinedInsufficientFunds" },
  { number: "4000000000000069", brand: "visa", behaviour: "expired_card", pmId: "pm_card_chargeDeclinedExpiredCard" },
  { number: "4000000000000127", brand: "visa", behaviour: "incorrect_cvc", pmId: "pm_card_chargeDeclinedIncorrectCvc" },
  { number: "4000000000000259", brand: "visa", behaviour: "disputed", pmId: "pm_card_createDispute" },
  { number: "4000000000001976", brand: "visa", behaviour: "inquiry", pmId: "pm_card_createDisputeInquiry" },
  { number: "4000000000000341", brand: "visa", behaviour: "attach_ok_charge_fails", pmId: "pm_card_chargeCustomerFail" },
  { number: "4000002500003155", brand: "visa", behaviour: "requires_authentication_once", pmId: "pm_card_authenticationRequiredOnSetup" },
  { number: "4000000000003220", brand: "visa", behaviour: "requires_authentication_always", pmId: "pm_card_threeDSecure2Required" },
  { number: "4000002760003184", brand: "visa", behaviour: "requires_authentication_always", pmId: "pm_card_authenticationRequired" },
];

// Each magic payment method has its token: pm_card_chargeCustomerFail is tok_chargeCustomerFail.
const TOKENS: Record<string, string> = Object.fromEntries(
  TEST_CARDS.flatMap((c) => (c.pmId ? [[c.pmId.replace("pm_card_", "tok_"), c.number]] : [])),
);

export function cardByNumber(number: string): TestCard {
  const digits = number.replace(/\s+/g, "");
  return (
    TEST_CARDS.find((c) => c.number === digits) ?? {
      number: digits,
      brand: digits.startsWith("5") ? "mastercard" : "visa",
      behaviour: "succeeds",
    }
  );
}

// Stripe also accepts brand-qualified spellings of the magic ids, e.g. pm_card_visa_chargeDeclined.
export const cardByPaymentMethodId = (id: string) =>
  TEST_CARDS.find((c) => c.pmId === id) ??
  TEST_CARDS.find((c) => c.pmId && c.pmId !== "pm_card_visa" && id === c.pmId.replace("pm_card_", "pm_card_visa_"));
export const cardByToken = (token: string) => (TOKENS[token] ? cardByNumber(TOKENS[token]) : undefined);

/** The decline Stripe reports for a card that cannot be charged, or null when it can. */
export function declineFor(behaviour: CardBehaviour): { code: string; decline_code: string; message: string } | null {
  switch (behaviour) {
    case "declined":
    case "attach_ok_charge_fails":
      return { code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." };
    case "insufficient_funds":
      return { code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." };
    case "expired_card":
      return { code: "expired_card", decline_code: "expired_card", message: "Your card has expired." };
    case "incorrect_cvc":
      return { code: "incorrect_cvc", decline_code: "incorrect_cvc", message: "Your card's security code is incorrect." };
    default:
      return null;
  }
}

export function validLuhn(number: string): boolean {
  let sum = 0;
  const digits = number.replace(/\D/g, "");
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.length >= 12 && sum % 10 === 0;
}
