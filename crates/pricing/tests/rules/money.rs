use crate::common::{amt, d};
use pricing::*;

#[test]
fn minor_unit_exponents_follow_iso_4217() {
    assert_eq!(Currency::USD.minor_unit_exponent(), 2);
    assert_eq!(Currency::EUR.minor_unit_exponent(), 2);
    assert_eq!(Currency::GBP.minor_unit_exponent(), 2);
    assert_eq!(Currency::JPY.minor_unit_exponent(), 0);
    assert_eq!(Currency::KWD.minor_unit_exponent(), 3);
    assert_eq!(Currency::KWD.code(), "KWD");
}

#[test]
fn exact_midpoints_round_half_away_from_zero() {
    // Banker's rounding would give 1.00, 2.02 and -1.00.
    assert_eq!(round_minor(d("1.005"), Currency::USD), d("1.01"));
    assert_eq!(round_minor(d("2.025"), Currency::EUR), d("2.03"));
    assert_eq!(round_minor(d("-1.005"), Currency::USD), d("-1.01"));
    assert_eq!(round_minor(d("1.00499999"), Currency::USD), d("1.00"));
}

#[test]
fn jpy_rounds_to_whole_yen() {
    assert_eq!(round_minor(d("2.5"), Currency::JPY), d("3"));
    assert_eq!(round_minor(d("-2.5"), Currency::JPY), d("-3"));
    assert_eq!(round_minor(d("29.1666"), Currency::JPY), d("29"));
}

#[test]
fn kwd_rounds_to_the_fils() {
    assert_eq!(round_minor(d("0.0025"), Currency::KWD), d("0.003"));
    assert_eq!(round_minor(d("1.00049"), Currency::KWD), d("1.000"));
}

#[test]
fn rounded_amounts_carry_exactly_the_minor_digits() {
    assert_eq!(round_minor(d("15"), Currency::USD).to_string(), "15.00");
    assert_eq!(round_minor(d("0"), Currency::KWD).to_string(), "0.000");
    assert_eq!(round_minor(d("29.00"), Currency::JPY).to_string(), "29");
}

#[test]
fn only_rounding_builds_an_amount_and_sums_of_amounts_stay_exact() {
    assert!(is_exact_minor(d("12.50"), Currency::USD));
    assert!(!is_exact_minor(d("12.505"), Currency::USD));
    // 12.505 → 12.51 (half away from zero); −12.505 → −12.51.
    assert_eq!(Amount::round(d("12.505"), Currency::USD), d("12.51"));
    assert_eq!(Amount::round(d("-12.505"), Currency::USD), d("-12.51"));
    // 10.005 + 0.004 rounded separately: 10.01 + 0.00 = 10.01 (never re-rounded from 10.009).
    let sum: Amount = [
        Amount::round(d("10.005"), Currency::USD),
        Amount::round(d("0.004"), Currency::USD),
    ]
    .into_iter()
    .sum();
    assert_eq!(sum, d("10.01"));
    assert_eq!(sum.to_string(), "10.01");
    assert_eq!(-sum - sum, d("-20.02"));
    assert_eq!(
        Money::round(d("12.505"), Currency::USD),
        amt("12.51").in_currency(Currency::USD)
    );
    assert_eq!(Money::zero(Currency::JPY).amount.to_string(), "0");
}
