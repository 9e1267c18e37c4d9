//! Hostile data from the server (issue 12): names are isolated and wrap, markup in them is
//! inert. Against the built page (its stylesheet loaded) and the mock API.

use e2e::Harness;

#[tokio::test(flavor = "multi_thread")]
async fn long_names_wrap_and_a_right_to_left_override_stays_inside_its_name() {
    let h = Harness::start("pro-monthly").await;
    let records = h.records().await;
    let mut world = records["world"].clone();
    assert!(
        world["account"].is_object(),
        "records.world is a state: {world}"
    );
    let long_name = "W".repeat(2000);
    world["account"]["name"] = long_name.clone().into();
    world["account"]["reseller"] = "\u{202E}<b>Evil</b> Partners".into();
    let (status, body) = h
        .api(
            "POST",
            "/api/v1/_mock/reset",
            Some(serde_json::json!({ "state": world })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    h.open("/billing/").await;
    h.text_of(".bu-plan-name").await;
    let seen = h
        .js(
            "const banner = document.querySelector('.bu-banner--resold');
             const name = banner.querySelector('bdi');
             return {
               page_width: document.documentElement.scrollWidth,
               viewport: window.innerWidth,
               name_dir: document.querySelector('.bu-overview__account').getAttribute('dir'),
               bdi: name ? name.textContent : null,
               markup: banner.querySelector('b') !== null,
               after_name: name ? name.nextSibling?.textContent ?? '' : null,
             };",
        )
        .await;
    // A 2,000-character unbroken name wraps inside the page (no horizontal scrolling).
    assert!(
        seen["page_width"].as_i64() <= seen["viewport"].as_i64(),
        "{seen}"
    );
    assert_eq!(seen["name_dir"], "auto", "{seen}");
    // The override and the markup stay text inside their own <bdi>; the sentence goes on
    // after it in the page's own direction.
    assert_eq!(seen["bdi"], "\u{202E}<b>Evil</b> Partners", "{seen}");
    assert_eq!(seen["markup"], false, "{seen}");
    assert!(
        seen["after_name"]
            .as_str()
            .is_some_and(|rest| !rest.is_empty()),
        "{seen}"
    );
    h.close().await;
}
