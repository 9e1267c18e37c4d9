//! Every flow of the Billing & Upgrade page (issue 5), against the built page and the mock
//! API in headless Chromium: what the customer sees, and what the mock's ledger charged.

use std::time::Duration;

use e2e::Harness;
use serde_json::{json, Value};

/// Starts the mock on `scenario` and opens the page in English.
async fn page(scenario: &str) -> Harness {
    page_in(scenario, "en").await
}

/// Starts the mock on `scenario` and mounts the page in `locale` through the loader's
/// `mount` (what a host does), keeping the handle referenced: a handle the garbage
/// collector frees unmounts its page.
async fn page_in(scenario: &str, locale: &str) -> Harness {
    let h = Harness::start(scenario).await;
    h.open("/billing/").await;
    h.text_of(".bu-plan-name").await;
    h.js(&format!(
        "document.getElementById('billing-upgrade').remove();
         const el = document.createElement('div'); el.id = 'bu-test'; document.body.append(el);
         return import('/billing/billing-upgrade.js')
           .then(m => m.mount(el, {{locale: '{locale}', apiBase: '/api'}}))
           .then(handle => {{ window.__buHandle = handle; return true; }});"
    ))
    .await;
    h.text_of("#bu-test .bu-plan-name").await;
    h
}

/// Clicks the first element matching `css` once it exists (found again at click time:
/// reactive views may replace elements).
async fn click(h: &Harness, css: &str) {
    h.wait_js(&format!(
        "const e = document.querySelector({0}); if (!e) return false; e.click(); return true;",
        quoted(css)
    ))
    .await;
}

fn quoted(css: &str) -> String {
    serde_json::to_string(css).unwrap()
}

/// Waits until `css` matches an element that is enabled.
async fn wait_enabled(h: &Harness, css: &str) {
    h.wait_js(&format!(
        "const e = document.querySelector({}); return !!e && !e.disabled;",
        quoted(css)
    ))
    .await;
}

/// Whether `css` matches a disabled element.
async fn is_disabled(h: &Harness, css: &str) -> bool {
    h.text_of(css).await;
    h.js(&format!(
        "return document.querySelector({}).disabled;",
        quoted(css)
    ))
    .await
    .as_bool()
    .unwrap_or(false)
}

/// Waits until no element matches `css`.
async fn wait_gone(h: &Harness, css: &str) {
    h.wait_js(&format!(
        "return document.querySelector({}) === null;",
        quoted(css)
    ))
    .await;
}

/// Sets an input's or select's value the way typing or choosing would.
async fn set_value(h: &Harness, css: &str, value: &str) {
    h.text_of(css).await;
    h.js(&format!(
        "const e = document.querySelector({}); e.value = {};
         e.dispatchEvent(new Event('input', {{bubbles: true}}));
         e.dispatchEvent(new Event('change', {{bubbles: true}}));
         return true;",
        quoted(css),
        serde_json::to_string(value).unwrap()
    ))
    .await;
}

/// The digits of a formatted amount as a plain decimal ("$1,234.56" → "1234.56").
fn plain_amount(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect()
}

