//! The built page, served with the mock API, rendered by headless Chromium.

use e2e::Harness;

#[tokio::test(flavor = "multi_thread")]
async fn page_shows_the_account_and_its_current_plan() {
    let h = Harness::start("pro-monthly").await;
    h.open("/").await;
    assert_eq!(h.text_of(".bu-plan-name").await, "Pro");
    assert_eq!(
        h.text_of(".bu-overview__account").await,
        "Northwind Traders"
    );
    h.close().await;
}
