//! Accessibility as a gate (issue 12): axe-core (npm, installed by `cargo xtask setup`,
//! passed as `BU_AXE`) runs in headless Chromium over every state of the page — the
//! overview of every mock scenario, every dialog, every cancellation wizard step — in both
//! locales, embedded (the example host's `<billing-upgrade>`, shadow DOM) and standalone
//! (the loader's `mount` into the document), with 0 violations allowed for the WCAG 2.0,
//! 2.1 and 2.2 A/AA rules (every rule with those tags, experimental ones included). The script goes in through WebDriver `execute`, which the
//! page's strict CSP does not apply to.
//!
//! One browser session per mode and locale; the mock is reset between states.

use std::time::{Duration, Instant};

use e2e::{Harness, TestCard};
use serde_json::{json, Value};

/// The axe tags that must pass.
const TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// axe-core's source: `BU_AXE`, else where `cargo xtask setup` installs it.
fn axe_source() -> String {
    let path = std::env::var("BU_AXE").unwrap_or_else(|_| {
        let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
        format!("{home}/.local/share/billing-upgrade/npm/node_modules/axe-core/axe.min.js")
    });
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("cannot read axe-core at {path}: {e} — run `cargo xtask test` (it installs it)")
    })
}

/// How the page is shown.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    /// The example host at /dashboard/ with `<billing-upgrade locale=…>`.
    Embedded,
    /// /billing/, remounted in the locale through the loader's `mount` into the document.
    Standalone,
}

/// One browser session: a mode, a locale, and every violation found so far.
struct Audit {
    h: Harness,
    mode: Mode,
    locale: &'static str,
    axe: String,
    states: usize,
    violations: Vec<String>,
}

impl Audit {
    async fn start(mode: Mode, locale: &'static str) -> Audit {
        let h = Harness::start("pro-monthly").await;
        Audit {
            h,
            mode,
            locale,
            axe: axe_source(),
            states: 0,
            violations: Vec::new(),
        }
    }

    /// Resets the mock to `scenario` and loads the page afresh.
    async fn load(&self, scenario: &str) {
        let (status, body) = self
            .h
            .api(
                "POST",
                "/api/v1/_mock/reset",
                Some(json!({ "scenario": scenario })),
            )
            .await;
        assert_eq!(status, 200, "reset to {scenario}: {body}");
        self.open_page().await;
    }

    /// Resets the mock to `scenario` with no card on file and loads the page afresh.
    async fn load_without_card(&self, scenario: &str) {
        self.load(scenario).await;
        let (_, records) = self.h.api("GET", "/api/v1/_mock/records", None).await;
        let mut world = records["world"].clone();
        world["account"]["payment_method"] = Value::Null;
        let (status, body) = self
            .h
            .api(
                "POST",
                "/api/v1/_mock/reset",
                Some(json!({ "state": world })),
            )
            .await;
        assert_eq!(status, 200, "reset without a card: {body}");
        self.open_page().await;
    }

    /// Opens the page in the mode and locale, with the reference payment provider.
    async fn open_page(&self) {
        match self.mode {
            Mode::Embedded => {
                self.h.open("/dashboard/").await;
                self.h
                    .js(&format!(
                        "document.querySelector('billing-upgrade').setAttribute('locale', '{}'); return true;",
                        self.locale
                    ))
                    .await;
            }
            Mode::Standalone => {
                self.h.open("/billing/").await;
                self.h.text(".bu-page__title").await;
                self.h
                    .js(&format!(
                        "document.getElementById('billing-upgrade').remove();
                         const el = document.createElement('div'); el.id = 'billing-upgrade';
                         document.body.append(el);
                         return Promise.all([import('/billing/billing-upgrade.js'), import('/billing/reference-provider.js')])
                           .then(([m, p]) => p.referenceProviderFromConfig('/provider.json')
                             .then(paymentProvider => m.mount(el, {{locale: '{}', apiBase: '/api', csrfToken: 'e2e', paymentProvider}})))
                           .then(handle => {{ window.__buHandle = handle; return true; }});",
                        self.locale
                    ))
                    .await;
            }
        }
        // Loaded in the wanted language: the page's `lang` says so and the sections are in.
        self.h
            .wait_js(&format!(
                "const p = R.querySelector('.bu-page'); \
                 return !!p && p.lang === '{}' && !!R.querySelector('.bu-page__title') \
                   && !R.querySelector('.bu-loading');",
                self.locale
            ))
            .await;
        self.settle().await;
    }

