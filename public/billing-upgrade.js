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

let glue = null; // the JS glue module, once an import of it succeeded
let loaded = null; // the same, once its wasm is initialised
let ready = null; // the initialised bindings, or the load in flight
let attempts = 0;
let failed = null; // the load that failed, kept (not tried again) until a person retries

/**
 * Loads and initialises the wasm module once; every mount waits for the same promise.
 * A failed load stays failed for every mount (a remount is not a retry: the host setting
 * an attribute does not send the download again) until the person presses Try again.
 */
function load() {
  if (!ready) {
    attempts += 1;
    // The wasm's download starts now, beside the glue's, not after it (one round trip
    // less on a slow network; the standalone page's preload answers it).
    const wasm = fetch(ASSET.wasm);
    wasm.catch(() => {}); // reported by the init below
    const attempt = (async () => {
      if (!glue) {
        // A module whose fetch failed stays failed under its URL: a retry imports it afresh.
        glue = await import(attempts === 1 ? ASSET.js : `${ASSET.js}?retry=${attempts}`);
      }
      await glue.default({ module_or_path: wasm });
      loaded = glue;
      return glue;
    })();
    attempt.catch(() => {
      if (ready === attempt) failed = attempt;
    });
    ready = attempt;
  }
  return ready;
}

/** Forgets a failed load, so that the next mount loads again. */
function forgetFailedLoad() {
  if (failed && ready === failed) {
    ready = null;
    failed = null;
  }
}

/**
 * The page's first two reads, the account and the catalog, sent now, while the wasm
 * downloads and compiles, with the headers the page's own client sends on a read. The
 * page takes each answer as its first attempt at the same read (src/api/early.rs); a
 * failure is that attempt's and the page retries as usual. Keyed by the URL the page
 * builds (`{apiBase}/v1{path}`), each a promise of `{ status, retryAfter, text }`: the body
 * is read whole as soon as it arrives, while the wasm still loads, so that a page mounted
 * after that takes its data in the task that mounts it (a promise already settled), with
 * no loading frame between. Nothing is sent when the wasm is already running: the page
 * then reads at once itself.
 */
function earlyReads(apiBase, extraHeaders) {
  if (loaded) return null;
  const base = (typeof apiBase === "string" && apiBase.trim() ? apiBase : "/api").replace(
    /\/+$/,
    "",
  );
  try {
    const headers = new Headers({ Accept: "application/json" });
    for (const [name, value] of Object.entries(extraHeaders || {})) {
      if (typeof value === "string") headers.append(name, value);
    }
    const reads = {};
    for (const path of ["/account", "/catalog"]) {
      const url = `${base}/v1${path}`;
      reads[url] = fetch(url, { headers }).then(async (response) => ({
        status: response.status,
        retryAfter: response.headers.get("Retry-After"),
        text: await response.text(),
      }));
      reads[url].catch(() => {}); // the page reports it, if it takes it
    }
    return reads;
  } catch {
    return null; // e.g. a header the browser refuses: the page's own reads report it
  }
}

/**
 * Mounts the page into `element`.
 * options: { apiBase, locale, theme, csrfToken, headers: {name: value}, timeoutMs, eventTarget,
 *   smsGuideUrl, termsUrl, paymentProvider }
 * paymentProvider: the payment provider adapter, { mount(container, {locale, theme}),
 *   tokenize(), authenticate(action, {container, locale}), unmount() }, all promises
 *   (README, Embedding → Payment provider; public/reference-provider.js is the reference).
 * Returns a promise of { unmount() }. Until the page mounts, `element` shows a skeleton; a
 * failed load shows a message with a retry instead (the promise rejects; the retry mounts).
 */
