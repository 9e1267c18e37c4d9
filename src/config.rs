//! What the host tells the page when it mounts it.

use crate::api::EarlyReads;
use crate::events::HostEvents;
use crate::provider::PaymentProvider;

/// The default request timeout (a slow server gets a clear message, not a spinner forever).
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;

/// Where "Getting Started with SMS" points unless the host sets `smsGuideUrl` (seed 004:
/// registering for SMS, A2P 10DLC included, after the add-on is bought).
pub const DEFAULT_SMS_GUIDE_URL: &str =
    "https://help.activecampaign.com/hc/en-us/search?query=Getting+Started+with+SMS";
/// Where the terms of service are unless the host sets `termsUrl` (seed 001: annual
/// commitments and their cancellation).
pub const DEFAULT_TERMS_URL: &str = "https://www.activecampaign.com/legal/terms-of-service";

/// Help pages the page links to, provided as context by the page root.
#[derive(Clone, Debug, PartialEq)]
pub struct HelpLinks {
    /// "Getting Started with SMS".
    pub sms_guide: String,
    /// The terms of service.
    pub terms: String,
}

impl HelpLinks {
    /// The links the page root provides (the defaults outside a page).
    pub fn use_links() -> Self {
        leptos::prelude::use_context::<HelpLinks>().unwrap_or_default()
    }
}

impl Default for HelpLinks {
    fn default() -> Self {
        Self {
            sms_guide: DEFAULT_SMS_GUIDE_URL.into(),
            terms: DEFAULT_TERMS_URL.into(),
        }
    }
}

/// Settings the host gives: from the element's `data-*` attributes, or `mount` options.
#[derive(Clone, Debug, PartialEq)]
pub struct MountConfig {
    /// Base URL of the billing API, without the `/v1` part (e.g. `/api`).
    pub api_base: String,
    /// Requested locale (`en`, `it`), if the host set one.
    pub locale: Option<String>,
    /// Sent as `X-CSRF-Token` on every mutation.
    pub csrf_token: Option<String>,
    /// Extra headers sent on every request (e.g. an authorization header).
    pub headers: Vec<(String, String)>,
    /// Per-request timeout in milliseconds.
    pub timeout_ms: u32,
    /// Theme name (`light`, `dark`): the class `bu-theme-<name>` on the mount element.
    pub theme: Option<String>,
    /// Where the page's `billing-upgrade:*` events are dispatched.
    pub events: HostEvents,
    /// Help pages linked from the page (`data-sms-guide-url`, `data-terms-url`).
    pub links: HelpLinks,
    /// The host's payment provider adapter (`paymentProvider`); none means the card
    /// dialog says so.
    pub payment_provider: Option<PaymentProvider>,
    /// The account and catalog reads the loader sent while the wasm loaded.
    pub early_reads: EarlyReads,
}

impl Default for MountConfig {
    fn default() -> Self {
        Self {
            api_base: "/api".into(),
            locale: None,
            // No token configured, no header: the backend refuses mutations (403) and the
            // page says so; a made-up token would only hide the missing set-up.
            csrf_token: None,
            headers: Vec::new(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
            theme: None,
            events: HostEvents::default(),
            links: HelpLinks::default(),
            payment_provider: None,
            early_reads: EarlyReads::default(),
        }
    }
}

impl MountConfig {
    /// Reads `data-api-base`, `data-locale`, `data-theme`, `data-csrf-token`,
    /// `data-timeout-ms`, `data-sms-guide-url` and `data-terms-url`;
    /// missing or unreadable values fall back to the defaults.
    pub fn from_element(el: &web_sys::HtmlElement) -> Self {
        let data = el.dataset();
        let get = |key: &str| data.get(key).filter(|s| !s.trim().is_empty());
        let defaults = Self::default();
        Self {
            api_base: get("apiBase")
                .map(|s| s.trim_end_matches('/').to_string())
                .unwrap_or(defaults.api_base),
            locale: get("locale"),
            csrf_token: get("csrfToken").or(defaults.csrf_token),
            headers: Vec::new(),
            timeout_ms: get("timeoutMs")
                .and_then(|s| s.parse().ok())
                .filter(|ms| *ms > 0)
                .unwrap_or(defaults.timeout_ms),
            theme: get("theme"),
            events: HostEvents::to(el.clone().into()),
            links: HelpLinks {
                sms_guide: get("smsGuideUrl").unwrap_or(defaults.links.sms_guide),
                terms: get("termsUrl").unwrap_or(defaults.links.terms),
            },
            payment_provider: None,
            early_reads: EarlyReads::default(),
        }
    }
}