    /// Lets transitions and pending requests finish before a scan.
    async fn settle(&self) {
        tokio::time::sleep(Duration::from_millis(150)).await;
    }

    /// Runs axe over the whole document (shadow roots included) and records violations
    /// under `state`.
    async fn check(&mut self, state: &str) {
        self.settle().await;
        let loaded = self
            .h
            .browser
            .execute(
                &format!(
                    "if (!window.axe) {{ {}\n; if (typeof axe !== 'undefined') window.axe = axe; }} return !!window.axe;",
                    self.axe
                ),
                vec![],
            )
            .await
            .expect("axe-core injected");
        assert_eq!(loaded, json!(true), "axe-core did not load");
        let result = self
            .h
            .browser
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 // Every rule with one of the tags, the experimental ones too (a tag alone
                 // leaves those out, label-content-name-mismatch among them).
                 const rules = axe.getRules(arguments[0]).map(r => r.ruleId);
                 // The payment provider's frame is another origin axe cannot enter (its
                 // pages are scanned on their own: the_reference_providers_pages…).
                 axe.run(document, {
                   iframes: false,
                   runOnly: { type: 'rule', values: rules },
                   resultTypes: ['violations'],
                 }).then(r => done(r.violations.map(v => ({
                   id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.map(n => ({ target: n.target, summary: n.failureSummary })),
                 })))).catch(e => done({ error: String(e) }));",
                vec![json!(TAGS)],
            )
            .await
            .expect("axe.run answered");
        if let Some(error) = result.get("error") {
            panic!("axe.run failed in {state}: {error}");
        }
        self.states += 1;
        for v in result.as_array().into_iter().flatten() {
            self.violations.push(format_violation(
                &format!("{:?}/{}: {state}", self.mode, self.locale),
                v,
            ));
        }
    }

    async fn click(&self, css: &str) {
        self.h.click(css).await;
    }

    /// Closes the open dialog with its × and waits until it is gone.
    async fn close_dialog(&self) {
        self.h.click(".bu-modal__close").await;
        self.h.wait_gone(".bu-modal").await;
    }

    async fn fault(&self, method: &str, path: &str, count: u32, fault: Value) {
        self.h.fault(method, path, count, fault).await;
    }
}

/// "rule (impact): help\n    target — failure summary" for each node.
fn format_violation(state: &str, v: &Value) -> String {
    let mut text = format!(
        "[{state}] {} ({}): {}",
        v["id"].as_str().unwrap_or("?"),
        v["impact"].as_str().unwrap_or("?"),
        v["help"].as_str().unwrap_or("?")
    );
    for node in v["nodes"].as_array().into_iter().flatten() {
        let summary = node["summary"]
            .as_str()
            .unwrap_or_default()
            .replace('\n', " ");
        text.push_str(&format!("\n    {} — {summary}", node["target"]));
    }
    text
}

/// Every scenario's overview.
async fn overviews(a: &mut Audit) {
    let names = mock_api::scenario_names().expect("scenario names");
    assert!(names.len() >= 10, "scenarios: {names:?}");
    for name in names {
        a.load(&name).await;
        a.check(&format!("overview of {name}")).await;
    }
}

