//! What the host tells the page when it mounts it.

use crate::events::HostEvents;

/// The default request timeout (a slow server gets a clear message, not a spinner forever).
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;

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
}

impl Default for MountConfig {
    fn default() -> Self {
        Self {
            api_base: "/api".into(),
            locale: None,
            // The mock API accepts any non-empty token; a real backend sets its own.
            csrf_token: Some("bu-page".into()),
            headers: Vec::new(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
            theme: None,
            events: HostEvents::default(),
        }
    }
}

impl MountConfig {
    /// Reads `data-api-base`, `data-locale`, `data-theme`, `data-csrf-token` and
    /// `data-timeout-ms`;
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
        }
    }
}
