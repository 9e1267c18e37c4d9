//! Orders: exactly one charge per Idempotency-Key, stale quotes refused, nothing changes on
//! any error.

use serde_json::json;

use crate::common::Api;

#[tokio::test]
async fn the_same_key_and_body_twice_replays_the_first_answer_with_one_charge() {
    let api = Api::start("pro-monthly").await;
    let id = api
        .quote_id(json!([{ "kind": "set_plan", "plan": "enterprise" }]))
        .await;
    let first = api.order(&id, "3f6c-double-click").await;
    assert_eq!(first.status, 201, "{}", first.text);
    // Enterprise 5000 379.00 − pro 5000 219.00 = 160.00 a month, for 1,951,200 s of the
    // 2,592,000 s period: 160.00 × 0.752777… = 120.444… → 120.44
    assert_eq!(first.json()["charged"]["amount"], "120.44");
    let second = api.order(&id, "3f6c-double-click").await;
    assert_eq!(second.status, 201);
    assert_eq!(second.text, first.text, "the stored first answer");
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    assert_eq!(first.header("idempotent-replayed"), None);
    assert_eq!(api.ledger().await.len(), 1);
    assert_eq!(api.account().await["account"]["version"], 2);
}

#[tokio::test]
async fn concurrent_double_posts_charge_once() {
    let api = Api::start("pro-monthly").await;
    let id = api
        .quote_id(json!([{ "kind": "set_users", "users": 5 }]))
        .await;
    let (a, b) = tokio::join!(api.order(&id, "same"), api.order(&id, "same"));
    assert_eq!((a.status, b.status), (201, 201));
    assert_eq!(a.json()["id"], b.json()["id"]);
    // 2 extra users × 19.00 = 38.00 × 0.752777… = 28.605… → 28.61
    let ledger = api.ledger().await;
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0]["amount"], "28.61");
}

#[tokio::test]
async fn the_same_key_with_another_body_is_422_and_changes_nothing() {
    let api = Api::start("pro-monthly").await;
    let first = api
        .quote_id(json!([{ "kind": "set_users", "users": 4 }]))
        .await;
    assert_eq!(api.order(&first, "k1").await.status, 201);
    let other = api
        .quote_id(json!([{ "kind": "add_add_on", "addon": "custom_reports" }]))
        .await;
    let before = api.records().await;
    api.order(&other, "k1").await.assert_error(
        422,
        "idempotency_key_reused",
        Some("Idempotency-Key"),
    );
    assert_eq!(api.records().await, before);
}

#[tokio::test]
async fn an_order_needs_an_idempotency_key() {
    let api = Api::start("pro-monthly").await;
    let id = api
        .quote_id(json!([{ "kind": "set_users", "users": 4 }]))
        .await;
    let before = api.records().await;
    let reply = api.post("/api/v1/orders", json!({ "quote_id": id })).await;
    reply.assert_error(400, "idempotency_key_missing", Some("Idempotency-Key"));
    assert_eq!(api.records().await, before);
}

#[tokio::test]
async fn an_expired_quote_is_409_quote_stale() {
    let api = Api::start("pro-monthly").await;
    let id = api
        .quote_id(json!([{ "kind": "set_users", "users": 4 }]))
        .await;
    // Valid until 10:15; the clock moves to 10:16.
    assert_eq!(api.clock("2026-11-22T10:16:00Z").await.status, 200);
    let before = api.records().await;
    api.order(&id, "late")
        .await
        .assert_error(409, "quote_stale", Some("quote_id"));
    assert_eq!(api.records().await, before);
    assert!(api.ledger().await.is_empty());
}

#[tokio::test]
async fn a_quote_is_still_good_at_its_expiry_instant() {
    let api = Api::start("pro-monthly").await;
    let id = api
        .quote_id(json!([{ "kind": "set_users", "users": 4 }]))
        .await;
    assert_eq!(api.clock("2026-11-22T10:15:00Z").await.status, 200);
    assert_eq!(api.order(&id, "just-in-time").await.status, 201);
}

