//! Conversations seats, pause billing and the cancellation wizard, mounted in headless
//! Chromium on the mock API's scenarios (no request leaves the page in these tests).
#![cfg(target_arch = "wasm32")]

use billing_upgrade::api::{AccountResponse, ApiClient};
use billing_upgrade::components::seats::{parse_seats, SeatsInput};
use billing_upgrade::components::BillingPage;
use billing_upgrade::i18n::{I18nSubContextProvider, Locale};
use billing_upgrade::parse::CountError;
use billing_upgrade::state::provide_page_state;
use billing_upgrade::MountConfig;
use leptos::prelude::*;
use pricing::{Catalog, Role, Seats};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

type Host = web_sys::HtmlElement;

fn fresh_host() -> Host {
    let doc = document();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

fn find(host: &Host, css: &str) -> Option<web_sys::HtmlElement> {
    host.query_selector(css)
        .unwrap()
        .map(|e| e.unchecked_into())
}

fn element(host: &Host, css: &str) -> web_sys::HtmlElement {
    find(host, css).unwrap_or_else(|| panic!("no element {css}"))
}

fn text(host: &Host, css: &str) -> String {
    element(host, css).text_content().unwrap_or_default()
}

fn disabled(host: &Host, css: &str) -> bool {
    element(host, css).has_attribute("disabled")
}

fn attr(host: &Host, css: &str, name: &str) -> String {
    element(host, css).get_attribute(name).unwrap_or_default()
}

fn input_value(host: &Host, css: &str) -> String {
    element(host, css)
        .unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

fn click(host: &Host, css: &str) {
    element(host, css).click();
}

/// Clicks the `n`th (0-based) element matching `css`.
fn click_nth(host: &Host, css: &str, n: u32) {
    let list = host.query_selector_all(css).unwrap();
    list.item(n)
        .unwrap_or_else(|| panic!("no element {css} #{n}"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

fn fire(target: &web_sys::EventTarget, kind: &str) {
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"bubbles".into(), &JsValue::TRUE).unwrap();
    let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"Event".into())
        .unwrap()
        .unchecked_into();
    let event: web_sys::Event =
        js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&kind.into(), &init))
            .unwrap()
            .unchecked_into();
    target.dispatch_event(&event).unwrap();
}

/// Sets an input's value as a user would (the browser sanitises it, e.g. a range clamps
/// to its `min`) and fires `event`.
fn set_value(host: &Host, css: &str, value: &str, event: &str) {
    let input: web_sys::HtmlInputElement = element(host, css).unchecked_into();
    input.set_value(value);
    fire(&input, event);
}

async fn settle() {
    leptos::task::tick().await;
    gloo_timers::future::TimeoutFuture::new(10).await;
    leptos::task::tick().await;
}

/// A scenario of the mock API as `GET /account` answers it, at the scenario's clock.
fn scenario(name: &str) -> AccountResponse {
    let json = match name {
        "pro-monthly" => include_str!("../crates/mock-api/scenarios/pro-monthly.json"),
        "pro-annual" => include_str!("../crates/mock-api/scenarios/pro-annual.json"),
        "trial" => include_str!("../crates/mock-api/scenarios/trial.json"),
        "starter-monthly" => include_str!("../crates/mock-api/scenarios/starter-monthly.json"),
        "enterprise-annual-commit" => {
            include_str!("../crates/mock-api/scenarios/enterprise-annual-commit.json")
        }
        other => panic!("no scenario {other} in this test"),
    };
    let s: serde_json::Value = serde_json::from_str(json).unwrap();
    AccountResponse::new(
        pricing::json::from_str(&s["account"].to_string()).unwrap(),
        pricing::json::from_str(&s["viewer"].to_string()).unwrap(),
    )
    .at(pricing::json::from_str(&s["now"].to_string()).unwrap())
}

fn usd_catalog() -> Catalog {
    Catalog::parse(include_str!(
        "../crates/mock-api/scenarios/catalogs/usd.json"
    ))
    .unwrap()
}

#[component]
fn TestPage(data: AccountResponse) -> impl IntoView {
    // Nothing listens on port 9: these tests never send a request.
    let client = ApiClient::new(&MountConfig {
        api_base: "http://127.0.0.1:9/api".into(),
        ..MountConfig::default()
    });
    provide_page_state(data, usd_catalog(), client);
    view! { <BillingPage /> }
}

async fn mount_page(data: AccountResponse) -> (Host, UnmountHandle<impl Mountable>) {
    let host = fresh_host();
    let handle = mount_to(host.clone(), move || {
        let data = data.clone();
        view! {
            <I18nSubContextProvider initial_locale=Signal::stored(Locale::en)>
                <TestPage data=data />
            </I18nSubContextProvider>
        }
    });
    settle().await;
    (host, handle)
}

/// Opens **Edit payment method** → **Cancel my account**.
async fn open_wizard(host: &Host) {
    click(host, ".bu-overview__edit-payment");
    settle().await;
    click(host, ".bu-payment__cancel-account");
    settle().await;
}

// ---- Seats ---------------------------------------------------------------------------

#[wasm_bindgen_test]
fn typed_seat_counts_are_read_against_the_assigned_seats() {
    let seats = Seats {
        purchased: 5,
        assigned: 3,
        trial: false,
        trial_ends_at: None,
    };
    let en = |text| parse_seats(text, Locale::en, seats);
    assert_eq!(en("12"), SeatsInput::Valid(12));
    assert_eq!(en("3"), SeatsInput::Valid(3));
    assert_eq!(en("2"), SeatsInput::BelowAssigned { assigned: 3 });
    assert_eq!(en(""), SeatsInput::Invalid(CountError::Empty));
    assert_eq!(en("-1"), SeatsInput::Invalid(CountError::Negative));
    // The issue: "4.5" became 45 seats. A decimal is refused, not read as a group.
    assert_eq!(en("4.5"), SeatsInput::Invalid(CountError::NotWhole));
    assert_eq!(en("1e30"), SeatsInput::Invalid(CountError::Exponent));
    // No seat cap: only the u32's limit.
    assert_eq!(en("10,001"), SeatsInput::Valid(10_001));
    assert_eq!(en("4294967296"), SeatsInput::Invalid(CountError::TooLarge));
    assert_eq!(
        parse_seats("1.000", Locale::it, seats),
        SeatsInput::Valid(1000)
    );
    assert_eq!(
        parse_seats("4,5", Locale::it, seats),
        SeatsInput::Invalid(CountError::NotWhole)
    );
}

#[wasm_bindgen_test]
async fn slider_cannot_go_below_the_assigned_seats_and_says_why() {
    // pro-monthly: 5 seats purchased, 3 assigned to agents.
    let (host, _app) = mount_page(scenario("pro-monthly")).await;
    assert_eq!(
        element(&host, ".bu-seats__range")
            .get_attribute("min")
            .as_deref(),
        Some("3")
    );
    set_value(&host, ".bu-seats__range", "1", "input");
    settle().await;
    assert_eq!(input_value(&host, ".bu-seats__range"), "3");
    assert_eq!(input_value(&host, ".bu-seats__number"), "3");
    let why = text(&host, ".bu-seats__floor");
    assert!(
        why.contains("3 seats are assigned to agents; unassign them first"),
        "{why}"
    );
    assert!(element(&host, ".bu-seats__floor")
        .class_list()
        .contains("bu-seats__floor--reached"));

    assert_eq!(text(&host, ".bu-seats__total"), "$57.00", "3 × $19.00");

    // Typing a lower number is refused and explained; the field keeps what was typed
    // and nothing is priced or offered.
    set_value(&host, ".bu-seats__number", "1", "input");
    settle().await;
    assert_eq!(input_value(&host, ".bu-seats__number"), "1");
    let error = text(&host, ".bu-seats__error");
    assert!(error.contains("cannot go below 3 seats"), "{error}");
    assert_eq!(attr(&host, ".bu-seats__number", "aria-invalid"), "true");
    assert_eq!(text(&host, ".bu-seats__total"), "—");
    assert!(disabled(&host, ".bu-seats__update"));
}

#[wasm_bindgen_test]
async fn a_decimal_seat_count_is_refused_not_read_as_45() {
    // pro-monthly: 5 seats purchased, 3 assigned.
    let (host, _app) = mount_page(scenario("pro-monthly")).await;
    set_value(&host, ".bu-seats__number", "4.5", "input");
    settle().await;
    assert_eq!(
        input_value(&host, ".bu-seats__number"),
        "4.5",
        "kept as typed"
    );
    let error = text(&host, ".bu-seats__error");
    assert!(error.contains("whole number, without decimals"), "{error}");
    let field = element(&host, ".bu-seats__number");
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described_by = field.get_attribute("aria-describedby").unwrap_or_default();
    assert!(
        described_by.split(' ').any(|id| id == "bu-seats-error"),
        "{described_by}"
    );
    assert_eq!(element(&host, ".bu-seats__error").id(), "bu-seats-error");
    // Nothing priced (45 × $19.00 would be $855.00), nothing to update.
    assert_eq!(text(&host, ".bu-seats__total"), "—");
    assert!(!text(&host, ".bu-seats__delta").contains("Adding"));
    assert!(disabled(&host, ".bu-seats__update"));
    // The slider stays on the last count that could be read.
    assert_eq!(input_value(&host, ".bu-seats__range"), "5");

    // Fixing the text prices it again: "12" → 12 × $19.00 = $228.00.
    set_value(&host, ".bu-seats__number", "12", "input");
    settle().await;
    assert_eq!(text(&host, ".bu-seats__error"), "");
    assert_eq!(attr(&host, ".bu-seats__number", "aria-invalid"), "false");
    assert_eq!(text(&host, ".bu-seats__total"), "$228.00");
    assert_eq!(input_value(&host, ".bu-seats__range"), "12");
    assert!(!disabled(&host, ".bu-seats__update"));
}

#[wasm_bindgen_test]
async fn a_grouped_seat_count_is_read_by_the_locale() {
    let (host, _app) = mount_page(scenario("pro-monthly")).await;
    // No seat cap: 1,000 × $19.00 = $19,000.00.
    set_value(&host, ".bu-seats__number", "1,000", "input");
    settle().await;
    assert_eq!(input_value(&host, ".bu-seats__number"), "1,000");
    assert_eq!(text(&host, ".bu-seats__total"), "$19,000.00");
    assert!(text(&host, ".bu-seats__delta").contains("Adding 995 seats"));
    // Group separators only every three digits.
    set_value(&host, ".bu-seats__number", "10,00", "input");
    settle().await;
    assert!(text(&host, ".bu-seats__error").contains("groups of three digits"));
    assert_eq!(text(&host, ".bu-seats__total"), "—");
}

#[wasm_bindgen_test]
async fn monthly_total_follows_the_slider_and_update_opens_the_purchase_dialog() {
    let (host, _app) = mount_page(scenario("pro-monthly")).await;
    // 5 seats × $19.00 = $95.00.
    assert_eq!(text(&host, ".bu-seats__total"), "$95.00");
    assert!(disabled(&host, ".bu-seats__update"), "nothing changed yet");

    set_value(&host, ".bu-seats__range", "12", "input");
    settle().await;
    // 12 × $19.00 = $228.00.
    assert_eq!(text(&host, ".bu-seats__total"), "$228.00");
    assert!(text(&host, ".bu-seats__delta").contains("Adding 7 seats"));
    assert!(!disabled(&host, ".bu-seats__update"));

    set_value(&host, ".bu-seats__range", "7", "input");
    settle().await;
    // 7 × $19.00 = $133.00.
    assert_eq!(text(&host, ".bu-seats__total"), "$133.00");
    click(&host, ".bu-seats__update");
    settle().await;
    assert!(text(&host, ".bu-seats-dialog__total").contains("$133.00 per month for 7 seats"));
    assert_eq!(
        text(&host, ".bu-checkout__confirm"),
        "Confirm seat purchase"
    );
    // 2 seats more for the rest of Nov 15 – Dec 15 (2,592,000 s) from Nov 22 10:00 UTC
    // (1,951,200 s left): 2 × 19.00 × 1,951,200 / 2,592,000 = 28.6055… → $28.61.
    assert_eq!(text(&host, ".bu-quote__charge-now"), "$28.61");
}

#[wasm_bindgen_test]
async fn removing_empty_seats_says_no_refund_and_charges_nothing_now() {
    let (host, _app) = mount_page(scenario("pro-monthly")).await;
    set_value(&host, ".bu-seats__range", "4", "input");
    settle().await;
    assert_eq!(text(&host, ".bu-seats__total"), "$76.00", "4 × $19.00");
    assert!(text(&host, ".bu-seats__delta").contains("no refund for this period"));
    click(&host, ".bu-seats__update");
    settle().await;
    assert!(text(&host, ".bu-seats-dialog__note").contains("your next invoice is lower"));
    assert_eq!(text(&host, ".bu-quote__charge-now"), "$0.00");
}

#[wasm_bindgen_test]
async fn only_the_primary_admin_changes_seats() {
    let mut data = scenario("pro-monthly");
    data = AccountResponse::new(
        data.account.clone(),
        api_types::Viewer {
            name: "Luis".into(),
            role: Role::Billing,
        },
    );
    let (host, _app) = mount_page(data).await;
    assert!(disabled(&host, ".bu-seats__range"));
    assert!(disabled(&host, ".bu-seats__number"));
    assert!(disabled(&host, ".bu-seats__update"));
    assert!(text(&host, ".bu-seats__blocked").contains("Only the primary admin"));
}

#[wasm_bindgen_test]
async fn a_trial_shows_its_twenty_seats_and_buy_now() {
    let (host, _app) = mount_page(scenario("trial")).await;
    assert_eq!(text(&host, ".bu-seats__purchased"), "20");
    assert_eq!(text(&host, ".bu-seats__update"), "Buy now");
    assert!(text(&host, ".bu-seats__delta").contains("20 free seats"));
    assert!(
        !disabled(&host, ".bu-seats__update"),
        "buying the trial seats is a change"
    );
}

// ---- Pause ---------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn pause_is_offered_to_monthly_payers_from_the_next_period_start() {
    let (host, _app) = mount_page(scenario("pro-monthly")).await;
    assert!(text(&host, ".bu-pause__text").contains("December 15, 2026"));
    click(&host, ".bu-pause__open");
    settle().await;
    assert!(text(&host, ".bu-pause-confirm__text").contains("Billing pauses on December 15, 2026"));
}

