//! Billing & Upgrade: the self-service billing page (Leptos CSR, WebAssembly).

pub mod api;
pub mod app;
pub mod config;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub use app::App;
pub use config::MountConfig;

/// The id of the host's element the standalone page mounts into.
pub const HOST_ELEMENT_ID: &str = "billing-upgrade";

/// Mounts the page into the host's `#billing-upgrade` element (settings from its data-*).
pub fn start() {
    console_error_panic_hook::set_once();
    let Some(host) = document()
        .get_element_by_id(HOST_ELEMENT_ID)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        web_sys::console::error_1(
            &format!("Billing & Upgrade: no element with id \"{HOST_ELEMENT_ID}\" to mount into")
                .into(),
        );
        return;
    };
    let config = MountConfig::from_element(&host);
    mount_to(host, move || view! { <App config=config.clone() /> }).forget();
}
