//! What a person does on the page, as the tests say it: click, type, choose, read. Every
//! query runs in the page's root `R` — the `<billing-upgrade>` element's shadow root when
//! the page is embedded (the example host at /dashboard/), else the document (/billing/).
//! Elements are found again at each step: reactive views may replace them.

use serde_json::Value;

use crate::Harness;

/// Binds `R` before every script the harness runs.
pub(crate) const ROOT: &str =
    "const R = (document.querySelector('billing-upgrade') || {}).shadowRoot || document;";

/// `css` as a JS string literal.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

impl Harness {
    /// Clicks the first element matching `css` once it exists and is enabled.
    pub async fn click(&self, css: &str) {
        self.wait_js(&format!(
            "const e = R.querySelector({}); if (!e || e.disabled) return false; \
             e.click(); return true;",
            quoted(css)
        ))
        .await;
    }

    /// Clicks the `n`th (0-based) element matching `css` once it exists.
    pub async fn click_nth(&self, css: &str, n: usize) {
        self.wait_js(&format!(
            "const e = R.querySelectorAll({})[{n}]; if (!e) return false; \
             e.click(); return true;",
            quoted(css)
        ))
        .await;
    }

    /// Sets an input's or select's value as typing or choosing would (the browser
    /// sanitises it), firing `input` then `change`.
    pub async fn set_value(&self, css: &str, value: &str) {
        self.wait_js(&format!(
            "const e = R.querySelector({}); if (!e) return false; e.value = {};
             e.dispatchEvent(new Event('input', {{ bubbles: true }}));
             e.dispatchEvent(new Event('change', {{ bubbles: true }}));
             return true;",
            quoted(css),
            quoted(value)
        ))
        .await;
    }

    /// The `textContent` of `css` once it exists (`" "` when it is empty).
    pub async fn text(&self, css: &str) -> String {
        self.wait_js(&format!(
            "const e = R.querySelector({}); return e ? (e.textContent || ' ') : false;",
            quoted(css)
        ))
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Waits until the text of `css` contains `part`, and returns it.
    pub async fn wait_text(&self, css: &str, part: &str) -> String {
        self.wait_js(&format!(
            "const e = R.querySelector({}); const t = e ? e.textContent : ''; \
             return t.includes({}) ? t : false;",
            quoted(css),
            quoted(part)
        ))
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// The value of an input once it exists.
    pub async fn value_of(&self, css: &str) -> String {
        self.text(css).await;
        self.js(&format!("return R.querySelector({}).value;", quoted(css)))
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Whether `css` (once it exists) is disabled.
    pub async fn is_disabled(&self, css: &str) -> bool {
        self.text(css).await;
        self.js(&format!(
            "return R.querySelector({}).disabled;",
            quoted(css)
        ))
        .await
        .as_bool()
        .unwrap_or(false)
    }

    /// Waits until `css` matches an enabled element.
    pub async fn wait_enabled(&self, css: &str) {
        self.wait_js(&format!(
            "const e = R.querySelector({}); return !!e && !e.disabled;",
            quoted(css)
        ))
        .await;
    }

    /// Waits until no element matches `css`.
    pub async fn wait_gone(&self, css: &str) {
        self.wait_js(&format!(
            "return R.querySelector({}) === null;",
            quoted(css)
        ))
        .await;
    }

    /// The `detail` of the first `billing-upgrade:<name>` event the example host logged
    /// (examples/host's host.js lists each event it hears as "<type> <detail as JSON>").
    pub async fn host_event(&self, name: &str) -> Value {
        let kind = format!("billing-upgrade:{name}");
        let logged = self
            .wait_js(&format!(
                "const li = document.querySelector('#events li[data-type=\"{kind}\"]'); \
                 return li ? li.textContent : null;"
            ))
            .await;
        let logged = logged.as_str().unwrap_or_default();
        let detail = logged
            .strip_prefix(&format!("{kind} "))
            .unwrap_or_else(|| panic!("not a {kind} entry: {logged}"));
        serde_json::from_str(detail).expect("detail is JSON")
    }

    /// The account as the API answers it now.
    pub async fn account(&self) -> Value {
        let (status, body) = self.api("GET", "/api/v1/account", None).await;
        assert_eq!(status, 200, "account: {body}");
        body["account"].clone()
    }

    /// Everything the mock stored (surveys, bookings, support requests, ledger).
    pub async fn records(&self) -> Value {
        let (status, body) = self.api("GET", "/api/v1/_mock/records", None).await;
        assert_eq!(status, 200, "records: {body}");
        body
    }

    /// The ledger's order charges, as decimal strings.
    pub async fn order_charges(&self) -> Vec<String> {
        self.ledger()
            .await
            .into_iter()
            .filter(|e| e["kind"] == "order")
            .map(|e| e["amount"].as_str().unwrap_or_default().to_string())
            .collect()
    }
}

/// The digits of a formatted amount as a plain decimal ("$1,234.56" → "1234.56").
pub fn plain_amount(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect()
}

/// The first dollar amount in `text` in cents ("$1,234.50 on …" → 123450).
pub fn cents(text: &str) -> i64 {
    let start = text.find('$').expect("an amount in dollars") + 1;
    let number: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != ',')
        .collect();
    let (whole, frac) = number.split_once('.').unwrap_or((&number, "00"));
    whole.parse::<i64>().expect("whole units") * 100
        + frac.trim_end_matches('.').parse::<i64>().expect("cents")
}