/// Every dialog of the page on pro-monthly (billing-viewer for SMS), with their states:
/// preview, a failed order, done; errors; every wizard step and its end.
async fn dialogs(a: &mut Audit) {
    a.load("pro-monthly").await;

    // Plan upgrade → checkout: preview, a refused order (its error), then done.
    a.click("[data-plan=enterprise] .bu-plan__upgrade").await;
    a.h.wait_enabled(".bu-checkout__confirm").await;
    a.check("upgrade dialog").await;
    a.fault("POST", "/api/v1/orders", 1, json!({"kind": "conflict"}))
        .await;
    a.click(".bu-checkout__confirm").await;
    a.h.text(".bu-checkout__error").await;
    a.check("upgrade dialog, order failed").await;
    a.close_dialog().await;
    a.click("[data-plan=enterprise] .bu-plan__upgrade").await;
    a.h.wait_enabled(".bu-checkout__confirm").await;
    a.click(".bu-checkout__confirm").await;
    a.h.text(".bu-checkout__done").await;
    a.check("upgrade dialog, done").await;
    a.click(".bu-checkout__close").await;
    a.h.wait_gone(".bu-modal").await;
    a.load("pro-monthly").await;

    // Limits, add-ons, switch cycle, auto-upgrade, support request.
    a.click(".bu-limit--contacts .bu-limit__edit").await;
    a.h.text(".bu-limit-dialog__select").await;
    a.check("limits dialog, unchanged").await;
    a.h.set_value(".bu-limit-dialog__select", "10000").await;
    a.h.wait_enabled(".bu-checkout__confirm").await;
    a.check("limits dialog").await;
    a.h.set_value(".bu-limit-dialog__select", "2500").await;
    a.h.text(".bu-checkout__support").await;
    a.check("limits dialog, lower (support path)").await;
    a.close_dialog().await;

    a.click("[data-addon=custom_reports] .bu-addon__add").await;
    a.h.wait_enabled(".bu-checkout__confirm").await;
    a.check("add-on dialog").await;
    a.close_dialog().await;

    a.click(".bu-overview__switch-cycle").await;
    a.h.wait_enabled(".bu-checkout__confirm").await;
    a.check("switch cycle dialog").await;
    a.close_dialog().await;

    a.click(".bu-auto-upgrade__edit").await;
    a.click(".bu-auto-upgrade__switch").await;
    a.check("auto-upgrade dialog").await;
    a.close_dialog().await;

    a.click("[data-plan=starter] .bu-plan__downgrade").await;
    a.h.text(".bu-support__send").await;
    a.check("support request dialog").await;
    // Three 500s: the first attempt and the client's two retries (the request carries an
    // Idempotency-Key, so the page retries it by itself).
    a.fault(
        "POST",
        "/api/v1/support-requests",
        3,
        json!({"kind": "internal_error"}),
    )
    .await;
    a.click(".bu-support__send").await;
    a.h.text("[role=dialog] .bu-field-error").await;
    a.check("support request dialog, failed").await;
    a.click(".bu-support__send").await;
    a.h.text(".bu-support__sent").await;
    a.check("support request dialog, sent").await;
    a.close_dialog().await;

    // Seats: the panel's error, then the dialog.
    a.h.set_value(".bu-seats__number", "4.5").await;
    a.h.text(".bu-seats__error").await;
    a.check("seats panel, decimal refused").await;
    a.h.set_value(".bu-seats__number", "7").await;
    a.click(".bu-seats__update").await;
    a.h.wait_enabled(".bu-checkout__confirm").await;
    a.check("seats dialog").await;
    a.close_dialog().await;

    // Payment method: the provider's form loading, shown, then a declined card.
    a.click(".bu-overview__edit-payment").await;
    a.h.text(".bu-card-entry").await;
    a.check("payment method dialog").await;
    a.h.type_card(TestCard::DECLINED).await;
    a.click(".bu-payment__save").await;
    let declined = if a.locale == "it" {
        "rifiutato"
    } else {
        "declined"
    };
    a.h.wait_text(".bu-card-entry__error", declined).await;
    a.check("payment method dialog, declined").await;

    // The cancellation wizard, every step, then confirmed.
    a.click(".bu-payment__cancel-account").await;
    a.h.text(".bu-wizard__body--survey").await;
    a.check("wizard: survey").await;
    a.h.click_nth(".bu-wizard__reason", 0).await;
    a.click(".bu-wizard__continue").await;
    a.h.text(".bu-wizard__body--offers").await;
    a.check("wizard: offers").await;
    a.click(".bu-wizard__continue").await;
    a.h.text(".bu-wizard__body--data").await;
    a.check("wizard: keep your data").await;
    a.click(".bu-wizard__continue").await;
    a.h.text(".bu-wizard__body--consent").await;
    a.check("wizard: consent").await;
    for n in 0..4 {
        a.h.click_nth(".bu-wizard__consent", n).await;
    }
    a.click(".bu-wizard__continue").await;
    a.h.text(".bu-wizard__body--confirm").await;
    a.check("wizard: confirm").await;
    a.click(".bu-wizard__confirm").await;
    a.h.text(".bu-wizard__done").await;
    a.check("wizard: done (cancelled)").await;
    a.close_dialog().await;

    // Pause: the offer, then paused.
    a.load("pro-monthly").await;
    a.click(".bu-pause__open").await;
    a.h.text(".bu-pause-confirm__button").await;
    a.check("pause dialog").await;
    a.click(".bu-pause-confirm__button").await;
    a.h.text(".bu-pause__done").await;
    a.check("pause dialog, done").await;
    a.close_dialog().await;

    // SMS packs (billing-viewer has the SMS add-on): the pack step, the confirm step, the
    // countries table.
    a.load("billing-viewer").await;
    a.click(".bu-sms__edit").await;
    a.h.text(".bu-sms__pack").await;
    a.check("SMS credits dialog: pack").await;
    a.click(".bu-sms__continue").await;
    a.h.wait_enabled(".bu-checkout__confirm").await;
    a.check("SMS credits dialog: confirm").await;
    a.close_dialog().await;
    a.click(".bu-sms__countries").await;
    a.h.text("[data-country=GB]").await;
    a.check("SMS countries dialog").await;
    a.close_dialog().await;

    // The trial's and the resold account's cancellation explanations.
    for scenario in ["trial", "resold"] {
        a.load(scenario).await;
        let enabled =
            "const b = R.querySelector('.bu-overview__edit-payment'); return !!b && !b.disabled;";
        if a.h.js(enabled).await != json!(true) {
            continue;
        }
        a.click(".bu-overview__edit-payment").await;
        a.h.text(".bu-modal").await;
        a.check(&format!("payment method dialog ({scenario})"))
            .await;
        if a.h
            .js("const b = R.querySelector('.bu-payment__cancel-account'); return !!b && !b.disabled;")
            .await
            == json!(true)
        {
            a.click(".bu-payment__cancel-account").await;
            a.h.text(".bu-modal").await;
            a.check(&format!("cancel dialog ({scenario})")).await;
        }
        a.close_dialog().await;
    }
}

