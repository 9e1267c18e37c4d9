//! Every flow of the Billing & Upgrade page (issue 5), against the built page and the mock
//! API in headless Chromium: what the customer sees, and what the mock's ledger charged.

use std::time::Duration;

use e2e::{plain_amount, Harness, TestCard};
use serde_json::{json, Value};

/// Starts the mock on `scenario` and opens the page in English.
async fn page(scenario: &str) -> Harness {
    page_in(scenario, "en").await
}

/// Starts the mock on `scenario` and mounts the page in `locale` (see [`Harness::mounted`]).
async fn page_in(scenario: &str, locale: &str) -> Harness {
    Harness::mounted(scenario, locale).await
}

/// Confirms the open checkout and waits for the done message; returns the amount the
/// dialog showed as charged now before confirming.
async fn confirm_checkout(h: &Harness) -> String {
    let shown = h.text_of(".bu-quote__charge-now").await;
    h.wait_enabled(".bu-checkout__confirm").await;
    h.click(".bu-checkout__confirm").await;
    h.text_of(".bu-checkout__done").await;
    shown
}

#[tokio::test(flavor = "multi_thread")]
async fn admin_upgrades_and_is_charged_exactly_the_amount_shown() {
    let h = page("pro-monthly").await;
    h.click("[data-plan=enterprise] .bu-plan__upgrade").await;
    let shown = confirm_checkout(&h).await;
    // ($379.00 − $219.00) × the 1,951,200 s left of the 2,592,000 s period = $120.44.
    assert_eq!(shown, "$120.44");
    assert_eq!(h.order_charges().await, vec!["120.44".to_string()]);
    h.click(".bu-checkout__close").await;
    h.wait_gone("[role=dialog]").await;
    assert_eq!(h.text_of(".bu-plan-name").await, "Enterprise");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_double_clicked_confirm_charges_once() {
    let h = page("pro-monthly").await;
    h.click("[data-addon=custom_reports] .bu-addon__add").await;
    h.wait_enabled(".bu-checkout__confirm").await;
    let shown = h.text_of(".bu-quote__charge-now").await;
    h.js("const b = document.querySelector('.bu-checkout__confirm'); b.click(); b.click(); return true;")
        .await;
    h.text_of(".bu-checkout__done").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(h.order_charges().await, vec![plain_amount(&shown)]);
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
    h.click("[data-plan=enterprise] .bu-plan__upgrade").await;
    let shown = confirm_checkout(&h).await;
    assert_eq!(h.order_charges().await, vec![plain_amount(&shown)]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_changed_server_price_is_shown_before_anything_is_charged() {
    let h = page("pro-monthly").await;
    h.click("[data-plan=enterprise] .bu-plan__upgrade").await;
    let preview = h.text_of(".bu-quote__charge-now").await;
    // A day later on the server: less of the period is left, the price is lower.
    h.api(
        "POST",
        "/api/v1/_mock/clock",
        Some(json!({"now": "2026-11-23T10:00:00Z"})),
    )
    .await;
    h.wait_enabled(".bu-checkout__confirm").await;
    h.click(".bu-checkout__confirm").await;
    let notice = h.text_of(".bu-checkout__notice").await;
    assert!(notice.contains("updated"), "{notice}");
    assert!(h.order_charges().await.is_empty(), "nothing charged yet");
    let server = h.text_of(".bu-quote__charge-now").await;
    // $160.00 × 1,864,800 / 2,592,000 = $115.111… → $115.11.
    assert_eq!(server, "$115.11");
    assert_ne!(server, preview);
    h.wait_enabled(".bu-checkout__confirm").await;
    h.click(".bu-checkout__confirm").await;
    h.text_of(".bu-checkout__done").await;
    assert_eq!(h.order_charges().await, vec!["115.11".to_string()]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn raising_the_contact_limit_charges_the_prorated_tier_difference() {
    let h = page("pro-monthly").await;
    h.click(".bu-limit--contacts .bu-limit__edit").await;
    h.set_value(".bu-limit-dialog__select", "10000").await;
    h.wait_js("return document.querySelector('.bu-quote__charge-now')?.textContent === '$90.33';")
        .await;
    // ($339.00 − $219.00) × 1,951,200 / 2,592,000 = $90.333… → $90.33.
    let shown = confirm_checkout(&h).await;
    assert_eq!(shown, "$90.33");
    assert_eq!(h.order_charges().await, vec!["90.33".to_string()]);
    h.click(".bu-checkout__close").await;
    let usage = h.text_of(".bu-limit--contacts .bu-limit__usage").await;
    assert!(usage.contains("10,000"), "{usage}");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn lowering_a_limit_files_a_support_request_and_charges_nothing() {
    let h = page("pro-monthly").await;
    h.click(".bu-limit--contacts .bu-limit__edit").await;
    h.set_value(".bu-limit-dialog__select", "2500").await;
    h.click(".bu-checkout__support").await;
    h.click(".bu-support__send").await;
    let sent = h.text_of(".bu-support__sent").await;
    assert!(sent.contains("sr_"), "{sent}");
    let (_, records) = h.api("GET", "/api/v1/_mock/support-requests", None).await;
    let requests = records["requests"].as_array().cloned().unwrap_or_default();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0]["request"]["changes"],
        json!([{"kind": "set_contacts", "contacts": 2500}])
    );
    assert!(h.order_charges().await.is_empty());
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn lower_plan_goes_to_support_with_the_wanted_plan() {
    let h = page("pro-monthly").await;
    h.click("[data-plan=starter] .bu-plan__downgrade").await;
    h.click(".bu-support__send").await;
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
    h.click(".bu-sms__edit").await;
    h.set_value(".bu-sms__pack", "sms_1000").await;
    let total = h.text_of(".bu-sms__total").await;
    assert!(total.contains("$10.00"), "{total}");
    h.click(".bu-sms__continue").await;
    let shown = confirm_checkout(&h).await;
    assert_eq!(shown, "$10.00");
    assert_eq!(h.order_charges().await, vec!["10.00".to_string()]);
    h.click(".bu-checkout__close").await;
    h.wait_js("return document.querySelector('.bu-sms__credits')?.textContent.includes('1,120');")
        .await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sms_countries_show_costs_and_the_us_registration_notice() {
    let h = page("billing-viewer").await;
    h.click(".bu-sms__countries").await;
    // 120 credits at 3 credits a message to the United Kingdom: 40 messages.
    assert_eq!(h.text_of("[data-country=GB] .bu-sms__estimate").await, "40");
    assert!(h.text_of(".bu-sms__10dlc").await.contains("A2P 10DLC"));
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn auto_upgrade_is_saved_only_with_the_terms_accepted() {
    let h = page("pro-monthly").await;
    h.click(".bu-auto-upgrade__edit").await;
    h.click(".bu-auto-upgrade__switch").await;
    assert!(h.is_disabled(".bu-auto-upgrade__confirm").await);
    h.click(".bu-auto-upgrade__terms").await;
    h.wait_enabled(".bu-auto-upgrade__confirm").await;
    h.click(".bu-auto-upgrade__confirm").await;
    h.wait_gone("[role=dialog]").await;
    assert_eq!(h.text_of(".bu-auto-upgrade__state").await, "On");
    let (_, account) = h.api("GET", "/api/v1/account", None).await;
    assert_eq!(account["account"]["auto_upgrade"], Value::Bool(true));
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn payment_method_is_replaced_and_a_declined_card_keeps_the_dialog() {
    let h = page("pro-monthly").await;
    h.click(".bu-overview__edit-payment").await;
    h.type_card(TestCard::DECLINED).await;
    h.click(".bu-payment__save").await;
    let error = h.wait_text(".bu-card-entry__error", "declined").await;
    assert!(error.contains("declined"), "{error}");
    assert!(h
        .text_of("[role=dialog]")
        .await
        .contains("Cancel my account"));
    // The customer corrects the number in the same fields and saves again.
    h.type_card(TestCard::MASTERCARD).await;
    h.wait_enabled(".bu-payment__save").await;
    h.click(".bu-payment__save").await;
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
    assert!(
        !h.is_disabled("[data-plan=enterprise] .bu-plan__upgrade")
            .await
    );
    h.click(".bu-overview__edit-payment").await;
    assert!(h.is_disabled(".bu-payment__cancel-account").await);
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
    // Every action is there, and disabled (an empty list of enabled buttons would also
    // pass with the buttons missing).
    assert_actions_disabled(&h, READ_ONLY_ACTIONS).await;
    let enabled = h
        .js("return [...document.querySelectorAll('.bu-page button:not([role=tab])')].filter(b => !b.disabled && !b.classList.contains('bu-sms__countries')).map(b => b.outerHTML);")
        .await;
    assert_eq!(enabled, json!([]), "enabled buttons");
    h.close().await;
}

/// The page's action buttons a viewer without billing rights sees disabled.
const READ_ONLY_ACTIONS: &[&str] = &[
    "[data-plan=enterprise] .bu-plan__upgrade",
    "[data-plan=starter] .bu-plan__downgrade",
    ".bu-limit--contacts .bu-limit__edit",
    ".bu-limit--users .bu-limit__edit",
    ".bu-auto-upgrade__edit",
    ".bu-overview__edit-payment",
    ".bu-overview__switch-cycle",
    ".bu-addon__add",
    ".bu-pause__open",
    ".bu-seats__update",
];

/// The action buttons of a resold account, all disabled (the reseller bills it).
const RESOLD_ACTIONS: &[&str] = &[
    "[data-plan=enterprise] .bu-plan__upgrade",
    ".bu-limit--contacts .bu-limit__edit",
    ".bu-auto-upgrade__edit",
    ".bu-overview__edit-payment",
    ".bu-addon__add",
    ".bu-seats__update",
];

/// Each of `selectors` matches at least one button, and every match is disabled.
async fn assert_actions_disabled(h: &Harness, selectors: &[&str]) {
    for css in selectors {
        let state = h
            .js(&format!(
                "const all = [...document.querySelectorAll({})]; \
                 return {{ found: all.length, enabled: all.filter(b => !b.disabled).length }};",
                serde_json::to_string(css).unwrap()
            ))
            .await;
        assert!(
            state["found"].as_u64().unwrap_or(0) >= 1,
            "no {css} button on the page"
        );
        assert_eq!(state["enabled"], 0, "{css} is enabled");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn trial_says_nothing_is_charged_and_upgrading_charges_the_full_price() {
    let h = page("trial").await;
    let banner = h.text_of(".bu-banner--trial").await;
    assert!(banner.contains("Nothing is charged"), "{banner}");
    h.click("[data-plan=pro] .bu-plan__upgrade").await;
    // A trial converts at full price, no proration: Pro at 1,000 contacts, $79.00.
    let shown = confirm_checkout(&h).await;
    assert_eq!(shown, "$79.00");
    assert_eq!(h.order_charges().await, vec!["79.00".to_string()]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn resold_account_points_to_the_reseller_with_every_action_disabled() {
    let h = page("resold").await;
    assert!(h
        .text_of(".bu-banner--resold")
        .await
        .contains("Brightpath Digital Agency"));
    assert_actions_disabled(&h, RESOLD_ACTIONS).await;
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
    h.click("[data-addon=sms] .bu-addon__unlock").await;
    // The dialogs' code may still be downloading: "Opening…" first, then this dialog.
    let title = h.wait_text(".bu-modal__title", "Upgrade to Plus").await;
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
    h.click("[data-plan=pro] .bu-plan__upgrade").await;
    let shown = confirm_checkout(&h).await;
    assert!(shown.ends_with('€'), "{shown}");
    let charged: String = plain_amount(&shown.replace('.', "").replace(',', "."));
    assert_eq!(h.order_charges().await, vec![charged]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn offline_shows_a_banner_and_disables_confirm() {
    let h = page("pro-monthly").await;
    h.click("[data-plan=enterprise] .bu-plan__upgrade").await;
    h.wait_enabled(".bu-checkout__confirm").await;
    h.js("window.dispatchEvent(new Event('offline')); return true;")
        .await;
    h.text_of(".bu-banner--offline").await;
    assert!(h.is_disabled(".bu-checkout__confirm").await);
    h.js("window.dispatchEvent(new Event('online')); return true;")
        .await;
    h.wait_enabled(".bu-checkout__confirm").await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_to_annual_charges_the_annual_price_less_the_unused_month() {
    let h = page("pro-monthly").await;
    h.click(".bu-overview__switch-cycle").await;
    let shown = confirm_checkout(&h).await;
    // Pro $2,102.40 + Pipelines $470.40 + 5 seats × $228.00 = $3,712.80 a year, less the
    // unused month ($363.00 × 1,951,200 / 2,592,000 = $273.26): $3,439.54.
    assert_eq!(shown, "$3,439.54");
    assert_eq!(h.order_charges().await, vec!["3439.54".to_string()]);
    assert_eq!(h.account().await["cycle"], "annual");
    h.click(".bu-checkout__close").await;
    h.wait_gone("[role=dialog]").await;
    h.wait_text(".bu-overview__cycle", "Annual").await;
    // Annual → monthly is now the offer, and it is a downgrade (support path).
    h.wait_text(".bu-overview__switch-cycle", "monthly").await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn committing_to_a_year_charges_nothing_now_and_starts_the_term_next_period() {
    let h = page("pro-monthly").await;
    h.click(".bu-overview__switch-cycle").await;
    h.click(".bu-cycle__option[value=annual_commit_monthly]")
        .await;
    // ($219.00 + $49.00) × 0.9 + 5 × $19.00 = $241.20 + $95.00 = $336.20 from Dec 15.
    h.wait_text(".bu-quote__next-amount", "$336.20").await;
    let shown = confirm_checkout(&h).await;
    assert_eq!(shown, "$0.00");
    // A zero order charges nothing: no ledger charge other than zero.
    let charges = h.order_charges().await;
    assert!(
        charges.iter().all(|a| a == "0" || a == "0.00"),
        "charged {charges:?}"
    );
    let account = h.account().await;
    assert_eq!(account["cycle"], "annual_commit_monthly");
    assert_eq!(account["commit_term"]["start"], "2026-12-15T00:00:00Z");
    assert_eq!(account["commit_term"]["end"], "2027-12-15T00:00:00Z");
    h.close().await;
}
