use crate::common::{at, d};
use pricing::*;

fn p(start: &str, end: &str) -> Period {
    Period {
        start: at(start),
        end: at(end),
    }
}

#[test]
fn anchor_31_clamps_to_short_months_without_drifting() {
    let anchor = at("2024-01-31T10:00:00Z");
    // Leap year: Jan 31 → Feb 29 → Mar 31 → Apr 30 → May 31.
    assert_eq!(
        monthly_period_containing(anchor, at("2024-02-10T00:00:00Z")),
        p("2024-01-31T10:00:00Z", "2024-02-29T10:00:00Z")
    );
    assert_eq!(
        monthly_period_containing(anchor, at("2024-03-05T00:00:00Z")),
        p("2024-02-29T10:00:00Z", "2024-03-31T10:00:00Z")
    );
    assert_eq!(
        monthly_period_containing(anchor, at("2024-05-01T00:00:00Z")),
        p("2024-04-30T10:00:00Z", "2024-05-31T10:00:00Z")
    );
    // Common year: Feb 28.
    let anchor = at("2023-01-31T00:00:00Z");
    assert_eq!(
        monthly_period_containing(anchor, at("2023-02-15T00:00:00Z")),
        p("2023-01-31T00:00:00Z", "2023-02-28T00:00:00Z")
    );
    assert_eq!(
        monthly_period_containing(anchor, at("2023-03-01T00:00:00Z")),
        p("2023-02-28T00:00:00Z", "2023-03-31T00:00:00Z")
    );
}

#[test]
fn period_boundaries_are_half_open() {
    let anchor = at("2024-01-15T00:00:00Z");
    // Exactly at the start: that period; exactly at the end: the next one.
    assert_eq!(
        monthly_period_containing(anchor, at("2024-03-15T00:00:00Z")),
        p("2024-03-15T00:00:00Z", "2024-04-15T00:00:00Z")
    );
    assert_eq!(
        monthly_period_containing(anchor, at("2024-03-14T23:59:59Z")),
        p("2024-02-15T00:00:00Z", "2024-03-15T00:00:00Z")
    );
}

#[test]
fn periods_before_the_anchor_count_backwards() {
    let anchor = at("2024-03-31T00:00:00Z");
    assert_eq!(
        monthly_period_containing(anchor, at("2024-02-15T00:00:00Z")),
        p("2024-01-31T00:00:00Z", "2024-02-29T00:00:00Z")
    );
}

#[test]
fn annual_periods_run_anchor_date_to_anchor_date_and_keep_the_leap_day() {
    let anchor = at("2024-02-29T00:00:00Z");
    assert_eq!(
        annual_period_containing(anchor, at("2024-06-01T00:00:00Z")),
        p("2024-02-29T00:00:00Z", "2025-02-28T00:00:00Z")
    );
    assert_eq!(
        annual_period_containing(anchor, at("2025-03-01T00:00:00Z")),
        p("2025-02-28T00:00:00Z", "2026-02-28T00:00:00Z")
    );
    // Four years on, the anchor's 29th is back.
    assert_eq!(
        annual_period_containing(anchor, at("2028-03-01T00:00:00Z")),
        p("2028-02-29T00:00:00Z", "2029-02-28T00:00:00Z")
    );
}

#[test]
fn month_lengths_in_seconds() {
    // 28, 29, 30, 31 days × 86,400 s.
    assert_eq!(
        p("2023-02-01T00:00:00Z", "2023-03-01T00:00:00Z").seconds(),
        2_419_200
    );
    assert_eq!(
        p("2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z").seconds(),
        2_505_600
    );
    assert_eq!(
        p("2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z").seconds(),
        2_592_000
    );
    assert_eq!(
        p("2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z").seconds(),
        2_678_400
    );
    assert_eq!(days_in_month(2024, 2), 29);
    assert_eq!(days_in_month(2100, 2), 28);
}

#[test]
fn remaining_fraction_is_exact_in_seconds() {
    let april = p("2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z");
    assert_eq!(april.remaining_fraction(at("2024-04-01T00:00:00Z")), d("1"));
    assert_eq!(
        april.remaining_fraction(at("2024-04-16T00:00:00Z")),
        d("0.5")
    );
    // 1 s of 2,592,000 s.
    assert_eq!(
        (april.remaining_fraction(at("2024-04-30T23:59:59Z")) * d("2592000")).round_dp(20),
        d("1")
    );
    assert_eq!(april.remaining_fraction(at("2024-05-01T00:00:00Z")), d("0"));
}
