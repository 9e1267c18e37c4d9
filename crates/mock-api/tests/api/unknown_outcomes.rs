//! Orders whose answer never reached the client (DESIGN §4, §5): `slow` and `lost_response`
//! commit on the server, the client finds the order by its Idempotency-Key, and a retry with
//! that key answers the same order without a second charge.

use std::time::Duration;

use reqwest::Method;
use serde_json::json;

use crate::common::Api;

/// One SMS pack: buying it is additive (each order grants and charges another pack), so a
/// second order of the same cart really would charge twice.
fn sms_pack() -> serde_json::Value {
    json!([{ "kind": "buy_sms_pack", "pack": "sms_1000" }])
}

async fn lose_next_order_answer(api: &Api, answer: Option<&str>) {
    let mut fault = json!({ "kind": "lost_response" });
    if let Some(answer) = answer {
        fault["as"] = json!(answer);
    }
    api.fault(json!({ "path": "/api/v1/orders", "method": "POST", "fault": fault }))
        .await;
}

#[tokio::test]
async fn a_lost_answer_charged_and_a_retry_with_the_same_key_answers_that_order_once() {
    let api = Api::start("eur-monthly").await;
    let id = api.quote_id(sms_pack()).await;
    lose_next_order_answer(&api, None).await;

    let lost = api.order(&id, "sms-lost-1").await;
    lost.assert_error(502, "bad_gateway", None);
    // The first attempt really charged: the EUR catalog's sms_1000 pack, 9.20, in full.
    let ledger = api.ledger().await;
    assert_eq!(ledger.len(), 1, "{ledger:?}");
    assert_eq!(ledger[0]["amount"], "9.20");
    assert_eq!(api.account().await["account"]["sms"]["remaining"], 1260);

    // The page retries with the same key (and the same quote): the committed order again.
    let retry = api.order(&id, "sms-lost-1").await;
    assert_eq!(retry.status, 201, "{}", retry.text);
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    let order = retry.json();
    assert_eq!(order["id"], ledger[0]["order_id"]);
    assert_eq!(order["ledger_entry_id"], ledger[0]["id"]);
    // Still exactly one charge and one pack granted: 260 + 1000.
    assert_eq!(api.ledger().await.len(), 1);
    let account = api.account().await;
    assert_eq!(account["account"]["sms"]["remaining"], 1260);
    assert_eq!(
        account["account"]["sms"]["monthly_packs"],
        json!(["sms_1000"])
    );
}

#[tokio::test]
async fn a_new_purchase_after_a_lost_answer_charges_again_so_the_client_must_look_first() {
    // The hazard the lookup exists for: a client that takes the 502 for "not charged" and
    // buys again (a new quote, a new key) pays twice.
    let api = Api::start("eur-monthly").await;
    let id = api.quote_id(sms_pack()).await;
    lose_next_order_answer(&api, None).await;
    assert_eq!(api.order(&id, "first-try").await.status, 502);

    // What the page must do first: the key's order exists.
    let found = api.find_order("first-try").await;
    assert_eq!(found.status, 200, "{}", found.text);
    assert_eq!(found.json()["charged"]["amount"], "9.20");

    let again = api.quote_id(sms_pack()).await;
    assert_eq!(api.order(&again, "second-try").await.status, 201);
    // 9.20 + 9.20: two packs charged and granted (260 + 1000 + 1000).
    assert_eq!(api.ledger().await.len(), 2);
    assert_eq!(api.account().await["account"]["sms"]["remaining"], 2260);
}

#[tokio::test]
async fn a_lost_answer_can_drop_the_connection_after_the_commit() {
    let api = Api::start("eur-monthly").await;
    let id = api.quote_id(sms_pack()).await;
    lose_next_order_answer(&api, Some("drop")).await;

    let dropped = api.order_request(&id, "dropped").send().await;
    let error = dropped.expect_err("no answer at all, not even a status line");
    assert!(!error.is_timeout() && error.status().is_none(), "{error:?}");
    assert_eq!(api.ledger().await.len(), 1);
    let retry = api.order(&id, "dropped").await;
    assert_eq!(retry.status, 201, "{}", retry.text);
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    assert_eq!(api.ledger().await.len(), 1);
}

#[tokio::test]
async fn a_slow_order_commits_even_when_the_client_gives_up() {
    let api = Api::start("eur-monthly").await;
    let id = api.quote_id(sms_pack()).await;
    api.fault(json!({
        "path": "/api/v1/orders",
        "method": "POST",
        "fault": { "kind": "slow", "delay_ms": 1500 }
    }))
    .await;

    let gave_up = api
        .order_request(&id, "slow-1")
        .timeout(Duration::from_millis(200))
        .send()
        .await;
    assert!(gave_up.expect_err("the client times out").is_timeout());
    // The route ran before the delay: the charge is there while the answer is held back.
    assert_eq!(api.ledger().await.len(), 1);
    assert_eq!(api.find_order("slow-1").await.status, 200);
    // A retry during the delay replays the order at once.
    let retry = api.order(&id, "slow-1").await;
    assert_eq!(retry.status, 201, "{}", retry.text);
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    // Once the held answer would have gone out, still one charge.
    tokio::time::sleep(Duration::from_millis(1600)).await;
    assert_eq!(api.ledger().await.len(), 1);
    assert_eq!(api.account().await["account"]["sms"]["remaining"], 1260);
}

