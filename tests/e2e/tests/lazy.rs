//! The dialogs' code is a chunk of its own (issue 14): not in the first download, fetched
//! when the person points at or tabs into the page or opens a dialog; a dialog opened while
//! it downloads says "Opening…", and one whose code cannot be downloaded says so and opens
//! on a retry. The chunk is held back or blocked in the browser (CDP through chromedriver).

use e2e::Harness;
use serde_json::json;

/// Every request for a chunk loaded on demand (`billing-upgrade-H-lazy-NAME.wasm`).
const CHUNK: &str = "*-lazy-*";

/// The page's resources whose URL names a chunk loaded on demand.
const CHUNKS_FETCHED: &str = "return performance.getEntriesByType('resource')
    .map(e => e.name).filter(n => n.includes('-lazy-')).map(n => n.split('/').pop())";

const UPGRADE: &str = "[data-plan=enterprise] .bu-plan__upgrade";

fn names(v: serde_json::Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| {
            n.as_str()
                .map(|s| s.split('-').next_back().unwrap_or(s).to_string())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_download_leaves_the_dialogs_out_until_they_are_wanted() {
    let h = Harness::start("pro-monthly").await;
    h.open("/billing/").await;
    assert_eq!(h.text_of(".bu-plan-name").await, "Pro");
    // Loaded, nobody has pointed at the page yet: no chunk was asked for.
    assert_eq!(names(h.js(CHUNKS_FETCHED).await), Vec::<String>::new());
    h.click(UPGRADE).await;
    // The dialog may say "Opening…" while its code downloads; it then shows its title.
    assert_eq!(
        h.wait_text(".bu-modal__title", "Upgrade to Enterprise")
            .await,
        "Upgrade to Enterprise"
    );
    assert_eq!(names(h.js(CHUNKS_FETCHED).await), vec!["dialogs.wasm"]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dialog_opened_while_its_code_downloads_says_opening_then_shows() {
    let h = Harness::start("pro-monthly").await;
    h.open("/billing/").await;
    h.text_of(".bu-plan-name").await;
    h.cdp(
        "Fetch.enable",
        json!({ "patterns": [{ "urlPattern": CHUNK, "requestStage": "Request" }] }),
    )
    .await;
    h.click(UPGRADE).await;
    assert_eq!(h.text_of(".bu-modal__title").await, "Opening…");
    assert_eq!(
        h.js("return document.querySelector('[role=dialog] [role=status]')?.textContent ?? null")
            .await,
        "Opening…"
    );
    // Letting the held download go shows the dialog that was asked for.
    h.cdp("Fetch.disable", json!({})).await;
    assert_eq!(
        h.wait_text(".bu-modal__title", "Upgrade to Enterprise")
            .await,
        "Upgrade to Enterprise"
    );
    assert_eq!(h.console_errors().await, Vec::<String>::new());
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dialog_whose_code_cannot_be_downloaded_says_so_and_a_retry_opens_it() {
    let h = Harness::start("pro-monthly").await;
    h.open("/billing/").await;
    h.text_of(".bu-plan-name").await;
    h.cdp("Network.enable", json!({})).await;
    h.cdp("Network.setBlockedURLs", json!({ "urls": [CHUNK] }))
        .await;
    h.click(UPGRADE).await;
    // "Opening…" first, then the failed download's dialog.
    assert_eq!(
        h.wait_text(".bu-modal__title", "This could not be opened")
            .await,
        "This could not be opened"
    );
    assert_eq!(
        h.text_of("[role=dialog] [role=alert]").await,
        "This part of the page could not be loaded: the connection may have dropped. \
         Nothing was changed."
    );
    // Nothing was charged, and the page is still there behind the dialog.
    assert_eq!(h.order_charges().await, Vec::<String>::new());
    assert_eq!(h.text_of(".bu-plan-name").await, "Pro");
    // Back online, Try again opens the dialog that was asked for.
    h.cdp("Network.setBlockedURLs", json!({ "urls": [] })).await;
    h.click(".bu-dialog__retry").await;
    assert_eq!(
        h.wait_text(".bu-modal__title", "Upgrade to Enterprise")
            .await,
        "Upgrade to Enterprise"
    );
    h.close().await;
}
