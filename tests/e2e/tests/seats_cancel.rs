//! Conversations seats, pause billing and the cancellation wizard (issue 6), against the
//! built page and the mock API in headless Chromium: what the customer sees, and what the
//! mock charged (`/api/v1/ledger`) and stored (`/api/v1/_mock/records`).

use e2e::Harness;
use serde_json::{json, Value};

/// Starts the mock on `scenario` and opens the page.
async fn page(scenario: &str) -> Harness {
    let h = Harness::start(scenario).await;
    h.open(PAGE).await;
    loaded(&h).await;
    h
}

/// Waits (up to 60 s: a debug build of the wasm is large) until the page has rendered.
async fn loaded(h: &Harness) {
    for _ in 0..600 {
        let ready = js(h, "return R.querySelector('.bu-seats__total') !== null;").await;
        if ready.as_bool() == Some(true) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the page did not render");
}

/// The text of `css` once it exists (read in the page: reactive views replace elements).
async fn text(h: &Harness, css: &str) -> String {
    wait_js(
        h,
        &format!(
            "const e = R.querySelector({0}); return e ? (e.textContent || ' ') : false;",
            quoted(css)
        ),
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// The page as a host embeds it: the `<billing-upgrade>` element of the example dashboard
/// (it keeps its mount handle; the views live in its open shadow root).
const PAGE: &str = "/dashboard/";

/// Every script starts here: `R` is the shadow root the views live in.
const ROOT: &str =
    "const R = (document.querySelector('billing-upgrade') || {}).shadowRoot || document;";

/// Runs `script` (a function body) in the page, with `R` bound to the page's root.
async fn js(h: &Harness, script: &str) -> Value {
    h.js(&format!("{ROOT}\n{script}")).await
}

/// Waits until `script` (with `R` bound) returns something truthy.
async fn wait_js(h: &Harness, script: &str) -> Value {
    h.wait_js(&format!("{ROOT}\n{script}")).await
}

fn quoted(css: &str) -> String {
    serde_json::to_string(css).unwrap()
}

/// Clicks the first element matching `css` once it exists and is enabled.
async fn click(h: &Harness, css: &str) {
    wait_js(h, &format!(
        "const e = R.querySelector({0}); if (!e || e.disabled) return false; e.click(); return true;",
        quoted(css)
    ))
    .await;
}

/// Clicks the `n`th (0-based) element matching `css` once it exists.
async fn click_nth(h: &Harness, css: &str, n: usize) {
    wait_js(
        h,
        &format!(
            "const e = R.querySelectorAll({0})[{n}]; if (!e) return false; e.click(); return true;",
            quoted(css)
        ),
    )
    .await;
}

/// Sets an input's value as a user would (the browser sanitises it) and fires `event`.
async fn set_value(h: &Harness, css: &str, value: &str, event: &str) {
    wait_js(
        h,
        &format!(
            "const e = R.querySelector({0}); if (!e) return false; e.value = {1}; \
         e.dispatchEvent(new Event({2}, {{ bubbles: true }})); return true;",
            quoted(css),
            quoted(value),
            quoted(event)
        ),
    )
    .await;
}

/// Waits until the text of `css` contains `part`, and returns it.
async fn wait_text(h: &Harness, css: &str, part: &str) -> String {
    wait_js(
        h,
        &format!(
            "const e = R.querySelector({0}); const t = e ? e.textContent : ''; \
         return t.includes({1}) ? t : false;",
            quoted(css),
            quoted(part)
        ),
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// The value of an input.
async fn value_of(h: &Harness, css: &str) -> String {
    text(h, css).await;
    js(
        h,
        &format!("return R.querySelector({}).value;", quoted(css)),
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Whether `css` matches a disabled element.
async fn is_disabled(h: &Harness, css: &str) -> bool {
    text(h, css).await;
    js(
        h,
        &format!("return R.querySelector({}).disabled;", quoted(css)),
    )
    .await
    .as_bool()
    .unwrap_or(false)
}

/// Waits until no element matches `css`.
async fn wait_gone(h: &Harness, css: &str) {
    wait_js(
        h,
        &format!("return R.querySelector({}) === null;", quoted(css)),
    )
    .await;
}

/// The account as the API answers it now.
async fn account(h: &Harness) -> Value {
    let (status, body) = h.api("GET", "/api/v1/account", None).await;
    assert_eq!(status, 200, "account: {body}");
    body["account"].clone()
}

/// Everything the mock stored (surveys, bookings, support requests, ledger).
async fn records(h: &Harness) -> Value {
    let (status, body) = h.api("GET", "/api/v1/_mock/records", None).await;
    assert_eq!(status, 200, "records: {body}");
    body
}

/// The first money amount in `text`, e.g. "$1,234.50 on …" → 1234.50 (as cents).
fn cents(text: &str) -> i64 {
    let start = text.find('$').expect("an amount in dollars") + 1;
    let number: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != ',')
        .collect();
    let (whole, frac) = number.split_once('.').unwrap_or((&number, "00"));
    whole.parse::<i64>().unwrap() * 100 + frac.trim_end_matches('.').parse::<i64>().unwrap()
}

/// Opens **Edit payment method** → **Cancel my account**.
async fn open_wizard(h: &Harness) {
    click(h, ".bu-overview__edit-payment").await;
    click(h, ".bu-payment__cancel-account").await;
    text(h, ".bu-wizard").await;
}

/// Survey (first reason + a comment), past the offers and the data step, all four
/// consents: the wizard stands on **Confirm cancellation**.
async fn walk_to_confirm(h: &Harness, comment: &str) {
    click_nth(h, ".bu-wizard__reason", 0).await;
    set_value(h, ".bu-wizard__comment", comment, "input").await;
    click(h, ".bu-wizard__continue").await;
    wait_text(h, ".bu-wizard__heading", "Before you go").await;
    click(h, ".bu-wizard__continue").await;
    wait_text(h, ".bu-wizard__heading", "Keep your data").await;
    click(h, ".bu-wizard__continue").await;
    wait_text(h, ".bu-wizard__heading", "Consent").await;
    assert!(
        is_disabled(h, ".bu-wizard__continue").await,
        "consents first"
    );
    for n in 0..4 {
        click_nth(h, ".bu-wizard__consent", n).await;
    }
    click(h, ".bu-wizard__continue").await;
    wait_text(h, ".bu-wizard__heading", "Confirm cancellation").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn buying_seats_mid_period_charges_the_prorated_amount_shown() {
    let h = page("pro-monthly").await;
    // 5 seats × $19.00.
    assert_eq!(text(&h, ".bu-seats__total").await, "$95.00");
    set_value(&h, ".bu-seats__range", "7", "input").await;
    wait_text(&h, ".bu-seats__total", "$133.00").await;
    click(&h, ".bu-seats__update").await;
    // 2 seats for the 1,951,200 s left of a 2,592,000 s period (Nov 22 10:00 → Dec 15):
    // 2 × 19.00 × 1,951,200 / 2,592,000 = 28.6055… → $28.61.
    let shown = text(&h, ".bu-quote__charge-now").await;
    assert_eq!(shown, "$28.61");
    click(&h, ".bu-checkout__confirm").await;
    wait_text(&h, ".bu-checkout__done-text", "7 seats").await;

    let ledger = h.ledger().await;
    assert_eq!(ledger.len(), 1, "one charge: {ledger:?}");
    assert_eq!(ledger[0]["kind"], "order");
    assert_eq!(ledger[0]["amount"], "28.61", "the amount shown");
    assert_eq!(account(&h).await["seats"]["purchased"], 7);
    click(&h, ".bu-checkout__close").await;
    wait_text(&h, ".bu-seats__purchased", "7").await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn removing_empty_seats_charges_nothing_and_lowers_the_next_invoice() {
    let h = page("pro-monthly").await;
    let before = text(&h, ".bu-overview__next-invoice").await;
    // Down to the 3 assigned seats: the 2 empty ones go.
    set_value(&h, ".bu-seats__range", "3", "input").await;
    wait_text(&h, ".bu-seats__delta", "no refund for this period").await;
    click(&h, ".bu-seats__update").await;
    assert_eq!(text(&h, ".bu-quote__charge-now").await, "$0.00");
    click(&h, ".bu-checkout__confirm").await;
    wait_text(&h, ".bu-checkout__done-text", "3 seats").await;
    assert!(
        h.ledger()
            .await
            .iter()
            .all(|e| e["amount"] == "0" || e["amount"] == "0.00"),
        "nothing charged"
    );
    assert_eq!(account(&h).await["seats"]["purchased"], 3);
    click(&h, ".bu-checkout__close").await;
    // 2 seats × $19.00 = $38.00 less on the next invoice.
    let after = wait_js(
        &h,
        &format!(
            "const t = R.querySelector('.bu-overview__next-invoice').textContent; \
             return t !== {} ? t : false;",
            quoted(&before)
        ),
    )
    .await;
    let (before, after) = (cents(&before), cents(after.as_str().unwrap_or_default()));
    assert_eq!(before - after, 3800, "next invoice lower by 2 × $19.00");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn seats_cannot_go_below_the_assigned_ones() {
    let h = page("pro-monthly").await;
    set_value(&h, ".bu-seats__range", "1", "input").await;
    assert_eq!(
        value_of(&h, ".bu-seats__range").await,
        "3",
        "the slider stops at 3"
    );
    wait_text(
        &h,
        ".bu-seats__floor",
        "3 seats are assigned to agents; unassign them first",
    )
    .await;
    set_value(&h, ".bu-seats__number", "2", "change").await;
    wait_text(&h, ".bu-seats__error", "cannot go below 3 seats").await;
    assert_eq!(value_of(&h, ".bu-seats__number").await, "3");
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
    wait_text(&h, ".bu-wizard__confirm-text", "December 15, 2026").await;
    click(&h, ".bu-wizard__confirm").await;
    wait_text(
        &h,
        ".bu-wizard__done-text",
        "scheduled for cancellation on December 15, 2026",
    )
    .await;

    let a = account(&h).await;
    assert_eq!(a["status"]["kind"], "cancellation_scheduled");
    assert_eq!(a["status"]["effective_at"], "2026-12-15T00:00:00Z");
    let r = records(&h).await;
    let survey = &r["cancellations"][0]["request"];
    assert_eq!(survey["reasons"], json!(["too_expensive"]));
    assert_eq!(survey["comment"], "Budget cuts this quarter");
    assert_eq!(
        survey["consents"],
        json!({ "lists": true, "campaigns": true, "reports": true, "account_information": true })
    );
    assert!(h.ledger().await.is_empty(), "cancelling charges nothing");

    // Undo from the done screen.
    click(&h, ".bu-wizard__undo-button").await;
    wait_text(&h, ".bu-wizard__undone", "Cancellation undone").await;
    assert_eq!(account(&h).await["status"]["kind"], "active");
    click(&h, ".bu-wizard__close").await;
    wait_gone(&h, ".bu-banner--cancellation").await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_overview_shows_a_scheduled_cancellation_with_undo() {
    let h = page("pro-monthly").await;
    open_wizard(&h).await;
    walk_to_confirm(&h, "").await;
    click(&h, ".bu-wizard__confirm").await;
    text(&h, ".bu-wizard__done-text").await;
    click(&h, ".bu-wizard__close").await;
    wait_text(&h, ".bu-banner--cancellation", "December 15, 2026").await;
    click(&h, ".bu-banner--cancellation .bu-banner__action").await;
    wait_gone(&h, ".bu-banner--cancellation").await;
    assert_eq!(account(&h).await["status"]["kind"], "active");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_annual_commit_account_cancels_at_the_end_of_its_term() {
    let h = page("enterprise-annual-commit").await;
    open_wizard(&h).await;
    walk_to_confirm(&h, "").await;
    wait_text(
        &h,
        ".bu-wizard__confirm-text",
        "January 10, 2027, the end of your annual commitment term",
    )
    .await;
    click(&h, ".bu-wizard__confirm").await;
    wait_text(&h, ".bu-wizard__done-text", "January 10, 2027").await;
    let a = account(&h).await;
    assert_eq!(a["status"]["kind"], "cancellation_scheduled");
    assert_eq!(a["status"]["effective_at"], "2027-01-10T00:00:00Z");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pause_takes_effect_next_period_is_not_charged_and_resumes() {
    let h = page("pro-monthly").await;
    wait_text(&h, ".bu-pause__text", "December 15, 2026").await;
    click(&h, ".bu-pause__open").await;
    click(&h, ".bu-pause-confirm__button").await;
    wait_text(&h, ".bu-pause__done", "December 15, 2026").await;
    let a = account(&h).await;
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
    assert_eq!(account(&h).await["status"]["kind"], "paused");
    assert!(
        h.ledger().await.iter().all(|e| e["kind"] != "renewal"),
        "the paused periods are not charged"
    );

    h.open(PAGE).await;
    loaded(&h).await;
    wait_text(&h, ".bu-banner--paused", "December 15, 2026").await;
    click(&h, ".bu-banner--paused .bu-banner__action").await;
    wait_gone(&h, ".bu-banner--paused").await;
    assert_eq!(account(&h).await["status"]["kind"], "active");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_wizard_offers_pause_instead_and_taking_it_ends_the_wizard() {
    let h = page("pro-monthly").await;
    open_wizard(&h).await;
    click_nth(&h, ".bu-wizard__reason", 5).await;
    click(&h, ".bu-wizard__continue").await;
    click(&h, ".bu-offer--pause .bu-pause-confirm__button").await;
    wait_text(
        &h,
        ".bu-wizard__done-text",
        "billing pauses on December 15, 2026",
    )
    .await;
    assert_eq!(account(&h).await["status"]["kind"], "pause_scheduled");
    assert!(records(&h).await["cancellations"]
        .as_array()
        .unwrap()
        .is_empty());
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_wizard_books_a_free_session_or_asks_for_the_customised_plan() {
    let h = page("pro-monthly").await;
    open_wizard(&h).await;
    click_nth(&h, ".bu-wizard__reason", 1).await;
    click(&h, ".bu-wizard__continue").await;
    click(&h, ".bu-offer__times").await;
    click_nth(&h, ".bu-offer__slot", 0).await;
    click(&h, ".bu-offer__book").await;
    wait_text(&h, ".bu-wizard__done-text", "session is booked").await;
    let r = records(&h).await;
    assert_eq!(r["bookings"].as_array().unwrap().len(), 1);
    click(&h, ".bu-wizard__close").await;

    open_wizard(&h).await;
    click_nth(&h, ".bu-wizard__reason", 0).await;
    click(&h, ".bu-wizard__continue").await;
    wait_text(&h, ".bu-offer--plan", "$98.00 per month").await;
    click(&h, ".bu-offer__ask").await;
    wait_text(&h, ".bu-wizard__done-text", "Request sent").await;
    let r = records(&h).await;
    let ticket = &r["support_requests"][0]["request"];
    assert_eq!(ticket["topic"], "retention_offer");
    assert_eq!(
        ticket["changes"][0],
        json!({ "kind": "set_plan", "plan": "plus" })
    );
    assert_eq!(
        account(&h).await["plan"],
        "pro",
        "the plan itself is unchanged"
    );
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_trial_gets_no_wizard_and_is_told_nothing_is_charged() {
    let h = page("trial").await;
    assert_eq!(text(&h, ".bu-seats__purchased").await, "20");
    assert_eq!(text(&h, ".bu-seats__update").await, "Buy now");
    open_wizard(&h).await;
    wait_text(&h, ".bu-wizard__trial", "nothing is charged").await;
    assert!(js(
        &h,
        "return R.querySelector('.bu-wizard__heading') === null;"
    )
    .await
    .as_bool()
    .unwrap());
    click(&h, ".bu-wizard__keep").await;
    wait_gone(&h, ".bu-wizard").await;
    assert_eq!(account(&h).await["status"]["kind"], "trial");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_resold_account_is_sent_to_its_reseller() {
    let h = page("resold").await;
    wait_text(&h, ".bu-banner--resold", "Contact your reseller").await;
    // Every change goes through the reseller: no wizard, no seats, no pause.
    assert!(is_disabled(&h, ".bu-overview__edit-payment").await);
    let why = js(
        &h,
        "return R.querySelector('.bu-overview__edit-payment').title;",
    )
    .await;
    assert!(
        why.as_str().unwrap_or_default().contains("reseller"),
        "{why}"
    );
    assert!(is_disabled(&h, ".bu-seats__update").await);
    assert!(is_disabled(&h, ".bu-seats__range").await);
    wait_text(&h, ".bu-pause__not-offered", "reseller").await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_user_without_admin_rights_cannot_change_seats_pause_or_cancel() {
    let h = page("billing-viewer").await;
    assert!(is_disabled(&h, ".bu-seats__range").await);
    assert!(is_disabled(&h, ".bu-seats__update").await);
    wait_text(&h, ".bu-seats__blocked", "Only the primary admin").await;
    assert!(is_disabled(&h, ".bu-pause__open").await);
    click(&h, ".bu-overview__edit-payment").await;
    assert!(is_disabled(&h, ".bu-payment__cancel-account").await);
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
    assert_eq!(account(&h).await["status"]["kind"], "active");
    h.close().await;
}