#[wasm_bindgen_test]
async fn pause_is_not_offered_to_annual_payers_and_says_why() {
    let (host, _app) = mount_page(scenario("pro-annual")).await;
    assert!(find(&host, ".bu-pause__open").is_none());
    assert!(text(&host, ".bu-pause__not-offered").contains("pay monthly"));
}

// ---- Cancellation wizard ---------------------------------------------------------------

#[wasm_bindgen_test]
async fn every_step_has_back_and_stop_and_back_keeps_the_answers() {
    let (host, _app) = mount_page(scenario("pro-monthly")).await;
    open_wizard(&host).await;
    assert!(text(&host, ".bu-wizard__heading").contains("Step 1 of 5"));
    assert!(disabled(&host, ".bu-wizard__continue"), "a reason first");
    click_nth(&host, ".bu-wizard__reason", 0);
    set_value(&host, ".bu-wizard__comment", "Too pricey for us", "input");
    settle().await;
    assert!(!disabled(&host, ".bu-wizard__continue"));

    let titles = [
        "Before you go",
        "Keep your data",
        "Consent",
        "Confirm cancellation",
    ];
    for (i, title) in titles.iter().enumerate() {
        if i == 3 {
            for n in 0..4 {
                click_nth(&host, ".bu-wizard__consent", n);
            }
            settle().await;
        }
        click(&host, ".bu-wizard__continue");
        settle().await;
        let heading = text(&host, ".bu-wizard__heading");
        assert!(
            heading.contains(&format!("Step {} of 5", i + 2)),
            "{heading}"
        );
        assert!(heading.contains(title), "{heading}");
        assert!(find(&host, ".bu-wizard__back").is_some(), "Back on {title}");
        assert!(find(&host, ".bu-wizard__stop").is_some(), "Stop on {title}");
    }
    assert_eq!(text(&host, ".bu-wizard__confirm"), "Confirm cancellation");
    assert!(text(&host, ".bu-wizard__confirm-text").contains("December 15, 2026"));
    assert_eq!(
        element(&host, ".bu-wizard__step--current")
            .get_attribute("aria-current")
            .as_deref(),
        Some("step")
    );

    // Back to the survey, one step at a time: the answers are still there.
    for _ in 0..4 {
        click(&host, ".bu-wizard__back");
        settle().await;
    }
    assert!(text(&host, ".bu-wizard__heading").contains("Step 1 of 5"));
    let first: web_sys::HtmlInputElement = element(&host, ".bu-wizard__reason").unchecked_into();
    assert!(first.checked());
    assert_eq!(
        input_value(&host, ".bu-wizard__comment"),
        "Too pricey for us"
    );

    // Back on the first step returns to Edit payment method.
    click(&host, ".bu-wizard__back");
    settle().await;
    assert!(find(&host, ".bu-wizard").is_none());
    assert!(find(&host, ".bu-payment__cancel-account").is_some());

    // Stop closes the wizard, nothing changed.
    click(&host, ".bu-payment__cancel-account");
    settle().await;
    click(&host, ".bu-wizard__stop");
    settle().await;
    assert!(find(&host, ".bu-modal").is_none());
    assert!(find(&host, ".bu-banner--cancellation").is_none());
}