#[tokio::test]
async fn the_lookup_answers_the_body_the_order_was_answered_with() {
    let api = Api::start("pro-monthly").await;
    let id = api
        .quote_id(json!([{ "kind": "set_users", "users": 5 }]))
        .await;
    let placed = api.order(&id, "7d1e-users").await;
    assert_eq!(placed.status, 201, "{}", placed.text);
    // The account moves on; the lookup still tells the order as it was answered.
    assert_eq!(
        api.send(
            Method::PUT,
            "/api/v1/payment-method",
            json!({ "token": "tok_visa" })
        )
        .await
        .status,
        200
    );

    let found = api.find_order("7d1e-users").await;
    assert_eq!(found.status, 200, "{}", found.text);
    assert_eq!(found.text, placed.text, "the stored first answer");
    assert_eq!(found.header("idempotent-replayed"), None);
    assert!(found
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/json")));
    // 2 extra users × 19.00 = 38.00 × 0.752777… = 28.605… → 28.61
    assert_eq!(found.json()["charged"]["amount"], "28.61");
}

#[tokio::test]
async fn the_lookup_is_404_for_a_key_that_committed_nothing() {
    let api = Api::start("pro-monthly").await;
    api.find_order("never-sent")
        .await
        .assert_error(404, "not_found", Some("idempotency_key"));

    // An order stopped before the route ran (an injected 500) committed nothing.
    let id = api
        .quote_id(json!([{ "kind": "set_users", "users": 4 }]))
        .await;
    api.fault(json!({ "path": "/api/v1/orders", "method": "POST", "fault": { "kind": "internal_error" } }))
        .await;
    assert_eq!(api.order(&id, "failed-early").await.status, 500);
    api.find_order("failed-early")
        .await
        .assert_error(404, "not_found", Some("idempotency_key"));

    // Nor did one the route refused (errors are not stored).
    assert_eq!(api.clock("2026-11-22T10:16:00Z").await.status, 200);
    assert_eq!(api.order(&id, "stale").await.status, 409);
    api.find_order("stale")
        .await
        .assert_error(404, "not_found", Some("idempotency_key"));
    assert!(api.ledger().await.is_empty());
}

#[tokio::test]
async fn the_lookup_needs_a_key() {
    let api = Api::start("pro-monthly").await;
    api.get("/api/v1/orders")
        .await
        .assert_error(400, "invalid_request", Some("idempotency_key"));
    api.find_order("  ")
        .await
        .assert_error(400, "invalid_request", Some("idempotency_key"));
    api.find_order(&"k".repeat(256)).await.assert_error(
        400,
        "invalid_request",
        Some("idempotency_key"),
    );
}

#[tokio::test]
async fn the_lookup_follows_the_account_read_rules() {
    // Any role that may read the account may look an order up (a viewer's session may
    // outlive the purchase someone else made).
    let api = Api::start("pro-monthly").await;
    let id = api
        .quote_id(json!([{ "kind": "set_users", "users": 4 }]))
        .await;
    assert_eq!(api.order(&id, "admin-bought").await.status, 201);
    api.server.state.lock().world.viewer.role = pricing::Role::Viewer;
    assert_eq!(api.get("/api/v1/account").await.status, 200);
    assert_eq!(api.find_order("admin-bought").await.status, 200);

    // A signed-out session is refused like the account read.
    api.fault(json!({ "path": "/api/v1/orders", "method": "GET", "fault": { "kind": "unauthenticated" } }))
        .await;
    api.find_order("admin-bought")
        .await
        .assert_error(401, "unauthenticated", None);
}

#[tokio::test]
async fn a_lost_resume_is_read_from_the_account_and_a_retry_cannot_charge_again() {
    // Resume charges the rest of the period but takes no Idempotency-Key: the account's
    // status tells whether it happened, and a second resume is a 409, not a second charge.
    let api = Api::start("paused").await;
    api.fault(json!({ "path": "/api/v1/resume", "fault": { "kind": "lost_response" } }))
        .await;
    api.post("/api/v1/resume", json!({}))
        .await
        .assert_error(502, "bad_gateway", None);
    assert_eq!(api.account().await["account"]["status"]["kind"], "active");
    let charged = api.ledger().await;
    assert_eq!(charged.len(), 1, "{charged:?}");
    api.post("/api/v1/resume", json!({})).await.assert_error(
        409,
        "conflict",
        Some("changes[0].kind"),
    );
    assert_eq!(api.ledger().await, charged);
}

#[tokio::test]
async fn lost_response_defaults_to_a_bad_gateway() {
    let api = Api::start("pro-monthly").await;
    api.fault(json!({ "path": "/api/v1/orders", "fault": { "kind": "lost_response" } }))
        .await;
    let pending = api.get("/api/v1/_mock/faults").await.json();
    assert_eq!(
        pending["pending"][0]["fault"],
        json!({ "kind": "lost_response", "as": "bad_gateway" })
    );
    api.post(
        "/api/v1/_mock/faults",
        json!({ "path": "/api/v1/orders", "fault": { "kind": "lost_response", "as": "502" } }),
    )
    .await
    .assert_error(400, "invalid_request", Some("fault.as"));
}
