//! Mounting by a host: options from JS (`mount(element, options)` in the loader module)
//! or from the element's `data-*` attributes.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::config::MountConfig;
use crate::events::HostEvents;
use crate::provider::PaymentProvider;
use crate::App;

/// Reads the host's options object (`apiBase`, `locale`, `theme`, `csrfToken`,
/// `headers`, `timeoutMs`, `eventTarget`, `smsGuideUrl`, `termsUrl`, `paymentProvider`) on top of the element's `data-*` attributes.
/// Unknown or mistyped options are ignored, never fatal.
pub fn config_from_options(element: &web_sys::HtmlElement, options: &JsValue) -> MountConfig {
    let mut config = MountConfig::from_element(element);
    let get = |key: &str| {
        if options.is_object() {
            js_sys::Reflect::get(options, &JsValue::from_str(key)).ok()
        } else {
            None
        }
    };
    let string = |key: &str| {
        get(key)
            .and_then(|v| v.as_string())
            .filter(|s| !s.trim().is_empty())
    };
    if let Some(base) = string("apiBase") {
        config.api_base = base.trim_end_matches('/').to_string();
    }
    if let Some(locale) = string("locale") {
        config.locale = Some(locale);
    }
    if let Some(theme) = string("theme") {
        config.theme = Some(theme);
    }
    if let Some(token) = string("csrfToken") {
        config.csrf_token = Some(token);
    }
    if let Some(url) = string("smsGuideUrl") {
        config.links.sms_guide = url;
    }
    if let Some(url) = string("termsUrl") {
        config.links.terms = url;
    }
    if let Some(ms) = get("timeoutMs").and_then(|v| v.as_f64()) {
        if ms >= 1.0 && ms <= f64::from(u32::MAX) {
            config.timeout_ms = ms as u32;
        }
    }
    if let Some(headers) = get("headers").filter(|h| h.is_object()) {
        let entries = js_sys::Object::entries(headers.unchecked_ref());
        for entry in entries.iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                config.headers.push((name, value));
            }
        }
    }
    config.payment_provider = get("paymentProvider").and_then(PaymentProvider::from_js);
    let target = get("eventTarget")
        .and_then(|t| t.dyn_into::<web_sys::EventTarget>().ok())
        .unwrap_or_else(|| element.clone().unchecked_into());
    config.events = HostEvents::to(target);
    config
}

/// Mounts the page into `element`; dropping the returned handle unmounts it.
pub fn mount_app(element: web_sys::HtmlElement, config: MountConfig) -> Box<dyn std::any::Any> {
    console_error_panic_hook::set_once();
    let classes = element.class_list();
    let _ = classes.add_1("bu-root");
    // A remount may change the theme: drop the old theme class first.
    let old: Vec<String> = (0..classes.length())
        .filter_map(|i| classes.item(i))
        .filter(|c| c.starts_with("bu-theme-"))
        .collect();
    for class in old {
        let _ = classes.remove_1(&class);
    }
    if let Some(theme) = config.theme.as_deref().filter(|t| is_theme_name(t)) {
        let _ = classes.add_1(&format!("bu-theme-{theme}"));
    }
    Box::new(mount_to(
        element,
        move || view! { <App config=config.clone() /> },
    ))
}

/// Theme names become class names: lowercase letters, digits and dashes only.
fn is_theme_name(theme: &str) -> bool {
    !theme.is_empty()
        && theme
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
