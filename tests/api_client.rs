//! The API client in headless Chromium against a live mock API (started by
//! `cargo xtask test`, which bakes its URL in as `BU_MOCK_API`): success, timeout, retry
//! after 503, 429 with Retry-After, malformed body, the route's own 409.
#![cfg(target_arch = "wasm32")]

use billing_upgrade::api::{ApiClient, ApiError};
use billing_upgrade::MountConfig;
use gloo_net::http::Request;
use pricing::{Change, PlanId};
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mock_base() -> &'static str {
    match option_env!("BU_MOCK_API") {
        Some(base) => base,
        None => panic!("BU_MOCK_API is not set: run the browser suites with `cargo xtask test`"),
    }
}

fn client(timeout_ms: u32) -> ApiClient {
    ApiClient::new(&MountConfig {
        api_base: mock_base().into(),
        timeout_ms,
        csrf_token: Some("test".into()),
        ..MountConfig::default()
    })
}

/// POSTs to a `_mock` test control and checks it answered 2xx.
async fn control(path: &str, body: serde_json::Value) -> serde_json::Value {
    let response = Request::post(&format!("{}/v1/_mock/{path}", mock_base()))
        .header("X-CSRF-Token", "test")
        .json(&body)
        .unwrap()
        .send()
        .await
        .expect("mock API reachable");
    assert!(response.ok(), "_mock/{path} answered {}", response.status());
    response.json().await.unwrap_or(serde_json::Value::Null)
}

/// A fresh pro-monthly world with no faults pending.
async fn reset() {
    control("reset", json!({ "scenario": "pro-monthly" })).await;
}

async fn fault(path: &str, method: Option<&str>, count: u32, fault: serde_json::Value) {
    control(
        "faults",
        json!({ "path": path, "method": method, "count": count, "fault": fault }),
    )
    .await;
}

async fn ledger_len(client: &ApiClient) -> usize {
    client.ledger().await.expect("ledger").entries.len()
}

#[wasm_bindgen_test]
async fn account_is_fetched_and_decoded() {
    reset().await;
    let data = client(5_000).account().await.expect("account");
    assert_eq!(data.account.name, "Northwind Traders");
    assert_eq!(data.account.plan, PlanId::Pro);
}

#[wasm_bindgen_test]
async fn a_slow_server_is_reported_as_a_timeout() {
    reset().await;
    // Every attempt (the first and both retries) waits 3 s; the client gives up at 400 ms.
    fault(
        "/api/v1/catalog",
        Some("GET"),
        3,
        json!({ "kind": "slow", "delay_ms": 3000 }),
    )
    .await;
    let result = client(400).catalog().await;
    assert_eq!(result.unwrap_err(), ApiError::Timeout);
}

#[wasm_bindgen_test]
async fn a_get_is_retried_after_a_503() {
    reset().await;
    fault(
        "/api/v1/account",
        Some("GET"),
        1,
        json!({ "kind": "unavailable" }),
    )
    .await;
    let data = client(5_000)
        .account()
        .await
        .expect("second attempt succeeds");
    assert_eq!(data.account.name, "Northwind Traders");
}

#[wasm_bindgen_test]
async fn a_post_without_idempotency_key_is_not_retried() {
    reset().await;
    fault(
        "/api/v1/quotes",
        Some("POST"),
        1,
        json!({ "kind": "unavailable" }),
    )
    .await;
    let c = client(5_000);
    let changes = [Change::SetPlan {
        plan: PlanId::Enterprise,
    }];
    let err = c.quote(&changes).await.unwrap_err();
    assert!(matches!(err, ApiError::Http { status: 503, .. }), "{err:?}");
    // The fault was used once; the next (user-initiated) quote goes through.
    assert!(c.quote(&changes).await.is_ok());
}

#[wasm_bindgen_test]
async fn a_429_waits_for_retry_after_then_succeeds() {
    reset().await;
    fault(
        "/api/v1/catalog",
        Some("GET"),
        1,
        json!({ "kind": "rate_limited", "retry_after_seconds": 1 }),
    )
    .await;
    let started = js_sys::Date::now();
    let catalog = client(5_000)
        .catalog()
        .await
        .expect("retried after Retry-After");
    let waited_ms = js_sys::Date::now() - started;
    assert_eq!(catalog.plans.len(), 4);
    assert!(waited_ms >= 1000.0, "waited only {waited_ms} ms");
}

#[wasm_bindgen_test]
async fn a_write_without_a_key_refused_with_429_is_sent_again_after_retry_after() {
    // A 429 is a refusal before anything was done: even a write with no Idempotency-Key
    // (pause) may be sent again, once the server's Retry-After has passed.
    reset().await;
    fault(
        "/api/v1/pause",
        Some("POST"),
        1,
        json!({ "kind": "rate_limited", "retry_after_seconds": 1 }),
    )
    .await;
    let started = js_sys::Date::now();
    let data = client(5_000)
        .pause()
        .await
        .expect("sent again after Retry-After");
    let waited_ms = js_sys::Date::now() - started;
    assert!(
        matches!(data.account.status, pricing::Status::PauseScheduled { .. }),
        "{:?}",
        data.account.status
    );
    assert!(waited_ms >= 1000.0, "waited only {waited_ms} ms");
}

