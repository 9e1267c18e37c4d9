//! The card form's states (issue 13) with a fake payment provider adapter, in headless
//! Chromium against the live mock (`BU_MOCK_API`): no adapter, the fields loading, failing
//! to load and retried, the provider's own validation error, a declined card, a saved
//! card, the adapter unmounted when the dialog closes, and a card added in the middle of a
//! checkout going on to one charge.
#![cfg(target_arch = "wasm32")]

use billing_upgrade::api::{AccountResponse, ApiClient};
use billing_upgrade::components::BillingPage;
use billing_upgrade::i18n::{I18nSubContextProvider, Locale};
use billing_upgrade::provider::{PaymentProvider, ProviderContext};
use billing_upgrade::state::provide_page_state;
use billing_upgrade::MountConfig;
use leptos::prelude::*;
use pricing::Catalog;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fake adapter: `mode` says how `mount` ends ("ok", "fail", "hang"); `answer` is what
/// `tokenize` resolves with; `calls` records every call.
fn fake_adapter() -> JsValue {
    js_sys::Function::new_no_args(
        "return {
           calls: [], mode: 'ok', answer: null,
           mount(container, options) {
             this.calls.push('mount:' + options.locale);
             if (this.mode === 'hang') return new Promise(() => {});
             if (this.mode === 'fail') return Promise.reject(new Error('no frame'));
             const fields = document.createElement('div');
             fields.className = 'fake-fields';
             container.append(fields);
             return Promise.resolve();
           },
           tokenize() { this.calls.push('tokenize'); return Promise.resolve(this.answer); },
           authenticate(action) { this.calls.push('authenticate'); return Promise.resolve({ ok: true }); },
           unmount() { this.calls.push('unmount'); return Promise.resolve(); },
         };",
    )
    .call0(&JsValue::NULL)
    .unwrap()
}

fn set(adapter: &JsValue, key: &str, value: JsValue) {
    js_sys::Reflect::set(adapter, &key.into(), &value).unwrap();
}

fn calls(adapter: &JsValue) -> Vec<String> {
    let list: js_sys::Array = js_sys::Reflect::get(adapter, &"calls".into())
        .unwrap()
        .unchecked_into();
    list.iter().filter_map(|c| c.as_string()).collect()
}

fn answer(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

fn mock_base() -> &'static str {
    match option_env!("BU_MOCK_API") {
        Some(base) => base,
        None => panic!("BU_MOCK_API is not set: run the browser suites with `cargo xtask test`"),
    }
}

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

fn text(host: &web_sys::HtmlElement, css: &str) -> Option<String> {
    host.query_selector(css)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
}

fn exists(host: &web_sys::HtmlElement, css: &str) -> bool {
    host.query_selector(css).ok().flatten().is_some()
}

fn disabled(host: &web_sys::HtmlElement, css: &str) -> bool {
    host.query_selector(css)
        .ok()
        .flatten()
        .is_some_and(|e| e.has_attribute("disabled"))
}

fn click(host: &web_sys::HtmlElement, css: &str) {
    let el: web_sys::HtmlElement = host
        .query_selector(css)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no {css}"))
        .unchecked_into();
    el.click();
}

