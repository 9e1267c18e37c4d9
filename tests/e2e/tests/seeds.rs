//! Seed fidelity (issue 11), against the built page and the mock API in headless Chromium:
//! the labels, layout and SMS guidance the help-centre articles describe, and what the
//! mock charged for them.

use e2e::Harness;

/// Starts the mock on `scenario` and mounts the page in `locale` (see [`Harness::mounted`]).
async fn page_in(scenario: &str, locale: &str) -> Harness {
    Harness::mounted(scenario, locale).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sms_add_on_shows_countries_and_10dlc_before_purchase_and_the_guide_after() {
    let h = page_in("pro-monthly", "en").await;
    let card = "[data-addon=sms]";
    // (The table sits in a closed <details>: read its textContent, not the rendered text.)
    // Seed 004: before buying, the supported countries with the credits one message costs.
    assert_eq!(
        h.text(&format!("{card} [data-country=GB] .bu-sms__per-message"))
            .await,
        "3"
    );
    assert_eq!(
        h.text(&format!("{card} [data-country=DE] th")).await,
        "Germany"
    );
    assert!(h
        .text(&format!("{card} .bu-sms__10dlc"))
        .await
        .contains("A2P 10DLC"));
    assert_eq!(
        h.js("return document.querySelector('[data-addon=sms] .bu-sms__guide') === null;")
            .await,
        true,
        "no guide before the add-on is bought"
    );

    h.click(&format!("{card} .bu-addon__add")).await;
    let shown = h.text_of(".bu-quote__charge-now").await;
    // $10.00 a month for the 1,951,200 s left of the 2,592,000 s period (Nov 22 10:00 →
    // Dec 15): 10.00 × 1,951,200 / 2,592,000 = 7.5277… → $7.53.
    assert_eq!(shown, "$7.53");
    h.wait_enabled(".bu-checkout__confirm").await;
    h.click(".bu-checkout__confirm").await;
    h.text_of(".bu-checkout__done").await;
    assert_eq!(h.order_charges().await, vec!["7.53".to_string()]);
    h.click(".bu-checkout__close").await;

    // After: "Getting Started with SMS" (the documented default URL), the countries gone.
    let href = h
        .wait_js("const a = document.querySelector('[data-addon=sms] .bu-sms__guide'); return a ? a.href : false;")
        .await;
    assert_eq!(
        href,
        "https://help.activecampaign.com/hc/en-us/search?query=Getting+Started+with+SMS"
    );
    assert_eq!(
        h.js("return document.querySelector('[data-addon=sms] .bu-addon__countries') === null;")
            .await,
        true
    );
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn country_names_come_from_the_browser_in_the_page_locale() {
    let h = page_in("pro-monthly", "it").await;
    // The catalog says "Germany"; Intl.DisplayNames says it in Italian.
    assert_eq!(
        h.text("[data-addon=sms] [data-country=DE] th").await,
        "Germania"
    );
    assert_eq!(
        h.text("[data-addon=sms] .bu-table__caption").await,
        "Crediti consumati da un SMS, per paese"
    );
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sms_credits_sit_top_left_payment_method_right_and_add_ons_at_the_bottom() {
    let h = page_in("billing-viewer", "en").await;
    h.text_of(".bu-sms__credits").await;
    // Seed 004: the SMS credits at the upper left; seed 001: Edit payment method on the
    // right; seeds 000 and 004: the add-ons section at the bottom of the page.
    let layout = h
        .js("const r = s => document.querySelector(s).getBoundingClientRect();
             const sms = r('.bu-sms__credits'), pay = r('.bu-overview__edit-payment');
             const limits = r('.bu-limits');
             const sections = [...document.querySelectorAll('#bu-test section')];
             return {
               sms_left_of_payment: sms.right <= pay.left,
               sms_first_limit: document.querySelector('.bu-limits__list > li').classList.contains('bu-limit--sms'),
               limits_top: Math.round(limits.top) <= Math.round(r('.bu-overview').top),
               last_section: sections[sections.length - 1].className,
             };")
        .await;
    assert_eq!(layout["sms_left_of_payment"], true, "{layout}");
    assert_eq!(layout["sms_first_limit"], true, "{layout}");
    assert_eq!(layout["limits_top"], true, "{layout}");
    assert_eq!(layout["last_section"], "bu-addons", "{layout}");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn labels_say_what_the_seeds_say() {
    let h = page_in("enterprise-annual-commit", "en").await;
    // Seed 001: "Commit Annually, Pay Monthly".
    assert_eq!(
        h.text_of(".bu-overview__cycle").await,
        "Commit Annually, Pay Monthly"
    );
    h.close().await;
    let h = page_in("pro-annual", "it").await;
    // Seed 000: "report personalizzato".
    assert_eq!(
        h.text_of("[data-addon=custom_reports] .bu-addon__name")
            .await,
        "Report personalizzato"
    );
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_paused_account_is_told_its_cancellation_takes_effect_now() {
    let h = page_in("paused", "en").await;
    h.click(".bu-overview__edit-payment").await;
    h.click(".bu-payment__cancel-account").await;
    h.text_of(".bu-wizard").await;
    h.click_nth(".bu-wizard__reason", 0).await;
    h.click(".bu-wizard__continue").await;
    h.wait_text(".bu-wizard__heading", "Before you go").await;
    h.click(".bu-wizard__continue").await;
    h.wait_text(".bu-wizard__heading", "Keep your data").await;
    let access = h.text_of(".bu-wizard__access").await;
    assert!(access.contains("closes as soon as you confirm"), "{access}");
    h.click(".bu-wizard__continue").await;
    for n in 0..4 {
        h.click_nth(".bu-wizard__consent", n).await;
    }
    h.click(".bu-wizard__continue").await;
    h.wait_text(".bu-wizard__heading", "Confirm cancellation")
        .await;
    let text = h.text_of(".bu-wizard__confirm-text").await;
    assert!(text.contains("as soon as you confirm"), "{text}");
    assert!(!text.contains("end of your billing period"), "{text}");
    h.click(".bu-wizard__confirm").await;
    let done = h.text_of(".bu-wizard__done-text").await;
    assert!(done.starts_with("Your account was cancelled on"), "{done}");
    assert_eq!(h.account().await["status"]["kind"], "cancelled");
    // Nothing to undo once closed, and nothing was charged.
    assert_eq!(
        h.js("return document.querySelector('.bu-wizard__undo') === null;")
            .await,
        true
    );
    assert!(h.order_charges().await.is_empty());
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_sms_pack_on_annual_billing_is_charged_for_the_months_left_in_the_term() {
    let h = page_in("pro-annual", "en").await;
    h.click(".bu-sms__edit").await;
    h.set_value(".bu-sms__pack", "sms_1000").await;
    // Seed 004 / DESIGN §3: annual accounts pay packs annually while credits renew
    // monthly. Annual period Apr 1 2026 → Apr 1 2027, now Nov 22 2026: the grants left are
    // Nov, Dec, Jan, Feb, Mar = 5 months × $10.00 = $50.00.
    let total = h
        .wait_text(".bu-sms__total", "5 months left in your annual term")
        .await;
    assert!(total.contains("$50.00"), "{total}");
    h.click(".bu-sms__continue").await;
    assert_eq!(h.text_of(".bu-quote__charge-now").await, "$50.00");
    h.wait_enabled(".bu-checkout__confirm").await;
    h.click(".bu-checkout__confirm").await;
    h.text_of(".bu-checkout__done").await;
    assert_eq!(h.order_charges().await, vec!["50.00".to_string()]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_automatic_contact_limit_raise_is_shown_with_its_charge_and_told_to_the_host() {
    let h = Harness::start("pro-annual").await;
    // Stored contacts pass the 10,000 limit with auto-upgrade on: the backend raises the
    // limit to the Pro tier that holds 12,000 (25,000) at once.
    let (status, body) = h
        .api(
            "POST",
            "/api/v1/_mock/usage",
            Some(serde_json::json!({"contacts": 12000})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // Prorated like a manual tier increase: annual $3,254.40 → $5,270.40 = $2,016.00 for
    // the 11,196,000 s left (Nov 22 10:00 → Apr 1) of 31,536,000 s (Apr 1 → Apr 1):
    // 2016.00 × 11,196,000 / 31,536,000 = 2016 × 311 / 876 = 715.7260… → $715.73.
    let entries: Vec<_> = h
        .ledger()
        .await
        .into_iter()
        .filter(|e| e["kind"] == "auto_upgrade")
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["amount"], "715.73");

    h.open("/billing/").await;
    h.text_of(".bu-plan-name").await;
    // The host listens before mounting, as a dashboard would.
    h.js("document.getElementById('billing-upgrade').remove();
          const el = document.createElement('div'); el.id = 'bu-test'; document.body.append(el);
          window.__raised = [];
          el.addEventListener('billing-upgrade:contact-limit-raised', e => window.__raised.push(e.detail));
          return import('/billing/billing-upgrade.js')
            .then(m => m.mount(el, {locale: 'en', apiBase: '/api', csrfToken: 'e2e'}))
            .then(handle => { window.__buHandle = handle; return true; });")
        .await;
    let shown = h.text_of("#bu-test .bu-auto-upgrade__raised").await;
    assert_eq!(
        shown,
        "Your contact limit was raised automatically to 25,000 on November 22, 2026, charged $715.73."
    );
    let told = h
        .wait_js("return window.__raised.length ? window.__raised : false;")
        .await;
    assert_eq!(told.as_array().map(Vec::len), Some(1), "{told}");
    assert_eq!(told[0]["to_contacts"], 25000);
    assert_eq!(told[0]["charged"]["amount"], "715.73");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_conversations_trial_offers_buy_now_then_purchase_once_it_ended() {
    let h = page_in("conversations-trial", "en").await;
    // Seed 002: during the trial (20 free seats until Nov 29), **Buy now**.
    assert_eq!(h.text(".bu-seats__update").await, "Buy now");
    let note = h.text(".bu-seats__delta").await;
    assert!(note.contains("trial ends on November 29, 2026"), "{note}");
    h.close().await;

    let h = Harness::start("conversations-trial").await;
    let (status, body) = h
        .api(
            "POST",
            "/api/v1/_mock/clock",
            Some(serde_json::json!({"now": "2026-11-30T10:00:00Z"})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["account"]["seats"]["purchased"], 0, "trial seats gone");
    h.open("/billing/").await;
    h.text_of(".bu-plan-name").await;
    // After it ended: the seats are gone, the section says so and shows **Purchase**.
    assert_eq!(h.text(".bu-seats__update").await, "Purchase");
    let note = h.text(".bu-seats__delta").await;
    assert!(note.contains("trial ended on November 29, 2026"), "{note}");
    assert!(
        h.is_disabled(".bu-seats__update").await,
        "choose a count first"
    );
    h.set_value(".bu-seats__number", "3").await;
    h.wait_enabled(".bu-seats__update").await;
    h.click(".bu-seats__update").await;
    // 3 seats × $19.00 = $57.00 a month, for the 223,200 s left (Nov 30 10:00 → Dec 3)
    // of the 2,592,000 s period (Nov 3 → Dec 3): 57 × 223,200 / 2,592,000 = 4.9083… → $4.91.
    assert_eq!(h.text_of(".bu-quote__charge-now").await, "$4.91");
    h.wait_enabled(".bu-checkout__confirm").await;
    h.click(".bu-checkout__confirm").await;
    h.text_of(".bu-checkout__done").await;
    assert_eq!(h.order_charges().await, vec!["4.91".to_string()]);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_account_that_never_had_seats_offers_buy_now() {
    let h = page_in("starter-monthly", "en").await;
    assert_eq!(h.text(".bu-seats__update").await, "Buy now");
    h.close().await;
}