#[wasm_bindgen_test]
async fn continue_stays_disabled_until_all_four_consents_are_ticked() {
    let (host, _app) = mount_page(scenario("pro-monthly")).await;
    open_wizard(&host).await;
    click_nth(&host, ".bu-wizard__reason", 2);
    settle().await;
    for _ in 0..3 {
        click(&host, ".bu-wizard__continue");
        settle().await;
    }
    assert!(text(&host, ".bu-wizard__heading").contains("Consent"));
    assert!(disabled(&host, ".bu-wizard__continue"));
    for n in 0..3 {
        click_nth(&host, ".bu-wizard__consent", n);
        settle().await;
        assert!(
            disabled(&host, ".bu-wizard__continue"),
            "{} of 4 ticked",
            n + 1
        );
    }
    click_nth(&host, ".bu-wizard__consent", 3);
    settle().await;
    assert!(!disabled(&host, ".bu-wizard__continue"), "all four ticked");
    // Unticking one disables it again.
    click_nth(&host, ".bu-wizard__consent", 1);
    settle().await;
    assert!(disabled(&host, ".bu-wizard__continue"));
}

#[wasm_bindgen_test]
async fn keep_your_data_links_the_exports_and_states_the_facts() {
    let (host, _app) = mount_page(scenario("pro-monthly")).await;
    open_wizard(&host).await;
    click_nth(&host, ".bu-wizard__reason", 0);
    settle().await;
    click(&host, ".bu-wizard__continue");
    settle().await;
    // Offers: a 1:1 session first (Pro offers it), pause (monthly payer), the cheaper
    // customised plan.
    let first = element(&host, ".bu-wizard__offers > .bu-offer");
    assert!(
        first.class_name().contains("bu-offer--session"),
        "{}",
        first.class_name()
    );
    assert!(find(&host, ".bu-offer--support").is_none());
    assert!(find(&host, ".bu-offer--pause").is_some());
    assert!(text(&host, ".bu-offer--plan")
        .contains("Plus for up to 5,000 contacts at $98.00 per month"));
    click(&host, ".bu-wizard__continue");
    settle().await;
    let href = element(&host, ".bu-wizard__export--contacts")
        .get_attribute("href")
        .unwrap();
    assert!(href.ends_with("/v1/exports/contacts"), "{href}");
    assert!(find(&host, ".bu-wizard__export--campaigns").is_some());
    assert!(find(&host, ".bu-wizard__export--reports").is_some());
    let facts = text(&host, ".bu-wizard__facts");
    assert!(
        facts.contains("until December 15, 2026, the end of your billing period"),
        "{facts}"
    );
    assert!(facts.contains("within 2 months"), "{facts}");
}

