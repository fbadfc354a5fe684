import { money } from "@/components/billing/format";
import { Alert } from "@/components/ui/alert";
import type { SeatQuote } from "@/lib/billing/seats/seat-quote";

const per = (interval: string) => (interval === "year" ? "a year" : "a month");
const seatCount = (n: number) => `${n} ${n === 1 ? "seat" : "seats"}`;

/** What an invitation adds to a per-seat bill, in words: "Adds $12.00 a month; $7.40 now for the rest of this period." */
export function seatPriceSentence(q: SeatQuote): string {
  const recurring = `${money(q.recurringChange, q.currency)} ${per(q.interval)}`;
  if (q.seatsAfter === q.seats) return `Your plan includes ${seatCount(q.seats)}: this invitation costs nothing more.`;
  if (q.trialing) return `Adds ${recurring} once the trial ends; nothing now.`;
  if (q.charged === "already_paid")
    return `Adds ${recurring} from the next invoice; nothing now: a seat given up this period is still paid for.`;
  const prorated = money(q.prorated, q.currency);
  if (q.charged === "next_invoice") return `Adds ${recurring}; ${prorated} for the rest of this period on the next invoice.`;
  return `Adds ${recurring}; ${prorated} now for the rest of this period.`;
}

export function SeatPrice({ quote, error, loading }: { quote: SeatQuote | null; error: string | null; loading: boolean }) {
  if (loading) return <p className="text-sm text-zinc-500">Working out what one more seat costs…</p>;
  if (error)
    return (
      <Alert tone="warning">
        The price of one more seat can&apos;t be shown right now ({error}). An invitation you send is billed at your plan&apos;s seat price
        once Stripe answers.
      </Alert>
    );
  if (!quote) return null;
  return (
    <p className="text-sm text-zinc-700" data-testid="seat-price">
      {seatCount(quote.seats)} at {money(quote.unitAmount, quote.currency)} {per(quote.interval)} each. {seatPriceSentence(quote)}
    </p>
  );
}
