// The Stripe.js stand-in served at /v3/stripe.js in emulator mode. It defines window.Stripe before
// @stripe/stripe-js's loadStripe runs, so the app keeps using loadStripe, <Elements> and <PaymentElement>.
// Card fields live in an iframe on the emulator's origin (card data never touches the app's origin);
// this script only talks to that frame by postMessage. Plain ES2017, no dependencies: it runs as served.
export const STRIPE_JS = String.raw`(function () {
  var script = document.currentScript;
  var ORIGIN = new URL(script.src).origin;
  var uid = 0;
  function nextId(p) { uid += 1; return p + "_" + Date.now().toString(36) + "_" + uid; }

  var pending = {};
  window.addEventListener("message", function (event) {
    if (event.origin !== ORIGIN || !event.data || event.data.source !== "tollgate-stripe") return;
    var d = event.data;
    if (d.requestId && pending[d.requestId]) { var resolve = pending[d.requestId]; delete pending[d.requestId]; resolve(d.result); return; }
    var el = Element.byFrame[d.frameId];
    if (el) el._emit(d.event, d.payload || {});
  });
  function ask(frame, message) {
    return new Promise(function (resolve) {
      var requestId = nextId("req");
      pending[requestId] = resolve;
      frame.contentWindow.postMessage(Object.assign({ source: "tollgate-stripe-parent", requestId: requestId }, message), ORIGIN);
    });
  }

  function Element(elements, type, options) {
    this._elements = elements; this._type = type; this._options = options || {}; this._handlers = {}; this._frame = null;
    this._id = nextId("frame"); Element.byFrame[this._id] = this;
  }
  Element.byFrame = {};
  Element.prototype.mount = function (target) {
    var node = typeof target === "string" ? document.querySelector(target) : target;
    if (!node) throw new Error("IntegrationError: the mount target was not found.");
    var frame = document.createElement("iframe");
    frame.src = ORIGIN + "/elements/frame?frameId=" + encodeURIComponent(this._id) + "&type=" + encodeURIComponent(this._type) + "&parent=" + encodeURIComponent(location.origin);
    frame.title = "Secure payment input frame";
    frame.setAttribute("allowtransparency", "true");
    frame.style.cssText = "border:0;width:100%;height:172px;display:block;overflow:hidden;";
    node.appendChild(frame);
    this._frame = frame;
  };
  Element.prototype.on = function (name, handler) { (this._handlers[name] = this._handlers[name] || []).push(handler); return this; };
  Element.prototype.off = function (name, handler) { this._handlers[name] = (this._handlers[name] || []).filter(function (h) { return h !== handler; }); return this; };
  Element.prototype.once = function (name, handler) { var self = this; function once(e) { self.off(name, once); handler(e); } return this.on(name, once); };
  Element.prototype._emit = function (name, payload) { var self = this; (this._handlers[name] || []).forEach(function (h) { h(Object.assign({ elementType: self._type }, payload)); }); };
  Element.prototype.update = function (options) { Object.assign(this._options, options || {}); };
  Element.prototype.unmount = function () { if (this._frame) this._frame.remove(); this._frame = null; };
  Element.prototype.destroy = function () { this.unmount(); delete Element.byFrame[this._id]; this._elements._remove(this); };
  Element.prototype.focus = function () { if (this._frame) this._frame.focus(); };
  Element.prototype.blur = function () {};
  Element.prototype.clear = function () { if (this._frame) ask(this._frame, { action: "clear" }); };
  Element.prototype.collapse = function () {};

  function Elements(stripe, options) { this._stripe = stripe; this._options = options || {}; this._list = []; }
  Elements.prototype.create = function (type, options) {
    if (type !== "payment" && type !== "card") throw new Error("IntegrationError: the local Stripe supports the 'payment' and 'card' Elements.");
    var el = new Element(this, type, options); this._list.push(el); return el;
  };
  Elements.prototype.getElement = function (type) {
    var key = typeof type === "string" ? type : type && type.__elementType;
    return this._list.filter(function (e) { return e._type === key; })[0] || null;
  };
  Elements.prototype.update = function (options) { Object.assign(this._options, options || {}); };
  Elements.prototype.fetchUpdates = function () { return Promise.resolve({}); };
  Elements.prototype._remove = function (el) { this._list = this._list.filter(function (e) { return e !== el; }); };
  Elements.prototype._mounted = function () { return this._list.filter(function (e) { return e._frame; })[0] || null; };
  Elements.prototype.submit = function () {
    var el = this._mounted();
    if (!el) return Promise.resolve({ error: { type: "validation_error", message: "Mount an Element before submitting." } });
    return ask(el._frame, { action: "validate" }).then(function (r) { return r.error ? { error: r.error } : {}; });
  };

  function Stripe(key, options) {
    if (!(this instanceof Stripe)) return new Stripe(key, options);
    if (typeof key !== "string" || key.indexOf("pk_") !== 0) throw new Error("IntegrationError: Invalid value for Stripe(): apiKey should be a publishable key (pk_...).");
    this._key = key; this._options = options || {};
  }
  Stripe.version = "endive";
  Stripe.prototype.elements = function (options) { return new Elements(this, options); };
  Stripe.prototype.registerAppInfo = function () {};
  Stripe.prototype._registerWrapper = function () {};
  Stripe.prototype.createToken = function () { return Promise.resolve({ error: { type: "invalid_request_error", message: "Tokens are not supported by the local Stripe; use PaymentMethods." } }); };
  Stripe.prototype.createPaymentMethod = function (params) {
    var el = params && params.elements ? params.elements._mounted() : params && params.element;
    if (!el || !el._frame) return Promise.resolve({ error: { type: "invalid_request_error", message: "Pass elements to createPaymentMethod." } });
    return ask(el._frame, { action: "createPaymentMethod", key: this._key });
  };
  Stripe.prototype._api = function (method, path, form) {
    var body = form ? new URLSearchParams(form).toString() : undefined;
    return fetch(ORIGIN + path, { method: method, headers: { authorization: "Bearer " + this._key, "content-type": "application/x-www-form-urlencoded" }, body: body })
      .then(function (res) { return res.json(); });
  };
  Stripe.prototype.retrievePaymentIntent = function (clientSecret) {
    var id = String(clientSecret).split("_secret_")[0];
    return this._api("GET", "/v1/payment_intents/" + id + "?client_secret=" + encodeURIComponent(clientSecret)).then(function (r) { return r.error ? { error: r.error } : { paymentIntent: r }; });
  };
  Stripe.prototype.retrieveSetupIntent = function (clientSecret) {
    var id = String(clientSecret).split("_secret_")[0];
    return this._api("GET", "/v1/setup_intents/" + id + "?client_secret=" + encodeURIComponent(clientSecret)).then(function (r) { return r.error ? { error: r.error } : { setupIntent: r }; });
  };
  // 3-D Secure opens in a modal on the emulator's origin; it answers when the challenge is done.
  Stripe.prototype._authenticate = function (kind, intent, clientSecret) {
    var self = this;
    return new Promise(function (resolve) {
      var overlay = document.createElement("div");
      overlay.setAttribute("role", "dialog"); overlay.setAttribute("aria-label", "3D Secure authentication");
      overlay.style.cssText = "position:fixed;inset:0;background:rgba(10,37,64,.55);display:flex;align-items:center;justify-content:center;z-index:2147483647";
      var frame = document.createElement("iframe");
      frame.title = "3D Secure challenge";
      frame.src = ORIGIN + "/_emulator/3ds/" + intent.id + "?parent=" + encodeURIComponent(location.origin);
      frame.style.cssText = "width:420px;height:440px;border:0;border-radius:12px;background:#fff";
      overlay.appendChild(frame); document.body.appendChild(overlay);
      function done(event) {
        if (event.origin !== ORIGIN || !event.data || event.data.source !== "tollgate-stripe-3ds" || event.data.intent !== intent.id) return;
        window.removeEventListener("message", done); overlay.remove();
        (kind === "payment" ? self.retrievePaymentIntent(clientSecret) : self.retrieveSetupIntent(clientSecret)).then(resolve);
      }
      window.addEventListener("message", done);
    });
  };
  Stripe.prototype._finish = function (kind, result, clientSecret, params) {
    var self = this;
    var name = kind === "payment" ? "paymentIntent" : "setupIntent";
    if (result.error) return Promise.resolve({ error: result.error });
    var intent = result[name];
    var settle = function (r) {
      if (r.error) return { error: r.error };
      var i = r[name];
      var err = kind === "payment" ? i.last_payment_error : i.last_setup_error;
      if (i.status === "requires_payment_method" && err) return { error: Object.assign({}, err, { type: err.type || "card_error" }) };
      var returnUrl = params.confirmParams && params.confirmParams.return_url;
      if (params.redirect !== "if_required" && returnUrl && i.status === "succeeded") {
        var url = new URL(returnUrl);
        url.searchParams.set(kind + "_intent", i.id); url.searchParams.set(kind + "_intent_client_secret", clientSecret); url.searchParams.set("redirect_status", "succeeded");
        window.location.assign(url.toString());
        return new Promise(function () {});
      }
      var out = {}; out[name] = i; return out;
    };
    if (intent.status === "requires_action") return self._authenticate(kind, intent, clientSecret).then(settle);
    var ok = {}; ok[name] = intent; return Promise.resolve(settle(ok));
  };
  Stripe.prototype._confirm = function (kind, params) {
    var self = this;
    var elements = params.elements;
    var el = elements && elements._mounted();
    var clientSecret = params.clientSecret || (elements && elements._options.clientSecret);
    if (!el) return Promise.resolve({ error: { type: "invalid_request_error", message: "Pass the elements instance that has a mounted Payment Element." } });
    if (!clientSecret) return Promise.resolve({ error: { type: "invalid_request_error", message: "Pass clientSecret, or create Elements with one." } });
    var returnUrl = params.confirmParams && params.confirmParams.return_url;
    if (params.redirect !== "if_required" && !returnUrl) return Promise.resolve({ error: { type: "invalid_request_error", message: "confirmParams.return_url is required unless redirect is 'if_required'." } });
    return ask(el._frame, { action: "confirm", kind: kind, key: self._key, clientSecret: clientSecret, returnUrl: returnUrl || null })
      .then(function (result) { return self._finish(kind, result, clientSecret, params); });
  };
  Stripe.prototype.confirmPayment = function (params) { return this._confirm("payment", params || {}); };
  Stripe.prototype.confirmSetup = function (params) { return this._confirm("setup", params || {}); };
  Stripe.prototype.confirmCardPayment = function (clientSecret, data) { return this._confirm("payment", { elements: data && data.payment_method && data.payment_method.card && data.payment_method.card._elements, clientSecret: clientSecret, redirect: "if_required" }); };
  Stripe.prototype.handleNextAction = function (params) {
    var self = this;
    return self.retrievePaymentIntent(params.clientSecret).then(function (r) {
      if (r.error || r.paymentIntent.status !== "requires_action") return r;
      return self._authenticate("payment", r.paymentIntent, params.clientSecret);
    });
  };

  window.Stripe = Stripe;
})();`;