/// A checkout that needs a card: the card form inside the checkout dialog, then the 3-D
/// Secure card's bank challenge there.
async fn card_in_checkout(a: &mut Audit) {
    a.load_without_card("pro-monthly").await;
    a.click("[data-plan=enterprise] .bu-plan__upgrade").await;
    a.h.wait_enabled(".bu-checkout__confirm").await;
    a.click(".bu-checkout__confirm").await;
    a.h.text(".bu-checkout__card-why").await;
    a.h.wait_js("return !!R.querySelector('.bu-card-entry__frame iframe') && !R.querySelector('.bu-card-entry__loading');")
        .await;
    a.check("checkout: card needed").await;
    a.h.type_card(TestCard::THREE_D_SECURE).await;
    a.click(".bu-checkout__card-pay").await;
    a.h.text(".bu-checkout__challenge-text").await;
    a.check("checkout: bank challenge").await;
    a.click(".bu-checkout__challenge-cancel").await;
    a.h.text(".bu-checkout__notice").await;
    a.check("checkout: not authenticated").await;
    a.close_dialog().await;
}

async fn audit(mode: Mode, locale: &'static str) {
    let started = Instant::now();
    let mut a = Audit::start(mode, locale).await;
    overviews(&mut a).await;
    dialogs(&mut a).await;
    card_in_checkout(&mut a).await;
    println!(
        "axe {:?}/{locale}: {} states scanned in {:.1} s, {} violations",
        mode,
        a.states,
        started.elapsed().as_secs_f64(),
        a.violations.len()
    );
    let violations = std::mem::take(&mut a.violations);
    a.h.close().await;
    assert!(
        violations.is_empty(),
        "{} accessibility violations ({}):\n{}",
        violations.len(),
        TAGS.join(", "),
        violations.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn no_axe_violation_standalone_in_english() {
    audit(Mode::Standalone, "en").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_axe_violation_standalone_in_italian() {
    audit(Mode::Standalone, "it").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_axe_violation_embedded_in_english() {
    audit(Mode::Embedded, "en").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_axe_violation_embedded_in_italian() {
    audit(Mode::Embedded, "it").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_reference_providers_pages_have_no_axe_violation() {
    let mut a = Audit::start(Mode::Standalone, "en").await;
    let provider = a.h.provider_origin();
    let page = a.h.base.clone();
    for locale in ["en", "it"] {
        for path in ["fields.html", "challenge.html?id=ch_0"] {
            let sep = if path.contains('?') { '&' } else { '?' };
            a.h.browser
                .goto(&format!(
                    "{provider}/{path}{sep}parent={page}&locale={locale}"
                ))
                .await
                .expect("provider page loads");
            a.h.wait_js("return document.readyState === 'complete' && !!document.querySelector('label, h1');")
                .await;
            a.check(&format!("provider {path} ({locale})")).await;
        }
    }
    let violations = std::mem::take(&mut a.violations);
    a.h.close().await;
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

/// The loading states (issue 14): the loader's skeleton while the wasm is held back (CDP
/// Fetch interception), its failure message when the wasm is blocked, and the page's own
/// loading state while the account's answer is slow — embedded, in both locales.
#[tokio::test(flavor = "multi_thread")]
async fn no_axe_violation_while_loading_or_failing_to_load() {
    let mut a = Audit::start(Mode::Embedded, "en").await;
    let wasm = json!({ "patterns": [{ "urlPattern": "*_bg.wasm*", "requestStage": "Request" }] });
    let sections = "return !!R.querySelector('.bu-seats__total')";
    for locale in ["en", "it"] {
        // The page's own loading state comes after the loader's: the account's answer
        // takes 6 s (the loader sends that read as the element connects, so the fault is
        // set first).
        a.fault(
            "GET",
            "/api/v1/account",
            1,
            json!({"kind": "slow", "delay_ms": 6000}),
        )
        .await;
        a.h.cdp("Fetch.enable", wasm.clone()).await;
        a.h.open("/dashboard/").await;
        a.h.js(&format!(
            "document.querySelector('billing-upgrade').setAttribute('locale', '{locale}')"
        ))
        .await;
        let lang =
            a.h.wait_js(&format!(
                "const s = R.querySelector('[data-bu-loader=loading]'); \
                 return s && s.lang === '{locale}' && s.lang"
            ))
            .await;
        assert_eq!(lang, locale);
        a.check(&format!("loader skeleton ({locale})")).await;
        // The page's own loading state: the wasm runs, the account's answer is not there.
        a.h.cdp("Fetch.disable", json!({})).await;
        a.h.wait_js("return !R.querySelector('[data-bu-loader]') && !!R.querySelector('.bu-skeleton__cards')")
            .await;
        a.check(&format!("page loading ({locale})")).await;
        a.h.wait_js(sections).await;
    }
    a.h.cdp("Network.enable", json!({})).await;
    a.h.cdp("Network.setBlockedURLs", json!({ "urls": ["*_bg.wasm*"] }))
        .await;
    a.h.open("/dashboard/").await;
    // Past "loading" (the glue's import of the chunk loader is one fetch more before the
    // blocked wasm fails).
    let settled = "const s = R.querySelector('[data-bu-loader]')?.dataset.buLoader ?? null; \
                   return s === 'loading' ? false : s";
    assert_eq!(a.h.wait_js(settled).await, "failed");
    a.check("loader failure (en)").await;
    let violations = std::mem::take(&mut a.violations);
    assert_eq!(a.states, 5);
    a.h.close().await;
    assert!(
        violations.is_empty(),
        "{} accessibility violations:\n{}",
        violations.len(),
        violations.join("\n")
    );
}
