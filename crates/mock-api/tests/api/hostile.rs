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

#[tokio::test]
async fn extreme_numbers_never_panic_they_are_exported_exactly_or_refused_and_change_nothing() {
    let api = Api::start("pro-monthly").await;
    // The largest email-send count a usage can hold is a valid usage; its report is exact.
    let usage = api
        .post("/api/v1/_mock/usage", json!({ "email_sends": u64::MAX }))
        .await;
    assert_eq!(usage.status, 200, "{}", usage.text);
    let before = api.records().await;
    let report = api.get("/api/v1/exports/reports").await;
    assert_eq!(report.status, 200, "{}", report.text);
    // 2^64 − 1 = 18446744073709551615; opens × 2 / 5 = 7378697629483820646 (exact:
    // 36893488147419103230 / 5), clicks / 12 = 1537228672809129301 (rest 3),
    // unsubscribes / 500 = 36893488147419103 (rest 115).
    assert_eq!(
        report.text,
        "month,emails_sent,opens,clicks,unsubscribes\r\n\
         2026-11,18446744073709551615,7378697629483820646,1537228672809129301,36893488147419103\r\n"
    );
    assert_eq!(api.records().await, before);

    // Numbers past what a field holds, or past the mock's limits: 400 naming the field.
    let mut max_version = world(&api).await;
    max_version["account"]["version"] = json!(u64::MAX);
    let cases = [
        (
            "/api/v1/_mock/usage",
            json!({ "contacts": 4_294_967_296u64 }),
            "contacts",
        ),
        (
            "/api/v1/_mock/usage",
            json!({ "email_sends": 18_446_744_073_709_551_616f64 }),
            "email_sends",
        ),
        (
            "/api/v1/quotes",
            json!({ "changes": [{ "kind": "set_email_sends", "email_sends": u64::MAX }] }),
            "changes[0].email_sends",
        ),
        (
            "/api/v1/_mock/faults",
            json!({ "path": "/api/v1/account", "count": 4_294_967_296u64, "fault": { "kind": "conflict" } }),
            "count",
        ),
        (
            "/api/v1/_mock/faults",
            json!({ "path": "/api/v1/account", "fault": { "kind": "slow", "delay_ms": u64::MAX } }),
            "fault.delay_ms",
        ),
        // A version at u64::MAX would overflow on the next change (`version + 1`).
        (
            "/api/v1/_mock/reset",
            json!({ "state": max_version }),
            "state.account.version",
        ),
        // 2026-11 → 2126-12 is 1,201 monthly renewals, one over the 1,200 of one move.
        (
            "/api/v1/_mock/clock",
            json!({ "now": "2126-12-16T00:00:00Z" }),
            "now",
        ),
    ];
    for (path, body, field) in cases {
        let reply = api.post(path, body.clone()).await;
        reply.assert_error(400, "invalid_request", Some(field));
        assert_eq!(api.records().await, before, "{path} {body}");
    }
    assert!(api.get("/api/v1/_mock/faults").await.json()["pending"]
        .as_array()
        .unwrap()
        .is_empty());
    // 1,200 renewals are one move: 2026-12-15 … 2126-11-15.
    let clock = api.clock("2126-11-16T00:00:00Z").await;
    assert_eq!(clock.status, 200, "{}", clock.text);
    assert_eq!(api.ledger().await.len(), 1200);
}

#[tokio::test]
async fn an_export_of_an_account_whose_id_breaks_quoting_gets_a_valid_quoted_filename() {
    let api = Api::start("pro-monthly").await;
    // (account id, Content-Disposition)
    let cases = [
        (
            r#"acc_"quoted"\back"#,
            r#"attachment; filename="acc_\"quoted\"\\back-contacts-2026-11-22.csv""#,
        ),
        (
            "acc_è\r\nSet-Cookie: x=1",
            "attachment; filename=\"acc____Set-Cookie: x=1-contacts-2026-11-22.csv\"; \
             filename*=UTF-8''acc_%C3%A8%0D%0ASet-Cookie%3A%20x%3D1-contacts-2026-11-22.csv",
        ),
    ];
    for (id, disposition) in cases {
        let mut state = world(&api).await;
        state["account"]["id"] = json!(id);
        let reset = api
            .post("/api/v1/_mock/reset", json!({ "state": state }))
            .await;
        assert_eq!(reset.status, 200, "{}", reset.text);
        let before = api.records().await;
        let export = api.get("/api/v1/exports/contacts").await;
        assert_eq!(export.status, 200, "{id:?}: {}", export.text);
        assert_eq!(export.header("content-disposition"), Some(disposition));
        assert!(export.header("set-cookie").is_none());
        assert!(export.text.starts_with("email,first_name"));
        assert_eq!(api.records().await, before);
    }
}

