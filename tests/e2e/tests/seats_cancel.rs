//! Conversations seats, pause billing and the cancellation wizard (issue 6), against the
//! built page and the mock API in headless Chromium: what the customer sees, and what the
//! mock charged (`/api/v1/ledger`) and stored (`/api/v1/_mock/records`).

use e2e::{cents, Harness};
use serde_json::json;

/// Starts the mock on `scenario` and opens the page.
async fn page(scenario: &str) -> Harness {
    let h = Harness::start(scenario).await;
    h.open(PAGE).await;
    loaded(&h).await;
    h
}

/// Waits until the page has rendered (the seats section is the last to appear).
async fn loaded(h: &Harness) {
    h.text(".bu-seats__total").await;
}

/// The page as a host embeds it: the `<billing-upgrade>` element of the example dashboard
/// (the views live in its open shadow root).
const PAGE: &str = "/dashboard/";

/// Opens **Edit payment method** → **Cancel my account**.
async fn open_wizard(h: &Harness) {
    h.click(".bu-overview__edit-payment").await;
    h.click(".bu-payment__cancel-account").await;
    h.text(".bu-wizard").await;
}

/// Survey (first reason + a comment), past the offers and the data step, all four
/// consents: the wizard stands on **Confirm cancellation**.
async fn walk_to_confirm(h: &Harness, comment: &str) {
    h.click_nth(".bu-wizard__reason", 0).await;
    h.set_value(".bu-wizard__comment", comment).await;
    h.click(".bu-wizard__continue").await;
    h.wait_text(".bu-wizard__heading", "Before you go").await;
    h.click(".bu-wizard__continue").await;
    h.wait_text(".bu-wizard__heading", "Keep your data").await;
    h.click(".bu-wizard__continue").await;
    h.wait_text(".bu-wizard__heading", "Consent").await;
    assert!(
        h.is_disabled(".bu-wizard__continue").await,
        "consents first"
    );
    for n in 0..4 {
        h.click_nth(".bu-wizard__consent", n).await;
    }
    h.click(".bu-wizard__continue").await;
    h.wait_text(".bu-wizard__heading", "Confirm cancellation")
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn buying_seats_mid_period_charges_the_prorated_amount_shown() {
    let h = page("pro-monthly").await;
    // 5 seats × $19.00.
    assert_eq!(h.text(".bu-seats__total").await, "$95.00");
    h.set_value(".bu-seats__range", "7").await;
    h.wait_text(".bu-seats__total", "$133.00").await;
    h.click(".bu-seats__update").await;
    // 2 seats for the 1,951,200 s left of a 2,592,000 s period (Nov 22 10:00 → Dec 15):
    // 2 × 19.00 × 1,951,200 / 2,592,000 = 28.6055… → $28.61.
    let shown = h.text(".bu-quote__charge-now").await;
    assert_eq!(shown, "$28.61");
    h.click(".bu-checkout__confirm").await;
    h.wait_text(".bu-checkout__done-text", "7 seats").await;

    let ledger = h.ledger().await;
    assert_eq!(ledger.len(), 1, "one charge: {ledger:?}");
    assert_eq!(ledger[0]["kind"], "order");
    assert_eq!(ledger[0]["amount"], "28.61", "the amount shown");
    assert_eq!(h.account().await["seats"]["purchased"], 7);
    h.click(".bu-checkout__close").await;
    h.wait_text(".bu-seats__purchased", "7").await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn removing_empty_seats_charges_nothing_and_lowers_the_next_invoice() {
    let h = page("pro-monthly").await;
    let before = h.text(".bu-overview__next-invoice").await;
    // Down to the 3 assigned seats: the 2 empty ones go.
    h.set_value(".bu-seats__range", "3").await;
    h.wait_text(".bu-seats__delta", "no refund for this period")
        .await;
    h.click(".bu-seats__update").await;
    assert_eq!(h.text(".bu-quote__charge-now").await, "$0.00");
    h.click(".bu-checkout__confirm").await;
    h.wait_text(".bu-checkout__done-text", "3 seats").await;
    assert!(
        h.ledger()
            .await
            .iter()
            .all(|e| e["amount"] == "0" || e["amount"] == "0.00"),
        "nothing charged"
    );
    assert_eq!(h.account().await["seats"]["purchased"], 3);
    h.click(".bu-checkout__close").await;
    // 2 seats × $19.00 = $38.00 less on the next invoice.
    let after = h
        .wait_js(&format!(
            "const t = R.querySelector('.bu-overview__next-invoice').textContent; \
             return t !== {} ? t : false;",
            json!(before)
        ))
        .await;
    let (before, after) = (cents(&before), cents(after.as_str().unwrap_or_default()));
    assert_eq!(before - after, 3800, "next invoice lower by 2 × $19.00");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn seats_cannot_go_below_the_assigned_ones() {
    let h = page("pro-monthly").await;
    h.set_value(".bu-seats__range", "1").await;
    assert_eq!(
        h.value_of(".bu-seats__range").await,
        "3",
        "the slider stops at 3"
    );
    h.wait_text(
        ".bu-seats__floor",
        "3 seats are assigned to agents; unassign them first",
    )
    .await;
    h.set_value(".bu-seats__number", "2").await;
    h.wait_text(".bu-seats__error", "cannot go below 3 seats")
        .await;
    // The field keeps what was typed (DESIGN §5) and nothing can be bought from it.
    assert_eq!(h.value_of(".bu-seats__number").await, "2");
    assert!(h.is_disabled(".bu-seats__update").await);
    // The API refuses it as well.
    let (status, body) = h
        .api(
            "POST",
            "/api/v1/quotes",
            Some(json!({ "changes": [{ "kind": "set_seats", "seats": 2 }] })),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["field"], "changes[0].seats");
    assert!(h.ledger().await.is_empty());
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn cancelling_a_monthly_account_schedules_it_at_period_end_and_stores_the_survey() {
    let h = page("pro-monthly").await;
    open_wizard(&h).await;
    walk_to_confirm(&h, "Budget cuts this quarter").await;
    h.wait_text(".bu-wizard__confirm-text", "December 15, 2026")
        .await;
    h.click(".bu-wizard__confirm").await;
    h.wait_text(
        ".bu-wizard__done-text",
        "scheduled for cancellation on December 15, 2026",
    )
    .await;

    let a = h.account().await;
    assert_eq!(a["status"]["kind"], "cancellation_scheduled");
    assert_eq!(a["status"]["effective_at"], "2026-12-15T00:00:00Z");
    let r = h.records().await;
    let survey = &r["cancellations"][0]["request"];
    assert_eq!(survey["reasons"], json!(["too_expensive"]));
    assert_eq!(survey["comment"], "Budget cuts this quarter");
    assert_eq!(
        survey["consents"],
        json!({ "lists": true, "campaigns": true, "reports": true, "account_information": true })
    );
    assert!(h.ledger().await.is_empty(), "cancelling charges nothing");

    // Undo from the done screen.
    h.click(".bu-wizard__undo-button").await;
    h.wait_text(".bu-wizard__undone", "Cancellation undone")
        .await;
    assert_eq!(h.account().await["status"]["kind"], "active");
    h.click(".bu-wizard__close").await;
    h.wait_gone(".bu-banner--cancellation").await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_overview_shows_a_scheduled_cancellation_with_undo() {
    let h = page("pro-monthly").await;
    open_wizard(&h).await;
    walk_to_confirm(&h, "").await;
    h.click(".bu-wizard__confirm").await;
    h.text(".bu-wizard__done-text").await;
    h.click(".bu-wizard__close").await;
    h.wait_text(".bu-banner--cancellation", "December 15, 2026")
        .await;
    h.click(".bu-banner--cancellation .bu-banner__action").await;
    h.wait_gone(".bu-banner--cancellation").await;
    assert_eq!(h.account().await["status"]["kind"], "active");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_annual_commit_account_asks_customer_support_to_close_it_with_the_survey() {
    let h = page("enterprise-annual-commit").await;
    open_wizard(&h).await;
    // Seed 001: on Commit Annually, Pay Monthly, Customer Support closes the account; it
    // would take effect at the end of the term.
    let why = h
        .wait_text(".bu-wizard__through-support", "Customer Support")
        .await;
    assert!(why.contains("Commit Annually, Pay Monthly"), "{why}");
    assert!(why.contains("January 10, 2027"), "{why}");
    let terms = h
        .js("const a = R.querySelector('.bu-wizard__terms'); \
             return a ? [a.getAttribute('href'), a.target, a.rel] : null;")
        .await;
    assert_eq!(
        terms,
        json!([
            "https://www.activecampaign.com/legal/terms-of-service",
            "_blank",
            "noopener noreferrer"
        ])
    );
    // No wizard: no steps, nothing that cancels by itself.
    assert_eq!(
        h.js("return [R.querySelector('.bu-wizard__heading'), R.querySelector('.bu-wizard__confirm')];")
            .await,
        json!([null, null])
    );
    assert!(
        h.is_disabled(".bu-wizard__request-close").await,
        "a reason first"
    );
    h.click_nth(".bu-wizard__reason", 6).await;
    h.set_value(".bu-wizard__comment", "We merged with another company")
        .await;
    h.click(".bu-wizard__request-close").await;
    let done = h.wait_text(".bu-wizard__done-text", "Request sent").await;
    assert!(done.contains("close your account"), "{done}");
    let detail = h.host_event("support-requested").await;
    assert_eq!(detail["topic"], "cancellation", "{detail}");

    let r = h.records().await;
    let tickets = r["support_requests"].as_array().unwrap();
    assert_eq!(tickets.len(), 1, "{tickets:?}");
    let ticket = &tickets[0];
    assert!(done.contains(ticket["id"].as_str().unwrap()), "{done}");
    assert_eq!(ticket["request"]["topic"], "cancellation");
    assert_eq!(ticket["request"]["changes"], json!([{ "kind": "cancel" }]));
    assert_eq!(
        ticket["request"]["survey"],
        json!({ "reasons": ["business_closing"], "comment": "We merged with another company" })
    );
    assert!(r["cancellations"].as_array().unwrap().is_empty());
    assert_eq!(h.account().await["status"]["kind"], "active", "unchanged");
    assert!(h.ledger().await.is_empty(), "nothing charged");
    // The API would not have cancelled it either.
    let (status, body) = h
        .api(
            "POST",
            "/api/v1/cancellation",
            Some(json!({
                "reasons": ["other"],
                "consents": { "lists": true, "campaigns": true, "reports": true, "account_information": true }
            })),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "not_self_serve");
    h.close().await;
}

/// The class list of the first offer on "Before you go", in order of the offers.
async fn offers_in_order(h: &Harness) -> Vec<String> {
    h.wait_text(".bu-wizard__heading", "Before you go").await;
    let classes = h
        .js(
            "return [...R.querySelectorAll('.bu-wizard__offers > .bu-offer')] \
             .map(o => [...o.classList].find(c => c.startsWith('bu-offer--')));",
        )
        .await;
    serde_json::from_value(classes).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn before_you_go_starts_with_the_session_on_a_plan_that_offers_it() {
    let h = page("pro-monthly").await;
    open_wizard(&h).await;
    h.click_nth(".bu-wizard__reason", 0).await;
    h.click(".bu-wizard__continue").await;
    assert_eq!(
        offers_in_order(&h).await,
        ["bu-offer--session", "bu-offer--pause", "bu-offer--plan"]
    );
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn before_you_go_starts_with_a_support_request_on_plus_and_sending_it_files_one() {
    // Plus (no session in the catalog), monthly, viewed by the primary admin.
    let h = page("eur-monthly").await;
    open_wizard(&h).await;
    h.click_nth(".bu-wizard__reason", 2).await;
    h.click(".bu-wizard__continue").await;
    let offers = offers_in_order(&h).await;
    assert_eq!(
        offers.first().map(String::as_str),
        Some("bu-offer--support"),
        "{offers:?}"
    );
    assert!(
        !offers.iter().any(|o| o == "bu-offer--session"),
        "{offers:?}"
    );
    assert!(offers.iter().any(|o| o == "bu-offer--pause"), "{offers:?}");
    // The API needs a message for a request about nothing else.
    assert!(h.is_disabled(".bu-offer__send").await);
    h.set_value(".bu-offer__message", "The editor is too slow for us")
        .await;
    h.wait_enabled(".bu-offer__send").await;
    h.click(".bu-offer__send").await;
    h.text(".bu-wizard__done").await;
    let detail = h.host_event("support-requested").await;
    assert_eq!(detail["topic"], "other", "{detail}");

    let r = h.records().await;
    let tickets = r["support_requests"].as_array().unwrap();
    assert_eq!(tickets.len(), 1, "{tickets:?}");
    assert_eq!(tickets[0]["request"]["topic"], "other");
    assert_eq!(
        tickets[0]["request"]["message"],
        "The editor is too slow for us"
    );
    let done = h.text(".bu-wizard__done-text").await;
    assert!(done.contains(tickets[0]["id"].as_str().unwrap()), "{done}");
    assert!(r["cancellations"].as_array().unwrap().is_empty());
    let a = h.account().await;
    assert_eq!(a["status"]["kind"], "active");
    assert_eq!(a["plan"], "plus");
    assert!(h.ledger().await.is_empty());
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pause_takes_effect_next_period_is_not_charged_and_resumes() {
    let h = page("pro-monthly").await;
    h.wait_text(".bu-pause__text", "December 15, 2026").await;
    h.click(".bu-pause__open").await;
    h.click(".bu-pause-confirm__button").await;
    h.wait_text(".bu-pause__done", "December 15, 2026").await;
    let a = h.account().await;
    assert_eq!(a["status"]["kind"], "pause_scheduled");
    assert_eq!(a["status"]["at"], "2026-12-15T00:00:00Z");

    // Past two period ends: billing is paused from Dec 15, nothing is renewed.
    let (status, body) = h
        .api(
            "POST",
            "/api/v1/_mock/clock",
            Some(json!({ "now": "2027-01-20T12:00:00Z" })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(h.account().await["status"]["kind"], "paused");
    assert!(
        h.ledger().await.iter().all(|e| e["kind"] != "renewal"),
        "the paused periods are not charged"
    );

    h.open(PAGE).await;
    loaded(&h).await;
    h.wait_text(".bu-banner--paused", "December 15, 2026").await;
    h.click(".bu-banner--paused .bu-banner__action").await;
    h.wait_gone(".bu-banner--paused").await;
    assert_eq!(h.account().await["status"]["kind"], "active");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_wizard_offers_pause_instead_and_taking_it_ends_the_wizard() {
    let h = page("pro-monthly").await;
    open_wizard(&h).await;
    h.click_nth(".bu-wizard__reason", 5).await;
    h.click(".bu-wizard__continue").await;
    h.click(".bu-offer--pause .bu-pause-confirm__button").await;
    h.wait_text(
        ".bu-wizard__done-text",
        "billing pauses on December 15, 2026",
    )
    .await;
    assert_eq!(h.account().await["status"]["kind"], "pause_scheduled");
    assert!(h.records().await["cancellations"]
        .as_array()
        .unwrap()
        .is_empty());
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_wizard_books_a_free_session_or_asks_for_the_customised_plan() {
    let h = page("pro-monthly").await;
    open_wizard(&h).await;
    h.click_nth(".bu-wizard__reason", 1).await;
    h.click(".bu-wizard__continue").await;
    h.click(".bu-offer__times").await;
    h.click_nth(".bu-offer__slot", 0).await;
    h.click(".bu-offer__book").await;
    h.wait_text(".bu-wizard__done-text", "session is booked")
        .await;
    let r = h.records().await;
    assert_eq!(r["bookings"].as_array().unwrap().len(), 1);
    h.click(".bu-wizard__close").await;

    open_wizard(&h).await;
    h.click_nth(".bu-wizard__reason", 0).await;
    h.click(".bu-wizard__continue").await;
    h.wait_text(".bu-offer--plan", "$98.00 per month").await;
    h.click(".bu-offer__ask").await;
    h.wait_text(".bu-wizard__done-text", "Request sent").await;
    let r = h.records().await;
    let ticket = &r["support_requests"][0]["request"];
    assert_eq!(ticket["topic"], "retention_offer");
    assert_eq!(
        ticket["changes"][0],
        json!({ "kind": "set_plan", "plan": "plus" })
    );
    assert_eq!(
        h.account().await["plan"],
        "pro",
        "the plan itself is unchanged"
    );
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_trial_gets_no_wizard_and_is_told_nothing_is_charged() {
    let h = page("trial").await;
    assert_eq!(h.text(".bu-seats__purchased").await, "20");
    assert_eq!(h.text(".bu-seats__update").await, "Buy now");
    open_wizard(&h).await;
    h.wait_text(".bu-wizard__trial", "nothing is charged").await;
    assert!(h
        .js("return R.querySelector('.bu-wizard__heading') === null;")
        .await
        .as_bool()
        .unwrap());
    h.click(".bu-wizard__keep").await;
    h.wait_gone(".bu-wizard").await;
    assert_eq!(h.account().await["status"]["kind"], "trial");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_resold_account_is_sent_to_its_reseller() {
    let h = page("resold").await;
    h.wait_text(".bu-banner--resold", "Contact your reseller")
        .await;
    // Every change goes through the reseller: no wizard, no seats, no pause.
    assert!(h.is_disabled(".bu-overview__edit-payment").await);
    let why = h
        .js("return R.querySelector('.bu-overview__edit-payment').title;")
        .await;
    assert!(
        why.as_str().unwrap_or_default().contains("reseller"),
        "{why}"
    );
    assert!(h.is_disabled(".bu-seats__update").await);
    assert!(h.is_disabled(".bu-seats__range").await);
    h.wait_text(".bu-pause__not-offered", "reseller").await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_user_without_admin_rights_cannot_change_seats_pause_or_cancel() {
    let h = page("billing-viewer").await;
    assert!(h.is_disabled(".bu-seats__range").await);
    assert!(h.is_disabled(".bu-seats__update").await);
    h.wait_text(".bu-seats__blocked", "Only the primary admin")
        .await;
    assert!(h.is_disabled(".bu-pause__open").await);
    h.click(".bu-overview__edit-payment").await;
    assert!(h.is_disabled(".bu-payment__cancel-account").await);
    // The API enforces it too.
    let (status, body) = h
        .api(
            "POST",
            "/api/v1/cancellation",
            Some(json!({
                "reasons": ["other"],
                "consents": { "lists": true, "campaigns": true, "reports": true, "account_information": true }
            })),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    let (status, _) = h.api("POST", "/api/v1/pause", Some(json!({}))).await;
    assert_eq!(status, 403);
    assert_eq!(h.account().await["status"]["kind"], "active");
    h.close().await;
}
