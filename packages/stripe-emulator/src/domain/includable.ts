// Stripe's "includable" fields: absent from an object unless asked for with expand[] (an invoice's `payments`, a
// charge's `refunds`), then present as a list.
import type { Includable } from "../http/expand";
import type { Stored, Tx } from "../store/store";
import { paymentsOfInvoice } from "./invoice-payments";

export function includableFields(tx: Tx): Includable {
  return (object, field) => {
    const id = String(object.id);
    if (object.object === "invoice" && field === "payments") return paymentsOfInvoice(tx, id);
    if (object.object === "charge" && field === "refunds") {
      const data = tx
        .all<Stored & { charge: string; created: number }>("refund", (r) => r.charge === id)
        .sort((a, b) => b.created - a.created);
      return { object: "list", data, has_more: false, url: `/v1/charges/${id}/refunds` };
    }
    return undefined;
  };
}