export async function mount(element, options = {}) {
  const early = earlyReads(options.apiBase || element.dataset.apiBase, options.headers);
  const look = {
    locale: options.locale || element.dataset.locale,
    theme: options.theme || element.dataset.theme,
  };
  // An explicit mount() is a retry of a load that failed before.
  forgetFailedLoad();
  const bindings = await loadShowing(element, look, () => mount(element, options));
  clearLoaderView(element);
  bindings.mount(element, options, early);
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

const NOT_REPORTED = Symbol("no failed load reported");

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
    this.reported = NOT_REPORTED; // the failed load the host was last told of
    this.generation = 0;
    this.provider = undefined;
    this.early = null; // { base, reads } sent for a mount still waiting for the wasm
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
    this.early = null;
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
    const current = () => generation === this.generation && this.isConnected;
    // Remounts while the wasm loads (the host setting attributes, its adapter) share one
    // set of early reads for the same API base: only the last mount takes them.
    const base = this.getAttribute("api-base");
    if (!this.early || this.early.base !== base) {
      this.early = { base, reads: earlyReads(base) };
    }
    const early = this.early.reads;
    let bindings;
    try {
      bindings = await loadShowing(
        this.container,
        { locale: this.getAttribute("locale"), theme: this.getAttribute("theme") },
        () => this.remount(),
        current,
      );
    } catch (error) {
      if (current()) this.early = null; // a retry reads afresh
      // Once per failed load: not once per superseded remount, nor again when a remount
      // (an attribute or the adapter set meanwhile) meets the same failed load.
      if (!current() || error === this.reported) return;
      this.reported = error;
      this.dispatchEvent(
        new CustomEvent("billing-upgrade:error", {
          bubbles: true,
          composed: true,
          detail: { code: "load_failed", message: String(error) },
        }),
      );
      return;
    }
    if (!current()) return;
    this.bindings = bindings;
    clearLoaderView(this.container);
    this.early = null; // taken: a later remount reads afresh (or the page reads itself)
    bindings.mount(this.container, this.options(), early);
  }

  release() {
    if (this.bindings) {
      this.bindings.unmount(this.container);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Never a blank box: while the wasm loads, the element shows a skeleton of the page (its
// title, the outlines of the limits and overview cards and a status line), painted the
// moment it connects and styled by the page's own stylesheet; the page replaces it when it
// mounts. A load that fails (wasm 404, network down) shows a message and a retry instead.
// The texts are the page's own (locales/*.json, page.*; an xtask test keeps them equal).

const LOADER_TEXT = {
  en: {
    title: "Billing & Upgrade",
    loading: "Loading your billing details…",
    failed: "We could not load your billing details.",
    retry: "Try again",
  },
  it: {
    title: "Billing & Upgrade",
    loading: "Caricamento dei dati di fatturazione…",
    failed: "Non è stato possibile caricare i dati di fatturazione.",
    retry: "Riprova",
  },
};

/** The page's locale for a requested BCP 47 tag, else the browser's, else English. */
function loaderLocale(requested) {
  for (const tag of [requested, navigator.language]) {
    const language = String(tag || "").split(/[-_]/)[0].trim().toLowerCase();
    if (Object.hasOwn(LOADER_TEXT, language)) return language;
  }
  return "en";
}

/**
 * Waits for the wasm while `target` shows the skeleton; on failure shows the message with
 * a retry (which calls `retry`) and rethrows. `current` says whether this mount still
 * stands (a newer one may have replaced it).
 */
async function loadShowing(target, look, retry, current = () => true) {
  // Once loaded, a (re)mount is immediate: no skeleton flashes.
  if (loaded) return loaded;
  paintLoaderView(target, look, "loading");
  try {
    return await load();
  } catch (error) {
    if (current()) paintLoaderView(target, look, "failed", retry);
    throw error;
  }
}

/**
 * Replaces what the loader painted in `target`, if anything, with a skeleton or a failure.
 * A skeleton already there and equal to the one it would paint (the standalone page's,
 * in its HTML, painted with the document) is kept: no second frame for the same pixels.
 */
function paintLoaderView(target, look, state, retry) {
  const view = loaderView(look, state, retry);
  const shown = target.querySelector(":scope > [data-bu-loader]");
  if (state === "loading" && shown && shown.isEqualNode(view)) return;
  clearLoaderView(target);
  target.append(view);
}

/** The skeleton or the failure message, in `look`'s locale and theme. */
function loaderView(look, state, retry) {
  const locale = loaderLocale(look.locale);
  const text = LOADER_TEXT[locale];
  const el = (tag, className, content) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.append(content);
    return node;
  };
  const view = el("main", "bu-page bu-loader");
  view.dataset.buLoader = state;
  view.lang = locale;
  if (/^[a-z0-9-]+$/.test(look.theme || "")) view.classList.add(`bu-theme-${look.theme}`);
  view.append(el("h1", "bu-page__title", text.title));
  if (state === "loading") {
    view.classList.add("bu-skeleton");
    const status = el("p", "bu-loading", text.loading);
    status.setAttribute("role", "status");
    const cards = el("div", "bu-layout bu-skeleton__cards");
    cards.setAttribute("aria-hidden", "true");
    for (const [name, rows] of [
      ["limits", 4],
      ["overview", 6],
    ]) {
      const card = el("div", `bu-card bu-skeleton__card bu-skeleton__${name}`);
      card.append(el("span", "bu-skeleton__line bu-skeleton__line--heading"));
      for (let i = 0; i < rows; i += 1) card.append(el("span", "bu-skeleton__line"));
      cards.append(card);
    }
    view.append(status, cards);
  } else {
    const box = el("div", "bu-error", el("p", null, text.failed));
    box.setAttribute("role", "alert");
    const button = el("button", "bu-button bu-loader__retry", text.retry);
    button.type = "button";
    button.addEventListener(
      "click",
      () => {
        // Try again: the failed load is forgotten, so this mount loads afresh.
        forgetFailedLoad();
        retry();
      },
      { once: true },
    );
    box.append(button);
    view.append(box);
  }
  return view;
}

/** Removes the skeleton or failure message the loader painted in `target`. */
function clearLoaderView(target) {
  for (const node of target.querySelectorAll(":scope > [data-bu-loader]")) node.remove();
}

if (!customElements.get("billing-upgrade")) {
  customElements.define("billing-upgrade", BillingUpgradeElement);
}

// The standalone page (index.html) carries <div id="billing-upgrade" data-api-base=…>:
// mount into it directly, with its data-* attributes as the options. Its
// data-provider-config names where the reference payment provider is announced (the mock
// API's /provider.json); without one, the card dialog says no provider is set up.
function mountStandalone(element) {
  const provider = standaloneProvider(element.dataset.providerConfig);
  const mounted = mount(element, provider ? { paymentProvider: provider.adapter } : {});
  // Read once the page is up, so that the card form does not wait for it.
  if (provider) mounted.then(() => setTimeout(() => provider.load().catch(() => {})), () => {});
  return mounted;
}

/**
 * The reference payment provider announced at `config`, if any: `{ adapter, load }`. The
 * page mounts with `adapter` at once; the provider's module and config (`load`) are read
 * after the page, or when the card form first needs them, not before the bill: requests
 * made while the page loads wait behind each other. A failed read is read again on the
 * next use (the card form says it could not load meanwhile).
 */
function standaloneProvider(config) {
  if (!config) return null;
  let loading = null;
  const load = () => {
    loading ??= import("./reference-provider.js")
      .then(({ referenceProviderFromConfig }) => referenceProviderFromConfig(config))
      .catch((error) => {
        loading = null;
        console.warn(`billing-upgrade: the payment provider did not load (${error})`);
        throw error;
      });
    return loading;
  };
  const call =
    (name) =>
    (...args) =>
      load().then((adapter) => adapter[name](...args));
  const adapter = {
    mount: call("mount"),
    tokenize: call("tokenize"),
    authenticate: call("authenticate"),
    // Nothing to take down before the provider was ever read.
    unmount: () => (loading ? call("unmount")() : Promise.resolve()),
  };
  return { adapter, load };
}

/** Mounts the standalone page's element, if this document has one. */
function standalonePage() {
  const element = document.getElementById("billing-upgrade");
  return element && element.localName === "div" ? mountStandalone(element) : null;
}

// index.html loads this module `async`: it may run before the rest of the document is
// parsed, and then waits for it.
export const standalone =
  document.readyState === "loading"
    ? new Promise((resolve) => {
        document.addEventListener("DOMContentLoaded", () => resolve(standalonePage()), {
          once: true,
        });
      })
    : standalonePage();