#[wasm_bindgen_test]
async fn a_malformed_body_is_a_decode_error_not_a_panic() {
    reset().await;
    fault(
        "/api/v1/account",
        Some("GET"),
        1,
        json!({ "kind": "malformed_json" }),
    )
    .await;
    let err = client(5_000).account().await.unwrap_err();
    assert!(matches!(err, ApiError::Decode(_)), "{err:?}");
}

#[wasm_bindgen_test]
async fn a_409_on_an_order_is_returned_and_charges_nothing() {
    // The route's own 409, not an injected one (an injected fault answers before the route
    // runs, so it could never charge): the quote expires (15 minutes on the mock's clock)
    // and the order on it is refused as stale. A route that charged before checking would
    // leave a ledger entry.
    reset().await;
    let c = client(5_000);
    let quote = c
        .quote(&[Change::SetPlan {
            plan: PlanId::Enterprise,
        }])
        .await
        .expect("quote");
    let later = quote.quote.quoted_at + chrono::Duration::minutes(20);
    control("clock", json!({ "now": later })).await;
    let err = c
        .order(&quote.id, &ApiClient::new_idempotency_key())
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Http { status: 409, .. }), "{err:?}");
    assert!(err.is_stale_quote(), "{err:?}");
    assert_eq!(ledger_len(&c).await, 0);
    let account = c.account().await.expect("account");
    assert_eq!(account.account.plan, PlanId::Pro, "nothing changed");
}

#[wasm_bindgen_test]
async fn a_stale_quote_is_recognised_for_requoting() {
    reset().await;
    let c = client(5_000);
    let old = c
        .quote(&[Change::SetPlan {
            plan: PlanId::Enterprise,
        }])
        .await
        .expect("quote");
    // Another change moves the account to a new version.
    let other = c
        .quote(&[Change::SetUsers { users: 5 }])
        .await
        .expect("quote");
    c.order(&other.id, &ApiClient::new_idempotency_key())
        .await
        .expect("order");
    let err = c
        .order(&old.id, &ApiClient::new_idempotency_key())
        .await
        .unwrap_err();
    assert!(err.is_stale_quote(), "{err:?}");
    assert_eq!(ledger_len(&c).await, 1);
}

#[wasm_bindgen_test]
async fn an_order_hit_by_a_503_is_retried_with_its_key_and_charged_once() {
    reset().await;
    let c = client(5_000);
    let quote = c
        .quote(&[Change::SetPlan {
            plan: PlanId::Enterprise,
        }])
        .await
        .expect("quote");
    fault(
        "/api/v1/orders",
        Some("POST"),
        1,
        json!({ "kind": "unavailable" }),
    )
    .await;
    let order = c
        .order(&quote.id, &ApiClient::new_idempotency_key())
        .await
        .expect("retried");
    assert_eq!(order.charged.amount, quote.quote.charge_now);
    assert_eq!(ledger_len(&c).await, 1);
}

#[wasm_bindgen_test]
async fn no_csrf_token_configured_sends_none_and_the_refused_mutation_changes_nothing() {
    reset().await;
    // The host configured no token: the page makes none up.
    let bare = ApiClient::new(&MountConfig {
        api_base: mock_base().into(),
        ..MountConfig::default()
    });
    let before = bare.account().await.expect("reads need no token");
    let err = bare.pause().await.unwrap_err();
    assert!(
        matches!(&err, ApiError::Http { status: 403, code, .. } if code == "csrf_missing"),
        "{err:?}"
    );
    let after = client(5_000).account().await.expect("account");
    assert_eq!(after.account.status, before.account.status);
    assert_eq!(after.account.version, before.account.version);
}

#[wasm_bindgen_test]
async fn a_support_request_whose_answer_is_lost_files_one_ticket_however_often_it_is_sent() {
    reset().await;
    // The ticket is filed, then its answer is lost (502).
    fault(
        "/api/v1/support-requests",
        Some("POST"),
        1,
        json!({ "kind": "lost_response" }),
    )
    .await;
    let c = client(5_000);
    let request = api_types::SupportRequest {
        topic: api_types::SupportTopic::Other,
        changes: vec![],
        message: "Please call me about our invoice".into(),
        survey: None,
    };
    // The client retries with the request's key and gets the ticket filed the first time.
    let first = c.support_request(&request).await.expect("the ticket");
    // The customer sends the same request again: the same ticket.
    let again = c.support_request(&request).await.expect("the ticket");
    assert_eq!(again.id, first.id);
    let filed = Request::get(&format!("{}/v1/_mock/support-requests", mock_base()))
        .send()
        .await
        .expect("mock API reachable")
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(
        filed["requests"].as_array().map(Vec::len),
        Some(1),
        "{filed}"
    );
}
