//! The example host (`examples/host`, at /dashboard/) embeds `<billing-upgrade>` from
//! /billing/, every response carrying the strict CSP
//! `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`.

use e2e::Harness;

/// JS: the widget's shadow root.
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
    // The host sets --bu-color-accent: #0b6e4f on the element; primary buttons use it.
    let accent = h
        .js(&format!(
            "return getComputedStyle({ROOT}.querySelector('.bu-button--primary, .bu-button')).backgroundColor"
        ))
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
async fn changing_the_locale_attribute_switches_the_language() {
    let h = Harness::start("pro-monthly").await;
    open_host(&h).await;
    let english = h
        .js(&format!(
            "return {ROOT}.querySelector('.bu-page__title').textContent"
        ))
        .await;
    assert_eq!(english, "Billing & Upgrade");
    h.js("document.querySelector('billing-upgrade').setAttribute('locale', 'it')")
        .await;
    let italian = h
        .wait_js(&format!(
            "const t = {ROOT}.querySelector('.bu-page__title')?.textContent; \
             return t && t !== 'Billing & Upgrade' ? t : null"
        ))
        .await;
    assert_eq!(italian, "Fatturazione e upgrade");
    h.close().await;
}
