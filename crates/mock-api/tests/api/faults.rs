//! Faults for the next N requests matching a path: 500, 503, 429 + Retry-After, slow,
//! lost response, malformed JSON, 409, 401.

use std::time::Duration;

use reqwest::Method;
use serde_json::json;

use crate::common::Api;

#[tokio::test]
async fn status_faults_answer_the_json_error_shape_then_stop() {
    let cases = [
        (json!({ "kind": "internal_error" }), 500, "internal"),
        (json!({ "kind": "unavailable" }), 503, "unavailable"),
        (json!({ "kind": "conflict" }), 409, "conflict"),
        (json!({ "kind": "unauthenticated" }), 401, "unauthenticated"),
    ];
    for (fault, status, code) in cases {
        let api = Api::start("pro-monthly").await;
        api.fault(json!({ "path": "/api/v1/account", "fault": fault }))
            .await;
        api.get("/api/v1/account")
            .await
            .assert_error(status, code, None);
        assert_eq!(
            api.get("/api/v1/account").await.status,
            200,
            "{code}: count 1"
        );
    }
}

#[tokio::test]
async fn rate_limited_carries_retry_after() {
    let api = Api::start("pro-monthly").await;
    api.fault(json!({
        "path": "/api/v1/catalog",
        "fault": { "kind": "rate_limited", "retry_after_seconds": 7 }
    }))
    .await;
    let reply = api.get("/api/v1/catalog").await;
    reply.assert_error(429, "rate_limited", None);
    assert_eq!(reply.header("retry-after"), Some("7"));
}

#[tokio::test]
async fn a_fault_hits_the_next_n_matching_requests_only() {
    let api = Api::start("pro-monthly").await;
    api.fault(json!({
        "path": "/api/v1/account",
        "count": 2,
        "fault": { "kind": "unavailable" }
    }))
    .await;
    // Another path is not affected.
    assert_eq!(api.get("/api/v1/catalog").await.status, 200);
    assert_eq!(api.get("/api/v1/account").await.status, 503);
    assert_eq!(api.get("/api/v1/account").await.status, 503);
    assert_eq!(api.get("/api/v1/account").await.status, 200);
}

#[tokio::test]
async fn a_fault_can_match_a_method_and_a_path_prefix() {
    let api = Api::start("pro-monthly").await;
    api.fault(json!({
        "path": "/api/v1/*",
        "method": "POST",
        "fault": { "kind": "internal_error" }
    }))
    .await;
    assert_eq!(api.get("/api/v1/account").await.status, 200);
    let reply = api
        .quote(json!([{ "kind": "set_users", "users": 4 }]))
        .await;
    assert_eq!(reply.status, 500);
    assert_eq!(
        api.quote(json!([{ "kind": "set_users", "users": 4 }]))
            .await
            .status,
        201
    );
}

#[tokio::test]
async fn malformed_json_is_a_200_the_client_cannot_parse() {
    let api = Api::start("pro-monthly").await;
    api.fault(json!({ "path": "/api/v1/account", "fault": { "kind": "malformed_json" } }))
        .await;
    let reply = api.get("/api/v1/account").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert!(serde_json::from_str::<serde_json::Value>(&reply.text).is_err());
}

