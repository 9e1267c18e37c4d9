//! Focus is never lost (issue 12), with real keys sent through WebDriver actions: a dialog
//! keeps Tab inside, Esc closes it, the background is `inert` while it is open, and after
//! an in-dialog action focus lands on the new state's message or first control; when what
//! opened the dialog is gone, focus goes to the page heading.

use e2e::Harness;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::{json, Value};

/// JS: the element that has focus, through shadow roots, described as
/// `{cls, tag, inDialog, text}` (`null` when nothing has).
const ACTIVE: &str = "let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    if (!a || a === document.body) return null;
    return { cls: a.getAttribute('class') || '', tag: a.tagName.toLowerCase(),
             inDialog: !!a.closest('.bu-modal'), text: (a.textContent || '').trim().slice(0, 80) };";

/// Sends `key` (with Shift when `shift`) to whatever has focus, as a keyboard does.
async fn press(h: &Harness, key: Key, shift: bool) {
    let mut keys = KeyActions::new("keyboard".into());
    if shift {
        keys = keys.then(KeyAction::Down {
            value: Key::Shift.into(),
        });
    }
    keys = keys
        .then(KeyAction::Down { value: key.into() })
        .then(KeyAction::Up { value: key.into() });
    if shift {
        keys = keys.then(KeyAction::Up {
            value: Key::Shift.into(),
        });
    }
    h.browser.perform_actions(keys).await.expect("keys sent");
}

/// What has focus now.
async fn active(h: &Harness) -> Value {
    h.js(ACTIVE).await
}

