//! Bad input: a 400 naming the field (or 403/415 for missing headers), and nothing in the
//! state changes.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::Api;

/// `(method, path, body, field)` of requests that must be a 400 naming `field`.
fn bad_requests() -> Vec<(Method, &'static str, Value, &'static str)> {
    let quote = |change: Value| json!({ "changes": [change] });
    let consents = |c: Value| json!({ "reasons": ["other"], "consents": c });
    vec![
        // Unknown plan, add-on, pack, change kind.
        (
            Method::POST,
            "/api/v1/quotes",
            quote(json!({ "kind": "set_plan", "plan": "platinum" })),
            "changes[0].plan",
        ),
        (
            Method::POST,
            "/api/v1/quotes",
            quote(json!({ "kind": "add_add_on", "addon": "fax" })),
            "changes[0].addon",
        ),
        (
            Method::POST,
            "/api/v1/quotes",
            quote(json!({ "kind": "buy_sms_pack", "pack": "sms_999" })),
            "changes[0].pack",
        ),
        (
            Method::POST,
            "/api/v1/quotes",
            quote(json!({ "kind": "teleport" })),
            "changes[0].kind",
        ),
        // Strings where numbers belong, negative, zero, absurd.
        (
            Method::POST,
            "/api/v1/quotes",
            quote(json!({ "kind": "set_contacts", "contacts": "5000" })),
            "changes[0].contacts",
        ),
        (
            Method::POST,
            "/api/v1/quotes",
            quote(json!({ "kind": "set_users", "users": -1 })),
            "changes[0].users",
        ),
        (
            Method::POST,
            "/api/v1/quotes",
            quote(json!({ "kind": "set_users", "users": 2.5 })),
            "changes[0].users",
        ),
        (
            Method::POST,
            "/api/v1/quotes",
            quote(json!({ "kind": "set_users", "users": 0 })),
            "changes[0].users",
        ),
        (
            Method::POST,
            "/api/v1/quotes",
            quote(json!({ "kind": "set_users", "users": 1_000_000 })),
            "changes[0].users",
        ),
        (
            Method::POST,
            "/api/v1/quotes",
            quote(json!({ "kind": "set_email_sends", "email_sends": 99_000_000_000u64 })),
            "changes[0].email_sends",
        ),
        (
            Method::POST,
            "/api/v1/quotes",
            quote(json!({ "kind": "set_contacts", "contacts": 9_999_999 })),
            "changes[0].contacts",
        ),
        (
            Method::POST,
            "/api/v1/quotes",
            quote(json!({ "kind": "set_contacts" })),
            "changes[0].contacts",
        ),
        // Seats below the 3 assigned.
        (
            Method::POST,
            "/api/v1/quotes",
            quote(json!({ "kind": "set_seats", "seats": 2 })),
            "changes[0].seats",
        ),
        (
            Method::POST,
            "/api/v1/quotes",
            json!({ "changes": [{ "kind": "set_users", "users": 4 }, { "kind": "set_seats", "seats": 4_294_967_296u64 }] }),
            "changes[1].seats",
        ),
        // Empty or missing cart.
        (
            Method::POST,
            "/api/v1/quotes",
            json!({ "changes": [] }),
            "changes",
        ),
        (Method::POST, "/api/v1/quotes", json!({}), "changes"),
        (
            Method::POST,
            "/api/v1/quotes",
            json!({ "changes": "all" }),
            "changes",
        ),
        (
            Method::POST,
            "/api/v1/orders",
            json!({ "quote_id": 5 }),
            "quote_id",
        ),
        (
            Method::PUT,
            "/api/v1/auto-upgrade",
            json!({ "enabled": "yes" }),
            "enabled",
        ),
        (
            Method::PUT,
            "/api/v1/payment-method",
            json!({ "token": "4242424242424242" }),
            "token",
        ),
        (
            Method::PUT,
            "/api/v1/payment-method",
            json!({ "token": "tok_visa_42_13_2030" }),
            "token",
        ),
        (Method::PUT, "/api/v1/payment-method", json!({}), "token"),
        (
            Method::POST,
            "/api/v1/support-requests",
            json!({ "topic": "other", "message": "  " }),
            "message",
        ),
        (
            Method::POST,
            "/api/v1/support-requests",
            json!({ "topic": "downgrade" }),
            "changes",
        ),
        (
            Method::POST,
            "/api/v1/support-requests",
            json!({ "topic": "downgrade", "changes": [{ "kind": "set_users", "users": "two" }] }),
            "changes[0].users",
        ),
        (
            Method::POST,
            "/api/v1/support-requests",
            json!({ "topic": "other", "message": "x".repeat(2001) }),
            "message",
        ),
        (
            Method::POST,
            "/api/v1/cancellation",
            json!({ "reasons": [], "consents": { "lists": true, "campaigns": true, "reports": true, "account_information": true } }),
            "reasons",
        ),
        (
            Method::POST,
            "/api/v1/cancellation",
            json!({ "reasons": ["bored"], "consents": { "lists": true, "campaigns": true, "reports": true, "account_information": true } }),
            "reasons[0]",
        ),
        (
            Method::POST,
            "/api/v1/cancellation",
            consents(
                json!({ "lists": true, "campaigns": true, "reports": false, "account_information": true }),
            ),
            "consents.reports",
        ),
        (
            Method::POST,
            "/api/v1/cancellation",
            consents(json!({ "lists": true, "campaigns": true, "reports": true })),
            "consents.account_information",
        ),
        (
            Method::POST,
            "/api/v1/success-sessions",
            json!({ "slot": "tomorrow" }),
            "slot",
        ),
        (
            Method::POST,
            "/api/v1/success-sessions",
            json!({ "slot": "2026-11-23T03:00:00Z" }),
            "slot",
        ),
    ]
}

