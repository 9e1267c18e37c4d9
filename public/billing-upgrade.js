// Billing & Upgrade loader: the one script a host adds.
//
//   <script type="module" src="/billing/billing-upgrade.js"></script>
//   <billing-upgrade api-base="/api" locale="en" theme="light"></billing-upgrade>
//
// It initialises the wasm once (URLs resolved from this module's own URL, so it works from
// any path), defines <billing-upgrade> (open shadow root, the page's stylesheet linked in,
// mounted on connect, unmounted on disconnect, remounted when an attribute changes), and
// exports mount(element, options) -> { unmount() } for imperative hosts. No inline script
// or style anywhere: it runs under `script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`.
//
// The __BU_*__ names are replaced with Trunk's hashed file names after each build
// (Trunk.toml post_build hook), so this file keeps a stable URL while the assets it loads
// are cache-busted.

const ASSET = {
  js: new URL("__BU_JS__", import.meta.url).href,
  wasm: new URL("__BU_WASM__", import.meta.url).href,
  css: new URL("__BU_CSS__", import.meta.url).href,
};

let ready = null;

/** Loads and initialises the wasm module once; every mount waits for the same promise. */
function load() {
  if (!ready) {
    ready = import(ASSET.js).then(async (bindings) => {
      await bindings.default({ module_or_path: ASSET.wasm });
      return bindings;
    });
  }
  return ready;
}

/**
 * Mounts the page into `element`.
 * options: { apiBase, locale, theme, csrfToken, headers: {name: value}, timeoutMs, eventTarget,
 *   smsGuideUrl, termsUrl, paymentProvider }
 * paymentProvider: the payment provider adapter, { mount(container, {locale, theme}),
 *   tokenize(), authenticate(action, {container, locale}), unmount() }, all promises
 *   (README, Embedding → Payment provider; public/reference-provider.js is the reference).
 * Returns a promise of { unmount() }.
 */
export async function mount(element, options = {}) {
  const bindings = await load();
  bindings.mount(element, options);
  // The page stays mounted whether or not the host keeps what this returns (it lives in
  // the wasm's registry, keyed by element); it leaves on unmount() or when the element
  // leaves the document.
  const gone = new MutationObserver(() => {
    if (!element.isConnected) {
      gone.disconnect();
      bindings.unmount(element);
    }
  });
  gone.observe(document, { childList: true, subtree: true });
  return {
    unmount() {
      gone.disconnect();
      bindings.unmount(element);
    },
  };
}

const ATTRIBUTES = [
  "api-base",
  "locale",
  "theme",
  "csrf-token",
  "timeout-ms",
  "sms-guide-url",
  "terms-url",
];

class BillingUpgradeElement extends HTMLElement {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    const sheet = document.createElement("link");
    sheet.rel = "stylesheet";
    sheet.href = ASSET.css;
    this.container = document.createElement("div");
    root.append(sheet, this.container);
    this.bindings = null;
    this.generation = 0;
    this.provider = undefined;
    // Set before this element was upgraded: an own property hides the accessor.
    if (Object.prototype.hasOwnProperty.call(this, "paymentProvider")) {
      const adapter = this.paymentProvider;
      delete this.paymentProvider;
      this.provider = adapter || undefined;
    }
  }

  /** The payment provider adapter (README, Embedding): setting it remounts the page. */
  get paymentProvider() {
    return this.provider;
  }

  set paymentProvider(adapter) {
    this.provider = adapter || undefined;
    if (this.isConnected) this.remount();
  }

  connectedCallback() {
    this.remount();
  }

  disconnectedCallback() {
    this.generation += 1;
    this.release();
  }

  attributeChangedCallback(_name, oldValue, newValue) {
    if (oldValue !== newValue && this.isConnected) {
      this.remount();
    }
  }

  options() {
    const attr = (name) => this.getAttribute(name) || undefined;
    const timeout = Number(attr("timeout-ms"));
    return {
      apiBase: attr("api-base"),
      locale: attr("locale"),
      theme: attr("theme"),
      csrfToken: attr("csrf-token"),
      smsGuideUrl: attr("sms-guide-url"),
      termsUrl: attr("terms-url"),
      timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined,
      paymentProvider: this.provider,
      eventTarget: this,
    };
  }

  async remount() {
    // Attribute changes can arrive while the wasm still loads: only the last one mounts.
    const generation = ++this.generation;
    let bindings;
    try {
      bindings = await load();
    } catch (error) {
      this.dispatchEvent(
        new CustomEvent("billing-upgrade:error", {
          bubbles: true,
          composed: true,
          detail: { code: "load_failed", message: String(error) },
        }),
      );
      return;
    }
    if (generation !== this.generation || !this.isConnected) return;
    this.bindings = bindings;
    bindings.mount(this.container, this.options());
  }

  release() {
    if (this.bindings) {
      this.bindings.unmount(this.container);
    }
  }
}

if (!customElements.get("billing-upgrade")) {
  customElements.define("billing-upgrade", BillingUpgradeElement);
}

// The standalone page (index.html) carries <div id="billing-upgrade" data-api-base=…>:
// mount into it directly, with its data-* attributes as the options. Its
// data-provider-config names where the reference payment provider is announced (the mock
// API's /provider.json); without one, the card dialog says no provider is set up.
async function mountStandalone(element) {
  const options = {};
  const config = element.dataset.providerConfig;
  if (config) {
    try {
      const { referenceProviderFromConfig } = await import("./reference-provider.js");
      options.paymentProvider = await referenceProviderFromConfig(config);
    } catch (error) {
      console.warn(`billing-upgrade: no payment provider (${error})`);
    }
  }
  return mount(element, options);
}

const standaloneElement = document.getElementById("billing-upgrade");
export const standalone =
  standaloneElement && standaloneElement.localName === "div"
    ? mountStandalone(standaloneElement)
    : null;
