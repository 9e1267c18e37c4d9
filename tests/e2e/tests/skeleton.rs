//! Never a blank box (issue 14): the loader paints a skeleton inside the element the moment
//! it connects, the page replaces it when the wasm mounts, and a load that fails shows a
//! message with a retry. The wasm is held back or blocked in the browser (CDP through
//! chromedriver), so every state is reached by itself, with no timing to win.

use std::time::Duration;

use e2e::Harness;
use serde_json::json;

/// Every request for the wasm (the page's only `_bg.wasm`).
const WASM: &str = "*_bg.wasm*";

/// The loader's view in the page's root: which state (`loading`, `failed`), or null.
const LOADER_STATE: &str = "return R.querySelector('[data-bu-loader]')?.dataset.buLoader ?? null";

/// The loader's state once it is past `loading` (a blocked wasm fails a fetch or two after
/// the first poll: the glue imports the chunk loader first).
const LOADER_SETTLED: &str =
    "const s = R.querySelector('[data-bu-loader]')?.dataset.buLoader ?? null; \
     return s === 'loading' ? false : s";

/// Holds every wasm request at the browser until `release`.
async fn hold_wasm(h: &Harness) {
    h.cdp(
        "Fetch.enable",
        json!({ "patterns": [{ "urlPattern": WASM, "requestStage": "Request" }] }),
    )
    .await;
}

/// Lets the held wasm requests go (disabling interception continues them).
async fn release_wasm(h: &Harness) {
    h.cdp("Fetch.disable", json!({})).await;
}

/// Fails every wasm request (as with the network down) until `unblock_wasm`.
async fn block_wasm(h: &Harness) {
    h.cdp("Network.enable", json!({})).await;
    h.cdp("Network.setBlockedURLs", json!({ "urls": [WASM] }))
        .await;
}

async fn unblock_wasm(h: &Harness) {
    h.cdp("Network.setBlockedURLs", json!({ "urls": [] })).await;
}