/// The ledger's order charges, as decimal strings.
async fn order_charges(h: &Harness) -> Vec<String> {
    h.ledger()
        .await
        .into_iter()
        .filter(|e| e["kind"] == "order")
        .map(|e| e["amount"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Confirms the open checkout and waits for the done message; returns the amount the
/// dialog showed as charged now before confirming.
async fn confirm_checkout(h: &Harness) -> String {
    let shown = h.text_of(".bu-quote__charge-now").await;
    wait_enabled(h, ".bu-checkout__confirm").await;
    click(h, ".bu-checkout__confirm").await;
    h.text_of(".bu-checkout__done").await;
    shown
}

#[tokio::test(flavor = "multi_thread")]
async fn admin_upgrades_and_is_charged_exactly_the_amount_shown() {
    let h = page("pro-monthly").await;
    click(&h, "[data-plan=enterprise] .bu-plan__upgrade").await;
    let shown = confirm_checkout(&h).await;
    // ($379.00 − $219.00) × the 1,951,200 s left of the 2,592,000 s period = $120.44.
    assert_eq!(shown, "$120.44");
    assert_eq!(order_charges(&h).await, vec!["120.44".to_string()]);
    click(&h, ".bu-checkout__close").await;
    wait_gone(&h, "[role=dialog]").await;
    assert_eq!(h.text_of(".bu-plan-name").await, "Enterprise");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_double_clicked_confirm_charges_once() {
    let h = page("pro-monthly").await;
    click(&h, "[data-addon=custom_reports] .bu-addon__add").await;
    wait_enabled(&h, ".bu-checkout__confirm").await;
    let shown = h.text_of(".bu-quote__charge-now").await;
    h.js("const b = document.querySelector('.bu-checkout__confirm'); b.click(); b.click(); return true;")
        .await;
    h.text_of(".bu-checkout__done").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(order_charges(&h).await, vec![plain_amount(&shown)]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_order_hit_by_a_503_then_success_charges_once() {
    let h = page("pro-monthly").await;
    let (status, _) = h
        .api(
            "POST",
            "/api/v1/_mock/faults",
            Some(
                json!({"path": "/api/v1/orders", "method": "POST", "count": 1,
                        "fault": {"kind": "unavailable"}}),
            ),
        )
        .await;
    assert!((200..300).contains(&status), "fault not set: {status}");
    click(&h, "[data-plan=enterprise] .bu-plan__upgrade").await;
    let shown = confirm_checkout(&h).await;
    assert_eq!(order_charges(&h).await, vec![plain_amount(&shown)]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_changed_server_price_is_shown_before_anything_is_charged() {
    let h = page("pro-monthly").await;
    click(&h, "[data-plan=enterprise] .bu-plan__upgrade").await;
    let preview = h.text_of(".bu-quote__charge-now").await;
    // A day later on the server: less of the period is left, the price is lower.
    h.api(
        "POST",
        "/api/v1/_mock/clock",
        Some(json!({"now": "2026-11-23T10:00:00Z"})),
    )
    .await;
    wait_enabled(&h, ".bu-checkout__confirm").await;
    click(&h, ".bu-checkout__confirm").await;
    let notice = h.text_of(".bu-checkout__notice").await;
    assert!(notice.contains("updated"), "{notice}");
    assert!(order_charges(&h).await.is_empty(), "nothing charged yet");
    let server = h.text_of(".bu-quote__charge-now").await;
    // $160.00 × 1,864,800 / 2,592,000 = $115.111… → $115.11.
    assert_eq!(server, "$115.11");
    assert_ne!(server, preview);
    wait_enabled(&h, ".bu-checkout__confirm").await;
    click(&h, ".bu-checkout__confirm").await;
    h.text_of(".bu-checkout__done").await;
    assert_eq!(order_charges(&h).await, vec!["115.11".to_string()]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn raising_the_contact_limit_charges_the_prorated_tier_difference() {
    let h = page("pro-monthly").await;
    click(&h, ".bu-limit--contacts .bu-limit__edit").await;
    set_value(&h, ".bu-limit-dialog__select", "10000").await;
    h.wait_js("return document.querySelector('.bu-quote__charge-now')?.textContent === '$90.33';")
        .await;
    // ($339.00 − $219.00) × 1,951,200 / 2,592,000 = $90.333… → $90.33.
    let shown = confirm_checkout(&h).await;
    assert_eq!(shown, "$90.33");
    assert_eq!(order_charges(&h).await, vec!["90.33".to_string()]);
    click(&h, ".bu-checkout__close").await;
    let usage = h.text_of(".bu-limit--contacts .bu-limit__usage").await;
    assert!(usage.contains("10,000"), "{usage}");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn lowering_a_limit_files_a_support_request_and_charges_nothing() {
    let h = page("pro-monthly").await;
    click(&h, ".bu-limit--contacts .bu-limit__edit").await;
    set_value(&h, ".bu-limit-dialog__select", "2500").await;
    click(&h, ".bu-checkout__support").await;
    click(&h, ".bu-support__send").await;
    let sent = h.text_of(".bu-support__sent").await;
    assert!(sent.contains("sr_"), "{sent}");
    let (_, records) = h.api("GET", "/api/v1/_mock/support-requests", None).await;
    let requests = records["requests"].as_array().cloned().unwrap_or_default();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0]["request"]["changes"],
        json!([{"kind": "set_contacts", "contacts": 2500}])
    );
    assert!(order_charges(&h).await.is_empty());
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn lower_plan_goes_to_support_with_the_wanted_plan() {
    let h = page("pro-monthly").await;
    click(&h, "[data-plan=starter] .bu-plan__downgrade").await;
    click(&h, ".bu-support__send").await;
    h.text_of(".bu-support__sent").await;
    let (_, records) = h.api("GET", "/api/v1/_mock/support-requests", None).await;
    assert_eq!(
        records["requests"][0]["request"]["changes"],
        json!([{"kind": "set_plan", "plan": "starter"}])
    );
    assert_eq!(h.text_of(".bu-plan-name").await, "Pro");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sms_credits_pack_is_charged_in_full_and_the_new_count_appears() {
    let h = page("billing-viewer").await;
    let before = h.text_of(".bu-sms__credits").await;
    assert!(before.contains("120"), "{before}");
    click(&h, ".bu-sms__edit").await;
    set_value(&h, ".bu-sms__pack", "sms_1000").await;
    let total = h.text_of(".bu-sms__total").await;
    assert!(total.contains("$10.00"), "{total}");
    click(&h, ".bu-sms__continue").await;
    let shown = confirm_checkout(&h).await;
    assert_eq!(shown, "$10.00");
    assert_eq!(order_charges(&h).await, vec!["10.00".to_string()]);
    click(&h, ".bu-checkout__close").await;
    h.wait_js("return document.querySelector('.bu-sms__credits')?.textContent.includes('1,120');")
        .await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sms_countries_show_costs_and_the_us_registration_notice() {
    let h = page("billing-viewer").await;
    click(&h, ".bu-sms__countries").await;
    // 120 credits at 3 credits a message to the United Kingdom: 40 messages.
    assert_eq!(h.text_of("[data-country=GB] .bu-sms__estimate").await, "40");
    assert!(h.text_of(".bu-sms__10dlc").await.contains("A2P 10DLC"));
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn auto_upgrade_is_saved_only_with_the_terms_accepted() {
    let h = page("pro-monthly").await;
    click(&h, ".bu-auto-upgrade__edit").await;
    click(&h, ".bu-auto-upgrade__switch").await;
    assert!(is_disabled(&h, ".bu-auto-upgrade__confirm").await);
    click(&h, ".bu-auto-upgrade__terms").await;
    wait_enabled(&h, ".bu-auto-upgrade__confirm").await;
    click(&h, ".bu-auto-upgrade__confirm").await;
    wait_gone(&h, "[role=dialog]").await;
    assert_eq!(h.text_of(".bu-auto-upgrade__state").await, "On");
    let (_, account) = h.api("GET", "/api/v1/account", None).await;
    assert_eq!(account["account"]["auto_upgrade"], Value::Bool(true));
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn payment_method_is_replaced_and_a_declined_card_keeps_the_dialog() {
    let h = page("pro-monthly").await;
    click(&h, ".bu-overview__edit-payment").await;
    set_value(&h, ".bu-payment__token", "tok_declined").await;
    click(&h, ".bu-payment__save").await;
    let error = h.text_of("#bu-payment-token-error").await;
    assert!(error.contains("declined"), "{error}");
    assert!(h
        .text_of("[role=dialog]")
        .await
        .contains("Cancel my account"));
    set_value(&h, ".bu-payment__token", "tok_mastercard").await;
    click(&h, ".bu-payment__save").await;
    h.text_of(".bu-payment__saved").await;
    assert!(h
        .text_of(".bu-overview__payment")
        .await
        .contains("Mastercard"));
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn billing_viewer_may_buy_but_not_cancel() {
    let h = page("billing-viewer").await;
    assert!(!is_disabled(&h, "[data-plan=enterprise] .bu-plan__upgrade").await);
    click(&h, ".bu-overview__edit-payment").await;
    assert!(is_disabled(&h, ".bu-payment__cancel-account").await);
    assert!(h
        .text_of(".bu-modal .bu-gate-note")
        .await
        .contains("primary admin"));
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn read_only_viewer_has_no_enabled_action() {
    let h = page("read-only-viewer").await;
    assert!(h
        .text_of(".bu-banner--read-only")
        .await
        .contains("billing permission"));
    let enabled = h
        .js("return [...document.querySelectorAll('.bu-page button:not([role=tab])')].filter(b => !b.disabled && !b.classList.contains('bu-sms__countries')).map(b => b.outerHTML);")
        .await;
    assert_eq!(enabled, json!([]), "enabled buttons");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn trial_says_nothing_is_charged_and_upgrading_charges_the_full_price() {
    let h = page("trial").await;
    let banner = h.text_of(".bu-banner--trial").await;
    assert!(banner.contains("Nothing is charged"), "{banner}");
    click(&h, "[data-plan=pro] .bu-plan__upgrade").await;
    // A trial converts at full price, no proration: Pro at 1,000 contacts, $79.00.
    let shown = confirm_checkout(&h).await;
    assert_eq!(shown, "$79.00");
    assert_eq!(order_charges(&h).await, vec!["79.00".to_string()]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn resold_account_points_to_the_reseller_with_every_action_disabled() {
    let h = page("resold").await;
    assert!(h
        .text_of(".bu-banner--resold")
        .await
        .contains("Brightpath Digital Agency"));
    let enabled = h
        .js("return [...document.querySelectorAll('.bu-page button:not([role=tab])')].filter(b => !b.disabled).map(b => b.outerHTML);")
        .await;
    assert_eq!(enabled, json!([]), "enabled buttons");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn starter_cannot_add_sms_and_is_offered_plus() {
    let h = page("starter-monthly").await;
    assert!(h
        .text_of("[data-addon=sms] .bu-addon__ineligible")
        .await
        .contains("Plus"));
    click(&h, "[data-addon=sms] .bu-addon__unlock").await;
    let title = h.text_of(".bu-modal__title").await;
    assert_eq!(title, "Upgrade to Plus");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn eur_account_in_italian_shows_euros_and_italian_labels() {
    let h = page_in("eur-monthly", "it").await;
    let title = h.text_of(".bu-plans .bu-section-title").await;
    assert_eq!(title, "Piani");
    let amount = h.text_of("[data-plan=pro] .bu-plan__amount").await;
    assert!(amount.ends_with('€') && amount.contains(','), "{amount}");
    click(&h, "[data-plan=pro] .bu-plan__upgrade").await;
    let shown = confirm_checkout(&h).await;
    assert!(shown.ends_with('€'), "{shown}");
    let charged: String = plain_amount(&shown.replace('.', "").replace(',', "."));
    assert_eq!(order_charges(&h).await, vec![charged]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn offline_shows_a_banner_and_disables_confirm() {
    let h = page("pro-monthly").await;
    click(&h, "[data-plan=enterprise] .bu-plan__upgrade").await;
    wait_enabled(&h, ".bu-checkout__confirm").await;
    h.js("window.dispatchEvent(new Event('offline')); return true;")
        .await;
    h.text_of(".bu-banner--offline").await;
    assert!(is_disabled(&h, ".bu-checkout__confirm").await);
    h.js("window.dispatchEvent(new Event('online')); return true;")
        .await;
    wait_enabled(&h, ".bu-checkout__confirm").await;
    h.close().await;
}