#[wasm_bindgen_test]
async fn annual_commit_gets_no_wizard_but_a_request_to_customer_support() {
    let (host, _app) = mount_page(scenario("enterprise-annual-commit")).await;
    open_wizard(&host).await;
    assert!(find(&host, ".bu-wizard__heading").is_none(), "no steps");
    assert!(
        find(&host, ".bu-wizard__confirm").is_none(),
        "no self-serve cancel"
    );
    let why = text(&host, ".bu-wizard__through-support");
    assert!(why.contains("closed by our Customer Support team"), "{why}");
    assert!(why.contains("on January 10, 2027"), "{why}");
    let terms = element(&host, ".bu-wizard__terms");
    assert_eq!(
        terms.get_attribute("href").as_deref(),
        Some(billing_upgrade::config::DEFAULT_TERMS_URL)
    );
    assert_eq!(terms.get_attribute("target").as_deref(), Some("_blank"));
    // The survey is asked; the request needs a reason like the wizard does.
    assert!(disabled(&host, ".bu-wizard__request-close"));
    click_nth(&host, ".bu-wizard__reason", 0);
    settle().await;
    assert!(!disabled(&host, ".bu-wizard__request-close"));
}

#[wasm_bindgen_test]
async fn before_you_go_starts_with_a_support_request_where_no_session_is_offered() {
    let (host, _app) = mount_page(scenario("starter-monthly")).await;
    open_wizard(&host).await;
    click_nth(&host, ".bu-wizard__reason", 0);
    settle().await;
    click(&host, ".bu-wizard__continue");
    settle().await;
    let first = element(&host, ".bu-wizard__offers > .bu-offer");
    assert!(
        first.class_name().contains("bu-offer--support"),
        "{}",
        first.class_name()
    );
    assert!(find(&host, ".bu-offer--session").is_none());
    // The API needs a message for it: Send waits for one.
    assert!(disabled(&host, ".bu-offer__send"));
    set_value(&host, ".bu-offer__message", "Too slow", "input");
    settle().await;
    assert!(!disabled(&host, ".bu-offer__send"));
}

#[wasm_bindgen_test]
async fn a_trial_gets_no_wizard_the_trial_simply_expires() {
    let (host, _app) = mount_page(scenario("trial")).await;
    open_wizard(&host).await;
    assert!(find(&host, ".bu-wizard__heading").is_none());
    let text = text(&host, ".bu-wizard__trial");
    assert!(
        text.contains("simply expires on November 30, 2026"),
        "{text}"
    );
    assert!(text.contains("nothing is charged"), "{text}");
}
