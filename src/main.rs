//! The wasm entry Trunk builds. Nothing mounts by itself: the loader module
//! (`public/billing-upgrade.js`) initialises the wasm once and calls the exported `mount`
//! for each `<billing-upgrade>` element or the standalone page's `#billing-upgrade`.
//!
//! Mounted pages live in a registry keyed by their element, not in a JS-owned handle: a
//! handle the garbage collector frees must never take a page down with it. A page leaves
//! only through `unmount(element)` (the loader calls it on `unmount()` and when the
//! element leaves the document) or a new `mount` into the same element.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

fn main() {}

thread_local! {
    /// Every mounted page, by element.
    static MOUNTED: RefCell<Vec<(web_sys::HtmlElement, Box<dyn std::any::Any>)>> =
        const { RefCell::new(Vec::new()) };
}

/// Mounts the page into `element` with the host's `options` (see README, Embedding),
/// replacing a page already mounted there. `early_reads` are the reads the loader sent
/// while the wasm loaded (`{url: Promise<Response>}`, src/api/early.rs), if any.
#[wasm_bindgen]
pub fn mount(element: web_sys::HtmlElement, options: JsValue, early_reads: JsValue) {
    unmount(&element);
    let mut config = billing_upgrade::config_from_options(&element, &options);
    config.early_reads = billing_upgrade::api::EarlyReads::from_js(&early_reads);
    let page = billing_upgrade::mount_app(element.clone(), config);
    MOUNTED.with(|m| m.borrow_mut().push((element, page)));
}

/// Unmounts the page mounted into `element`, if any; calling it twice does nothing.
#[wasm_bindgen]
pub fn unmount(element: &web_sys::HtmlElement) {
    let page = MOUNTED.with(|m| {
        let mut mounted = m.borrow_mut();
        let at = mounted.iter().position(|(el, _)| el == element)?;
        Some(mounted.swap_remove(at))
    });
    // Dropped outside the borrow: unmounting runs the page's cleanups.
    drop(page);
}
