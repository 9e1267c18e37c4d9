//! Every route's success path, with the shapes the page reads.

use api_types::{
    AccountResponse, BookingResponse, CancellationResponse, LedgerResponse, OrderResponse,
    QuoteResponse, SuccessSlotsResponse, SupportRequestResponse,
};
use pricing::Catalog;
use reqwest::Method;
use serde_json::json;

use crate::common::Api;

#[tokio::test]
async fn account_carries_version_clock_and_the_viewers_permissions() {
    let api = Api::start("pro-monthly").await;
    let reply = api.get("/api/v1/account").await;
    assert_eq!(reply.status, 200);
    let body: AccountResponse = reply.parse();
    assert_eq!(body.account.name, "Northwind Traders");
    assert_eq!(body.account.version, 1);
    assert_eq!(body.now.unwrap().to_rfc3339(), "2026-11-22T10:00:00+00:00");
    // The primary admin may do all 11 actions.
    assert_eq!(body.permissions.len(), 11);
}

#[tokio::test]
async fn catalog_is_the_scenarios_catalog() {
    let api = Api::start("pro-monthly").await;
    let catalog: Catalog = api.get("/api/v1/catalog").await.parse();
    assert_eq!(catalog.currency.code(), "USD");
    assert_eq!(catalog.plans.len(), 4);
    assert!(catalog.validate().is_ok());
}

#[tokio::test]
async fn a_quote_has_an_id_the_account_version_and_a_short_expiry() {
    let api = Api::start("pro-monthly").await;
    let reply = api
        .quote(json!([{ "kind": "set_users", "users": 4 }]))
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let body: QuoteResponse = reply.parse();
    assert!(body.id.starts_with("q_"));
    assert_eq!(body.account_version, 1);
    // Quoted at the mock clock, 10:00; valid for pricing's 15 minutes.
    assert_eq!(body.expires_at.to_rfc3339(), "2026-11-22T10:15:00+00:00");
    // One extra user at 19.00 for the rest of Nov 15 – Dec 15 (30 days = 2,592,000 s),
    // from Nov 22 10:00: 22 d 14 h = 1,951,200 s left.
    // 19.00 × 1,951,200 / 2,592,000 = 14.3027… → 14.30
    assert_eq!(body.quote.charge_now.to_string(), "14.30");
    // Next invoice: pro 5000 219.00 + pipelines 49.00 + 5 seats × 19.00 + 1 user 19.00
    // = 382.00
    assert_eq!(body.quote.next_invoice.amount.to_string(), "382.00");
    assert!(body.quote.self_serve);
}

#[tokio::test]
async fn an_order_charges_the_quote_once_and_returns_the_new_account() {
    let api = Api::start("pro-monthly").await;
    let id = api
        .quote_id(json!([{ "kind": "set_users", "users": 4 }]))
        .await;
    let reply = api.order(&id, "key-1").await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let order: OrderResponse = reply.parse();
    // 19.00 × 1,951,200 / 2,592,000 = 14.30 (see the quote test)
    assert_eq!(order.charged.amount.to_string(), "14.30");
    assert_eq!(order.charged.currency.code(), "USD");
    assert_eq!(order.account.account.users, 4);
    assert_eq!(order.account.account.version, 2);
    let ledger: LedgerResponse = api.get("/api/v1/ledger").await.parse();
    assert_eq!(ledger.entries.len(), 1);
    assert_eq!(ledger.entries[0].amount.to_string(), "14.30");
    assert_eq!(
        ledger.entries[0].order_id.as_deref(),
        Some(order.id.as_str())
    );
    assert_eq!(
        order.ledger_entry_id.as_deref(),
        Some(ledger.entries[0].id.as_str())
    );
}

