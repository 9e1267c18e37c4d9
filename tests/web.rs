//! The page's components mounted in headless Chromium.
#![cfg(target_arch = "wasm32")]

use billing_upgrade::api::{AccountResponse, ApiClient};
use billing_upgrade::app::Overview;
use billing_upgrade::components::limits::{parse_limit, LimitRefusal};
use billing_upgrade::components::{BillingPage, Modal};
use billing_upgrade::format;
use billing_upgrade::i18n::{parse_locale, I18nSubContextProvider, Locale};
use billing_upgrade::parse::CountError;
use billing_upgrade::state::checkout::same_amounts;
use billing_upgrade::state::provide_page_state;
use billing_upgrade::{App, MountConfig};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use pricing::{Catalog, Cycle, PlanId, Role};
use rust_decimal::Decimal;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A new host element per test.
fn fresh_host() -> web_sys::HtmlElement {
    let doc = document();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

fn text(host: &web_sys::HtmlElement, css: &str) -> Option<String> {
    host.query_selector(css)
        .unwrap()
        .and_then(|e| e.text_content())
}

fn element(host: &web_sys::HtmlElement, css: &str) -> web_sys::HtmlElement {
    host.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no element {css}"))
        .unchecked_into()
}

fn exists(host: &web_sys::HtmlElement, css: &str) -> bool {
    host.query_selector(css).unwrap().is_some()
}

fn disabled(host: &web_sys::HtmlElement, css: &str) -> bool {
    element(host, css).has_attribute("disabled")
}

fn scenario() -> serde_json::Value {
    serde_json::from_str(include_str!(
        "../crates/mock-api/scenarios/pro-monthly.json"
    ))
    .unwrap()
}

/// The mock API's pro-monthly scenario, as `GET /account` would answer it (at the
/// scenario's clock, 2026-11-22T10:00:00Z).
fn pro_account() -> AccountResponse {
    let s = scenario();
    let now: DateTime<Utc> = pricing::json::from_str(&s["now"].to_string()).unwrap();
    AccountResponse::new(
        pricing::json::from_str(&s["account"].to_string()).unwrap(),
        pricing::json::from_str(&s["viewer"].to_string()).unwrap(),
    )
    .at(now)
}

fn usd_catalog() -> Catalog {
    Catalog::parse(include_str!(
        "../crates/mock-api/scenarios/catalogs/usd.json"
    ))
    .unwrap()
}

fn eur_catalog() -> Catalog {
    Catalog::parse(include_str!(
        "../crates/mock-api/scenarios/catalogs/eur.json"
    ))
    .unwrap()
}

#[component]
fn TestPage(data: AccountResponse, catalog: Catalog) -> impl IntoView {
    // Nothing listens on port 9: a confirm would fail, which these tests never reach
    // (the tests that confirm, or check that nothing changed, use the live mock instead).
    let client = ApiClient::new(&MountConfig {
        api_base: "http://127.0.0.1:9/api".into(),
        ..MountConfig::default()
    });
    provide_page_state(data, catalog, client);
    view! { <BillingPage /> }
}

/// Mounts the whole page on `data` and `catalog`, in `locale`.
async fn mount_page(
    data: AccountResponse,
    catalog: Catalog,
    locale: Locale,
) -> (web_sys::HtmlElement, UnmountHandle<impl Mountable>) {
    let host = fresh_host();
    let handle = mount_to(host.clone(), move || {
        let (data, catalog) = (data.clone(), catalog.clone());
        view! {
            <I18nSubContextProvider initial_locale=Signal::stored(locale)>
                <TestPage data=data catalog=catalog />
            </I18nSubContextProvider>
        }
    });
    settle().await;
    (host, handle)
}

/// Lets reactive effects and DOM updates run.
async fn settle() {
    leptos::task::tick().await;
    gloo_timers::future::TimeoutFuture::new(10).await;
    leptos::task::tick().await;
}

fn click(host: &web_sys::HtmlElement, css: &str) {
    element(host, css).click();
}

fn type_into(host: &web_sys::HtmlElement, css: &str, value: &str) {
    let input: web_sys::HtmlInputElement = element(host, css).unchecked_into();
    input.set_value(value);
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"bubbles".into(), &JsValue::TRUE).unwrap();
    let event = construct("Event", "input", &init);
    input.dispatch_event(&event).unwrap();
}

fn choose(host: &web_sys::HtmlElement, css: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = element(host, css).unchecked_into();
    select.set_value(value);
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"bubbles".into(), &JsValue::TRUE).unwrap();
    select
        .dispatch_event(&construct("Event", "change", &init))
        .unwrap();
}

/// `new <class>(type, init)` for event classes web-sys was not built with.
fn construct(class: &str, kind: &str, init: &js_sys::Object) -> web_sys::Event {
    let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &class.into())
        .unwrap()
        .unchecked_into();
    let args = js_sys::Array::of2(&kind.into(), init);
    js_sys::Reflect::construct(&ctor, &args)
        .unwrap()
        .unchecked_into()
}

