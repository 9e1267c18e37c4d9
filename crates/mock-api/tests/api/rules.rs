//! The rules added on top of the first contract: annual SMS packs, auto-upgrade, uncapped
//! seats and the Conversations trial's end (annual-commit cancellation is in `routes.rs`).

use serde_json::json;

use crate::common::Api;

#[tokio::test]
async fn an_sms_pack_on_annual_billing_charges_the_months_left_as_quoted() {
    // pro-annual: period Apr 1 2026 – Apr 1 2027, clock Nov 22 2026.
    let api = Api::start("pro-annual").await;
    let reply = api
        .quote(json!([{ "kind": "buy_sms_pack", "pack": "sms_1000" }]))
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let quote = reply.json();
    // Monthly grants left: Nov 1, Dec 1, Jan 1, Feb 1, Mar 1 = 5 × 10.00 = 50.00.
    let line = &quote["quote"]["lines"][0];
    assert_eq!(line["key"], "line.sms_pack");
    assert_eq!(line["quantity"], "1");
    assert_eq!(line["unit_amount"], "50.00");
    assert_eq!(line["amount"], "50.00");
    assert_eq!(quote["quote"]["charge_now"], "50.00");
    let order = api
        .order(quote["id"].as_str().unwrap(), "sms-annual-1")
        .await;
    assert_eq!(order.status, 201, "{}", order.text);
    assert_eq!(order.json()["charged"]["amount"], "50.00");
    let ledger = api.ledger().await;
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0]["kind"], "order");
    assert_eq!(ledger[0]["amount"], "50.00");
    assert_eq!(ledger[0]["lines"], quote["quote"]["lines"]);
    // The annual invoice carries 12 × 10.00 = 120.00 per pack: two packs now, 240.00.
    let renewed = api.clock("2027-04-01T00:00:01Z").await;
    assert_eq!(renewed.status, 200, "{}", renewed.text);
    let ledger = api.ledger().await;
    let renewal = ledger.iter().find(|e| e["kind"] == "renewal").unwrap();
    let packs = renewal["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["key"] == "line.sms_pack")
        .unwrap();
    assert_eq!(packs["quantity"], "2");
    assert_eq!(packs["amount"], "240.00");
}

#[tokio::test]
async fn auto_upgrade_raises_the_limit_once_with_the_prorated_charge() {
    // pro-monthly: Pro 5,000 contacts (219.00), period Nov 15 – Dec 15 (30 days).
    let api = Api::start("pro-monthly").await;
    let on = api
        .send(
            reqwest::Method::PUT,
            "/api/v1/auto-upgrade",
            json!({ "enabled": true, "terms_accepted": true }),
        )
        .await;
    assert_eq!(on.status, 200, "{}", on.text);
    assert!(api.ledger().await.is_empty(), "4,210 contacts fit 5,000");
    let reply = api
        .post("/api/v1/_mock/usage", json!({ "contacts": 7_000 }))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let account = &reply.json()["account"];
    assert_eq!(account["contacts"], 10_000);
    assert_eq!(account["usage"]["contacts"], 7_000);
    // Tier 10,000 (339.00) − tier 5,000 (219.00) = 120.00; Nov 22 10:00 → Dec 15 is
    // 1,951,200 of 2,592,000 s: 120.00 × 1,951,200 / 2,592,000 = 90.333… → 90.33.
    assert_eq!(
        account["last_auto_upgrade"],
        json!({
            "at": "2026-11-22T10:00:00Z",
            "from_contacts": 5_000,
            "to_contacts": 10_000,
            "charged": { "amount": "90.33", "currency": "USD" }
        })
    );
    let ledger = api.ledger().await;
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0]["kind"], "auto_upgrade");
    assert_eq!(ledger[0]["amount"], "90.33");
    assert_eq!(ledger[0]["lines"][0]["key"], "line.contact_tier_increase");
    // Observed again (same usage, then a clock move inside the period): no second charge.
    let again = api
        .post("/api/v1/_mock/usage", json!({ "contacts": 7_000 }))
        .await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(api.clock("2026-11-23T10:00:00Z").await.status, 200);
    assert_eq!(api.ledger().await.len(), 1);
}

#[tokio::test]
async fn usage_over_the_limit_with_auto_upgrade_off_changes_only_usage() {
    let api = Api::start("pro-monthly").await;
    let reply = api
        .post(
            "/api/v1/_mock/usage",
            json!({ "contacts": 7_000, "users": 4 }),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let account = &reply.json()["account"];
    assert_eq!(account["contacts"], 5_000);
    assert_eq!(account["usage"]["users"], 4);
    assert_eq!(account["last_auto_upgrade"], serde_json::Value::Null);
    assert!(api.ledger().await.is_empty());
    let bad = api
        .post("/api/v1/_mock/usage", json!({ "contacts": -1 }))
        .await;
    bad.assert_error(400, "invalid_request", Some("contacts"));
}

#[tokio::test]
async fn seats_above_ten_thousand_are_sold_and_too_large_a_number_is_named() {
    // pro-monthly: 5 seats at 19.00, 1,951,200 of 2,592,000 s left.
    let api = Api::start("pro-monthly").await;
    let reply = api
        .quote(json!([{ "kind": "set_seats", "seats": 20_000 }]))
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let quote = reply.json();
    assert_eq!(quote["quote"]["self_serve"], true);
    // 19,995 more × 19.00 = 379,905.00 × 1,951,200 / 2,592,000 = 285,984.0416… → 285,984.04.
    assert_eq!(quote["quote"]["charge_now"], "285984.04");
    let order = api.order(quote["id"].as_str().unwrap(), "seats-20k").await;
    assert_eq!(order.status, 201, "{}", order.text);
    assert_eq!(
        order.json()["account"]["account"]["seats"]["purchased"],
        20_000
    );
    // The largest count the field holds is priced without overflow…
    let max = api
        .quote(json!([{ "kind": "set_seats", "seats": 4_294_967_295u64 }]))
        .await;
    assert_eq!(max.status, 201, "{}", max.text);
    // …and one more is bad input naming the field and the range.
    let over = api
        .quote(json!([{ "kind": "set_seats", "seats": 4_294_967_296u64 }]))
        .await;
    over.assert_error(400, "invalid_request", Some("changes[0].seats"));
    let message = over.json()["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("a whole number from 0 to 4294967295"),
        "{message}"
    );
}

#[tokio::test]
async fn trial_seats_are_gone_after_the_clock_passes_the_trial_end() {
    // conversations-trial: 20 trial seats (2 assigned) until Nov 29 10:00.
    let api = Api::start("conversations-trial").await;
    let seats = api.account().await["account"]["seats"].clone();
    assert_eq!(seats["purchased"], 20);
    assert_eq!(seats["trial_ends_at"], "2026-11-29T10:00:00Z");
    let before = api.clock("2026-11-29T09:59:59Z").await.json();
    assert_eq!(before["account"]["seats"]["purchased"], 20);
    let after = api.clock("2026-11-29T10:00:00Z").await.json();
    assert_eq!(
        after["account"]["seats"],
        json!({ "purchased": 0, "assigned": 0, "trial": false, "trial_ends_at": "2026-11-29T10:00:00Z" })
    );
    assert!(
        api.ledger().await.is_empty(),
        "a trial's end charges nothing"
    );
}
