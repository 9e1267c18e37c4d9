//! Hostile requests (issue 12): lists over their cap, bodies over the limit, duplicate
//! keys, extreme numbers, ids that would break a header, instants past RFC 3339's years and
//! errors that would show a file path. Each is a clear 4xx in the JSON error shape (or a
//! valid answer) and changes nothing.

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{Api, Reply};

const ALL_CONSENTS: &str =
    r#"{"lists": true, "campaigns": true, "reports": true, "account_information": true}"#;

fn consents() -> Value {
    serde_json::from_str(ALL_CONSENTS).unwrap()
}

/// Sends `body` as it is (not re-serialised) with the CSRF header and JSON content type.
async fn send_text(api: &Api, method: Method, path: &str, body: impl Into<String>) -> Reply {
    api.run(
        api.raw(method, path)
            .header("X-CSRF-Token", "t")
            .header("Content-Type", "application/json")
            .body(body.into()),
    )
    .await
}

/// The current world (`_mock/records`), to edit and reset to.
async fn world(api: &Api) -> Value {
    api.records().await["world"].clone()
}

/// Every string in `value` that reads as an instant is RFC 3339 (a four-digit year):
/// chrono writes year 10000 as `+10000-…`, which `parse_from_rfc3339` refuses.
fn assert_rfc3339_instants(value: &Value) {
    match value {
        Value::String(text) if text.parse::<DateTime<Utc>>().is_ok() => {
            assert!(
                DateTime::parse_from_rfc3339(text).is_ok(),
                "not RFC 3339: {text}"
            );
        }
        Value::Array(items) => items.iter().for_each(assert_rfc3339_instants),
        Value::Object(map) => map.values().for_each(assert_rfc3339_instants),
        _ => {}
    }
}

#[tokio::test]
async fn lists_longer_than_their_cap_are_a_400_and_change_nothing() {
    let api = Api::start("pro-monthly").await;
    let before = api.records().await;
    let users = json!({ "kind": "set_users", "users": 4 });
    let fifty_one = vec![users.clone(); 51];
    let nine_reasons = json!([
        "too_expensive",
        "missing_features",
        "too_complicated",
        "switching_provider",
        "not_using_enough",
        "temporary_break",
        "business_closing",
        "other",
        "other"
    ]);
    // (path, body, field)
    let cases = [
        ("/api/v1/quotes", json!({ "changes": fifty_one }), "changes"),
        (
            "/api/v1/support-requests",
            json!({ "topic": "downgrade", "changes": fifty_one }),
            "changes",
        ),
        (
            "/api/v1/support-requests",
            json!({ "topic": "cancellation", "changes": [{ "kind": "cancel" }],
                    "survey": { "reasons": nine_reasons } }),
            "survey.reasons",
        ),
        (
            "/api/v1/cancellation",
            json!({ "reasons": nine_reasons, "consents": consents() }),
            "reasons",
        ),
        (
            "/api/v1/cancellation",
            json!({ "reasons": ["other", "too_expensive", "other"], "consents": consents() }),
            "reasons[2]",
        ),
    ];
    for (path, body, field) in cases {
        let reply = api.post(path, body).await;
        reply.assert_error(400, "invalid_request", Some(field));
        assert!(
            reply.json()["message"]
                .as_str()
                .unwrap()
                .contains("at most"),
            "{path}: {}",
            reply.text
        );
        assert_eq!(api.records().await, before, "{path} changed something");
    }
    // At the cap it is fine: 50 changes are quoted, all eight reasons cancel.
    assert_eq!(api.quote(json!(vec![users; 50])).await.status, 201);
    let all_eight = &nine_reasons.as_array().unwrap()[..8];
    let cancelled = api
        .post(
            "/api/v1/cancellation",
            json!({ "reasons": all_eight, "consents": consents() }),
        )
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.text);
}

#[tokio::test]
async fn a_body_over_64_kib_is_a_413_in_the_json_error_shape_and_changes_nothing() {
    let api = Api::start("pro-monthly").await;
    let before = api.records().await;
    // 64 KiB = 65,536 bytes; `{"topic":"other","message":"…"}` adds 29 to the message.
    let over = json!({ "topic": "other", "message": "x".repeat(65_536) }).to_string();
    let reply = send_text(&api, Method::POST, "/api/v1/support-requests", over).await;
    reply.assert_error(413, "payload_too_large", None);
    assert!(reply.json()["message"].as_str().unwrap().contains("65536"));
    // The test controls have the same limit.
    let reset = send_text(
        &api,
        Method::POST,
        "/api/v1/_mock/reset",
        format!(r#"{{"scenario": "{}"}}"#, "a".repeat(70_000)),
    )
    .await;
    reset.assert_error(413, "payload_too_large", None);
    assert_eq!(api.records().await, before);
    // Just under the limit the body is read and judged on its content (the message is
    // over its own 2000-character limit).
    let under = json!({ "topic": "other", "message": "x".repeat(65_000) }).to_string();
    let reply = send_text(&api, Method::POST, "/api/v1/support-requests", under).await;
    reply.assert_error(400, "invalid_request", Some("message"));
    assert_eq!(api.records().await, before);
}

#[tokio::test]
async fn a_key_twice_in_one_object_is_a_400_naming_it_and_changes_nothing() {
    let api = Api::start("pro-monthly").await;
    let before = api.records().await;
    // (method, path, body, field): serde_json alone would keep the last value.
    let cases = [
        (
            Method::POST,
            "/api/v1/quotes",
            r#"{"changes": [{"kind": "set_users", "users": 4, "users": 4000}]}"#,
            "changes[0].users",
        ),
        (
            Method::POST,
            "/api/v1/support-requests",
            r#"{"topic": "other", "message": "hi", "topic": "downgrade"}"#,
            "topic",
        ),
        (
            Method::PUT,
            "/api/v1/auto-upgrade",
            r#"{"enabled": false, "terms_accepted": true, "enabled": true}"#,
            "enabled",
        ),
        (Method::POST, "/api/v1/pause", r#"{"a": 1, "a": 2}"#, "a"),
        (
            Method::POST,
            "/api/v1/_mock/usage",
            r#"{"contacts": 10, "contacts": 900000}"#,
            "contacts",
        ),
    ];
    for (method, path, body, field) in cases {
        let reply = send_text(&api, method.clone(), path, body).await;
        reply.assert_error(400, "invalid_request", Some(field));
        assert!(
            reply.json()["message"]
                .as_str()
                .unwrap()
                .contains("only once"),
            "{method} {path}: {}",
            reply.text
        );
        assert_eq!(api.records().await, before, "{method} {path} {body}");
    }
    // The same key in two objects is no duplicate.
    let siblings = send_text(
        &api,
        Method::POST,
        "/api/v1/quotes",
        r#"{"changes": [{"kind": "set_users", "users": 4}, {"kind": "set_users", "users": 5}]}"#,
    )
    .await;
    assert_eq!(siblings.status, 201, "{}", siblings.text);
}