/// Waits until the focused element has class `class` (or the timeout shows what has).
async fn wait_focus(h: &Harness, class: &str) -> Value {
    for _ in 0..100 {
        let now = active(h).await;
        if now["cls"]
            .as_str()
            .is_some_and(|c| c.split(' ').any(|c| c == class))
        {
            return now;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("focus never reached .{class}; it is on {}", active(h).await);
}

/// Focuses `css` by script (where a person would have tabbed to) and presses Enter on it.
async fn activate(h: &Harness, css: &str) {
    h.wait_enabled(css).await;
    h.js(&format!(
        "R.querySelector({}).focus(); return true;",
        serde_json::to_string(css).unwrap()
    ))
    .await;
    press(h, Key::Enter, false).await;
}

async fn page(scenario: &str, path: &str) -> Harness {
    let h = Harness::start(scenario).await;
    h.open(path).await;
    h.text(".bu-seats__total").await;
    h
}

/// JS: every element marked `inert`, in the document and the widget's shadow root.
const INERT: &str = "return [...document.querySelectorAll('[inert]'), \
    ...(R === document ? [] : R.querySelectorAll('[inert]'))] \
    .map(e => e.tagName.toLowerCase() + '.' + (e.getAttribute('class') || e.id || ''));";

async fn tab_stays_inside_esc_closes_and_focus_returns(path: &str) {
    let h = page("pro-monthly", path).await;
    activate(&h, "[data-plan=enterprise] .bu-plan__upgrade").await;
    h.wait_enabled(".bu-checkout__confirm").await;
    assert_eq!(active(&h).await["inDialog"], true, "focus moved in");

    // The background is inert: the plans, the page heading (and, embedded, the host's own
    // header) take no focus or clicks, and nothing else is.
    let inert = h.js(INERT).await;
    let inert: Vec<String> = serde_json::from_value(inert).unwrap();
    for part in ["bu-page__title", "bu-plans"] {
        assert!(
            inert.iter().any(|e| e.contains(part)),
            "{part} not inert: {inert:?}"
        );
    }
    if path == "/dashboard/" {
        assert!(inert.iter().any(|e| e.contains("topbar")), "{inert:?}");
    }
    assert_eq!(
        h.js("return R.querySelector('.bu-modal').closest('[inert]') === null")
            .await,
        true,
        "the dialog itself is not inert"
    );

    // Tab and Shift+Tab go round inside the dialog, never out.
    let mut seen = std::collections::BTreeSet::new();
    for shift in [false, true] {
        for n in 0..12 {
            press(&h, Key::Tab, shift).await;
            let now = active(&h).await;
            assert_eq!(
                now["inDialog"], true,
                "Tab #{n} (shift {shift}) left the dialog: {now}"
            );
            seen.insert(now["cls"].as_str().unwrap_or_default().to_string());
        }
    }
    assert!(
        seen.iter().any(|c| c.contains("bu-modal__close"))
            && seen.iter().any(|c| c.contains("bu-checkout__confirm")),
        "Tab visits the controls: {seen:?}"
    );

    press(&h, Key::Escape, false).await;
    h.wait_gone(".bu-modal").await;
    wait_focus(&h, "bu-plan__upgrade").await;
    assert_eq!(
        h.js(INERT).await,
        json!([]),
        "nothing stays inert after closing"
    );
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn standalone_tab_stays_inside_esc_closes_background_inert_focus_returns() {
    tab_stays_inside_esc_closes_and_focus_returns("/billing/").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn embedded_tab_stays_inside_esc_closes_background_inert_focus_returns() {
    tab_stays_inside_esc_closes_and_focus_returns("/dashboard/").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_order_puts_focus_on_its_message_then_tab_and_esc_work() {
    let h = page("pro-monthly", "/billing/").await;
    h.fault("POST", "/api/v1/orders", 1, json!({"kind": "conflict"}))
        .await;
    activate(&h, "[data-plan=enterprise] .bu-plan__upgrade").await;
    activate(&h, ".bu-checkout__confirm").await;
    let focused = wait_focus(&h, "bu-checkout__error").await;
    assert!(
        focused["text"].as_str().unwrap_or_default().len() > 5,
        "{focused}"
    );
    press(&h, Key::Tab, false).await;
    assert_eq!(active(&h).await["inDialog"], true);
    press(&h, Key::Escape, false).await;
    h.wait_gone(".bu-modal").await;
    wait_focus(&h, "bu-plan__upgrade").await;
    assert!(h.order_charges().await.is_empty());
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn after_an_upgrade_the_opener_is_gone_and_focus_goes_to_the_page_heading() {
    let h = page("pro-monthly", "/dashboard/").await;
    activate(&h, "[data-plan=enterprise] .bu-plan__upgrade").await;
    activate(&h, ".bu-checkout__confirm").await;
    // Done: focus on Close (the confirm button is gone).
    wait_focus(&h, "bu-checkout__close").await;
    press(&h, Key::Enter, false).await;
    h.wait_gone(".bu-modal").await;
    // Enterprise is now the current plan: its upgrade button no longer exists.
    h.wait_gone("[data-plan=enterprise] .bu-plan__upgrade")
        .await;
    let focused = wait_focus(&h, "bu-page__title").await;
    assert_eq!(focused["tag"], "h1");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pause_confirmed_puts_focus_on_the_result() {
    let h = page("pro-monthly", "/billing/").await;
    activate(&h, ".bu-pause__open").await;
    activate(&h, ".bu-pause-confirm__button").await;
    let focused = wait_focus(&h, "bu-pause__done").await;
    assert_eq!(focused["inDialog"], true);
    press(&h, Key::Tab, false).await;
    assert_eq!(active(&h).await["inDialog"], true);
    press(&h, Key::Escape, false).await;
    h.wait_gone(".bu-modal").await;
    // Back on the opener if the pause section still offers it, else on the page heading
    // (focus moves in a timeout after the frame the dialog closed in: wait for it).
    let mut now = Value::Null;
    for _ in 0..50 {
        now = active(&h).await;
        let cls = now["cls"].as_str().unwrap_or_default();
        if cls.contains("bu-pause__open") || cls.contains("bu-page__title") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let cls = now["cls"].as_str().unwrap_or_default();
    assert!(
        cls.contains("bu-pause__open") || cls.contains("bu-page__title"),
        "focus after closing: {now}"
    );
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sms_continue_puts_focus_on_the_confirm_step() {
    let h = page("billing-viewer", "/billing/").await;
    activate(&h, ".bu-sms__edit").await;
    activate(&h, ".bu-sms__continue").await;
    // The Continue button is gone; the new step's first control has focus.
    let focused = wait_focus(&h, "bu-sms__back").await;
    assert_eq!(focused["inDialog"], true);
    // And confirming from the keyboard buys the pack.
    activate(&h, ".bu-checkout__confirm").await;
    wait_focus(&h, "bu-checkout__close").await;
    assert_eq!(h.order_charges().await.len(), 1);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn confirming_the_cancellation_puts_focus_on_the_result() {
    let h = page("pro-monthly", "/dashboard/").await;
    activate(&h, ".bu-overview__edit-payment").await;
    activate(&h, ".bu-payment__cancel-account").await;
    h.text(".bu-wizard__body--survey").await;
    h.click_nth(".bu-wizard__reason", 0).await;
    activate(&h, ".bu-wizard__continue").await;
    // Each new step puts focus on its heading.
    h.text(".bu-wizard__body--offers").await;
    wait_focus(&h, "bu-wizard__heading").await;
    activate(&h, ".bu-wizard__continue").await;
    h.text(".bu-wizard__body--data").await;
    activate(&h, ".bu-wizard__continue").await;
    h.text(".bu-wizard__body--consent").await;
    for n in 0..4 {
        h.click_nth(".bu-wizard__consent", n).await;
    }
    activate(&h, ".bu-wizard__continue").await;
    h.text(".bu-wizard__body--confirm").await;
    activate(&h, ".bu-wizard__confirm").await;
    h.text(".bu-wizard__done").await;
    let focused = wait_focus(&h, "bu-wizard__close").await;
    assert_eq!(focused["inDialog"], true);
    assert_eq!(
        h.account().await["status"]["kind"],
        "cancellation_scheduled"
    );
    press(&h, Key::Escape, false).await;
    h.wait_gone(".bu-modal").await;
    // Focus moves back after the frame the dialog closed in (a timeout): wait for it.
    let mut focused = Value::Null;
    for _ in 0..50 {
        focused = active(&h).await;
        if focused != Value::Null {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_ne!(focused, Value::Null, "focus is somewhere");
    h.close().await;
}

// ---------------------------------------------------------------------------------------
// Every write flow of the page, with the keyboard alone: from the page heading, Tab to the
// control (so it is reachable in document order), Enter/Space to press it, arrows to move
// a select or slider, letters typed as keys; then the flow's result and its ledger.

/// JS: whether the focused element (through shadow roots) matches `css`.
fn focused_matches(css: &str) -> String {
    format!(
        "let a = document.activeElement;
         while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
         return !!a && a.matches({});",
        serde_json::to_string(css).unwrap()
    )
}

/// Presses Tab until the focused element matches `css` (at most `max` presses).
async fn tab_to(h: &Harness, css: &str, max: usize) {
    let check = focused_matches(css);
    for _ in 0..max {
        if h.js(&check).await == true {
            return;
        }
        press(h, Key::Tab, false).await;
    }
    assert_eq!(
        h.js(&check).await,
        true,
        "{max} Tabs never reached {css}; focus is on {}",
        active(h).await
    );
}

/// Starts at the page heading (where focus is after the page loads or a dialog's opener
/// went), then tabs to `css`.
async fn tab_from_top(h: &Harness, css: &str) {
    h.js("R.querySelector('.bu-page__title').focus(); return true;")
        .await;
    tab_to(h, css, 150).await;
}

/// Types `text` into whatever has focus, key by key.
async fn type_keys(h: &Harness, text: &str) {
    let mut keys = KeyActions::new("keyboard".into());
    for c in text.chars() {
        keys = keys
            .then(KeyAction::Down { value: c })
            .then(KeyAction::Up { value: c });
    }
    h.browser.perform_actions(keys).await.expect("keys sent");
}

/// Tabs to the checkout's Confirm (enabled once the quote is in) and presses Enter; the
/// done state follows.
async fn confirm_checkout(h: &Harness) {
    h.wait_enabled(".bu-checkout__confirm").await;
    tab_to(h, ".bu-checkout__confirm", 40).await;
    press(h, Key::Enter, false).await;
    h.text(".bu-checkout__done").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_limit_change_by_keyboard() {
    let h = page("pro-monthly", "/billing/").await;
    tab_from_top(&h, ".bu-limit--contacts .bu-limit__edit").await;
    press(&h, Key::Enter, false).await;
    tab_to(&h, ".bu-limit-dialog__select", 20).await;
    // Arrow keys move a closed select's choice, one tier at a time.
    for _ in 0..10 {
        if h.value_of(".bu-limit-dialog__select").await == "10000" {
            break;
        }
        press(&h, Key::Down, false).await;
    }
    assert_eq!(h.value_of(".bu-limit-dialog__select").await, "10000");
    confirm_checkout(&h).await;
    // ($339.00 − $219.00) × 1,951,200 / 2,592,000 s left = $90.333… → $90.33.
    assert_eq!(h.order_charges().await, ["90.33"]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_add_on_by_keyboard() {
    let h = page("pro-monthly", "/billing/").await;
    tab_from_top(&h, "[data-addon=custom_reports] .bu-addon__add").await;
    press(&h, Key::Enter, false).await;
    confirm_checkout(&h).await;
    // $29.00 × 1,951,200 / 2,592,000 s left = $21.830… → $21.83.
    assert_eq!(h.order_charges().await, ["21.83"]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn seats_by_keyboard_with_the_slider_arrows() {
    let h = page("pro-monthly", "/billing/").await;
    tab_from_top(&h, ".bu-seats__range").await;
    // 5 seats → 7 with two Right arrows; 7 × $19.00 = $133.00 a month.
    press(&h, Key::Right, false).await;
    press(&h, Key::Right, false).await;
    h.wait_text(".bu-seats__total", "$133.00").await;
    tab_to(&h, ".bu-seats__update", 10).await;
    press(&h, Key::Enter, false).await;
    confirm_checkout(&h).await;
    // 2 seats × $19.00 × 1,951,200 / 2,592,000 s left = $28.605… → $28.61.
    assert_eq!(h.order_charges().await, ["28.61"]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_to_yearly_by_keyboard() {
    let h = page("pro-monthly", "/billing/").await;
    tab_from_top(&h, ".bu-overview__switch-cycle").await;
    press(&h, Key::Enter, false).await;
    confirm_checkout(&h).await;
    // Pro $2,102.40 + Pipelines $470.40 + 5 seats × $228.00 = $3,712.80 a year, less the
    // unused month ($363.00 × 1,951,200 / 2,592,000 = $273.26): $3,439.54.
    assert_eq!(h.order_charges().await, ["3439.54"]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn auto_upgrade_by_keyboard_with_space_on_the_switch_and_the_terms() {
    let h = page("pro-monthly", "/billing/").await;
    tab_from_top(&h, ".bu-auto-upgrade__edit").await;
    press(&h, Key::Enter, false).await;
    tab_to(&h, ".bu-auto-upgrade__switch", 20).await;
    press(&h, Key::Space, false).await;
    tab_to(&h, ".bu-auto-upgrade__terms", 20).await;
    press(&h, Key::Space, false).await;
    h.wait_enabled(".bu-auto-upgrade__confirm").await;
    tab_to(&h, ".bu-auto-upgrade__confirm", 20).await;
    press(&h, Key::Enter, false).await;
    h.wait_gone(".bu-modal").await;
    h.wait_text(".bu-auto-upgrade__state", "On").await;
    assert_eq!(h.account().await["auto_upgrade"], true);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_support_request_by_keyboard_typing_the_message() {
    let h = page("pro-monthly", "/billing/").await;
    tab_from_top(&h, "[data-plan=starter] .bu-plan__downgrade").await;
    press(&h, Key::Enter, false).await;
    tab_to(&h, ".bu-support__message", 20).await;
    type_keys(&h, "Please move us to Starter").await;
    assert_eq!(
        h.value_of(".bu-support__message").await,
        "Please move us to Starter"
    );
    tab_to(&h, ".bu-support__send", 20).await;
    press(&h, Key::Enter, false).await;
    h.text(".bu-support__sent").await;
    let records = h.records().await;
    let filed = records["support_requests"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(filed.len(), 1, "{filed:?}");
    assert!(
        filed[0].to_string().contains("Please move us to Starter"),
        "{}",
        filed[0]
    );
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn resume_by_keyboard_from_the_banner() {
    let h = Harness::start("paused").await;
    h.open("/billing/").await;
    h.text(".bu-banner--paused").await;
    tab_from_top(&h, ".bu-banner--paused .bu-banner__action").await;
    press(&h, Key::Enter, false).await;
    h.wait_gone(".bu-banner--paused").await;
    // The paused Starter 2,500 + Transactional email, the rest of Nov 5 – Dec 5
    // (1,087,200 of 2,592,000 s): $29.00 → $12.16 (12.163…) + $15.00 → $6.29 (6.291…).
    let amounts: Vec<String> = h
        .ledger()
        .await
        .iter()
        .map(|e| e["amount"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(amounts, ["18.45"]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn undoing_a_cancellation_by_keyboard_from_the_banner() {
    let h = Harness::start("cancellation-scheduled").await;
    h.open("/billing/").await;
    h.text(".bu-banner--cancellation").await;
    tab_from_top(&h, ".bu-banner--cancellation .bu-banner__action").await;
    press(&h, Key::Enter, false).await;
    h.wait_gone(".bu-banner--cancellation").await;
    assert_eq!(h.account().await["status"]["kind"], "active");
    h.close().await;
}