/// Saves what the browser shows to `$BU_SHOTS/<name>.png` when `BU_SHOTS` is set.
async fn shot(h: &Harness, name: &str) {
    if let Ok(dir) = std::env::var("BU_SHOTS") {
        let png = h.browser.screenshot().await.expect("screenshot");
        std::fs::write(format!("{dir}/{name}.png"), png).expect("write screenshot");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_element_shows_a_skeleton_until_the_wasm_arrives_then_the_page() {
    let h = Harness::start("pro-monthly").await;
    hold_wasm(&h).await;
    h.open("/dashboard/").await;
    assert_eq!(h.wait_js(LOADER_STATE).await, "loading");
    // The title, the status line and the two card outlines, in the element's locale.
    let skeleton = h
        .js("const s = R.querySelector('[data-bu-loader]');
             return {
               title: s.querySelector('h1').textContent,
               status: s.querySelector('[role=status]').textContent,
               lang: s.lang,
               cards: s.querySelectorAll('.bu-skeleton__card').length,
               hidden: s.querySelector('.bu-skeleton__cards').getAttribute('aria-hidden'),
             }")
        .await;
    assert_eq!(
        skeleton,
        json!({"title": "Billing & Upgrade", "status": "Loading your billing details…",
               "lang": "en", "cards": 2, "hidden": "true"})
    );
    // Styled by the page's stylesheet (linked in the shadow root), with no inline style:
    // the cards have the page's card border, and nothing carries a style attribute.
    let look = h
        .wait_js(
            "const card = R.querySelector('.bu-skeleton__card');
             const border = getComputedStyle(card).borderTopStyle;
             return border === 'solid'
               ? { border, inline: R.querySelectorAll('[style]').length } : null",
        )
        .await;
    assert_eq!(look, json!({"border": "solid", "inline": 0}));
    // Held: still the skeleton a while later, and no page.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(h.js(LOADER_STATE).await, "loading");
    assert_eq!(
        h.js("return R.querySelectorAll('.bu-plan-name').length")
            .await,
        0
    );
    shot(&h, "skeleton-host").await;

    release_wasm(&h).await;
    h.wait_js("return R.querySelector('.bu-plan-name')?.textContent")
        .await;
    assert_eq!(h.text(".bu-plan-name").await, "Pro");
    // Replaced, not stacked: one page, no loader view left.
    assert_eq!(
        h.js("return [R.querySelectorAll('[data-bu-loader]').length, R.querySelectorAll('.bu-page').length]")
            .await,
        json!([0, 1])
    );
    let violations = h.js("return window.__buCspViolations").await;
    assert_eq!(violations, json!([]), "CSP violations");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_wasm_load_shows_a_message_and_a_retry_that_loads_the_page() {
    let h = Harness::start("pro-monthly").await;
    block_wasm(&h).await;
    h.open("/dashboard/").await;
    assert_eq!(h.wait_js(LOADER_SETTLED).await, "failed");
    let failure = h
        .js("const s = R.querySelector('[data-bu-loader]');
             return { alert: s.querySelector('[role=alert] p').textContent,
                      retry: s.querySelector('button.bu-loader__retry').textContent }")
        .await;
    assert_eq!(
        failure,
        json!({"alert": "We could not load your billing details.", "retry": "Try again"})
    );
    // The host hears of it too.
    assert_eq!(h.host_event("error").await["code"], "load_failed");
    // Once: the remounts the element's attributes start while it loads share one attempt.
    assert_eq!(
        h.js("return document.querySelectorAll('#events li[data-type=\"billing-upgrade:error\"]').length")
            .await,
        1
    );
    shot(&h, "load-failed-host").await;

    // The wasm is reachable again: the retry loads the page.
    unblock_wasm(&h).await;
    h.click(".bu-loader__retry").await;
    assert_eq!(h.text(".bu-plan-name").await, "Pro");
    assert_eq!(
        h.js("return R.querySelectorAll('[data-bu-loader]').length")
            .await,
        0
    );
    let violations = h.js("return window.__buCspViolations").await;
    assert_eq!(violations, json!([]), "CSP violations");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_skeleton_and_the_failure_speak_the_elements_locale() {
    let h = Harness::start("pro-monthly").await;
    block_wasm(&h).await;
    h.open("/dashboard/").await;
    h.wait_js("return R.querySelector('[data-bu-loader=failed]')")
        .await;
    // Switching the language remounts: the failed load stays failed (a remount is not a
    // retry, the download is not sent again), now said in Italian.
    h.js("document.querySelector('billing-upgrade').setAttribute('locale', 'it')")
        .await;
    let failure = h
        .wait_js(
            "const s = R.querySelector('[data-bu-loader=failed]');
             return s && s.lang === 'it' && { alert: s.querySelector('[role=alert] p').textContent,
                      retry: s.querySelector('button.bu-loader__retry').textContent }",
        )
        .await;
    assert_eq!(
        failure,
        json!({"alert": "Non è stato possibile caricare i dati di fatturazione.", "retry": "Riprova"})
    );
    // Riprova loads again: the skeleton in Italian while the wasm is held back.
    h.cdp(
        "Fetch.enable",
        json!({ "patterns": [{ "urlPattern": WASM, "requestStage": "Request" }] }),
    )
    .await;
    unblock_wasm(&h).await;
    h.click(".bu-loader__retry").await;
    let skeleton = h
        .wait_js(
            "const s = R.querySelector('[data-bu-loader=loading]');
             return s && { lang: s.lang, status: s.querySelector('[role=status]').textContent }",
        )
        .await;
    assert_eq!(
        skeleton,
        json!({"lang": "it", "status": "Caricamento dei dati di fatturazione…"})
    );
    // The host was told of the one failed load once, whatever remounted meanwhile.
    assert_eq!(
        h.js("return document.querySelectorAll('#events li[data-type=\"billing-upgrade:error\"]').length")
            .await,
        1
    );
    release_wasm(&h).await;
    // The page itself then mounts in Italian.
    let label = h
        .wait_js("return R.querySelector('.bu-overview__fact dt')?.textContent")
        .await;
    assert_eq!(label, "Piano attuale");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_imperative_mount_shows_the_skeleton_then_the_page_or_a_failure_with_a_retry() {
    let h = Harness::start("pro-monthly").await;
    // The standalone page mounts through the loader's `mount(element, options)`.
    hold_wasm(&h).await;
    h.open("/billing/").await;
    assert_eq!(h.wait_js(LOADER_STATE).await, "loading");
    assert_eq!(
        h.js("return document.querySelector('#billing-upgrade > [data-bu-loader] [role=status]').textContent")
            .await,
        "Loading your billing details…"
    );
    shot(&h, "skeleton-standalone").await;
    release_wasm(&h).await;
    assert_eq!(h.text(".bu-plan-name").await, "Pro");
    assert_eq!(
        h.js("return document.querySelectorAll('[data-bu-loader]').length")
            .await,
        0
    );

    // Again with the wasm out of reach.
    block_wasm(&h).await;
    h.open("/billing/").await;
    assert_eq!(h.wait_js(LOADER_SETTLED).await, "failed");
    assert_eq!(
        h.text("#billing-upgrade > [data-bu-loader] [role=alert] p")
            .await,
        "We could not load your billing details."
    );
    // The promise `mount` returned rejected; the retry still mounts the page.
    let settled = h
        .js("return import('/billing/billing-upgrade.js')
               .then(m => m.standalone).then(() => 'resolved', () => 'rejected')")
        .await;
    assert_eq!(settled, "rejected");
    unblock_wasm(&h).await;
    h.click(".bu-loader__retry").await;
    assert_eq!(h.text(".bu-plan-name").await, "Pro");
    assert_eq!(
        h.js("return document.querySelectorAll('[data-bu-loader]').length")
            .await,
        0
    );
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_wasm_is_downloaded_once_beside_the_glue() {
    let h = Harness::start("pro-monthly").await;
    // The loader fetches the wasm itself while it imports the glue; on the standalone
    // page that fetch is answered by index.html's preload, not a second download.
    let wasm_entries = "return performance.getEntriesByType('resource')
        .filter(e => e.name.includes('_bg.wasm')).map(e => e.initiatorType)";
    for path in ["/billing/", "/dashboard/"] {
        h.open(path).await;
        assert_eq!(h.text(".bu-plan-name").await, "Pro");
        let entries = h.js(wasm_entries).await;
        assert_eq!(
            entries.as_array().map(Vec::len),
            Some(1),
            "{path}: {entries}"
        );
    }
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_does_not_wait_for_the_payment_providers_config() {
    let h = Harness::start("pro-monthly").await;
    // The standalone page reads where the reference provider runs (/provider.json), and
    // the provider's adapter, only once the page is up: held here, the bill still shows.
    h.cdp(
        "Fetch.enable",
        json!({ "patterns": [{ "urlPattern": "*/provider.json*", "requestStage": "Request" }] }),
    )
    .await;
    h.open("/billing/").await;
    assert_eq!(h.text(".bu-plan-name").await, "Pro");
    let read_before_the_bill = h
        .js("const shown = performance.getEntriesByName('billing-upgrade:price-shown')[0].startTime;
             return performance.getEntriesByType('resource')
               .filter(e => /reference-provider\\.js|provider\\.json/.test(e.name) && e.startTime < shown)
               .map(e => e.name)")
        .await;
    assert_eq!(read_before_the_bill, json!([]));
    // Let go, the card form opens with the provider's fields.
    h.cdp("Fetch.disable", json!({})).await;
    h.click(".bu-overview__edit-payment").await;
    assert_eq!(
        h.card_frame_text("label[for=rp-number]").await,
        "Card number"
    );
    h.close().await;
}

/// Opens `path` with the wasm held well past the time the first two reads take (the
/// skeleton shows meanwhile), then lets it go and waits for the page.
async fn open_with_the_answers_before_the_wasm(h: &Harness, path: &str) {
    hold_wasm(h).await;
    h.open(path).await;
    assert_eq!(h.wait_js(LOADER_STATE).await, "loading");
    tokio::time::sleep(Duration::from_millis(600)).await;
    release_wasm(h).await;
    assert_eq!(h.text(".bu-plan-name").await, "Pro");
}

/// A script giving the page's reads of `path` so far (its resource timing entries).
fn reads_of(path: &str) -> String {
    format!(
        "return performance.getEntriesByType('resource')
            .filter(e => new URL(e.name).pathname === '{path}').length"
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_reads_are_sent_while_the_wasm_loads_and_used_once() {
    let h = Harness::start("pro-monthly").await;
    for path in ["/billing/", "/dashboard/"] {
        open_with_the_answers_before_the_wasm(&h, path).await;
        // Each read was sent once, before the held wasm's answer began: by the loader, and
        // the page took its answer rather than reading again.
        let reads = h
            .js("const t = performance.getEntriesByType('resource');
                 const wasm = t.find(e => e.name.includes('_bg.wasm'));
                 const of = (p) => t.filter(e => new URL(e.name).pathname === p);
                 return ['/api/v1/account', '/api/v1/catalog'].map(p => [
                   of(p).length, of(p).every(e => e.startTime < wasm.responseStart)]);")
            .await;
        assert_eq!(reads, json!([[1, true], [1, true]]), "{path}");
    }
    h.close().await;
}

/// Notes, in `window.__buPriceInMountTask`, whether the overview's price is in the DOM
/// before the next task once the page's own view (not the loader's) first appears, and in
/// `window.__buPlansWithPrice` whether the plans were already there when the price first
/// was; in the document or in a `<billing-upgrade>` element's shadow root.
const PRICE_IN_MOUNT_TASK: &str = "window.__buPriceInMountTask = null;
  window.__buPlansWithPrice = null;
  const watch = (root) => new MutationObserver(() => {
    if (window.__buPlansWithPrice === null && root.querySelector('.bu-overview__next-invoice'))
      window.__buPlansWithPrice = !!root.querySelector('[data-plan]');
    if (window.__buPriceInMountTask !== null) return;
    if (!root.querySelector('main.bu-page:not([data-bu-loader])')) return;
    window.__buPriceInMountTask = 'pending';
    setTimeout(() => {
      window.__buPriceInMountTask = !!root.querySelector('.bu-overview__next-invoice');
    }, 0);
  }).observe(root, { childList: true, subtree: true });
  watch(document);
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    if (this.localName === 'billing-upgrade') watch(root);
    return root;
  };";

/// The loader reads the first two answers whole while the wasm loads, so a page mounted
/// after they came renders its data in the task that mounts it: no round of the event
/// loop, and no frame of the page's own loading state, before the bill. The sections
/// below the overview (the plans first) come in a later task.
#[tokio::test(flavor = "multi_thread")]
async fn answers_that_came_before_the_wasm_are_rendered_in_the_task_that_mounts_the_page() {
    let h = Harness::start("pro-monthly").await;
    h.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": PRICE_IN_MOUNT_TASK }),
    )
    .await;
    for path in ["/billing/", "/dashboard/"] {
        open_with_the_answers_before_the_wasm(&h, path).await;
        let seen = h
            .wait_js(
                "const s = window.__buPriceInMountTask;
                 return s === null || s === 'pending' ? null : String(s)",
            )
            .await;
        assert_eq!(seen, "true", "{path}");
        assert_eq!(
            h.js("return window.__buPlansWithPrice").await,
            false,
            "{path}"
        );
    }
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_early_read_that_fails_is_retried_by_the_page() {
    let h = Harness::start("pro-monthly").await;
    // The loader's account read gets a 503; the page's client sends it again after its
    // backoff, as for a read of its own, and the page loads.
    h.fault("GET", "/api/v1/account", 1, json!({"kind": "unavailable"}))
        .await;
    h.open("/billing/").await;
    assert_eq!(h.text(".bu-plan-name").await, "Pro");
    assert_eq!(h.js(&reads_of("/api/v1/account")).await, 2);
    assert_eq!(h.js(&reads_of("/api/v1/catalog")).await, 1);
    h.close().await;
}

/// Counts the loader views (skeleton or failure) added to the document other than the one
/// in its HTML (the standalone page's own skeleton, there once the document is parsed).
const COUNT_PAINTED: &str = "window.__buLoaderViewsPainted = 0;
  let fromHtml = null;
  document.addEventListener('readystatechange', () => {
    if (document.readyState === 'interactive') fromHtml = document.querySelector('[data-bu-loader]');
  });
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes)
      if (n.dataset && n.dataset.buLoader && n !== fromHtml) window.__buLoaderViewsPainted += 1;
  }).observe(document, { childList: true, subtree: true });";

/// The standalone page carries the skeleton in its HTML, so it is painted with the
/// document's first frame, before any script runs; the loader keeps it (it is the one the
/// loader would paint) instead of painting its own over it.
#[tokio::test(flavor = "multi_thread")]
async fn the_standalone_pages_skeleton_is_in_its_html_and_the_loader_keeps_it() {
    let h = Harness::start("pro-monthly").await;
    h.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": COUNT_PAINTED }),
    )
    .await;
    hold_wasm(&h).await;
    h.open("/billing/").await;
    // The loader has run (it defines the element) while the wasm is held.
    h.wait_js("return customElements.get('billing-upgrade') ? true : false")
        .await;
    assert_eq!(h.js(LOADER_STATE).await, "loading");
    assert_eq!(
        h.js("return document.querySelector('[data-bu-loader]').textContent")
            .await,
        "Billing & UpgradeLoading your billing details…"
    );
    assert_eq!(h.js("return window.__buLoaderViewsPainted").await, 0);

    release_wasm(&h).await;
    assert_eq!(h.text_of(".bu-plan-name").await, "Pro");
    assert_eq!(
        h.js("return [document.querySelectorAll('[data-bu-loader]').length, window.__buLoaderViewsPainted]")
            .await,
        json!([0, 0])
    );
    h.close().await;
}