async fn wait_for(host: &web_sys::HtmlElement, css: &str) {
    for _ in 0..300 {
        if exists(host, css) {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(50).await;
    }
    panic!("no {css} after 15 s");
}

async fn wait_text(host: &web_sys::HtmlElement, css: &str, part: &str) -> String {
    for _ in 0..300 {
        if let Some(t) = text(host, css).filter(|t| t.contains(part)) {
            return t;
        }
        gloo_timers::future::TimeoutFuture::new(50).await;
    }
    panic!("{css} never said {part:?} (it says {:?})", text(host, css));
}

/// The mock reset to pro-monthly (optionally with no card), and the page mounted on it
/// with `adapter` as the host's payment provider.
async fn mount_with(
    adapter: Option<JsValue>,
    without_card: bool,
) -> (web_sys::HtmlElement, UnmountHandle<impl Mountable>) {
    let card = without_card.then_some(serde_json::Value::Null);
    mount_with_card(adapter, card).await
}

/// The same, with the card on file replaced by `card` (JSON; `null` for none) when given.
async fn mount_with_card(
    adapter: Option<JsValue>,
    card: Option<serde_json::Value>,
) -> (web_sys::HtmlElement, UnmountHandle<impl Mountable>) {
    mock(
        "_mock/reset",
        Some(serde_json::json!({ "scenario": "pro-monthly" })),
    )
    .await;
    if let Some(card) = card {
        let mut world = mock("_mock/records", None).await["world"].clone();
        world["account"]["payment_method"] = card;
        mock("_mock/reset", Some(serde_json::json!({ "state": world }))).await;
    }
    let data: AccountResponse =
        pricing::json::from_str(&mock("account", None).await.to_string()).unwrap();
    let catalog: Catalog =
        pricing::json::from_str(&mock("catalog", None).await.to_string()).unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let provider = adapter.and_then(PaymentProvider::from_js);
    let handle = mount_to(host.clone(), move || {
        let client = ApiClient::new(&MountConfig {
            api_base: mock_base().into(),
            csrf_token: Some("test".into()),
            ..MountConfig::default()
        });
        provide_context(ProviderContext {
            provider: provider.clone(),
            theme: None,
        });
        let (data, catalog) = (data.clone(), catalog.clone());
        view! {
            <I18nSubContextProvider initial_locale=Signal::stored(Locale::en)>
                {
                    provide_page_state(data, catalog, client);
                    view! { <BillingPage /> }
                }
            </I18nSubContextProvider>
        }
    });
    wait_for(&host, ".bu-plan-name").await;
    // The plans come a task after the overview.
    wait_for(&host, "[data-plan]").await;
    (host, handle)
}

#[wasm_bindgen_test]
async fn without_an_adapter_the_dialog_says_so_and_cannot_save() {
    // An object missing one of the four functions is no adapter either.
    let partial = js_sys::Function::new_no_args("return { mount() {}, tokenize() {} };")
        .call0(&JsValue::NULL)
        .unwrap();
    assert!(PaymentProvider::from_js(partial.clone()).is_none());
    let (host, _app) = mount_with(Some(partial), false).await;
    click(&host, ".bu-overview__edit-payment");
    wait_for(&host, ".bu-card-entry__missing").await;
    assert!(text(&host, ".bu-card-entry__missing")
        .unwrap()
        .contains("payment provider is missing"));
    assert!(disabled(&host, ".bu-payment__save"));
    assert!(!exists(&host, "[role=dialog] input"), "no token text box");
}

#[wasm_bindgen_test]
async fn the_fields_loading_then_failing_then_retried_into_ready() {
    let adapter = fake_adapter();
    set(&adapter, "mode", "hang".into());
    let (host, _app) = mount_with(Some(adapter.clone()), false).await;
    click(&host, ".bu-overview__edit-payment");
    wait_for(&host, ".bu-card-entry__loading").await;
    assert!(
        disabled(&host, ".bu-payment__save"),
        "nothing to save while loading"
    );
    assert_eq!(calls(&adapter), ["mount:en"]);
    // Closed and opened again with a provider that fails: the failed state and a retry.
    click(&host, ".bu-modal__close");
    wait_for(&host, ".bu-overview__edit-payment").await;
    gloo_timers::future::TimeoutFuture::new(50).await;
    assert!(
        calls(&adapter).contains(&"unmount".to_string()),
        "{:?}",
        calls(&adapter)
    );
    set(&adapter, "mode", "fail".into());
    click(&host, ".bu-overview__edit-payment");
    wait_for(&host, ".bu-card-entry__failed").await;
    assert!(text(&host, ".bu-card-entry__failed")
        .unwrap()
        .contains("could not be loaded"));
    assert!(disabled(&host, ".bu-payment__save"));
    set(&adapter, "mode", "ok".into());
    click(&host, ".bu-card-entry__retry");
    wait_for(&host, ".fake-fields").await;
    for _ in 0..100 {
        if !disabled(&host, ".bu-payment__save") {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    assert!(!disabled(&host, ".bu-payment__save"), "ready: Save enabled");
    assert!(!exists(&host, ".bu-card-entry__loading"));
    assert!(!exists(&host, ".bu-card-entry__failed"));
}

#[wasm_bindgen_test]
async fn the_providers_validation_error_is_said_and_nothing_is_sent() {
    let adapter = fake_adapter();
    set(
        &adapter,
        "answer",
        answer(r#"{"error": {"code": "validation_error", "message": "incomplete number"}}"#),
    );
    let (host, _app) = mount_with(Some(adapter.clone()), false).await;
    let before = mock("account", None).await;
    click(&host, ".bu-overview__edit-payment");
    wait_for(&host, ".bu-payment__save:not([disabled])").await;
    click(&host, ".bu-payment__save");
    let error = wait_text(&host, ".bu-card-entry__error", "Check the card details").await;
    assert_eq!(error, "Check the card details highlighted in the form.");
    assert_eq!(mock("account", None).await, before);
}

#[wasm_bindgen_test]
async fn a_declined_token_is_said_as_a_person_would_and_nothing_is_saved() {
    let adapter = fake_adapter();
    set(
        &adapter,
        "answer",
        answer(
            r#"{"token": "tok_declined", "card": {"brand": "visa", "last4": "0002", "exp_month": 12, "exp_year": 2030}}"#,
        ),
    );
    let (host, _app) = mount_with(Some(adapter.clone()), false).await;
    let before = mock("account", None).await;
    click(&host, ".bu-overview__edit-payment");
    wait_for(&host, ".bu-payment__save:not([disabled])").await;
    click(&host, ".bu-payment__save");
    let error = wait_text(&host, ".bu-card-entry__error", "declined").await;
    assert!(error.contains("without giving a reason"), "{error}");
    assert!(!exists(&host, ".bu-payment__saved"));
    assert_eq!(mock("account", None).await, before);
}

#[wasm_bindgen_test]
async fn a_tokenized_card_is_saved_and_shown() {
    let adapter = fake_adapter();
    set(
        &adapter,
        "answer",
        answer(
            r#"{"token": "tok_mastercard_5100_07_2030", "card": {"brand": "mastercard", "last4": "5100", "exp_month": 7, "exp_year": 2030}}"#,
        ),
    );
    let (host, _app) = mount_with(Some(adapter.clone()), false).await;
    click(&host, ".bu-overview__edit-payment");
    wait_for(&host, ".bu-payment__save:not([disabled])").await;
    click(&host, ".bu-payment__save");
    wait_for(&host, ".bu-payment__saved").await;
    assert_eq!(
        text(&host, ".bu-payment__current").unwrap(),
        "Mastercard ending in 5100, expires 07/2030"
    );
    assert_eq!(
        mock("account", None).await["account"]["payment_method"]["last4"],
        "5100"
    );
    assert_eq!(calls(&adapter), ["mount:en", "tokenize"]);
}

/// The fake adapter's next answer: a valid Visa 4242, 12/2029.
fn valid_card_next(adapter: &JsValue) {
    set(
        adapter,
        "answer",
        answer(
            r#"{"token": "tok_visa", "card": {"brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2029}}"#,
        ),
    );
}

/// Upgrade to Enterprise and press Confirm.
async fn confirm_an_upgrade(host: &web_sys::HtmlElement) {
    click(host, "[data-plan=enterprise] .bu-plan__upgrade");
    wait_for(host, ".bu-checkout__confirm:not([disabled])").await;
    click(host, ".bu-checkout__confirm");
}

/// Nothing charged yet; the card form's Pay saves the card and the order goes on to
/// exactly one charge.
async fn pay_with_the_new_card_once(host: &web_sys::HtmlElement) {
    assert_eq!(mock("ledger", None).await["entries"], serde_json::json!([]));
    wait_for(host, ".bu-checkout__card-pay:not([disabled])").await;
    click(host, ".bu-checkout__card-pay");
    wait_for(host, ".bu-checkout__done").await;
    let ledger = mock("ledger", None).await;
    assert_eq!(
        ledger["entries"].as_array().map(Vec::len),
        Some(1),
        "{ledger}"
    );
}

#[wasm_bindgen_test]
async fn a_checkout_with_no_card_opens_the_form_and_goes_on_to_one_charge() {
    let adapter = fake_adapter();
    valid_card_next(&adapter);
    let (host, _app) = mount_with(Some(adapter.clone()), true).await;
    confirm_an_upgrade(&host).await;
    let why = wait_text(&host, ".bu-checkout__card-why", "Add a card").await;
    assert!(why.contains("Nothing is charged"), "{why}");
    pay_with_the_new_card_once(&host).await;
    assert_eq!(mock("account", None).await["account"]["plan"], "enterprise");
}

#[wasm_bindgen_test]
async fn the_card_on_file_says_when_it_expires_soon_or_has_expired() {
    // The mock's clock is 2026-11-22. A 11/2026 card stops on 2026-12-01; 30 days before
    // is 2026-11-01, so it expires soon. A 10/2026 card stopped on 2026-11-01: expired.
    // A 12/2026 card stops on 2027-01-01; 30 days before is 2026-12-02: still valid.
    let card = |month: u32| serde_json::json!({ "brand": "visa", "last4": "4242", "exp_month": month, "exp_year": 2026 });
    for (month, says) in [
        (11, Some("expires soon")),
        (10, Some("has expired")),
        (12, None),
    ] {
        let (host, _app) = mount_with_card(Some(fake_adapter()), Some(card(month))).await;
        click(&host, ".bu-overview__edit-payment");
        wait_for(&host, ".bu-payment__current").await;
        let note = text(&host, ".bu-payment__standing");
        match says {
            Some(part) => assert!(
                note.as_deref().is_some_and(|n| n.contains(part)),
                "{month}/2026: {note:?}"
            ),
            None => assert_eq!(note, None, "{month}/2026"),
        }
        let banner = if month == 11 {
            ".bu-banner--card-expiring"
        } else {
            ".bu-banner--card-expired"
        };
        assert_eq!(exists(&host, banner), says.is_some(), "{month}/2026 banner");
    }
}

#[wasm_bindgen_test]
async fn an_expired_card_at_checkout_opens_the_form_saying_why() {
    let expired =
        serde_json::json!({ "brand": "visa", "last4": "4242", "exp_month": 10, "exp_year": 2026 });
    let adapter = fake_adapter();
    valid_card_next(&adapter);
    let (host, _app) = mount_with_card(Some(adapter), Some(expired)).await;
    confirm_an_upgrade(&host).await;
    let why = wait_text(&host, ".bu-checkout__card-why", "expired").await;
    assert!(why.contains("Add a card that is still valid"), "{why}");
    pay_with_the_new_card_once(&host).await;
}