#[tokio::test]
async fn instants_stay_in_four_digit_years_out_of_range_ones_are_refused_and_change_nothing() {
    let api = Api::start("pro-monthly").await;
    // pro-monthly moved to 9998: now 9998-11-22, period 9998-11-15 … 9998-12-15.
    let late: Value =
        serde_json::from_str(&world(&api).await.to_string().replace("\"2026-", "\"9998-")).unwrap();
    let reset = api
        .post("/api/v1/_mock/reset", json!({ "state": late.clone() }))
        .await;
    assert_eq!(reset.status, 200, "{}", reset.text);
    let before = api.records().await;
    let mut last_minutes = late.clone();
    // Its quotes would expire at +10000-01-01T00:05:00Z, its slots fall in +10000.
    last_minutes["now"] = json!("9999-12-31T23:50:00Z");
    let mut year_minus_one = late.clone();
    year_minus_one["now"] = json!("-0001-06-01T00:00:00Z");
    let mut before_1970 = late.clone();
    before_1970["account"]["anchor"] = json!("1969-12-31T23:59:59Z");
    let cases = [
        // Thirteen renewals later the period would end on +10000-01-15.
        (
            "/api/v1/_mock/clock",
            json!({ "now": "9999-12-20T00:00:00Z" }),
            "now",
        ),
        // chrono reads (and would write) years past 9999 and before 0000 with a sign.
        (
            "/api/v1/_mock/clock",
            json!({ "now": "+10000-01-01T00:00:00Z" }),
            "now",
        ),
        (
            "/api/v1/_mock/reset",
            json!({ "state": year_minus_one }),
            "state.now",
        ),
        (
            "/api/v1/_mock/reset",
            json!({ "state": last_minutes }),
            "state.now",
        ),
        (
            "/api/v1/_mock/reset",
            json!({ "state": before_1970 }),
            "state.account.anchor",
        ),
    ];
    for (path, body, field) in cases {
        let reply = api.post(path, body.clone()).await;
        reply.assert_error(400, "invalid_request", Some(field));
        assert!(reply.json()["message"]
            .as_str()
            .unwrap()
            .contains("9998-12-31"));
        assert_eq!(api.records().await, before, "{path} {body}");
    }
    // The last accepted day: every instant written is still RFC 3339.
    let clock = api.clock("9998-12-31T23:59:59Z").await;
    assert_eq!(clock.status, 200, "{}", clock.text);
    let quote = api
        .quote(json!([{ "kind": "set_users", "users": 4 }]))
        .await;
    assert_eq!(quote.status, 201, "{}", quote.text);
    for reply in [
        clock,
        quote,
        api.get("/api/v1/success-sessions/slots").await,
        api.get("/api/v1/_mock/records").await,
    ] {
        assert_eq!(reply.status / 100, 2, "{}", reply.text);
        assert_rfc3339_instants(&reply.json());
    }
}

#[tokio::test]
async fn an_unknown_scenario_is_a_400_that_names_no_file_and_changes_nothing() {
    let api = Api::start("pro-monthly").await;
    let before = api.records().await;
    let reply = api
        .post(
            "/api/v1/_mock/reset",
            json!({ "scenario": "no-such-scenario" }),
        )
        .await;
    reply.assert_error(400, "invalid_request", Some("scenario"));
    let message = reply.json()["message"].as_str().unwrap().to_string();
    for path_part in ['/', '\\'] {
        assert!(!message.contains(path_part), "a path in {message:?}");
    }
    assert!(!message.contains(".json"), "a file in {message:?}");
    // What it says instead: the scenarios there are.
    assert!(message.contains("pro-monthly"), "{message}");
    assert_eq!(api.records().await, before);
}
