//! The built page, served with the mock API under the strict CSP, in headless Chromium.

use e2e::Harness;

#[tokio::test(flavor = "multi_thread")]
async fn page_shows_the_account_and_its_current_plan() {
    let h = Harness::start("pro-monthly").await;
    h.open("/billing/").await;
    assert_eq!(h.text_of(".bu-plan-name").await, "Pro");
    assert_eq!(
        h.text_of(".bu-overview__account").await,
        "Northwind Traders"
    );
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deep_link_under_the_sub_path_loads_the_page() {
    let h = Harness::start("pro-monthly").await;
    // A reload of some deeper URL gets index.html, whose assets are absolute under /billing/.
    h.open("/billing/settings/plan?tab=limits").await;
    assert_eq!(h.text_of(".bu-plan-name").await, "Pro");
    h.close().await;
}