#[tokio::test]
async fn auto_upgrade_turns_on_only_with_the_terms_and_turns_off() {
    let api = Api::start("pro-monthly").await;
    let refused = api
        .send(
            Method::PUT,
            "/api/v1/auto-upgrade",
            json!({ "enabled": true }),
        )
        .await;
    refused.assert_error(400, "invalid_request", Some("terms_accepted"));
    let on = api
        .send(
            Method::PUT,
            "/api/v1/auto-upgrade",
            json!({ "enabled": true, "terms_accepted": true }),
        )
        .await;
    assert_eq!(on.status, 200, "{}", on.text);
    assert_eq!(on.json()["account"]["auto_upgrade"], true);
    assert_eq!(on.json()["account"]["version"], 2);
    // The same setting again changes nothing (PUT is idempotent).
    let again = api
        .send(
            Method::PUT,
            "/api/v1/auto-upgrade",
            json!({ "enabled": true, "terms_accepted": true }),
        )
        .await;
    assert_eq!(again.json()["account"]["version"], 2);
    let off = api
        .send(
            Method::PUT,
            "/api/v1/auto-upgrade",
            json!({ "enabled": false }),
        )
        .await;
    assert_eq!(off.status, 200);
    assert_eq!(off.json()["account"]["auto_upgrade"], false);
}