fn press_key(target: &web_sys::Element, key: &str, shift: bool) {
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"key".into(), &key.into()).unwrap();
    js_sys::Reflect::set(&init, &"shiftKey".into(), &JsValue::from_bool(shift)).unwrap();
    js_sys::Reflect::set(&init, &"bubbles".into(), &JsValue::TRUE).unwrap();
    js_sys::Reflect::set(&init, &"cancelable".into(), &JsValue::TRUE).unwrap();
    target
        .dispatch_event(&construct("KeyboardEvent", "keydown", &init))
        .unwrap();
}

fn active() -> Option<web_sys::Element> {
    document().active_element()
}

fn with_role(mut data: AccountResponse, role: Role) -> AccountResponse {
    data.viewer.role = role;
    data
}

#[wasm_bindgen_test]
async fn overview_shows_the_account_name_and_plan() {
    let host = fresh_host();
    let data = pro_account();
    let _app = mount_to(host.clone(), move || {
        let data = data.clone();
        view! {
            <I18nSubContextProvider initial_locale=Signal::stored(Locale::en)>
                <Overview data=data />
            </I18nSubContextProvider>
        }
    });
    leptos::task::tick().await;
    assert_eq!(text(&host, ".bu-plan-name").as_deref(), Some("Pro"));
    assert_eq!(
        text(&host, ".bu-overview__account").as_deref(),
        Some("Northwind Traders")
    );
}

#[wasm_bindgen_test]
async fn page_shows_an_error_with_retry_when_the_api_is_unreachable() {
    let host = fresh_host();
    let config = MountConfig {
        // Port 9 (discard) is closed on 127.0.0.1: the fetch fails.
        api_base: "http://127.0.0.1:9/api".into(),
        locale: Some("en".into()),
        // No retries' worth of waiting beyond what the loop below allows.
        timeout_ms: 2_000,
        ..MountConfig::default()
    };
    let _app = mount_to(
        host.clone(),
        move || view! { <App config=config.clone() /> },
    );
    leptos::task::tick().await;
    assert!(
        text(&host, "[role=status]").is_some_and(|t| t.contains("Loading")),
        "loading state first"
    );
    for _ in 0..200 {
        gloo_timers::future::TimeoutFuture::new(50).await;
        if host.query_selector(".bu-error").unwrap().is_some() {
            break;
        }
    }
    let alert = text(&host, ".bu-error").expect("error state shown");
    assert!(
        alert.contains("We could not load your billing details."),
        "{alert}"
    );
    assert!(
        host.query_selector(".bu-error button").unwrap().is_some(),
        "retry button"
    );
}

#[wasm_bindgen_test]
async fn overview_shows_next_invoice_tier_and_card() {
    let (host, _app) = mount_page(pro_account(), usd_catalog(), Locale::en).await;
    // Pro 5,000 contacts $219.00 + Pipelines $49.00 + 5 seats × $19.00 = $363.00.
    let next = text(&host, ".bu-overview__next-invoice").unwrap();
    assert!(next.contains("$363.00"), "{next}");
    assert!(next.contains("December 15, 2026"), "{next}");
    let tier = text(&host, ".bu-overview__tier").unwrap();
    assert!(tier.contains("5,000"), "{tier}");
    let card = text(&host, ".bu-overview__payment").unwrap();
    assert!(
        card.contains("Visa") && card.contains("4242") && card.contains("12/2027"),
        "{card}"
    );
}

#[wasm_bindgen_test]
async fn plan_cards_are_priced_for_the_cycle_and_tier() {
    let (host, _app) = mount_page(pro_account(), usd_catalog(), Locale::en).await;
    assert_eq!(
        text(&host, "[data-plan=starter] .bu-plan__amount").as_deref(),
        Some("$59.00")
    );
    assert_eq!(
        text(&host, "[data-plan=enterprise] .bu-plan__amount").as_deref(),
        Some("$379.00")
    );
    assert!(exists(&host, "[data-plan=pro] .bu-plan__current"));
    assert!(exists(&host, "[data-plan=enterprise] .bu-plan__upgrade"));
    assert!(exists(&host, "[data-plan=starter] .bu-plan__downgrade"));
    assert!(!disabled(&host, "[data-plan=enterprise] .bu-plan__upgrade"));
}

#[wasm_bindgen_test]
async fn upgrade_dialog_previews_the_prorated_charge_and_next_invoice() {
    let (host, _app) = mount_page(pro_account(), usd_catalog(), Locale::en).await;
    click(&host, "[data-plan=enterprise] .bu-plan__upgrade");
    settle().await;
    assert!(exists(&host, "[role=dialog][aria-modal=true]"));
    // Period Nov 15 → Dec 15 (2,592,000 s); at Nov 22 10:00, 1,951,200 s are left.
    // ($379.00 − $219.00) × 1,951,200 / 2,592,000 = $120.444… → $120.44.
    assert_eq!(
        text(&host, ".bu-quote__charge-now").as_deref(),
        Some("$120.44")
    );
    // Enterprise $379.00 + Pipelines $49.00 + seats $95.00 = $523.00.
    assert_eq!(
        text(&host, ".bu-quote__next-amount").as_deref(),
        Some("$523.00")
    );
    assert!(!disabled(&host, ".bu-checkout__confirm"));
    assert_eq!(
        text(&host, ".bu-checkout__confirm").as_deref(),
        Some("Upgrade")
    );
}

