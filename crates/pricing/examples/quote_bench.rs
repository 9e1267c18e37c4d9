//! `cargo run --release -p pricing --example quote_bench [N]`: prices a typical upgrade
//! (Plus → Pro with more contacts, mid-period) N times (default 100,000) and prints
//! `quotes_per_second=<n>` for `cargo xtask bench`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::Instant;

use pricing::quote;

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .map(|s| s.parse().expect("N must be a whole number"))
        .unwrap_or(100_000)
        .max(1);
    let (catalog, account, changes, now) = common::typical_upgrade();

    let started = Instant::now();
    let mut cents = rust_decimal::Decimal::ZERO;
    for _ in 0..n {
        let q = quote(
            black_box(&catalog),
            black_box(&account),
            black_box(&changes),
            now,
        )
        .expect("the typical upgrade prices");
        cents += q.charge_now.decimal();
    }
    let elapsed = started.elapsed().as_secs_f64();
    black_box(cents);
    println!("quotes={n}");
    println!("seconds={elapsed:.3}");
    println!("quotes_per_second={}", (n as f64 / elapsed).round() as u64);
}
