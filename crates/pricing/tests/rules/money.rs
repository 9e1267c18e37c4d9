use crate::common::d;
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
fn money_knows_whether_it_is_exact() {
    assert!(Money::new(d("12.50"), Currency::USD).is_exact_minor());
    assert!(!Money::new(d("12.505"), Currency::USD).is_exact_minor());
    assert_eq!(
        Money::new(d("12.505"), Currency::USD).rounded(),
        Money::new(d("12.51"), Currency::USD)
    );
}