#[tokio::test]
async fn bad_input_is_a_400_naming_the_field_and_changes_nothing() {
    let api = Api::start("pro-monthly").await;
    let before = api.records().await;
    for (method, path, body, field) in bad_requests() {
        let reply = api.send(method.clone(), path, body.clone()).await;
        assert_eq!(reply.status, 400, "{method} {path} {body}: {}", reply.text);
        reply.assert_error(400, "invalid_request", Some(field));
        assert_eq!(api.records().await, before, "{method} {path} {body}");
    }
    assert_eq!(api.account().await["account"]["version"], 1);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_400_without_a_field() {
    let api = Api::start("pro-monthly").await;
    let reply = api
        .run(
            api.raw(Method::POST, "/api/v1/quotes")
                .header("X-CSRF-Token", "t")
                .header("Content-Type", "application/json")
                .body("{\"changes\": ["),
        )
        .await;
    reply.assert_error(400, "invalid_request", None);
}

#[tokio::test]
async fn mutations_without_the_csrf_header_are_403_and_change_nothing() {
    let api = Api::start("pro-monthly").await;
    let before = api.records().await;
    for (method, path) in [
        (Method::POST, "/api/v1/pause"),
        (Method::POST, "/api/v1/quotes"),
        (Method::PUT, "/api/v1/payment-method"),
        (Method::DELETE, "/api/v1/cancellation"),
    ] {
        let reply = api
            .run(
                api.raw(method.clone(), path)
                    .json(&json!({ "token": "tok_visa" })),
            )
            .await;
        reply.assert_error(403, "csrf_missing", Some("X-CSRF-Token"));
        let empty = api
            .run(
                api.raw(method, path)
                    .header("X-CSRF-Token", " ")
                    .json(&json!({})),
            )
            .await;
        empty.assert_error(403, "csrf_missing", Some("X-CSRF-Token"));
    }
    assert_eq!(api.records().await, before);
}

#[tokio::test]
async fn mutations_that_are_not_json_are_415_and_change_nothing() {
    let api = Api::start("pro-monthly").await;
    let before = api.records().await;
    let form = api
        .run(
            api.raw(Method::POST, "/api/v1/pause")
                .header("X-CSRF-Token", "t")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("a=1"),
        )
        .await;
    form.assert_error(415, "unsupported_media_type", Some("Content-Type"));
    let none = api
        .run(
            api.raw(Method::POST, "/api/v1/pause")
                .header("X-CSRF-Token", "t"),
        )
        .await;
    none.assert_error(415, "unsupported_media_type", Some("Content-Type"));
    assert_eq!(api.records().await, before);
}

#[tokio::test]
async fn changes_that_do_not_fit_the_account_are_refused_and_change_nothing() {
    // (scenario, method, path, body, status, code)
    let cases = [
        (
            "pro-annual",
            Method::POST,
            "/api/v1/pause",
            json!({}),
            422,
            "not_self_serve",
        ),
        (
            "enterprise-annual-commit",
            Method::POST,
            "/api/v1/pause",
            json!({}),
            422,
            "not_self_serve",
        ),
        (
            "trial",
            Method::POST,
            "/api/v1/cancellation",
            json!({ "reasons": ["other"], "consents": { "lists": true, "campaigns": true, "reports": true, "account_information": true } }),
            422,
            "not_self_serve",
        ),
        (
            "resold",
            Method::POST,
            "/api/v1/cancellation",
            json!({ "reasons": ["other"], "consents": { "lists": true, "campaigns": true, "reports": true, "account_information": true } }),
            422,
            "not_self_serve",
        ),
        (
            "resold",
            Method::PUT,
            "/api/v1/payment-method",
            json!({ "token": "tok_visa" }),
            422,
            "not_self_serve",
        ),
        (
            "pro-monthly",
            Method::POST,
            "/api/v1/resume",
            json!({}),
            409,
            "conflict",
        ),
        (
            "cancellation-scheduled",
            Method::POST,
            "/api/v1/cancellation",
            json!({ "reasons": ["other"], "consents": { "lists": true, "campaigns": true, "reports": true, "account_information": true } }),
            409,
            "conflict",
        ),
        (
            "paused",
            Method::POST,
            "/api/v1/pause",
            json!({}),
            409,
            "conflict",
        ),
    ];
    for (scenario, method, path, body, status, code) in cases {
        let api = Api::start(scenario).await;
        let before = api.records().await;
        let reply = api.send(method.clone(), path, body).await;
        assert_eq!(
            reply.status, status,
            "{scenario} {method} {path}: {}",
            reply.text
        );
        assert_eq!(reply.json()["code"], code, "{scenario} {method} {path}");
        assert_eq!(api.records().await, before, "{scenario} {method} {path}");
    }
}

#[tokio::test]
async fn a_resold_accounts_quote_says_contact_the_reseller() {
    let api = Api::start("resold").await;
    let reply = api
        .quote(json!([{ "kind": "set_plan", "plan": "pro" }]))
        .await;
    assert_eq!(reply.status, 201);
    assert_eq!(reply.json()["quote"]["reason"], json!({ "kind": "resold" }));
}