#[tokio::test]
async fn a_payment_token_becomes_brand_last4_and_expiry() {
    let api = Api::start("pro-monthly").await;
    let reply = api
        .send(
            Method::PUT,
            "/api/v1/payment-method",
            json!({ "token": "tok_mastercard_5100_07_2030" }),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(
        reply.json()["account"]["payment_method"],
        json!({ "brand": "mastercard", "last4": "5100", "exp_month": 7, "exp_year": 2030 })
    );
    let brand_only = api
        .send(
            Method::PUT,
            "/api/v1/payment-method",
            json!({ "token": "tok_visa" }),
        )
        .await;
    // The brand's test card, expiring in December three years from the clock's 2026.
    assert_eq!(
        brand_only.json()["account"]["payment_method"],
        json!({ "brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2029 })
    );
    let declined = api
        .send(
            Method::PUT,
            "/api/v1/payment-method",
            json!({ "token": "tok_declined" }),
        )
        .await;
    declined.assert_error(402, "card_declined", Some("token"));
}

#[tokio::test]
async fn a_support_request_is_stored_and_listed() {
    let api = Api::start("pro-monthly").await;
    let reply = api
        .post(
            "/api/v1/support-requests",
            json!({
                "topic": "downgrade",
                "changes": [{ "kind": "set_plan", "plan": "plus" }],
                "message": "We no longer need Pro features."
            }),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let ticket: SupportRequestResponse = reply.parse();
    assert_eq!(ticket.requested_by, "Dana Whitfield");
    let listed = api.get("/api/v1/_mock/support-requests").await.json();
    assert_eq!(listed["requests"].as_array().unwrap().len(), 1);
    assert_eq!(listed["requests"][0]["id"], ticket.id.as_str());
    assert_eq!(
        listed["requests"][0]["request"]["changes"][0]["plan"],
        "plus"
    );
}

#[tokio::test]
async fn a_support_request_sent_again_with_its_key_files_one_ticket() {
    let api = Api::start("pro-monthly").await;
    let body = json!({
        "topic": "downgrade",
        "changes": [{ "kind": "set_plan", "plan": "plus" }],
        "message": "We no longer need Pro features."
    });
    let send = |key: &'static str, body: serde_json::Value| {
        api.raw(Method::POST, "/api/v1/support-requests")
            .header("X-CSRF-Token", "test-token")
            .header("Idempotency-Key", key)
            .json(&body)
    };
    // The first answer is lost after the ticket is filed (a 502 to the client).
    api.fault(
        json!({"path": "/api/v1/support-requests", "method": "POST", "count": 1,
                     "fault": {"kind": "lost_response"}}),
    )
    .await;
    let lost = api.run(send("sr-key-1", body.clone())).await;
    assert_eq!(lost.status, 502, "{}", lost.text);
    // Sent again with the same key: the ticket filed the first time, not a second one.
    let again = api.run(send("sr-key-1", body.clone())).await;
    assert_eq!(again.status, 201, "{}", again.text);
    let ticket: SupportRequestResponse = again.parse();
    let listed = api.get("/api/v1/_mock/support-requests").await.json();
    let requests = listed["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 1, "{listed}");
    assert_eq!(requests[0]["id"], ticket.id.as_str());
    // The same key with another body is refused, and files nothing.
    let mut other = body.clone();
    other["message"] = json!("Something else");
    let reused = api.run(send("sr-key-1", other)).await;
    reused.assert_error(422, "idempotency_key_reused", Some("Idempotency-Key"));
    // Another key is another ticket.
    let second = api.run(send("sr-key-2", body)).await;
    assert_eq!(second.status, 201, "{}", second.text);
    let listed = api.get("/api/v1/_mock/support-requests").await.json();
    assert_eq!(listed["requests"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn pause_takes_effect_at_the_next_period_start_and_resume_drops_it() {
    let api = Api::start("pro-monthly").await;
    let paused = api.post("/api/v1/pause", json!({})).await;
    assert_eq!(paused.status, 200, "{}", paused.text);
    assert_eq!(
        paused.json()["account"]["status"],
        json!({ "kind": "pause_scheduled", "at": "2026-12-15T00:00:00Z" })
    );
    let resumed = api.post("/api/v1/resume", json!({})).await;
    assert_eq!(resumed.status, 200, "{}", resumed.text);
    assert_eq!(
        resumed.json()["account"]["status"],
        json!({ "kind": "active" })
    );
    // Nothing was charged either way.
    assert!(api.ledger().await.is_empty());
}

#[tokio::test]
async fn resuming_a_paused_account_charges_the_rest_of_the_period() {
    let api = Api::start("paused").await;
    // An empty body is accepted for routes that take no input.
    let reply = api
        .run(
            api.raw(Method::POST, "/api/v1/resume")
                .header("X-CSRF-Token", "t")
                .header("Content-Type", "application/json"),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["account"]["status"]["kind"], "active");
    // The period containing Nov 22 10:00 from anchor the 5th: Nov 5 – Dec 5 (30 days =
    // 2,592,000 s), 12 d 14 h = 1,087,200 s left, fraction 0.419444…
    // starter 2500 29.00 × 0.419444… = 12.1638… → 12.16
    // transactional email 15.00 × 0.419444… = 6.2916… → 6.29;   total 18.45
    let ledger = api.ledger().await;
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0]["amount"], "18.45");
}

#[tokio::test]
async fn cancellation_is_scheduled_with_the_survey_and_can_be_undone() {
    let api = Api::start("pro-monthly").await;
    let reply = api
        .post(
            "/api/v1/cancellation",
            json!({
                "reasons": ["too_expensive", "missing_features"],
                "comment": "We moved to a CRM bundle.",
                "consents": { "lists": true, "campaigns": true, "reports": true, "account_information": true }
            }),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let done: CancellationResponse = reply.parse();
    // Access until the end of the period (Dec 15).
    assert_eq!(done.effective_at.to_rfc3339(), "2026-12-15T00:00:00+00:00");
    assert_eq!(done.undo_until, done.effective_at);
    let records = api.records().await;
    assert_eq!(
        records["cancellations"][0]["request"]["reasons"][1],
        "missing_features"
    );
    let undone = api
        .send(Method::DELETE, "/api/v1/cancellation", json!({}))
        .await;
    assert_eq!(undone.status, 200, "{}", undone.text);
    assert_eq!(undone.json()["account"]["status"]["kind"], "active");
    // Undo twice: nothing is scheduled any more.
    let again = api
        .send(Method::DELETE, "/api/v1/cancellation", json!({}))
        .await;
    again.assert_error(409, "conflict", Some("changes[0].kind"));
}

#[tokio::test]
async fn annual_commit_accounts_cannot_cancel_by_themselves() {
    let api = Api::start("enterprise-annual-commit").await;
    let before = api.records().await;
    let reply = api
        .post(
            "/api/v1/cancellation",
            json!({
                "reasons": ["switching_provider"],
                "consents": { "lists": true, "campaigns": true, "reports": true, "account_information": true }
            }),
        )
        .await;
    // Seed 001: "Commit Annually, Pay Monthly" accounts contact Customer Support; the
    // reason carries when it would take effect: the commit term runs Jan 10 2026 – Jan 10
    // 2027.
    reply.assert_error(422, "not_self_serve", None);
    assert_eq!(
        reply.json()["reason"],
        json!({ "kind": "annual_commit_cancellation", "term_end": "2027-01-10T00:00:00Z" })
    );
    assert_eq!(
        api.records().await,
        before,
        "nothing is cancelled or stored"
    );
    // The way out: a support request on topic cancellation, with the survey.
    let filed = api
        .post(
            "/api/v1/support-requests",
            json!({
                "topic": "cancellation",
                "changes": [{ "kind": "cancel" }],
                "survey": { "reasons": ["switching_provider"], "comment": "Moving to a suite" }
            }),
        )
        .await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    let request = &filed.json()["request"];
    assert_eq!(request["topic"], "cancellation");
    assert_eq!(request["survey"]["reasons"], json!(["switching_provider"]));
    assert_eq!(api.account().await["account"]["status"]["kind"], "active");
    // The survey is capped: each reason once, and only on a cancellation request.
    let twice = api
        .post(
            "/api/v1/support-requests",
            json!({ "topic": "cancellation", "survey": { "reasons": ["other", "other"] } }),
        )
        .await;
    twice.assert_error(400, "invalid_request", Some("survey.reasons[1]"));
    let elsewhere = api
        .post(
            "/api/v1/support-requests",
            json!({ "topic": "other", "message": "hi", "survey": { "reasons": ["other"] } }),
        )
        .await;
    elsewhere.assert_error(400, "invalid_request", Some("survey"));
}

#[tokio::test]
async fn success_slots_are_weekdays_and_a_booked_slot_disappears() {
    let api = Api::start("pro-monthly").await;
    let slots: SuccessSlotsResponse = api.get("/api/v1/success-sessions/slots").await.parse();
    // The clock is Sunday Nov 22: Monday to Thursday, 14:00 and 16:30 UTC.
    assert_eq!(slots.slots.len(), 8);
    assert_eq!(slots.slots[0].to_rfc3339(), "2026-11-23T14:00:00+00:00");
    assert_eq!(slots.slots[7].to_rfc3339(), "2026-11-26T16:30:00+00:00");
    assert_eq!(slots.duration_minutes, 30);
    let booked = api
        .post(
            "/api/v1/success-sessions",
            json!({ "slot": "2026-11-23T14:00:00Z", "note": "Talk about pricing" }),
        )
        .await;
    assert_eq!(booked.status, 201, "{}", booked.text);
    let booking: BookingResponse = booked.parse();
    assert_eq!(booking.booked_by, "Dana Whitfield");
    let after: SuccessSlotsResponse = api.get("/api/v1/success-sessions/slots").await.parse();
    assert_eq!(after.slots[0].to_rfc3339(), "2026-11-23T16:30:00+00:00");
    let twice = api
        .post(
            "/api/v1/success-sessions",
            json!({ "slot": "2026-11-23T14:00:00Z" }),
        )
        .await;
    twice.assert_error(409, "conflict", Some("slot"));
}

#[tokio::test]
async fn exports_are_csv_downloads() {
    let api = Api::start("pro-monthly").await;
    for (kind, header) in [
        ("contacts", "email,first_name,last_name,subscribed"),
        ("campaigns", "name,sent_at,recipients,opens,clicks"),
        ("reports", "month,emails_sent,opens,clicks,unsubscribes"),
    ] {
        let reply = api.get(&format!("/api/v1/exports/{kind}")).await;
        assert_eq!(reply.status, 200);
        assert_eq!(
            reply.header("content-type"),
            Some("text/csv; charset=utf-8")
        );
        assert_eq!(
            reply.header("content-disposition"),
            Some(format!("attachment; filename=\"acc_northwind-{kind}-2026-11-22.csv\"").as_str())
        );
        assert!(reply.text.starts_with(header), "{kind}: {}", reply.text);
        assert!(reply.text.lines().count() >= 2);
    }
    api.get("/api/v1/exports/invoices")
        .await
        .assert_error(404, "not_found", None);
}

#[tokio::test]
async fn the_ledger_starts_empty() {
    let api = Api::start("pro-monthly").await;
    assert!(api.ledger().await.is_empty());
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_the_json_error_shape() {
    let api = Api::start("pro-monthly").await;
    api.get("/api/v1/nope")
        .await
        .assert_error(404, "not_found", None);
    api.get("/api/v2/account")
        .await
        .assert_error(404, "not_found", None);
    api.post("/api/v1/account", json!({}))
        .await
        .assert_error(405, "method_not_allowed", None);
}

#[tokio::test]
async fn the_clock_moves_the_account_forward_and_charges_renewals() {
    let api = Api::start("pro-monthly").await;
    let reply = api.clock("2026-12-16T00:00:00Z").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let body = reply.json();
    assert_eq!(body["now"], "2026-12-16T00:00:00Z");
    assert_eq!(
        body["account"]["period"],
        json!({ "start": "2026-12-15T00:00:00Z", "end": "2027-01-15T00:00:00Z" })
    );
    let ledger = api.ledger().await;
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0]["kind"], "renewal");
    // pro 5000 219.00 + pipelines 49.00 + 5 seats × 19.00 = 363.00
    assert_eq!(ledger[0]["amount"], "363.00");
    assert_eq!(ledger[0]["at"], "2026-12-15T00:00:00Z");
    // Backwards is refused.
    api.clock("2026-11-01T00:00:00Z")
        .await
        .assert_error(400, "invalid_request", Some("now"));
}

#[tokio::test]
async fn the_clock_expires_a_trial_without_charging() {
    let api = Api::start("trial").await;
    let reply = api.clock("2026-12-01T00:00:00Z").await;
    assert_eq!(reply.json()["account"]["status"]["kind"], "cancelled");
    assert!(api.ledger().await.is_empty());
}

#[tokio::test]
async fn the_clock_makes_a_scheduled_cancellation_happen() {
    let api = Api::start("cancellation-scheduled").await;
    let reply = api.clock("2026-12-08T00:00:00Z").await;
    assert_eq!(
        reply.json()["account"]["status"],
        json!({ "kind": "cancelled", "since": "2026-12-08T00:00:00Z" })
    );
    assert!(api.ledger().await.is_empty());
}

#[tokio::test]
async fn reset_takes_a_scenario_or_a_whole_state() {
    let api = Api::start("pro-monthly").await;
    let id = api
        .quote_id(json!([{ "kind": "set_users", "users": 4 }]))
        .await;
    let reply = api
        .post(
            "/api/v1/_mock/reset",
            json!({ "scenario": "starter-monthly" }),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["account"]["name"], "Lakeside Yoga Studio");
    // Quotes do not survive a reset.
    api.order(&id, "k")
        .await
        .assert_error(404, "not_found", Some("quote_id"));

    let mut world = api.records().await["world"].clone();
    world["account"]["name"] = json!("Custom Co");
    world["viewer"]["role"] = json!("billing");
    let reply = api
        .post("/api/v1/_mock/reset", json!({ "state": world }))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["account"]["name"], "Custom Co");
    assert_eq!(reply.json()["viewer"]["role"], "billing");

    api.post("/api/v1/_mock/reset", json!({ "scenario": "nope" }))
        .await
        .assert_error(400, "invalid_request", Some("scenario"));
    api.post("/api/v1/_mock/reset", json!({}))
        .await
        .assert_error(400, "invalid_request", Some("scenario"));
    let mut bad = world.clone();
    bad["catalog"]["annual_commit_discount"] = json!("0.5");
    api.post("/api/v1/_mock/reset", json!({ "state": bad }))
        .await
        .assert_error(400, "invalid_request", Some("state.catalog"));
}

#[tokio::test]
async fn test_controls_and_cors_are_off_by_default() {
    let api = Api::start_with("pro-monthly", false).await;
    api.post("/api/v1/_mock/reset", json!({ "scenario": "trial" }))
        .await
        .assert_error(404, "not_found", None);
    let reply = api
        .run(
            api.raw(Method::GET, "/api/v1/account")
                .header("Origin", "http://127.0.0.1:8080"),
        )
        .await;
    assert_eq!(reply.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn cors_with_test_controls_allows_any_origin_and_exposes_retry_after() {
    let api = Api::start("pro-monthly").await;
    let preflight = api
        .run(
            api.raw(Method::OPTIONS, "/api/v1/orders")
                .header("Origin", "http://127.0.0.1:8080")
                .header("Access-Control-Request-Method", "POST")
                .header(
                    "Access-Control-Request-Headers",
                    "content-type,x-csrf-token,idempotency-key",
                ),
        )
        .await;
    assert_eq!(preflight.status, 200);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    let allowed = preflight
        .header("access-control-allow-headers")
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("x-csrf-token") && allowed.contains("idempotency-key"));
    let reply = api
        .run(
            api.raw(Method::GET, "/api/v1/account")
                .header("Origin", "http://127.0.0.1:8080"),
        )
        .await;
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    assert!(reply
        .header("access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase()
        .contains("retry-after"));
}
