//! Quotes per second in wasm (`cargo xtask bench` runs it with the page's `wasm-release`
//! profile, in headless Chromium, with `--nocapture`): the same typical cart as the native
//! `crates/pricing/examples/quote_bench.rs`. A benchmark that prints, not a timed assertion.
#![cfg(target_arch = "wasm32")]

#[path = "../crates/pricing/tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn quotes_per_second() {
    let (catalog, account, changes, now) = common::typical_upgrade();
    let mut quotes = 0u64;
    let mut cents = rust_decimal::Decimal::ZERO;
    let started = js_sys::Date::now();
    // Batches of 1,000 until at least two seconds went by (the clock counts milliseconds).
    while js_sys::Date::now() - started < 2000.0 {
        for _ in 0..1000 {
            let q = pricing::quote(
                black_box(&catalog),
                black_box(&account),
                black_box(&changes),
                now,
            );
            if let Ok(q) = q {
                cents += q.charge_now.decimal();
                quotes += 1;
            }
        }
    }
    let seconds = (js_sys::Date::now() - started) / 1000.0;
    black_box(cents);
    assert!(quotes > 0, "the typical cart prices");
    console_log!("quotes={quotes}");
    console_log!("seconds={seconds:.3}");
    console_log!(
        "quotes_per_second={}",
        (quotes as f64 / seconds).round() as u64
    );
}
