//! The wasm entry Trunk builds. Nothing mounts by itself: the loader module
//! (`public/billing-upgrade.js`) initialises the wasm once and calls the exported `mount`
//! for each `<billing-upgrade>` element or the standalone page's `#billing-upgrade`.

use wasm_bindgen::prelude::*;

fn main() {}

/// A mounted page; `unmount()` removes it (also when garbage-collected JS calls `free`).
#[wasm_bindgen]
pub struct MountHandle(Option<Box<dyn std::any::Any>>);

#[wasm_bindgen]
impl MountHandle {
    /// Unmounts the page; calling it twice does nothing.
    pub fn unmount(&mut self) {
        self.0.take();
    }
}

/// Mounts the page into `element` with the host's `options` (see README, Embedding).
#[wasm_bindgen]
pub fn mount(element: web_sys::HtmlElement, options: JsValue) -> MountHandle {
    let config = billing_upgrade::config_from_options(&element, &options);
    MountHandle(Some(billing_upgrade::mount_app(element, config)))
}
