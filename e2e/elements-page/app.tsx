// A small page that pays a PaymentIntent with @stripe/react-stripe-js exactly as Tollgate's top-up form will.
import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { loadStripe } from "@stripe/stripe-js";
import { useState } from "react";
import { createRoot } from "react-dom/client";

const config = (window as unknown as { __ELEMENTS_PAGE__: { publishableKey: string; clientSecret: string } }).__ELEMENTS_PAGE__;
const stripePromise = loadStripe(config.publishableKey);

function PayForm() {
  const stripe = useStripe();
  const elements = useElements();
  const [status, setStatus] = useState<string>("");
  const [complete, setComplete] = useState(false);
  async function pay(event: React.FormEvent) {
    event.preventDefault();
    if (!stripe || !elements) return;
    setStatus("Processing…");
    const submitted = await elements.submit();
    if (submitted.error) return setStatus(submitted.error.message ?? "Check your card details.");
    const result = await stripe.confirmPayment({
      elements,
      redirect: "if_required",
      confirmParams: { return_url: `${location.origin}/done` },
    });
    if (result.error) return setStatus(result.error.message ?? "Payment failed.");
    setStatus(`Payment ${result.paymentIntent.status}`);
  }
  return (
    <form onSubmit={pay}>
      <PaymentElement onChange={(e) => setComplete(e.complete)} />
      <button type="submit" disabled={!stripe}>
        Pay $10.00
      </button>
      <p data-testid="complete">{complete ? "card complete" : "card incomplete"}</p>
      <p role="status">{status}</p>
    </form>
  );
}

createRoot(document.getElementById("root")!).render(
  <Elements stripe={stripePromise} options={{ clientSecret: config.clientSecret, appearance: { theme: "stripe" } }}>
    <PayForm />
  </Elements>,
);
