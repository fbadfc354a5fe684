import { z } from "zod";
import { invalidRequest } from "../http/errors";
import { listObject, paginationParams } from "../http/list";
import { obj, parseParams, str } from "../http/params";
import type { Router } from "../http/router";
import { Link, invoicePayment } from "../domain/invoice-payments";

export function registerInvoicePayments(router: Router): void {
  router.add("GET", "/v1/invoice_payments", ({ tx, params }) => {
    const p = parseParams(
      obj({
        ...paginationParams,
        invoice: str().optional(),
        payment: z
          .object({
            type: z.enum(["payment_intent", "payment_record"]),
            payment_intent: str().optional(),
            payment_record: str().optional(),
          })
          .optional(),
        status: str().optional(),
      }),
      params,
    );
    const links = tx.all<Link>(
      "emulator.invoice_payment",
      (l) => (!p.invoice || l.invoice === p.invoice) && (!p.payment?.payment_intent || l.payment_intent === p.payment.payment_intent),
    );
    const payments = links.map((l) => invoicePayment(tx, l)).filter((ip) => !p.status || ip.status === p.status);
    return listObject(payments, p, "/v1/invoice_payments");
  });
  router.add("GET", "/v1/invoice_payments/:id", ({ tx, path }) => {
    const link = tx.get<Link>(`invpay_pi_${path.id!.replace(/^inpay_/, "")}`);
    if (!link) throw invalidRequest(`No such invoice payment: '${path.id}'`, { status: 404, code: "resource_missing", param: "id" });
    return invoicePayment(tx, link);
  });
}
