//! Issue 13: the card form. Cards are typed into the reference provider's hosted fields —
//! a cross-origin iframe (the mock's second port) — through WebDriver frame switching;
//! the page only ever holds a token. Declines, 3-D Secure on an upgrade, a card added in
//! the middle of a checkout (also embedded in the example host under the strict CSP), and
//! the proof that the card number is in no request and no DOM the page can read.

use e2e::{Harness, TestCard};
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::{json, Value};

/// The standalone page with the reference provider (index.html's data-provider-config).
async fn page(scenario: &str) -> Harness {
    let h = Harness::start(scenario).await;
    h.open("/billing/").await;
    h.text(".bu-plan-name").await;
    h
}

/// The mock's world with no card on file.
async fn remove_card(h: &Harness) {
    let (_, records) = h.api("GET", "/api/v1/_mock/records", None).await;
    let mut world = records["world"].clone();
    world["account"]["payment_method"] = Value::Null;
    let (status, body) = h
        .api(
            "POST",
            "/api/v1/_mock/reset",
            Some(json!({ "state": world })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

async fn saved_card(h: &Harness) -> Value {
    h.account().await["payment_method"].clone()
}

async fn add_card(h: &Harness, card: TestCard) {
    h.click(".bu-overview__edit-payment").await;
    h.type_card(card).await;
    h.wait_enabled(".bu-payment__save").await;
    h.click(".bu-payment__save").await;
}

/// The standalone page reads the reference provider (its module and `/provider.json`) only
/// when the page is up or the card form needs it: one it cannot read makes the card form
/// say so, and its retry reads the provider again.
#[tokio::test(flavor = "multi_thread")]
async fn a_provider_that_cannot_be_read_is_said_and_read_again_on_retry() {
    let h = Harness::start("pro-monthly").await;
    h.cdp("Network.enable", json!({})).await;
    h.cdp(
        "Network.setBlockedURLs",
        json!({ "urls": ["*/provider.json*"] }),
    )
    .await;
    h.open("/billing/").await;
    h.text(".bu-plan-name").await;
    h.click(".bu-overview__edit-payment").await;
    assert_eq!(
        h.text(".bu-card-entry__failed p").await,
        "The secure card form could not be loaded."
    );
    h.cdp("Network.setBlockedURLs", json!({ "urls": [] })).await;
    h.click(".bu-card-entry__retry").await;
    assert_eq!(
        h.card_frame_text("label[for=rp-number]").await,
        "Card number"
    );
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_card_is_added_through_the_providers_frame_then_replaced() {
    let h = page("pro-monthly").await;
    add_card(&h, TestCard::VISA).await;
    h.text(".bu-payment__saved").await;
    assert_eq!(
        saved_card(&h).await,
        json!({ "brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2030 })
    );
    h.wait_text(
        ".bu-payment__current",
        "Visa ending in 4242, expires 12/2030",
    )
    .await;
    h.click(".bu-modal .bu-button--secondary").await;
    h.wait_gone("[role=dialog]").await;
    h.wait_text(".bu-overview__payment", "4242").await;

    // Replace it: a fresh form each time the dialog opens.
    add_card(&h, TestCard::MASTERCARD).await;
    h.text(".bu-payment__saved").await;
    assert_eq!(saved_card(&h).await["last4"], "4444");
    h.wait_text(".bu-overview__payment", "Mastercard ending in 4444")
        .await;
    assert!(h.ledger().await.is_empty(), "saving a card charges nothing");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_declined_card_says_why_and_nothing_is_saved() {
    let h = page("pro-monthly").await;
    let before = saved_card(&h).await;
    add_card(&h, TestCard::DECLINED).await;
    let error = h.wait_text(".bu-card-entry__error", "declined").await;
    assert!(error.contains("without giving a reason"), "{error}");
    assert_eq!(saved_card(&h).await, before);
    assert!(h
        .js("return !R.querySelector('.bu-payment__saved')")
        .await
        .as_bool()
        .unwrap());
    // The dialog stays, with its other way out.
    assert!(h.text("[role=dialog]").await.contains("Cancel my account"));
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn in_italian_insufficient_funds_is_said_as_a_person_would() {
    let h = Harness::mounted("pro-monthly", "it").await;
    let before = saved_card(&h).await;
    add_card(&h, TestCard::NO_FUNDS).await;
    let error = h.wait_text(".bu-card-entry__error", "fondi").await;
    assert!(error.contains("i fondi non sono sufficienti"), "{error}");
    assert_eq!(saved_card(&h).await, before);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mistyped_number_is_flagged_in_the_frame_and_never_leaves_it() {
    let h = page("pro-monthly").await;
    let before = saved_card(&h).await;
    add_card(&h, TestCard::new("4242 4242 4242 4241")).await;
    h.wait_text(".bu-card-entry__error", "Check the card details")
        .await;
    let field_error = h.card_frame_text("#rp-number-error").await;
    assert_eq!(field_error, "This card number is not valid.");
    assert_eq!(h.card_frame_text("#rp-brand").await.to_lowercase(), "visa");
    assert_eq!(saved_card(&h).await, before);
    h.close().await;
}

/// Saves the 3-D Secure card, opens the Enterprise upgrade and confirms it: the bank's
/// challenge opens inside the checkout dialog.
async fn upgrade_to_challenge(h: &Harness) {
    add_card(h, TestCard::THREE_D_SECURE).await;
    h.text(".bu-payment__saved").await;
    h.click(".bu-modal .bu-button--secondary").await;
    h.wait_gone("[role=dialog]").await;
    h.click("[data-plan=enterprise] .bu-plan__upgrade").await;
    h.wait_enabled(".bu-checkout__confirm").await;
    h.click(".bu-checkout__confirm").await;
    h.text(".bu-checkout__challenge-text").await;
    assert!(
        h.ledger().await.is_empty(),
        "nothing charged before the challenge"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn three_d_secure_completed_charges_exactly_once() {
    let h = page("pro-monthly").await;
    upgrade_to_challenge(&h).await;
    h.answer_challenge(true).await;
    h.text(".bu-checkout__done").await;
    let ledger = h.ledger().await;
    assert_eq!(ledger.len(), 1, "{ledger:#?}");
    assert_eq!(h.account().await["plan"], "enterprise");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn three_d_secure_failed_charges_nothing_and_says_so() {
    let h = page("pro-monthly").await;
    upgrade_to_challenge(&h).await;
    h.answer_challenge(false).await;
    let notice = h
        .wait_text(".bu-checkout__notice", "nothing was charged")
        .await;
    assert!(notice.contains("not confirmed"), "{notice}");
    assert!(h.ledger().await.is_empty());
    assert_eq!(h.account().await["plan"], "pro");
    // Leaving a second challenge (Cancel) charges nothing either.
    h.wait_enabled(".bu-checkout__confirm").await;
    h.click(".bu-checkout__confirm").await;
    h.text(".bu-checkout__challenge-text").await;
    h.click(".bu-checkout__challenge-cancel").await;
    h.wait_text(".bu-checkout__notice", "nothing was charged")
        .await;
    assert!(h.ledger().await.is_empty());
    h.close().await;
}

/// With no card on file, an upgrade's confirm opens the card form inside the checkout
/// dialog; saving the card goes on with the same quote to one charge.
async fn checkout_adds_a_card_and_charges_once(h: &Harness) {
    h.click("[data-plan=enterprise] .bu-plan__upgrade").await;
    let shown = h.text(".bu-quote__charge-now").await;
    h.wait_enabled(".bu-checkout__confirm").await;
    h.click(".bu-checkout__confirm").await;
    h.wait_text(".bu-checkout__card-why", "Add a card").await;
    h.type_card(TestCard::VISA).await;
    h.wait_enabled(".bu-checkout__card-pay").await;
    h.click(".bu-checkout__card-pay").await;
    h.text(".bu-checkout__done").await;
    let charged = h.text(".bu-checkout__charged").await;
    assert!(charged.contains(&shown), "charged {charged}, shown {shown}");
    let ledger = h.ledger().await;
    assert_eq!(ledger.len(), 1, "{ledger:#?}");
    let (_, orders) = h.api("GET", "/api/v1/_mock/records", None).await;
    assert_eq!(orders["ledger"][0]["order_id"], ledger[0]["order_id"]);
    assert_eq!(saved_card(h).await["last4"], "4242");
    assert_eq!(h.account().await["plan"], "enterprise");
}

#[tokio::test(flavor = "multi_thread")]
async fn checkout_with_no_card_on_file_adds_one_and_goes_on_to_one_charge() {
    let h = page("pro-monthly").await;
    remove_card(&h).await;
    h.open("/billing/").await;
    h.wait_text(".bu-overview__payment", "No card").await;
    checkout_adds_a_card_and_charges_once(&h).await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn embedded_in_the_host_under_the_strict_csp_the_same_checkout_works() {
    let h = Harness::start("pro-monthly").await;
    remove_card(&h).await;
    h.open("/dashboard/").await;
    h.wait_text(".bu-overview__payment", "No card").await;
    // The host sets the adapter after the element mounted: it remounts with it.
    h.wait_js("return !!document.querySelector('billing-upgrade').paymentProvider")
        .await;
    h.wait_text(".bu-overview__payment", "No card").await;
    checkout_adds_a_card_and_charges_once(&h).await;
    let event = h.host_event("plan-changed").await;
    assert_eq!(event["plan"], "enterprise");
    let violations = h.js("return window.__buCspViolations").await;
    assert_eq!(violations, json!([]), "CSP violations");
    // The browser logs the order's 402 (the answer that opened the card form) as a failed
    // resource; nothing else may be logged.
    let errors: Vec<String> = h
        .console_errors()
        .await
        .into_iter()
        .filter(|e| !(e.contains("/api/v1/orders") && e.contains("402")))
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn embedded_in_the_host_3_d_secure_completes_to_one_charge_and_failing_charges_none() {
    let h = Harness::start("pro-monthly").await;
    h.open("/dashboard/").await;
    h.wait_js("return !!document.querySelector('billing-upgrade').paymentProvider")
        .await;
    h.text(".bu-plan-name").await;
    // Failed first: the bank's challenge inside the element's checkout dialog, nothing
    // charged; then the same upgrade completed: one charge, the host told.
    upgrade_to_challenge(&h).await;
    h.answer_challenge(false).await;
    h.wait_text(".bu-checkout__notice", "nothing was charged")
        .await;
    assert!(h.ledger().await.is_empty());
    h.wait_enabled(".bu-checkout__confirm").await;
    h.click(".bu-checkout__confirm").await;
    h.text(".bu-checkout__challenge-text").await;
    h.answer_challenge(true).await;
    h.text(".bu-checkout__done").await;
    let ledger = h.ledger().await;
    assert_eq!(ledger.len(), 1, "{ledger:#?}");
    assert_eq!(h.account().await["plan"], "enterprise");
    assert_eq!(h.host_event("plan-changed").await["plan"], "enterprise");
    let violations = h.js("return window.__buCspViolations").await;
    assert_eq!(violations, json!([]), "CSP violations");
    h.close().await;
}

/// Esc is pressed in the provider's document, which the page cannot hear: the reference
/// adapter passes it on, and the dialog closes as on Esc anywhere else in it.
#[tokio::test(flavor = "multi_thread")]
async fn esc_pressed_inside_the_providers_frames_closes_their_dialog() {
    let h = page("pro-monthly").await;
    // The card fields in the payment dialog.
    h.click(".bu-overview__edit-payment").await;
    h.wait_js(
        "const f = R.querySelector('.bu-card-entry__frame iframe'); \
         return !!f && !R.querySelector('.bu-card-entry__loading');",
    )
    .await;
    h.enter_frame(".bu-card-entry__frame iframe").await;
    let number = h
        .browser
        .find(Locator::Css("#rp-number"))
        .await
        .expect("the number field");
    number
        .send_keys(&Key::Escape.to_string())
        .await
        .expect("Esc");
    h.leave_frame().await;
    h.wait_gone(".bu-modal").await;
    // The bank's challenge inside the checkout dialog: Esc there abandons it, charging
    // nothing.
    upgrade_to_challenge(&h).await;
    h.enter_frame(".bu-checkout__challenge-frame iframe").await;
    let complete = h
        .browser
        .wait()
        .at_most(std::time::Duration::from_secs(20))
        .for_element(Locator::Css("#rp-complete"))
        .await
        .expect("the challenge's buttons");
    complete
        .send_keys(&Key::Escape.to_string())
        .await
        .expect("Esc");
    h.leave_frame().await;
    h.wait_gone(".bu-modal").await;
    assert!(h.ledger().await.is_empty());
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_card_number_is_in_no_request_and_no_dom_the_page_can_read() {
    let h = page("pro-monthly").await;
    // Record every request the page makes (fetch and XHR, URL and body) and every message
    // its window receives, from before the card form opens.
    h.js("window.__seen = [];
          const fetch0 = window.fetch;
          window.fetch = function (input, init) {
            const url = typeof input === 'string' ? input : input.url;
            const body = init && init.body ? String(init.body) : '';
            const record = (b) => window.__seen.push(url + ' ' + b);
            if (input instanceof Request) input.clone().text().then(record); else record(body);
            return fetch0.apply(this, arguments);
          };
          const send0 = XMLHttpRequest.prototype.send;
          XMLHttpRequest.prototype.send = function (b) { window.__seen.push('xhr ' + String(b)); return send0.apply(this, arguments); };
          window.addEventListener('message', (e) => window.__seen.push('message ' + JSON.stringify(e.data)), true);
          return true;")
        .await;
    add_card(&h, TestCard::VISA).await;
    h.text(".bu-payment__saved").await;
    let seen = h.js("return window.__seen").await;
    let seen = seen.as_array().cloned().unwrap_or_default();
    assert!(
        seen.iter().any(|s| s
            .as_str()
            .is_some_and(|s| s.contains("/api/v1/payment-method") && s.contains("tok_ref_"))),
        "the recorder saw the save: {seen:#?}"
    );
    for entry in &seen {
        let text = entry.as_str().unwrap_or_default();
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        assert!(
            !digits.contains("4242424242424242"),
            "card number in {text}"
        );
        assert!(!text.contains("4242 4242"), "card number in {text}");
    }
    // Everything the page can read: its markup, every open shadow root, every input's
    // value; the provider's document is not even reachable (cross-origin).
    let dom = h
        .js("const parts = [document.documentElement.outerHTML];
             const walk = (root) => root.querySelectorAll('*').forEach((el) => {
               if ('value' in el) parts.push(String(el.value));
               if (el.shadowRoot) { parts.push(el.shadowRoot.innerHTML); walk(el.shadowRoot); }
             });
             walk(document);
             const frame = R.querySelector('.bu-card-entry__frame iframe');
             let reachable = true;
             try { reachable = !!frame.contentDocument; } catch (e) { reachable = false; }
             return { text: parts.join('\\n'), frame: !!frame, reachable };")
        .await;
    assert_eq!(dom["frame"], true, "the provider's frame is on the page");
    assert_eq!(
        dom["reachable"], false,
        "the provider's document is cross-origin"
    );
    let text = dom["text"].as_str().unwrap_or_default();
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    assert!(
        !digits.contains("4242424242424242"),
        "card number in the page's DOM"
    );
    assert!(!text.contains("4242 4242"), "card number in the page's DOM");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_an_adapter_the_dialog_says_so_and_has_no_token_box() {
    let h = Harness::start("pro-monthly").await;
    h.open("/billing/").await;
    h.text(".bu-plan-name").await;
    // Mount again with no provider.
    h.js("document.getElementById('billing-upgrade').remove();
          const el = document.createElement('div'); el.id = 'bu-bare'; document.body.append(el);
          return import('/billing/billing-upgrade.js').then(m => m.mount(el, {apiBase: '/api', csrfToken: 'e2e'})).then(() => true);")
        .await;
    h.text("#bu-bare .bu-plan-name").await;
    h.click("#bu-bare .bu-overview__edit-payment").await;
    let message = h.text(".bu-card-entry__missing").await;
    assert!(message.contains("payment provider is missing"), "{message}");
    assert!(h.is_disabled(".bu-payment__save").await);
    let inputs = h
        .js("return R.querySelectorAll('[role=dialog] input').length")
        .await;
    assert_eq!(inputs, 0, "no text box for tokens");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_adapter_hears_only_its_frame_at_the_providers_origin() {
    let h = page("pro-monthly").await;
    // A script on the page forges the fields' answer while a real tokenize is out: the
    // adapter must take the frame's answer (the fields are empty: a validation error),
    // never the forged token.
    let result = h
        .browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             (async () => {
               const { referenceProviderFromConfig } = await import('/billing/reference-provider.js');
               const provider = await referenceProviderFromConfig('/provider.json');
               const box = document.createElement('div');
               document.body.append(box);
               await provider.mount(box, { locale: 'en' });
               const answer = provider.tokenize();
               window.postMessage({ type: 'bu-provider:tokenized', id: 1,
                 result: { token: 'tok_forged', card: { brand: 'visa', last4: '0000', exp_month: 1, exp_year: 2030 } } }, '*');
               const result = await answer;
               await provider.unmount();
               return result;
             })().then(done, (e) => done({ thrown: String(e) }));",
            vec![],
        )
        .await
        .expect("the script answers");
    assert_eq!(result["error"]["code"], "validation_error", "{result}");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_fields_obey_only_their_parent_window() {
    let h = page("pro-monthly").await;
    let origin = h.provider_origin();
    // The card fields in a frame of this page (their `parent`), and a second window of the
    // same origin beside them (an about:blank frame).
    let ready = h
        .browser
        .execute_async(
            &format!(
                "const done = arguments[arguments.length - 1];
                 const fields = document.createElement('iframe');
                 fields.src = '{origin}/fields.html?parent=' + encodeURIComponent(location.origin);
                 const other = document.createElement('iframe');
                 other.className = 'bu-test-other';
                 window.__answers = [];
                 window.__fields = fields;
                 window.addEventListener('message', (e) => {{
                   if (e.source !== fields.contentWindow) return;
                   if (e.data.type === 'bu-provider:tokenized') window.__answers.push(e.data.id);
                   if (e.data.type === 'bu-provider:ready') done(true);
                 }});
                 document.body.append(fields, other);"
            ),
            vec![],
        )
        .await
        .expect("the fields load");
    assert_eq!(ready, true);
    // A tokenize from the other window (same origin, not the parent): ignored.
    h.enter_frame("iframe.bu-test-other").await;
    h.browser
        .execute(
            &format!(
                "parent.__fields.contentWindow.postMessage(\
                 {{ type: 'bu-provider:tokenize', id: 1 }}, '{origin}');"
            ),
            vec![],
        )
        .await
        .expect("posted from the other window");
    h.leave_frame().await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    // The same from the parent: answered (the fields are empty: a validation error).
    h.js(&format!(
        "window.__fields.contentWindow.postMessage({{ type: 'bu-provider:tokenize', id: 2 }}, '{origin}');"
    ))
    .await;
    let answers = h
        .wait_js("return window.__answers.length ? window.__answers : null")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(answers, serde_json::json!([2]), "{answers}");
    assert_eq!(
        h.js("return window.__answers").await,
        serde_json::json!([2])
    );
    h.close().await;
}
