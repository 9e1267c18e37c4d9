//! `cargo xtask bench` part two: how fast the built page (`BU_DIST`) shows up in headless
//! Chromium against the mock API, with the browser cache disabled. Prints the median of
//! several cold loads: first contentful paint, and when the account's plan is on screen.

use std::time::Duration;

use e2e::Harness;

const RUNS: usize = 5;

#[tokio::main]
async fn main() {
    let h = Harness::start("pro-monthly").await;
    h.cdp(
        "Network.setCacheDisabled",
        serde_json::json!({ "cacheDisabled": true }),
    )
    .await;
    let mut paint = Vec::new();
    let mut plan_shown = Vec::new();
    for _ in 0..RUNS {
        h.open("/billing/").await;
        // Poll inside the page every few milliseconds until the plan name is rendered
        // (headless Chromium throttles animation frames of unfocused pages).
        let shown = h
            .browser
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const check = () => document.querySelector('.bu-plan-name')
                   ? done(performance.now()) : setTimeout(check, 5);
                 check();",
                vec![],
            )
            .await
            .expect("the plan name appears");
        let fcp = h
            .js(
                "const e = performance.getEntriesByName('first-contentful-paint')[0]; \
                 return e ? e.startTime : null",
            )
            .await;
        plan_shown.push(shown.as_f64().unwrap_or(f64::NAN));
        paint.push(fcp.as_f64().unwrap_or(f64::NAN));
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    println!("\nFirst render (median of {RUNS} cold loads, cache disabled, localhost):");
    println!("  first contentful paint  {:>7.0} ms", median(&mut paint));
    println!(
        "  account plan on screen  {:>7.0} ms",
        median(&mut plan_shown)
    );
    h.close().await;
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}