#[wasm_bindgen_test]
async fn monthly_to_annual_previews_the_annual_price_less_the_unused_month() {
    let (host, _app) = mount_page(pro_account(), usd_catalog(), Locale::en).await;
    assert_eq!(
        text(&host, ".bu-overview__switch-cycle").as_deref(),
        Some("Switch to annual billing")
    );
    click(&host, ".bu-overview__switch-cycle");
    settle().await;
    assert!(exists(&host, "[role=dialog][aria-modal=true]"));
    // Annual: Pro $2,102.40 + Pipelines $470.40 + 5 seats × $228.00 = $3,712.80, less the
    // unused month: ($219.00 + $49.00 + 5 × $19.00) × 1,951,200 / 2,592,000
    // = $363.00 × 0.75277… = $273.2575 → $273.26; $3,712.80 − $273.26 = $3,439.54.
    assert_eq!(
        text(&host, ".bu-quote__charge-now").as_deref(),
        Some("$3,439.54")
    );
    assert_eq!(
        text(&host, ".bu-quote__next-amount").as_deref(),
        Some("$3,712.80")
    );
    assert!(!disabled(&host, ".bu-checkout__confirm"));
}

#[wasm_bindgen_test]
async fn the_annual_commitment_charges_nothing_now_and_discounts_the_next_invoice() {
    let (host, _app) = mount_page(pro_account(), usd_catalog(), Locale::en).await;
    click(&host, ".bu-overview__switch-cycle");
    settle().await;
    click(&host, ".bu-cycle__option[value=annual_commit_monthly]");
    settle().await;
    assert!(text(&host, ".bu-cycle__choices")
        .unwrap()
        .contains("10% off"));
    assert_eq!(
        text(&host, ".bu-quote__charge-now").as_deref(),
        Some("$0.00")
    );
    // From Dec 15, 10% off the plan and the add-on, none on seats: $219.00 × 0.9 = $197.10,
    // $49.00 × 0.9 = $44.10, 5 × $19.00 = $95.00; $197.10 + $44.10 + $95.00 = $336.20.
    assert_eq!(
        text(&host, ".bu-quote__next-amount").as_deref(),
        Some("$336.20")
    );
    assert!(text(&host, ".bu-quote__effective")
        .unwrap()
        .contains("December 15, 2026"));
    assert!(!disabled(&host, ".bu-checkout__confirm"));
}

#[wasm_bindgen_test]
async fn annual_to_monthly_goes_to_support_and_commitments_are_not_offered() {
    let mut annual = pro_account();
    annual.account.cycle = Cycle::Annual;
    let (host, _app) = mount_page(annual, usd_catalog(), Locale::en).await;
    assert_eq!(
        text(&host, ".bu-overview__switch-cycle").as_deref(),
        Some("Switch to monthly billing")
    );
    click(&host, ".bu-overview__switch-cycle");
    settle().await;
    // A downgrade: nothing to confirm, the support path instead.
    assert!(!exists(&host, ".bu-checkout__confirm:not([disabled])"));
    assert!(
        exists(&host, ".bu-checkout__support"),
        "support path offered"
    );

    let mut commit = pro_account();
    commit.account.cycle = Cycle::AnnualCommitMonthly;
    let (host, _app) = mount_page(commit, usd_catalog(), Locale::en).await;
    assert!(!exists(&host, ".bu-overview__switch-cycle"));
}

#[wasm_bindgen_test]
async fn usage_gauges_warn_near_and_at_the_limit() {
    let (host, _app) = mount_page(pro_account(), usd_catalog(), Locale::en).await;
    let gauge = |css: &str| {
        let e = element(&host, css);
        let attr = |name: &str| e.get_attribute(name).unwrap_or_default();
        (attr("value"), attr("low"), attr("high"), attr("optimum"))
    };
    // Contacts 4,210 of 5,000: warning zone from 80 % (4,000) to 95 % (4,750).
    assert_eq!(
        gauge(".bu-limit--contacts .bu-limit__meter"),
        ("4210".into(), "4000".into(), "4750".into(), "0".into())
    );
    // Users 3 of 3: 3 × 4 / 5 = 2 (low), 3 × 19 / 20 = 2 (high): at the limit, alarm.
    assert_eq!(
        gauge(".bu-limit--users .bu-limit__meter"),
        ("3".into(), "2".into(), "2".into(), "0".into())
    );
}

#[wasm_bindgen_test]
async fn limit_preview_updates_as_the_value_changes() {
    let (host, _app) = mount_page(pro_account(), usd_catalog(), Locale::en).await;
    click(&host, ".bu-limit--users .bu-limit__edit");
    settle().await;
    type_into(&host, ".bu-limit-dialog__input", "5");
    settle().await;
    // 2 users beyond the 3 included: 2 × $19.00 × 1,951,200 / 2,592,000 = $28.605… → $28.61.
    assert_eq!(
        text(&host, ".bu-quote__charge-now").as_deref(),
        Some("$28.61")
    );
    type_into(&host, ".bu-limit-dialog__input", "6");
    settle().await;
    // 3 × $19.00 × 0.752777… = $42.908… → $42.91.
    assert_eq!(
        text(&host, ".bu-quote__charge-now").as_deref(),
        Some("$42.91")
    );
    // Not a number: nothing priced, confirm disabled, the reason said.
    type_into(&host, ".bu-limit-dialog__input", "abc");
    settle().await;
    assert!(disabled(&host, ".bu-checkout__confirm"));
    assert!(text(&host, "#bu-limit-input-error")
        .unwrap()
        .contains("only the digits 0–9"));
}