#[tokio::test]
async fn a_quote_on_an_account_that_moved_is_409_quote_stale() {
    let api = Api::start("pro-monthly").await;
    let old = api
        .quote_id(json!([{ "kind": "set_users", "users": 4 }]))
        .await;
    let other = api
        .quote_id(json!([{ "kind": "add_add_on", "addon": "custom_reports" }]))
        .await;
    assert_eq!(api.order(&other, "first").await.status, 201);
    let before = api.records().await;
    let reply = api.order(&old, "second").await;
    reply.assert_error(409, "quote_stale", Some("quote_id"));
    assert_eq!(api.records().await, before);
    // The page re-quotes and the new quote goes through.
    let fresh = api
        .quote_id(json!([{ "kind": "set_users", "users": 4 }]))
        .await;
    assert_eq!(api.order(&fresh, "third").await.status, 201);
    assert_eq!(api.ledger().await.len(), 2);
}

#[tokio::test]
async fn a_downgrade_is_quoted_but_never_ordered() {
    let api = Api::start("pro-monthly").await;
    let reply = api
        .quote(json!([{ "kind": "set_plan", "plan": "plus" }]))
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let body = reply.json();
    assert_eq!(body["quote"]["self_serve"], false);
    assert_eq!(body["quote"]["reason"], json!({ "kind": "downgrade" }));
    let before = api.records().await;
    let order = api.order(body["id"].as_str().unwrap(), "downgrade").await;
    order.assert_error(422, "not_self_serve", None);
    assert_eq!(order.json()["reason"], json!({ "kind": "downgrade" }));
    assert_eq!(api.records().await, before);
}

#[tokio::test]
async fn cancel_has_its_own_route_and_cannot_be_ordered() {
    let api = Api::start("pro-monthly").await;
    let id = api.quote_id(json!([{ "kind": "cancel" }])).await;
    let before = api.records().await;
    api.order(&id, "cancel")
        .await
        .assert_error(422, "not_orderable", Some("quote_id"));
    assert_eq!(api.records().await, before);
}

#[tokio::test]
async fn a_charge_needs_a_card_on_file() {
    let api = Api::start("pro-monthly").await;
    api.server.state.lock().world.account.payment_method = None;
    let id = api
        .quote_id(json!([{ "kind": "set_users", "users": 4 }]))
        .await;
    let before = api.records().await;
    api.order(&id, "no-card")
        .await
        .assert_error(402, "payment_method_required", None);
    assert_eq!(api.records().await, before);
}

#[tokio::test]
async fn an_unknown_quote_is_404() {
    let api = Api::start("pro-monthly").await;
    api.order("q_999", "k")
        .await
        .assert_error(404, "not_found", Some("quote_id"));
}

#[tokio::test]
async fn a_trial_upgrade_charges_the_full_price_from_now() {
    let api = Api::start("trial").await;
    let id = api
        .quote_id(json!([{ "kind": "set_plan", "plan": "pro" }]))
        .await;
    let reply = api.order(&id, "convert").await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    // DESIGN §3: a new period from now, full price, no proration: pro 1000 79.00
    // (the trial's 20 Conversations seats stay free trial seats).
    assert_eq!(reply.json()["charged"]["amount"], "79.00");
    let account = &reply.json()["account"]["account"];
    assert_eq!(account["status"]["kind"], "active");
    assert_eq!(account["period"]["start"], "2026-11-22T10:00:00Z");
}

#[tokio::test]
async fn an_eur_account_is_charged_in_euros() {
    let api = Api::start("eur-monthly").await;
    let id = api
        .quote_id(json!([{ "kind": "buy_sms_pack", "pack": "sms_1000" }]))
        .await;
    let reply = api.order(&id, "sms").await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    // DESIGN §3: packs are charged in full at purchase: the EUR catalog's sms_1000, 9.20.
    assert_eq!(
        reply.json()["charged"],
        json!({ "amount": "9.20", "currency": "EUR" })
    );
    // Granted at once: 260 left + 1000.
    assert_eq!(reply.json()["account"]["account"]["sms"]["remaining"], 1260);
}
