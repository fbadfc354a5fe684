import { scriptLiteral } from "../http/browser-safety";
import { esc } from "../pages/layout";

const FRAME_STYLE = `*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#30313d}
label{display:block;font-size:13px;margin:0 0 4px;color:#30313d}.f{margin-bottom:10px}.row{display:grid;grid-template-columns:1fr 1fr;gap:10px}
input{width:100%;padding:10px 12px;border:1px solid #e6e6e6;border-radius:6px;font-size:15px;box-shadow:0 1px 1px #0000000a}
input:focus{outline:0;border-color:#635bff;box-shadow:0 0 0 3px #635bff40}input[aria-invalid=true]{border-color:#df1b41}.err{color:#df1b41;font-size:13px;min-height:16px}`;

/** The card fields of the Payment Element, inside the emulator's origin. */
export function elementFrameHtml(frameId: string, parentOrigin: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Secure payment input</title><style>${FRAME_STYLE}</style></head><body>
<div class="f"><label for="number">Card number</label><input id="number" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234"></div>
<div class="row"><div class="f"><label for="expiry">Expiration date</label><input id="expiry" autocomplete="cc-exp" placeholder="MM / YY"></div>
<div class="f"><label for="cvc">Security code</label><input id="cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC"></div></div>
<div class="err" id="err" role="alert"></div>
<script>
(function () {
  var FRAME = ${scriptLiteral(frameId)}, PARENT = ${scriptLiteral(parentOrigin)};
  var number = document.getElementById("number"), expiry = document.getElementById("expiry"), cvc = document.getElementById("cvc"), err = document.getElementById("err");
  function post(message) { parent.postMessage(Object.assign({ source: "tollgate-stripe", frameId: FRAME }, message), PARENT); }
  function luhn(d) { var s = 0; for (var i = 0; i < d.length; i++) { var n = +d[d.length - 1 - i]; if (i % 2) { n *= 2; if (n > 9) n -= 9; } s += n; } return d.length >= 12 && s % 10 === 0; }
  function check() {
    var d = number.value.replace(/\\s+/g, ""), m = /^\\s*(\\d{1,2})\\s*\\/\\s*(\\d{2})\\s*$/.exec(expiry.value), now = new Date();
    if (!d) return { code: "incomplete_number", message: "Your card number is incomplete.", field: number };
    if (!/^\\d{12,19}$/.test(d)) return { code: "incomplete_number", message: "Your card number is incomplete.", field: number };
    if (!luhn(d)) return { code: "invalid_number", message: "Your card number is invalid.", field: number };
    if (!m || +m[1] < 1 || +m[1] > 12) return { code: "incomplete_expiry", message: "Your card's expiration date is incomplete.", field: expiry };
    var y = 2000 + +m[2];
    if (y < now.getFullYear() || (y === now.getFullYear() && +m[1] < now.getMonth() + 1)) return { code: "invalid_expiry_year_past", message: "Your card's expiration year is in the past.", field: expiry };
    if (!/^\\d{3,4}$/.test(cvc.value)) return { code: "incomplete_cvc", message: "Your card's security code is incomplete.", field: cvc };
    return null;
  }
  function state() {
    var problem = check(), empty = !number.value && !expiry.value && !cvc.value;
    return { empty: empty, complete: !problem, value: { type: "card" }, error: problem && !empty && problem.code.indexOf("incomplete") !== 0 ? { type: "validation_error", code: problem.code, message: problem.message } : undefined };
  }
  [number, expiry, cvc].forEach(function (input) {
    input.addEventListener("input", function () { input.removeAttribute("aria-invalid"); err.textContent = ""; post({ event: "change", payload: state() }); });
    input.addEventListener("focus", function () { post({ event: "focus" }); });
    input.addEventListener("blur", function () { post({ event: "blur" }); });
  });
  function show(problem) { err.textContent = problem.message; problem.field.setAttribute("aria-invalid", "true"); }
  function api(key, method, path, form) {
    return fetch(path, { method: method, headers: { authorization: "Bearer " + key, "content-type": "application/x-www-form-urlencoded" }, body: form ? new URLSearchParams(form).toString() : undefined })
      .then(function (res) { return res.json(); });
  }
  function paymentMethod(key) {
    var m = /^\\s*(\\d{1,2})\\s*\\/\\s*(\\d{2})/.exec(expiry.value);
    return api(key, "POST", "/v1/payment_methods", { type: "card", "card[number]": number.value.replace(/\\s+/g, ""), "card[exp_month]": m[1], "card[exp_year]": "20" + m[2], "card[cvc]": cvc.value });
  }
  window.addEventListener("message", function (event) {
    var d = event.data;
    if (event.origin !== PARENT || !d || d.source !== "tollgate-stripe-parent") return;
    function reply(result) { post({ requestId: d.requestId, result: result }); }
    var problem = check();
    if (d.action === "clear") { number.value = expiry.value = cvc.value = ""; return reply({}); }
    if (d.action === "validate") { if (problem) show(problem); return reply(problem ? { error: { type: "validation_error", code: problem.code, message: problem.message } } : {}); }
    if (problem) { show(problem); return reply({ error: { type: "validation_error", code: problem.code, message: problem.message } }); }
    paymentMethod(d.key).then(function (pm) {
      if (pm.error) return reply({ error: pm.error });
      if (d.action === "createPaymentMethod") return reply({ paymentMethod: pm });
      var kind = d.kind === "setup" ? "setup_intents" : "payment_intents";
      var id = String(d.clientSecret).split("_secret_")[0];
      var form = { client_secret: d.clientSecret, payment_method: pm.id };
      return api(d.key, "POST", "/v1/" + kind + "/" + id + "/confirm", form).then(function (r) {
        // Like Stripe's Payment Element, a decline is not written under the fields: the page shows confirmPayment's error.
        if (r.error) return reply({ error: r.error });
        var out = {}; out[d.kind === "setup" ? "setupIntent" : "paymentIntent"] = r; reply(out);
      });
    }).catch(function () { reply({ error: { type: "api_connection_error", message: "Could not reach the local Stripe." } }); });
  });
  post({ event: "ready" });
})();
</script></body></html>`;
}

/** The 3-D Secure challenge inside Stripe.js's modal: Complete or Fail, then tell the page. */
export function challengeFrameHtml(intentId: string, parentOrigin: string): string {
  const kind = intentId.startsWith("seti_") ? "setup_intents" : "payment_intents";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>3D Secure</title><style>${FRAME_STYLE}
body{padding:28px;text-align:center}h1{font-size:18px}p{color:#6d6e78;font-size:14px}button{width:100%;padding:12px;border-radius:6px;font-size:15px;font-weight:600;cursor:pointer;margin-top:10px}
.ok{background:#635bff;color:#fff;border:0}.no{background:#fff;color:#30313d;border:1px solid #e6e6e6}</style></head><body>
<p>Your bank · 3D Secure</p><h1>Authenticate this payment</h1><p>This is a test authentication page of the local Stripe.</p>
<button class="ok" data-outcome="complete">Complete</button><button class="no" data-outcome="fail">Fail</button>
<script>
document.querySelectorAll("button").forEach(function (b) {
  b.addEventListener("click", function () {
    fetch("/_emulator/${kind}/${esc(intentId)}/authenticate", { method: "POST", body: JSON.stringify({ outcome: b.dataset.outcome }) })
      .then(function () { parent.postMessage({ source: "tollgate-stripe-3ds", intent: ${scriptLiteral(intentId)} }, ${scriptLiteral(parentOrigin)}); });
  });
});
</script></body></html>`;
}