fn input_value(host: &web_sys::HtmlElement, css: &str) -> String {
    element(host, css)
        .unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

fn attr(host: &web_sys::HtmlElement, css: &str, name: &str) -> Option<String> {
    element(host, css).get_attribute(name)
}

#[wasm_bindgen_test]
async fn a_decimal_in_the_users_field_is_refused_and_kept_as_typed() {
    let (host, _app) = mount_page(pro_account(), usd_catalog(), Locale::en).await;
    click(&host, ".bu-limit--users .bu-limit__edit");
    settle().await;
    let field = ".bu-limit-dialog__input";
    assert_eq!(attr(&host, field, "type").as_deref(), Some("text"));
    assert_eq!(attr(&host, field, "inputmode").as_deref(), Some("numeric"));
    type_into(&host, field, "4.5");
    settle().await;
    // The issue: "4.5" showed 54 and priced 51 extra users.
    assert_eq!(
        input_value(&host, field),
        "4.5",
        "the field keeps what was typed"
    );
    let message = text(&host, "#bu-limit-input-error").unwrap();
    assert!(
        message.contains("whole number, without decimals"),
        "{message}"
    );
    assert_eq!(attr(&host, field, "aria-invalid").as_deref(), Some("true"));
    let described_by = attr(&host, field, "aria-describedby").unwrap_or_default();
    assert!(
        described_by
            .split(' ')
            .any(|id| id == "bu-limit-input-error"),
        "{described_by}"
    );
    assert!(disabled(&host, ".bu-checkout__confirm"));
    assert!(!exists(&host, ".bu-quote__charge-now"), "nothing priced");

    // Each refusal has its own message; the field still holds the text.
    for (typed, says) in [
        ("-1", "cannot be negative"),
        ("1e30", "without an exponent"),
        ("", "Enter a number"),
        ("٣", "only the digits 0–9"),
        ("10,00", "groups of three digits"),
    ] {
        type_into(&host, field, typed);
        settle().await;
        assert_eq!(input_value(&host, field), typed);
        let message = text(&host, "#bu-limit-input-error").unwrap();
        assert!(message.contains(says), "{typed:?}: {message}");
        assert_eq!(attr(&host, field, "aria-invalid").as_deref(), Some("true"));
        assert!(disabled(&host, ".bu-checkout__confirm"), "{typed:?}");
    }
}

#[wasm_bindgen_test]
async fn a_grouped_english_count_is_read_as_typed() {
    let (host, _app) = mount_page(pro_account(), usd_catalog(), Locale::en).await;
    click(&host, ".bu-limit--users .bu-limit__edit");
    settle().await;
    type_into(&host, ".bu-limit-dialog__input", "1,000");
    settle().await;
    assert_eq!(input_value(&host, ".bu-limit-dialog__input"), "1,000");
    assert_eq!(
        attr(&host, ".bu-limit-dialog__input", "aria-invalid").as_deref(),
        Some("false")
    );
    assert_eq!(text(&host, "#bu-limit-input-error").as_deref(), Some(""));
    // 1,000 users, 3 included on Pro: 997 × $19.00 × 1,951,200 / 2,592,000
    // = $14,259.869… → $14,259.87.
    assert_eq!(
        text(&host, ".bu-quote__charge-now").as_deref(),
        Some("$14,259.87")
    );
    assert!(!disabled(&host, ".bu-checkout__confirm"));
}

#[wasm_bindgen_test]
async fn an_italian_count_groups_with_dots_and_a_comma_is_a_decimal() {
    let (host, _app) = mount_page(pro_account(), usd_catalog(), Locale::it).await;
    click(&host, ".bu-limit--users .bu-limit__edit");
    settle().await;
    type_into(&host, ".bu-limit-dialog__input", "1,000");
    settle().await;
    let message = text(&host, "#bu-limit-input-error").unwrap();
    assert!(message.contains("senza decimali"), "{message}");
    assert!(disabled(&host, ".bu-checkout__confirm"));
    type_into(&host, ".bu-limit-dialog__input", "1.000");
    settle().await;
    assert_eq!(text(&host, "#bu-limit-input-error").as_deref(), Some(""));
    assert!(exists(&host, ".bu-quote__charge-now"), "1.000 users priced");
}

#[wasm_bindgen_test]
async fn lowering_a_limit_turns_into_the_support_path() {
    let (host, _app) = mount_page(pro_account(), usd_catalog(), Locale::en).await;
    click(&host, ".bu-limit--contacts .bu-limit__edit");
    settle().await;
    choose(&host, ".bu-limit-dialog__select", "2500");
    settle().await;
    assert!(disabled(&host, ".bu-checkout__confirm"));
    let refusal = text(&host, ".bu-checkout__refusal").unwrap();
    assert!(refusal.contains("downgrade"), "{refusal}");
    click(&host, ".bu-checkout__support");
    settle().await;
    assert!(exists(&host, ".bu-support__send"));
    let changes = text(&host, ".bu-support__changes").unwrap();
    assert!(
        changes.contains("Set the contact limit to 2,500"),
        "{changes}"
    );
}

#[wasm_bindgen_test]
async fn lower_plan_offers_a_support_request_not_a_purchase() {
    let (host, _app) = mount_page(pro_account(), usd_catalog(), Locale::en).await;
    click(&host, "[data-plan=plus] .bu-plan__downgrade");
    settle().await;
    assert!(exists(&host, ".bu-support__send"));
    assert!(!exists(&host, ".bu-checkout__confirm"));
    assert!(text(&host, ".bu-support__changes")
        .unwrap()
        .contains("Move to the Plus plan"));
}

#[wasm_bindgen_test]
async fn read_only_viewer_sees_no_enabled_action() {
    let data = with_role(pro_account(), Role::Viewer);
    let (host, _app) = mount_page(data, usd_catalog(), Locale::en).await;
    assert!(exists(&host, ".bu-banner--read-only"));
    let buttons = host
        .query_selector_all(".bu-layout button, .bu-plans button, .bu-addons button")
        .unwrap();
    assert!(buttons.length() > 0);
    for i in 0..buttons.length() {
        let b: web_sys::Element = buttons.item(i).unwrap().unchecked_into();
        assert!(
            b.has_attribute("disabled"),
            "enabled for a viewer: {}",
            b.outer_html()
        );
    }
    let title = element(&host, "[data-plan=enterprise] .bu-plan__upgrade")
        .get_attribute("title")
        .unwrap();
    assert!(title.contains("billing permission"), "{title}");
}

#[wasm_bindgen_test]
async fn billing_user_may_upgrade_but_not_cancel() {
    let data = with_role(pro_account(), Role::Billing);
    let (host, _app) = mount_page(data, usd_catalog(), Locale::en).await;
    assert!(!disabled(&host, "[data-plan=enterprise] .bu-plan__upgrade"));
    click(&host, ".bu-overview__edit-payment");
    settle().await;
    assert!(disabled(&host, ".bu-payment__cancel-account"));
    // Save is not blocked by the role (no reason in its title); with no payment provider
    // on this test page it waits for one (tests/card_form.rs covers the form itself).
    assert!(attr(&host, ".bu-payment__save", "title").is_none_or(|t| t.is_empty()));
    assert!(text(&host, ".bu-modal .bu-gate-note")
        .unwrap()
        .contains("primary admin"));
}

#[wasm_bindgen_test]
async fn resold_account_disables_every_action_and_names_the_reseller() {
    let mut data = pro_account();
    data.account.reseller = Some("Acme Partners".into());
    let (host, _app) = mount_page(data, usd_catalog(), Locale::en).await;
    assert!(text(&host, ".bu-banner--resold")
        .unwrap()
        .contains("Acme Partners"));
    // The server's name is isolated, so its direction cannot reorder the sentence.
    assert_eq!(
        text(&host, ".bu-banner--resold bdi").as_deref(),
        Some("Acme Partners")
    );
    assert!(disabled(&host, "[data-plan=enterprise] .bu-plan__upgrade"));
    assert!(disabled(&host, ".bu-limit--contacts .bu-limit__edit"));
}

#[wasm_bindgen_test]
async fn sms_on_starter_says_why_and_offers_the_unlocking_upgrade() {
    let mut data = pro_account();
    data.account.plan = PlanId::Starter;
    data.account.users = 1;
    data.account.email_sends = 10_000;
    data.account.addons.clear();
    let (host, _app) = mount_page(data, usd_catalog(), Locale::en).await;
    assert!(text(&host, "[data-addon=sms] .bu-addon__ineligible")
        .unwrap()
        .contains("Plus"));
    assert!(!exists(&host, "[data-addon=sms] .bu-addon__add"));
    assert_eq!(
        text(&host, "[data-addon=sms] .bu-addon__unlock").as_deref(),
        Some("Upgrade to Plus")
    );
    assert!(exists(
        &host,
        "[data-addon=transactional_email] .bu-addon__add"
    ));
}

#[wasm_bindgen_test]
async fn add_on_review_lists_the_charge_and_confirm_purchase() {
    let (host, _app) = mount_page(pro_account(), usd_catalog(), Locale::en).await;
    click(&host, "[data-addon=custom_reports] .bu-addon__add");
    settle().await;
    assert_eq!(
        text(&host, ".bu-modal__title").as_deref(),
        Some("Review purchase")
    );
    // $29.00 × 1,951,200 / 2,592,000 = $21.830… → $21.83.
    assert_eq!(
        text(&host, ".bu-quote__charge-now").as_deref(),
        Some("$21.83")
    );
    assert_eq!(
        text(&host, ".bu-checkout__confirm").as_deref(),
        Some("Confirm purchase")
    );
}

#[wasm_bindgen_test]
async fn sms_credits_dialog_totals_the_pack_then_continues_to_confirm() {
    let mut data = pro_account();
    data.account.addons.push(pricing::AddOnId::Sms);
    data.account.sms.remaining = 500;
    let (host, _app) = mount_page(data, usd_catalog(), Locale::en).await;
    assert!(text(&host, ".bu-sms__credits")
        .unwrap()
        .contains("500 SMS credits"));
    click(&host, ".bu-sms__edit");
    settle().await;
    choose(&host, ".bu-sms__pack", "sms_5000");
    settle().await;
    // Packs are charged in full, never prorated: $45.00.
    assert!(text(&host, ".bu-sms__total").unwrap().contains("$45.00"));
    click(&host, ".bu-sms__continue");
    settle().await;
    assert_eq!(
        text(&host, ".bu-checkout__confirm").as_deref(),
        Some("Confirm purchase")
    );
    assert_eq!(
        text(&host, ".bu-quote__charge-now").as_deref(),
        Some("$45.00")
    );
}

#[wasm_bindgen_test]
async fn sms_countries_list_costs_and_the_10dlc_notice() {
    let mut data = pro_account();
    data.account.addons.push(pricing::AddOnId::Sms);
    data.account.sms.remaining = 500;
    let (host, _app) = mount_page(data, usd_catalog(), Locale::en).await;
    click(&host, ".bu-sms__countries");
    settle().await;
    // Italy costs 4 credits a message: 500 / 4 = 125 messages.
    assert_eq!(
        text(&host, "[data-country=IT] .bu-sms__estimate").as_deref(),
        Some("125")
    );
    assert!(text(&host, ".bu-sms__10dlc").unwrap().contains("A2P 10DLC"));
}

#[wasm_bindgen_test]
async fn auto_upgrade_confirm_needs_the_terms_accepted() {
    let (host, _app) = mount_page(pro_account(), usd_catalog(), Locale::en).await;
    click(&host, ".bu-auto-upgrade__edit");
    settle().await;
    assert!(
        disabled(&host, ".bu-auto-upgrade__confirm"),
        "nothing changed yet"
    );
    click(&host, ".bu-auto-upgrade__switch");
    settle().await;
    assert!(
        disabled(&host, ".bu-auto-upgrade__confirm"),
        "terms not accepted"
    );
    click(&host, ".bu-auto-upgrade__terms");
    settle().await;
    assert!(!disabled(&host, ".bu-auto-upgrade__confirm"));
}

#[wasm_bindgen_test]
async fn dialog_takes_focus_traps_tab_closes_on_escape_and_returns_focus() {
    let (host, _app) = mount_page(pro_account(), usd_catalog(), Locale::en).await;
    let trigger = element(&host, "[data-plan=enterprise] .bu-plan__upgrade");
    trigger.focus().unwrap();
    trigger.click();
    settle().await;
    let dialog = element(&host, "[role=dialog]");
    let labelled_by = dialog.get_attribute("aria-labelledby").unwrap();
    assert_eq!(
        text(&host, &format!("#{labelled_by}")).as_deref(),
        Some("Upgrade to Enterprise")
    );
    assert!(
        dialog.contains(active().as_ref().map(|e| e.unchecked_ref())),
        "focus moved into the dialog"
    );
    // Tab from the last control wraps to the first (the close button).
    let confirm = element(&host, ".bu-checkout__confirm");
    confirm.focus().unwrap();
    press_key(&confirm, "Tab", false);
    assert_eq!(
        active().and_then(|e| e.get_attribute("class")).as_deref(),
        Some("bu-modal__close")
    );
    // Shift+Tab from the first wraps to the last.
    press_key(&active().unwrap(), "Tab", true);
    assert!(active()
        .and_then(|e| e.get_attribute("class"))
        .is_some_and(|c| c.contains("bu-checkout__confirm")));
    press_key(&active().unwrap(), "Escape", false);
    settle().await;
    gloo_timers::future::TimeoutFuture::new(30).await;
    assert!(!exists(&host, "[role=dialog]"), "Esc closed it");
    assert_eq!(
        active(),
        Some(trigger.unchecked_into::<web_sys::Element>()),
        "focus back on the trigger"
    );
}

#[wasm_bindgen_test]
async fn modal_on_its_own_calls_on_close_for_escape() {
    let host = fresh_host();
    let closed = RwSignal::new(0);
    let _app = mount_to(host.clone(), move || {
        view! {
            <I18nSubContextProvider initial_locale=Signal::stored(Locale::en)>
                <Modal title="T".to_string() on_close=move |_| closed.update(|n| *n += 1)>
                    <input class="first" />
                </Modal>
            </I18nSubContextProvider>
        }
    });
    settle().await;
    assert_eq!(
        active().and_then(|e| e.get_attribute("class")).as_deref(),
        Some("first")
    );
    press_key(&active().unwrap(), "Escape", false);
    assert_eq!(closed.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn italian_page_formats_euros_and_dates_the_italian_way() {
    let mut data = pro_account();
    data.account.cycle = Cycle::Monthly;
    let (host, _app) = mount_page(data, eur_catalog(), Locale::it).await;
    let amount = text(&host, "[data-plan=enterprise] .bu-plan__amount").unwrap();
    assert!(amount.ends_with('€') && amount.contains(','), "{amount}");
    let next = text(&host, ".bu-overview__next-invoice").unwrap();
    assert!(next.contains("dicembre 2026"), "{next}");
    assert_eq!(
        text(&host, ".bu-plans .bu-section-title").as_deref(),
        Some("Piani")
    );
}

#[wasm_bindgen_test]
fn money_goes_through_intl_without_losing_digits() {
    // 9,007,199,254,740,993 cents: above 2^53, so an f64 cannot hold it (it would print
    // …409.94); only the exact decimal string gives these digits.
    let amount: Decimal = "90071992547409.93".parse().unwrap();
    assert_ne!(
        format!("{:.2}", 90071992547409.93_f64),
        "90071992547409.93",
        "a float loses this amount's last digit"
    );
    assert_eq!(
        format::money(
            Locale::en,
            pricing::Money::round(amount, pricing::Currency::USD)
        ),
        "$90,071,992,547,409.93"
    );
    assert_eq!(
        format::money(
            Locale::it,
            pricing::Money::round(amount, pricing::Currency::EUR)
        ),
        "90.071.992.547.409,93\u{a0}€"
    );
    assert_eq!(
        format::money(
            Locale::en,
            pricing::Money::round(Decimal::new(123456, 2), pricing::Currency::USD)
        ),
        "$1,234.56"
    );
    assert_eq!(
        format::money(
            Locale::en,
            pricing::Money::round(Decimal::new(29, 0), pricing::Currency::JPY)
        ),
        "¥29"
    );
}

#[wasm_bindgen_test]
fn limit_input_is_read_by_the_locale_and_kept_in_range() {
    use CountError::*;
    use LimitRefusal::{Count, OutOfRange};
    let en = |text| parse_limit(text, Locale::en, 10_000);
    assert_eq!(en("2500"), Ok(2500));
    assert_eq!(en(" 2,500 "), Ok(2500));
    assert_eq!(parse_limit("2.500", Locale::it, 10_000), Ok(2500));
    assert_eq!(en("0"), Err(OutOfRange));
    assert_eq!(en("10001"), Err(OutOfRange));
    assert_eq!(
        parse_limit("99999999999999999999999", Locale::en, u64::MAX),
        Err(OutOfRange)
    );
    assert_eq!(en("-3"), Err(Count(Negative)));
    assert_eq!(en("1e9"), Err(Count(Exponent)));
    assert_eq!(en("4.5"), Err(Count(NotWhole)), "not 45 nor 54");
    assert_eq!(en("100.000"), Err(Count(NotWhole)), "not 100000");
    assert_eq!(en("10,00"), Err(Count(BadGrouping)));
    assert_eq!(en(""), Err(Count(Empty)));
}

#[wasm_bindgen_test]
fn locale_tags_fall_back_by_language() {
    assert_eq!(parse_locale("it-CH"), Some(Locale::it));
    assert_eq!(parse_locale("en_GB"), Some(Locale::en));
    assert_eq!(parse_locale("fr"), None);
}

#[wasm_bindgen_test]
fn server_amounts_are_compared_with_the_preview() {
    let data = pro_account();
    let catalog = usd_catalog();
    let now = data.now.unwrap();
    let changes = [pricing::Change::SetPlan {
        plan: PlanId::Enterprise,
    }];
    let preview = pricing::quote(&catalog, &data.account, &changes, now).unwrap();
    let mut server = preview.clone();
    assert!(same_amounts(&preview, &server));
    // One cent more on the server: 0.01 rounded in USD.
    server.charge_now += pricing::Amount::round(Decimal::new(1, 2), pricing::Currency::USD);
    assert!(!same_amounts(&preview, &server));
}

/// The live mock API the wasm suites run against (`cargo xtask test` bakes its URL in).
fn mock_base() -> &'static str {
    match option_env!("BU_MOCK_API") {
        Some(base) => base,
        None => panic!("BU_MOCK_API is not set: run the browser suites with `cargo xtask test`"),
    }
}

/// Calls the mock (`GET` when `body` is `None`), expecting 2xx; its JSON answer.
async fn mock(path: &str, body: Option<serde_json::Value>) -> serde_json::Value {
    use gloo_net::http::Request;
    let url = format!("{}/v1/{path}", mock_base());
    let response = match body {
        Some(body) => {
            Request::post(&url)
                .header("X-CSRF-Token", "test")
                .json(&body)
                .unwrap()
                .send()
                .await
        }
        None => Request::get(&url).send().await,
    }
    .expect("mock API reachable");
    assert!(response.ok(), "{path} answered {}", response.status());
    response.json().await.unwrap_or(serde_json::Value::Null)
}

/// Waits (up to 15 s) until `css` exists in `host`.
async fn wait_for(host: &web_sys::HtmlElement, css: &str) {
    for _ in 0..300 {
        if exists(host, css) {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(50).await;
    }
    panic!("no {css} after 15 s");
}

/// Mounts the page on pro-monthly against the live mock (reset to pro-monthly first), so
/// a confirm would really charge.
async fn mount_on_mock() -> (web_sys::HtmlElement, UnmountHandle<impl Mountable>) {
    mock(
        "_mock/reset",
        Some(serde_json::json!({ "scenario": "pro-monthly" })),
    )
    .await;
    let host = fresh_host();
    let handle = mount_to(host.clone(), move || {
        let client = ApiClient::new(&MountConfig {
            api_base: mock_base().into(),
            csrf_token: Some("test".into()),
            ..MountConfig::default()
        });
        view! {
            <I18nSubContextProvider initial_locale=Signal::stored(Locale::en)>
                {
                    provide_page_state(pro_account(), usd_catalog(), client);
                    view! { <BillingPage /> }
                }
            </I18nSubContextProvider>
        }
    });
    settle().await;
    (host, handle)
}

#[wasm_bindgen_test]
async fn cancel_button_closes_the_dialog_and_nothing_changes() {
    let (host, _app) = mount_on_mock().await;
    let before = mock("account", None).await;
    click(&host, "[data-plan=enterprise] .bu-plan__upgrade");
    settle().await;
    wait_for(&host, ".bu-checkout__confirm:not([disabled])").await;
    click(&host, ".bu-modal .bu-button--secondary");
    settle().await;
    gloo_timers::future::TimeoutFuture::new(300).await;
    assert!(!exists(&host, "[role=dialog]"));
    assert_eq!(text(&host, ".bu-plan-name").as_deref(), Some("Pro"));
    // A mock where a confirm would have charged: nothing did, nothing changed.
    assert_eq!(mock("ledger", None).await["entries"], serde_json::json!([]));
    assert_eq!(mock("account", None).await, before);
}

#[wasm_bindgen_test]
async fn a_failed_order_changes_nothing_and_says_so() {
    let (host, _app) = mount_on_mock().await;
    let before = mock("account", None).await;
    // Three 500s: the order and the client's two same-key retries all fail before the
    // route runs; a fourth attempt (or one with a new key) would go through and charge.
    mock(
        "_mock/faults",
        Some(
            serde_json::json!({"path": "/api/v1/orders", "method": "POST", "count": 3,
                                "fault": {"kind": "internal_error"}}),
        ),
    )
    .await;
    click(&host, "[data-plan=enterprise] .bu-plan__upgrade");
    settle().await;
    wait_for(&host, ".bu-checkout__confirm:not([disabled])").await;
    click(&host, ".bu-checkout__confirm");
    // The page looks the order up by its key and finds nothing: not charged.
    for _ in 0..300 {
        if text(&host, ".bu-checkout__notice").is_some_and(|t| t.contains("nothing was charged")) {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(50).await;
    }
    let notice = text(&host, ".bu-checkout__notice").unwrap_or_default();
    assert!(notice.contains("nothing was charged"), "{notice:?}");
    gloo_timers::future::TimeoutFuture::new(500).await;
    assert_eq!(mock("ledger", None).await["entries"], serde_json::json!([]));
    assert_eq!(mock("account", None).await, before);
    // Cancel closes it; the page still shows Pro.
    click(&host, ".bu-modal .bu-button--secondary");
    settle().await;
    assert!(!exists(&host, "[role=dialog]"));
    assert_eq!(text(&host, ".bu-plan-name").as_deref(), Some("Pro"));
}

#[wasm_bindgen_test]
async fn seat_counts_are_singular_or_plural_by_the_locale() {
    // pro-monthly: 5 seats purchased.
    for (locale, one, two) in [
        (Locale::en, "Adding 1 seat:", "Adding 2 seats:"),
        (
            Locale::it,
            "Aggiunta di 1 postazione:",
            "Aggiunta di 2 postazioni:",
        ),
    ] {
        let (host, _app) = mount_page(pro_account(), usd_catalog(), locale).await;
        type_into(&host, ".bu-seats__number", "6");
        settle().await;
        let delta = text(&host, ".bu-seats__delta").unwrap_or_default();
        assert!(delta.starts_with(one), "{delta}");
        type_into(&host, ".bu-seats__number", "7");
        settle().await;
        let delta = text(&host, ".bu-seats__delta").unwrap_or_default();
        assert!(delta.starts_with(two), "{delta}");
        // Removing one: "Removing 1 empty seat" / "Rimozione di 1 postazione vuota".
        type_into(&host, ".bu-seats__number", "4");
        settle().await;
        let delta = text(&host, ".bu-seats__delta").unwrap_or_default();
        let removing_one = match locale {
            Locale::en => "Removing 1 empty seat:",
            Locale::it => "Rimozione di 1 postazione vuota:",
        };
        assert!(delta.starts_with(removing_one), "{delta}");
    }
}

#[wasm_bindgen_test]
fn plural_categories_come_from_intl_plural_rules() {
    assert_eq!(format::plural_category(Locale::en, 1), "one");
    assert_eq!(format::plural_category(Locale::en, 0), "other");
    assert_eq!(format::plural_category(Locale::en, 2), "other");
    assert_eq!(format::plural_category(Locale::it, 1), "one");
    assert_eq!(format::plural_category(Locale::it, 0), "other");
    assert_eq!(format::plural_category(Locale::it, 21), "other");
}