#[tokio::test]
async fn slow_answers_after_the_delay_so_a_client_timeout_fires() {
    let api = Api::start("pro-monthly").await;
    api.fault(json!({
        "path": "/api/v1/account",
        "fault": { "kind": "slow", "delay_ms": 600 }
    }))
    .await;
    let timed_out = api
        .raw(Method::GET, "/api/v1/account")
        .timeout(Duration::from_millis(150))
        .send()
        .await;
    assert!(timed_out.unwrap_err().is_timeout());
    // Used up: the next request is answered at once.
    let reply = api
        .run(
            api.raw(Method::GET, "/api/v1/account")
                .timeout(Duration::from_millis(2000)),
        )
        .await;
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn a_slow_answer_that_is_awaited_is_the_real_one() {
    let api = Api::start("pro-monthly").await;
    api.fault(json!({
        "path": "/api/v1/account",
        "fault": { "kind": "slow", "delay_ms": 200 }
    }))
    .await;
    let started = std::time::Instant::now();
    let reply = api.get("/api/v1/account").await;
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(reply.json()["account"]["name"], "Northwind Traders");
}

#[tokio::test]
async fn slow_defaults_to_fifteen_seconds_past_the_client_timeout() {
    let api = Api::start("pro-monthly").await;
    api.fault(json!({ "path": "/api/v1/account", "fault": { "kind": "slow" } }))
        .await;
    let pending = api.get("/api/v1/_mock/faults").await.json();
    assert_eq!(
        pending["pending"][0],
        json!({
            "path": "/api/v1/account",
            "method": null,
            "count": 1,
            "fault": { "kind": "slow", "delay_ms": 15000 }
        })
    );
}

#[tokio::test]
async fn a_fault_that_answers_before_the_route_changes_nothing_and_stores_no_key() {
    // Only about faults that answer instead of the route: whether a retry after a
    // committed order charges again is `unknown_outcomes.rs`'s lost_response tests.
    let api = Api::start("pro-monthly").await;
    let id = api
        .quote_id(json!([{ "kind": "set_users", "users": 4 }]))
        .await;
    api.fault(json!({ "path": "/api/v1/orders", "fault": { "kind": "internal_error" } }))
        .await;
    let before = api.records().await;
    assert_eq!(api.order(&id, "retry-me").await.status, 500);
    assert_eq!(api.records().await, before);
    // Nothing was stored under the key: the retry is a first attempt, not a replay.
    let retry = api.order(&id, "retry-me").await;
    assert_eq!(retry.status, 201, "{}", retry.text);
    assert_eq!(retry.header("idempotent-replayed"), None);
    assert_eq!(api.ledger().await.len(), 1);
}

#[tokio::test]
async fn lost_response_runs_the_route_then_answers_502() {
    let api = Api::start("pro-monthly").await;
    api.fault(json!({ "path": "/api/v1/payment-method", "fault": { "kind": "lost_response" } }))
        .await;
    let version = api.account().await["account"]["version"].clone();
    api.send(
        Method::PUT,
        "/api/v1/payment-method",
        json!({ "token": "tok_amex" }),
    )
    .await
    .assert_error(502, "bad_gateway", None);
    let account = api.account().await;
    assert_eq!(account["account"]["payment_method"]["last4"], "8431");
    // A card is in no price: the version (and every quote made on it) stays.
    assert_eq!(account["account"]["version"], version);
}

#[tokio::test]
async fn slow_runs_the_route_before_the_delay_even_if_the_client_leaves() {
    let api = Api::start("pro-monthly").await;
    api.fault(json!({
        "path": "/api/v1/payment-method",
        "fault": { "kind": "slow", "delay_ms": 1000 }
    }))
    .await;
    let gave_up = api
        .raw(Method::PUT, "/api/v1/payment-method")
        .header("X-CSRF-Token", "test-token")
        .json(&json!({ "token": "tok_amex" }))
        .timeout(Duration::from_millis(150))
        .send()
        .await;
    assert!(gave_up.unwrap_err().is_timeout());
    // Already changed while the answer is still held back.
    let account = api.account().await;
    assert_eq!(account["account"]["payment_method"]["last4"], "8431");
}

#[tokio::test]
async fn test_controls_are_never_faulted_and_faults_can_be_cleared() {
    let api = Api::start("pro-monthly").await;
    api.fault(json!({ "path": "/api/*", "count": 5, "fault": { "kind": "unavailable" } }))
        .await;
    assert_eq!(api.get("/api/v1/_mock/faults").await.status, 200);
    let cleared = api
        .send(Method::DELETE, "/api/v1/_mock/faults", json!({}))
        .await;
    assert_eq!(cleared.json(), json!({ "pending": [] }));
    assert_eq!(api.get("/api/v1/account").await.status, 200);
}

#[tokio::test]
async fn a_bad_fault_is_refused() {
    let api = Api::start("pro-monthly").await;
    api.post(
        "/api/v1/_mock/faults",
        json!({ "path": "account", "fault": { "kind": "unavailable" } }),
    )
    .await
    .assert_error(400, "invalid_request", Some("path"));
    api.post(
        "/api/v1/_mock/faults",
        json!({ "path": "/api/v1/account", "fault": { "kind": "explode" } }),
    )
    .await
    .assert_error(400, "invalid_request", Some("fault.kind"));
}
