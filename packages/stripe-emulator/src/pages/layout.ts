export const esc = (v: unknown) =>
  String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export const money = (cents: number, currency: string) =>
  `${cents < 0 ? "-" : ""}${currency === "usd" ? "$" : esc(currency.toUpperCase()) + " "}${(Math.abs(cents) / 100).toFixed(2)}`;

/** A link target from stored data, escaped, and only if it is a web address: never a javascript: or data: URL. */
export const href = (url: unknown) => {
  const text = String(url ?? "");
  return URL.canParse(text) && ["http:", "https:"].includes(new URL(text).protocol) ? esc(text) : "#";
};

/** The frame of every hosted page: Stripe-like, product-grade, no external assets. */
export function hostedPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title>
<style>*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1f36;background:#fff}
.split{display:grid;grid-template-columns:1fr 1fr;min-height:100vh}@media(max-width:800px){.split{grid-template-columns:1fr}}
.summary{background:#f6f9fc;padding:64px 48px}.pay{padding:64px 48px;max-width:520px}
.merchant{font-weight:600;color:#697386;margin-bottom:24px}.back{color:#697386;text-decoration:none;font-size:14px}
.amount{font-size:36px;font-weight:700;margin:8px 0}.muted{color:#697386}.trial{color:#0055bc;font-weight:600}
.line{display:flex;justify-content:space-between;padding:12px 0;border-bottom:1px solid #e3e8ee}.line:last-child{border:0}
label{display:block;font-size:13px;font-weight:500;color:#3c4257;margin:16px 0 6px}
input{width:100%;padding:10px 12px;border:1px solid #d5dbe1;border-radius:6px;font-size:15px}input:focus{outline:2px solid #635bff33;border-color:#635bff}
.row{display:grid;grid-template-columns:1fr 1fr;gap:0}.row input:first-child{border-radius:0 0 0 6px}.row input:last-child{border-radius:0 0 6px 0}.stack input.top{border-radius:6px 6px 0 0;border-bottom:0}
button{width:100%;margin-top:24px;padding:12px;border:0;border-radius:6px;background:#635bff;color:#fff;font-size:16px;font-weight:600;cursor:pointer}
button.secondary{background:#fff;color:#635bff;border:1px solid #d5dbe1;width:auto;margin:0;padding:10px 14px}
.error{color:#df1b41;font-size:14px;margin-top:8px}.ok{color:#05690d;font-size:14px}.promo{display:flex;gap:8px;margin-top:16px}
.linkbtn{display:inline-block;padding:10px 14px;border:1px solid #d5dbe1;border-radius:6px;color:#635bff;text-decoration:none;font-weight:600}.center{max-width:420px;margin:96px auto;text-align:center;padding:0 24px}.badge{display:inline-block;background:#fcedb9;color:#a04100;border-radius:4px;padding:2px 6px;font-size:12px;font-weight:600}</style></head>
<body>${body}</body></html>`;
}
