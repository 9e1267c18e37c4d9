// The reference payment-provider adapter: the seam between the Billing & Upgrade page and
// a payment provider (README, Embedding → Payment provider), wrapping the reference
// hosted fields the mock API serves from its own origin.
//
//   import { referenceProvider } from "/billing/reference-provider.js";
//   element.paymentProvider = referenceProvider({ origin: "http://127.0.0.1:3002" });
//
// Every function returns a promise. The card number stays in the provider's frame; this
// module hears only from that frame's window at that exact origin, and posts only to it.

const TIMEOUT_MS = 15000;

/** The adapter for the reference provider at `origin` (`http://host:port`). */
export function referenceProvider({ origin }) {
  const providerOrigin = new URL(origin).origin;
  let fields = null; // the card-fields iframe
  let listener = null;
  const waiting = new Map(); // tokenize id -> resolve
  let challenge = null; // { frame, resolve, listener }
  let nextId = 1;

  const frameUrl = (path, extra) => {
    const url = new URL(path, providerOrigin);
    for (const [key, value] of Object.entries(extra)) {
      if (value != null) url.searchParams.set(key, String(value));
    }
    return url.href;
  };

  // Esc pressed inside a frame: the page hears it as a keydown on the frame (its dialog
  // closes as it does on Esc anywhere else in it).
  const escapeFrom = (frame) => {
    if (frame && frame.isConnected) {
      frame.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, composed: true, cancelable: true }));
    }
  };

  const closeChallenge = (result) => {
    if (!challenge) return;
    window.removeEventListener("message", challenge.listener);
    challenge.frame.remove();
    const { resolve } = challenge;
    challenge = null;
    resolve(result);
  };

  return {
    /** Puts the card fields into `container`; resolves once they are ready. */
    mount(container, { locale, theme } = {}) {
      this.unmount();
      return new Promise((resolve, reject) => {
        const frame = document.createElement("iframe");
        frame.className = "bu-provider-frame";
        frame.title = locale === "it" ? "Dati della carta" : "Card details";
        frame.setAttribute("allow", "payment");
        const timer = setTimeout(() => reject(new Error("the card fields did not load")), TIMEOUT_MS);
        listener = (event) => {
          if (event.origin !== providerOrigin || !fields || event.source !== fields.contentWindow) return;
          const data = event.data;
          if (!data || typeof data !== "object") return;
          if (data.type === "bu-provider:ready") {
            clearTimeout(timer);
            resolve();
          } else if (data.type === "bu-provider:resize" && Number.isFinite(data.height)) {
            // CSSOM, not a style attribute: allowed under `style-src 'self'`.
            fields.style.height = `${Math.min(Math.max(Math.ceil(data.height), 60), 800)}px`;
          } else if (data.type === "bu-provider:escape") {
            escapeFrom(fields);
          } else if (data.type === "bu-provider:tokenized" && waiting.has(data.id)) {
            waiting.get(data.id)(data.result);
            waiting.delete(data.id);
          }
        };
        window.addEventListener("message", listener);
        fields = frame;
        frame.src = frameUrl("/fields.html", { parent: location.origin, locale, theme });
        container.append(frame);
      });
    },

    /** Asks the fields for a token: `{token, card}` or `{error: {code, message}}`. */
    tokenize() {
      if (!fields || !fields.contentWindow) {
        return Promise.resolve({ error: { code: "not_mounted", message: "the card fields are not shown" } });
      }
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          resolve({ error: { code: "provider_unavailable", message: "the payment provider did not answer" } });
        }, TIMEOUT_MS);
        waiting.set(id, (result) => {
          clearTimeout(timer);
          resolve(result);
        });
        fields.contentWindow.postMessage({ type: "bu-provider:tokenize", id }, providerOrigin);
      });
    },

    /**
     * Shows the issuer's challenge for `action` ({kind: "three_d_secure", url}) in
     * `container` (a place the page keeps for it in its dialog): `{ok: true}` once it is
     * completed, `{error}` when it fails or is abandoned (unmount).
     */
    authenticate(action, { container, locale } = {}) {
      let url;
      try {
        url = new URL(action && action.url);
      } catch {
        url = null;
      }
      if (!action || action.kind !== "three_d_secure" || !url || url.origin !== providerOrigin) {
        return Promise.resolve({ error: { code: "unsupported_action", message: "this provider cannot take that step" } });
      }
      closeChallenge({ error: { code: "authentication_abandoned", message: "replaced by another challenge" } });
      return new Promise((resolve) => {
        const frame = document.createElement("iframe");
        frame.className = "bu-provider-frame bu-provider-frame--challenge";
        frame.title = locale === "it" ? "Verifica della banca" : "Bank verification";
        const onMessage = (event) => {
          if (event.origin !== providerOrigin || event.source !== frame.contentWindow) return;
          const data = event.data;
          if (data && data.type === "bu-provider:escape") return escapeFrom(frame);
          if (!data || data.type !== "bu-provider:challenge") return;
          closeChallenge(
            data.ok === true
              ? { ok: true }
              : { error: { code: "authentication_failed", message: "the bank did not confirm the payment" } },
          );
        };
        challenge = { frame, resolve, listener: onMessage };
        window.addEventListener("message", onMessage);
        url.searchParams.set("parent", location.origin);
        if (locale) url.searchParams.set("locale", locale);
        frame.src = url.href;
        (container || document.body).append(frame);
      });
    },

    /** Removes the fields and any challenge; a pending challenge ends as abandoned. */
    unmount() {
      closeChallenge({ error: { code: "authentication_abandoned", message: "the challenge was closed" } });
      if (listener) window.removeEventListener("message", listener);
      listener = null;
      if (fields) fields.remove();
      fields = null;
      for (const resolve of waiting.values()) {
        resolve({ error: { code: "not_mounted", message: "the card fields were removed" } });
      }
      waiting.clear();
      return Promise.resolve();
    },
  };
}

/** Reads `{origin}` from `url` (the mock API serves `/provider.json`) and builds the adapter. */
export async function referenceProviderFromConfig(url = "/provider.json") {
  const reply = await fetch(url, { credentials: "same-origin" });
  if (!reply.ok) throw new Error(`no payment provider configuration at ${url}`);
  const { origin } = await reply.json();
  return referenceProvider({ origin });
}
