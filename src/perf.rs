//! Performance marks the benchmark reads (`cargo xtask bench`), in the browser's own
//! timeline: `performance.getEntriesByName(PRICE_SHOWN_MARK)[0].startTime` is the time
//! from navigation start.

use wasm_bindgen::prelude::*;

/// Set when the overview's next-invoice amount is in the DOM: the page's first render.
pub const PRICE_SHOWN_MARK: &str = "billing-upgrade:price-shown";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = performance, js_name = mark)]
    fn performance_mark(name: &str) -> Result<JsValue, JsValue>;
}

/// Adds a mark named `name` to the page's performance timeline; where there is no
/// timeline (an old browser, a worker), nothing happens.
pub fn mark(name: &str) {
    let _ = performance_mark(name);
}
