//! The page's components mounted in headless Chromium.
#![cfg(target_arch = "wasm32")]

use billing_upgrade::app::Overview;
use billing_upgrade::{api::AccountResponse, App, MountConfig};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
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

/// The mock API's pro-monthly scenario, as `GET /account` would answer it.
fn pro_account() -> AccountResponse {
    let scenario: serde_json::Value = serde_json::from_str(include_str!(
        "../crates/mock-api/scenarios/pro-monthly.json"
    ))
    .unwrap();
    AccountResponse::new(
        serde_json::from_value(scenario["account"].clone()).unwrap(),
        serde_json::from_value(scenario["viewer"].clone()).unwrap(),
    )
}

#[wasm_bindgen_test]
async fn overview_shows_the_account_name_and_plan() {
    let host = fresh_host();
    let data = pro_account();
    let _app = mount_to(
        host.clone(),
        move || view! { <Overview data=data.clone() /> },
    );
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
    for _ in 0..50 {
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
