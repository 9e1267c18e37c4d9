//! The example host (`examples/host`, at /dashboard/) embeds `<billing-upgrade>` from
//! /billing/, every response carrying the strict CSP
//! `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`.

use e2e::Harness;

/// JS: the widget's shadow root (the harness also binds it as `R`).
const ROOT: &str = "document.querySelector('billing-upgrade').shadowRoot";

async fn open_host(h: &Harness) {
    h.open("/dashboard/").await;
    h.wait_js(&format!(
        "return {ROOT}.querySelector('.bu-plan-name')?.textContent"
    ))
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_host_loads_the_widget_with_no_csp_violation_or_console_error() {
    let h = Harness::start("pro-monthly").await;
    open_host(&h).await;
    let plan = h
        .js(&format!(
            "return {ROOT}.querySelector('.bu-plan-name').textContent"
        ))
        .await;
    assert_eq!(plan, "Pro");
    // host.js counts `securitypolicyviolation` events from the first module on.
    let violations = h.js("return window.__buCspViolations").await;
    assert_eq!(violations, serde_json::json!([]), "CSP violations");
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn host_css_does_not_leak_in_but_a_bu_theme_variable_does() {
    let h = Harness::start("pro-monthly").await;
    open_host(&h).await;
    // The host styles every element with Comic Sans and uppercase red headings.
    let font = h
        .js(&format!(
            "return getComputedStyle({ROOT}.querySelector('.bu-plan-name')).fontFamily"
        ))
        .await;
    assert!(
        !font.as_str().unwrap_or_default().contains("Comic Sans"),
        "host font leaked in: {font}"
    );
    let transform = h
        .js(&format!(
            "return getComputedStyle({ROOT}.querySelector('h2')).textTransform"
        ))
        .await;
    assert_eq!(transform, "none", "host heading style leaked in");
    // The host sets --bu-color-accent: #0b6e4f on the element; filled buttons (the
    // upgrade on a higher plan's card) use it as their background.
    let accent = h
        .js("return getComputedStyle(R.querySelector('.bu-plan__upgrade')).backgroundColor")
        .await;
    assert_eq!(accent, "rgb(11, 110, 79)");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn removing_the_element_unmounts_the_page() {
    let h = Harness::start("pro-monthly").await;
    open_host(&h).await;
    let left = h
        .js(
            "const el = document.querySelector('billing-upgrade'); el.remove(); \
             return el.shadowRoot.querySelectorAll('.bu-page').length",
        )
        .await;
    assert_eq!(left, 0);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_whose_handle_the_host_dropped_survives_garbage_collection() {
    let h = Harness::start("pro-monthly").await;
    h.open("/billing/").await;
    h.text_of(".bu-plan-name").await;
    // An imperative host that mounts and keeps nothing: the returned object is garbage.
    h.js("document.getElementById('billing-upgrade').remove();
         const el = document.createElement('div'); el.id = 'bu-gc'; document.body.append(el);
         return import('/billing/billing-upgrade.js')
           .then(m => m.mount(el, {locale: 'en', apiBase: '/api', csrfToken: 'e2e'}))
           .then(() => true);")
        .await;
    h.text_of("#bu-gc .bu-plan-name").await;
    // Forced full collections, with time between them for FinalizationRegistry callbacks
    // (which freed wasm handles, and so unmounted pages, before the registry).
    for _ in 0..5 {
        h.cdp("HeapProfiler.collectGarbage", serde_json::json!({}))
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let alive = h
        .js(
            "return [document.querySelectorAll('#bu-gc .bu-page').length,
                     document.querySelectorAll('#bu-gc .bu-plan__upgrade').length]",
        )
        .await;
    assert_eq!(
        alive,
        serde_json::json!([1, 1]),
        "the page was unmounted by GC"
    );
    // Still alive, not just still in the DOM: a click opens the upgrade dialog.
    h.js("document.querySelector('#bu-gc .bu-plan__upgrade').click(); return true")
        .await;
    h.text_of("#bu-gc .bu-modal").await;
    // And the element leaving the document unmounts it (the loader watches for that).
    let left = h
        .wait_js(
            "if (!window.__buGone) { window.__buGone = document.getElementById('bu-gc'); \
             window.__buGone.remove(); }
             return window.__buGone.querySelectorAll('.bu-page').length === 0",
        )
        .await;
    assert_eq!(left, serde_json::json!(true));
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn changing_the_locale_attribute_switches_the_language() {
    let h = Harness::start("pro-monthly").await;
    open_host(&h).await;
    // The first fact of the overview: "Current plan" / "Piano attuale" (locales/*.json).
    let label = "return R.querySelector('.bu-overview__fact dt')?.textContent";
    assert_eq!(h.js(label).await, "Current plan");
    h.js("document.querySelector('billing-upgrade').setAttribute('locale', 'it')")
        .await;
    let italian = h
        .wait_js(&format!(
            "const t = (() => {{ {label} }})(); return t && t !== 'Current plan' ? t : null"
        ))
        .await;
    assert_eq!(italian, "Piano attuale");
    // Remounted, not duplicated: one page in the shadow root, still showing the plan.
    assert_eq!(
        h.js("return R.querySelectorAll('.bu-page').length").await,
        1
    );
    assert_eq!(h.text(".bu-plan-name").await, "Pro");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upgrade_inside_the_element_fires_plan_changed_on_the_host() {
    let h = Harness::start("pro-monthly").await;
    open_host(&h).await;
    h.click("[data-plan=enterprise] .bu-plan__upgrade").await;
    h.wait_enabled(".bu-checkout__confirm").await;
    h.click(".bu-checkout__confirm").await;
    h.text(".bu-checkout__done").await;
    let detail = h.host_event("plan-changed").await;
    assert_eq!(detail["plan"], "enterprise");
    assert_eq!(detail["previous_plan"], "pro");
    // ($379.00 − $219.00) × 1,951,200 s left / 2,592,000 s = $120.44, as in flows.rs.
    assert_eq!(detail["charged"]["amount"], "120.44");
    assert_eq!(detail["charged"]["currency"], "USD");
    assert_eq!(h.order_charges().await, vec!["120.44".to_string()]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_request_is_shown_beside_its_button_and_told_to_the_host() {
    let h = Harness::start("pro-monthly").await;
    open_host(&h).await;
    // Three 500s, answered before the route runs: the first attempt and the client's two
    // retries (a support request carries an Idempotency-Key, so the page retries it by
    // itself); a fourth attempt (no fault left) would file the request and the check
    // below would see it.
    let (status, _) = h
        .api(
            "POST",
            "/api/v1/_mock/faults",
            Some(
                serde_json::json!({"path": "/api/v1/support-requests", "method": "POST",
                                    "count": 3, "fault": {"kind": "internal_error"}}),
            ),
        )
        .await;
    assert!((200..300).contains(&status), "fault not set: {status}");
    h.click("[data-plan=starter] .bu-plan__downgrade").await;
    h.set_value(".bu-support__message", "Please move us to Starter")
        .await;
    h.click(".bu-support__send").await;
    // The dialog stays, with its error; the host hears `billing-upgrade:error`.
    h.text("[role=dialog] .bu-field-error").await;
    assert_eq!(
        h.value_of(".bu-support__message").await,
        "Please move us to Starter",
        "the form is kept"
    );
    let detail = h.host_event("error").await;
    assert_eq!(detail["status"], 500);
    assert_eq!(detail["code"], "internal");
    // Nothing was filed, though one more attempt would have gone through.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let records = h.records().await;
    assert_eq!(records["support_requests"], serde_json::json!([]));
    // Sending again (the customer's choice) files exactly one, with what was typed.
    h.wait_enabled(".bu-support__send").await;
    h.click(".bu-support__send").await;
    h.text(".bu-support__sent").await;
    let filed = h.records().await["support_requests"].clone();
    assert_eq!(filed.as_array().map(Vec::len), Some(1), "{filed}");
    let filed = filed.to_string();
    assert!(filed.contains("Please move us to Starter"), "{filed}");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_purchase_is_told_to_the_host_even_when_its_dialog_closes_mid_order() {
    let h = Harness::start("pro-monthly").await;
    open_host(&h).await;
    // The order commits at once; its answer takes 2 s (within the client's 10 s timeout).
    let (status, body) = h
        .api(
            "POST",
            "/api/v1/_mock/faults",
            Some(
                serde_json::json!({"path": "/api/v1/orders", "method": "POST", "count": 1,
                                    "fault": {"kind": "slow", "delay_ms": 2000}}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    h.click("[data-addon=custom_reports] .bu-addon__add").await;
    h.wait_enabled(".bu-checkout__confirm").await;
    h.click(".bu-checkout__confirm").await;
    // The customer closes the dialog while the order is in flight.
    h.text(".bu-checkout__busy").await;
    h.click(".bu-modal__close").await;
    h.wait_gone(".bu-modal").await;
    // The host still hears of the purchase: $29.00 a month for the 1,951,200 s left of
    // the 2,592,000 s period: 29 × 1,951,200 / 2,592,000 = 21.8305… → $21.83.
    let detail = h.host_event("purchase-completed").await;
    assert_eq!(detail["charged"]["amount"], "21.83");
    assert_eq!(h.order_charges().await, vec!["21.83".to_string()]);
    h.close().await;
}
