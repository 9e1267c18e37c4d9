//! Orders whose answer never came (issue 12), against the built page and the mock API in
//! headless Chromium: the mock commits and then loses the answer (`lost_response`), or
//! fails before committing; the page must find out by the order's key before anyone can
//! pay again, and the ledger must show exactly one charge or none.

use e2e::Harness;
use serde_json::json;

/// Starts the mock on `scenario` and opens the standalone page.
async fn page(scenario: &str) -> Harness {
    let h = Harness::start(scenario).await;
    h.open("/billing/").await;
    h.text_of(".bu-plan-name").await;
    h
}

/// Opens the SMS credits dialog on the first pack and goes to its confirm step.
async fn sms_pack_checkout(h: &Harness) {
    h.click(".bu-sms__edit").await;
    h.click(".bu-sms__continue").await;
    h.wait_enabled(".bu-checkout__confirm").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_charged_order_whose_answer_was_lost_is_found_and_never_charged_twice() {
    let h = page("billing-viewer").await;
    // The order commits, then every answer to it is lost (the first attempt and the
    // client's two same-key retries), and the lookup by key fails too (three 500s).
    h.fault(
        "POST",
        "/api/v1/orders",
        3,
        json!({"kind": "lost_response"}),
    )
    .await;
    h.fault(
        "GET",
        "/api/v1/orders",
        3,
        json!({"kind": "internal_error"}),
    )
    .await;
    sms_pack_checkout(&h).await;
    h.click(".bu-checkout__confirm").await;
    // Unknown, not failed: no "try again", confirm stays disabled, "Check again" offered.
    h.text(".bu-checkout__check-again").await;
    let text = h.text(".bu-checkout__pending").await;
    assert!(text.contains("could not find out yet"), "{text}");
    assert!(h.is_disabled(".bu-checkout__confirm").await);
    // The server did charge the pack once ($10.00).
    assert_eq!(h.order_charges().await, vec!["10.00".to_string()]);

    // The customer closes the dialog and buys the pack again: the page finds the first
    // order by its key before anything else, and shows it done with its charge.
    h.click(".bu-modal__close").await;
    h.wait_gone(".bu-modal").await;
    sms_pack_checkout_until_panel(&h).await;
    h.text(".bu-checkout__done").await;
    let charged = h.text(".bu-checkout__charged").await;
    assert!(charged.contains("$10.00"), "{charged}");
    // Still exactly one charge, and the page shows the credits it bought (120 + 1,000).
    assert_eq!(h.order_charges().await, vec!["10.00".to_string()]);
    h.click(".bu-checkout__close").await;
    h.wait_js("return document.querySelector('.bu-sms__credits')?.textContent.includes('1,120');")
        .await;
    h.close().await;
}

/// The SMS dialog up to its confirm step, without waiting for confirm to be enabled (a
/// pending order keeps it disabled).
async fn sms_pack_checkout_until_panel(h: &Harness) {
    h.click(".bu-sms__edit").await;
    h.click(".bu-sms__continue").await;
    h.text(".bu-checkout").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_order_that_failed_before_committing_is_found_not_done_and_retried_once() {
    let h = page("billing-viewer").await;
    // Three 500s answer before the route runs: nothing is committed.
    h.fault(
        "POST",
        "/api/v1/orders",
        3,
        json!({"kind": "internal_error"}),
    )
    .await;
    sms_pack_checkout(&h).await;
    h.click(".bu-checkout__confirm").await;
    // The lookup finds no order under the key: the page says nothing was charged.
    let notice = h
        .wait_text(".bu-checkout__notice", "nothing was charged")
        .await;
    assert!(notice.contains("did not go through"), "{notice}");
    assert!(h.order_charges().await.is_empty());
    // Confirming again (same quote, same key) charges once.
    h.wait_enabled(".bu-checkout__confirm").await;
    h.click(".bu-checkout__confirm").await;
    h.text(".bu-checkout__done").await;
    assert_eq!(h.order_charges().await, vec!["10.00".to_string()]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pause_whose_answer_is_lost_and_account_unreadable_is_unconfirmed_not_failed() {
    let h = page("pro-monthly").await;
    // The pause is made, its answer lost; then the account read that would settle it
    // fails too (three 500s: the first read and the client's two retries).
    h.fault("POST", "/api/v1/pause", 1, json!({"kind": "lost_response"}))
        .await;
    h.fault(
        "GET",
        "/api/v1/account",
        3,
        json!({"kind": "internal_error"}),
    )
    .await;
    h.click(".bu-pause__open").await;
    h.click(".bu-pause-confirm__button").await;
    // Unknown, not failed: the page says it cannot tell, and how to find out.
    let text = h
        .wait_text(".bu-pause-confirm .bu-field-error", "could not confirm")
        .await;
    assert!(text.contains("Reload the page"), "{text}");
    assert!(!text.contains("failed"), "{text}");
    // The server did schedule the pause: reloading shows it.
    let (_, records) = h.api("GET", "/api/v1/_mock/records", None).await;
    assert_eq!(
        records["world"]["account"]["status"]["kind"], "pause_scheduled",
        "{records}"
    );
    h.open("/billing/").await;
    h.text(".bu-banner--pause-scheduled").await;
    h.close().await;
}
