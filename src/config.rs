//! What the host tells the page when it mounts it.

/// Settings read from the host element's `data-*` attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct MountConfig {
    /// Base URL of the billing API, without the `/v1` part (e.g. `/api`).
    pub api_base: String,
    /// Requested locale (`en`, `it`), if the host set one.
    pub locale: Option<String>,
}

impl Default for MountConfig {
    fn default() -> Self {
        Self {
            api_base: "/api".into(),
            locale: None,
        }
    }
}

impl MountConfig {
    /// Reads `data-api-base` and `data-locale`; missing values fall back to the defaults.
    pub fn from_element(el: &web_sys::HtmlElement) -> Self {
        let data = el.dataset();
        let defaults = Self::default();
        Self {
            api_base: data
                .get("apiBase")
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim_end_matches('/').to_string())
                .unwrap_or(defaults.api_base),
            locale: data.get("locale").filter(|s| !s.trim().is_empty()),
        }
    }
}
