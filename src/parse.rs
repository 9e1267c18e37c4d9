//! Reading a count a person typed (users, email sends, seats) by the page's locale.
//!
//! DESIGN §5: a field never rewrites what was typed; numbers are read by the page's
//! locale, and anything that is not plainly a whole number gets a message instead of a
//! guess. Every count field goes through [`parse_count`].

use crate::i18n::Locale;

/// Why a typed count cannot be read; each has its own translated message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountError {
    /// Nothing typed (or only spaces).
    Empty,
    /// A decimal separator of the locale ("4.5" in English, "4,5" in Italian).
    NotWhole,
    /// A minus sign.
    Negative,
    /// Scientific notation ("1e30").
    Exponent,
    /// Something other than the digits 0–9 and the locale's group separator: letters,
    /// other scripts' digits ("٣"), a plus sign, inner spaces.
    NotADigit,
    /// The locale's group separator where the locale does not put it ("10,00").
    BadGrouping,
    /// More than the field's number type can hold.
    TooLarge,
}

/// The locale's group and decimal separators: English `1,000.5`, Italian `1.000,5`.
fn separators(locale: Locale) -> (char, char) {
    match locale {
        Locale::en => (',', '.'),
        Locale::it => ('.', ','),
    }
}

/// Reads `input` as a whole, non-negative count in `locale`.
///
/// Accepted: surrounding whitespace, plain digits ("1000", leading zeros included) and
/// digits grouped the locale's way — a first group of 1–3 digits, then groups of exactly
/// 3 ("1,000" / "1.000"). Everything else is an error, never a guess: nothing is dropped
/// or reinterpreted, so "4.5" is never 45 and "-1" never 1.
pub fn parse_count<T: TryFrom<u64>>(input: &str, locale: Locale) -> Result<T, CountError> {
    let (group, decimal) = separators(locale);
    let text = input.trim();
    if text.is_empty() {
        return Err(CountError::Empty);
    }
    // ASCII hyphen-minus and the typographic minus sign (U+2212).
    if text.starts_with(['-', '\u{2212}']) {
        return Err(CountError::Negative);
    }
    let number_char = |c: char| c.is_ascii_digit() || c == group || c == decimal;
    if let Some((mantissa, exponent)) = text.split_once(['e', 'E']) {
        let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if !mantissa.is_empty()
            && mantissa.chars().all(number_char)
            && !exponent.is_empty()
            && exponent.chars().all(|c| c.is_ascii_digit())
        {
            return Err(CountError::Exponent);
        }
    }
    if !text.chars().all(number_char) {
        return Err(CountError::NotADigit);
    }
    if text.contains(decimal) {
        return Err(CountError::NotWhole);
    }
    let mut groups = text.split(group);
    let first = groups.next().unwrap_or_default();
    let grouped = text.contains(group);
    if (grouped && !(1..=3).contains(&first.len())) || groups.any(|g| g.len() != 3) {
        return Err(CountError::BadGrouping);
    }
    let mut value: u64 = 0;
    for digit in text.bytes().filter(u8::is_ascii_digit) {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(digit - b'0')))
            .ok_or(CountError::TooLarge)?;
    }
    T::try_from(value).map_err(|_| CountError::TooLarge)
}

// Native tests (`cargo test -p billing-upgrade --lib`); the wasm test runner only runs the
// browser suites in tests/.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use CountError::*;

    fn en(input: &str) -> Result<u64, CountError> {
        parse_count(input, Locale::en)
    }

    fn it(input: &str) -> Result<u64, CountError> {
        parse_count(input, Locale::it)
    }

    #[test]
    fn plain_digits_are_read_in_both_locales() {
        for read in [en, it] {
            assert_eq!(read("0"), Ok(0));
            assert_eq!(read("4"), Ok(4));
            assert_eq!(read("1000"), Ok(1000));
            assert_eq!(read("007"), Ok(7));
            assert_eq!(read(" 12\u{a0}"), Ok(12), "surrounding spaces, NBSP too");
            assert_eq!(read("\t250\n"), Ok(250));
        }
    }

    #[test]
    fn english_groups_with_commas() {
        assert_eq!(en("1,000"), Ok(1000));
        assert_eq!(en("12,345"), Ok(12_345));
        assert_eq!(en("123,456,789"), Ok(123_456_789));
        assert_eq!(en(" 2,500 "), Ok(2500));
    }

    #[test]
    fn italian_groups_with_dots() {
        assert_eq!(it("1.000"), Ok(1000));
        assert_eq!(it("100.000"), Ok(100_000));
        assert_eq!(it("1.000.000"), Ok(1_000_000));
    }

    #[test]
    fn a_decimal_is_not_a_count() {
        // The issue: "4.5" was read as 45 (seats) and 54 (users).
        assert_eq!(en("4.5"), Err(NotWhole));
        assert_eq!(en("100.000"), Err(NotWhole), "a decimal point in English");
        assert_eq!(en("1,000.5"), Err(NotWhole));
        assert_eq!(en("5."), Err(NotWhole));
        assert_eq!(it("4,5"), Err(NotWhole));
        assert_eq!(it("1,5"), Err(NotWhole));
        assert_eq!(it("1.000,5"), Err(NotWhole));
    }

    #[test]
    fn the_other_locales_separator_is_read_as_a_decimal_not_dropped() {
        // "100.000" is a hundred thousand in Italian but a decimal in English, and the
        // reverse for "4,5": each locale reads only its own separators.
        assert_eq!(it("100.000"), Ok(100_000));
        assert_eq!(en("100.000"), Err(NotWhole));
        assert_eq!(en("4,500"), Ok(4500));
        assert_eq!(it("4,500"), Err(NotWhole));
    }

    #[test]
    fn a_minus_sign_is_refused_not_dropped() {
        for read in [en, it] {
            assert_eq!(read("-1"), Err(Negative));
            assert_eq!(read(" -0"), Err(Negative));
            assert_eq!(read("\u{2212}3"), Err(Negative), "the typographic minus");
            assert_eq!(read("-1.5"), Err(Negative));
        }
    }

    #[test]
    fn an_exponent_is_refused() {
        for read in [en, it] {
            assert_eq!(read("1e30"), Err(Exponent));
            assert_eq!(read("1E5"), Err(Exponent));
            assert_eq!(read("2e+3"), Err(Exponent));
            assert_eq!(read("2e-3"), Err(Exponent));
        }
        assert_eq!(en("1.5e3"), Err(Exponent));
        assert_eq!(it("1,5e3"), Err(Exponent));
    }

    #[test]
    fn empty_is_refused() {
        for read in [en, it] {
            assert_eq!(read(""), Err(Empty));
            assert_eq!(read("   "), Err(Empty));
            assert_eq!(read("\u{a0}"), Err(Empty));
        }
    }

    #[test]
    fn foreign_digits_letters_and_signs_are_not_digits() {
        for read in [en, it] {
            assert_eq!(read("٣"), Err(NotADigit), "Arabic-Indic three");
            assert_eq!(read("۱۲"), Err(NotADigit), "Extended Arabic-Indic");
            assert_eq!(read("１２"), Err(NotADigit), "fullwidth digits");
            assert_eq!(read("abc"), Err(NotADigit));
            assert_eq!(read("12a"), Err(NotADigit));
            assert_eq!(read("e"), Err(NotADigit));
            assert_eq!(read("1e"), Err(NotADigit));
            assert_eq!(read("+1"), Err(NotADigit), "a plus sign is not read either");
            assert_eq!(
                read("1 000"),
                Err(NotADigit),
                "a space is no group separator here"
            );
            assert_eq!(read("1'000"), Err(NotADigit));
            assert_eq!(read("$5"), Err(NotADigit));
        }
    }

    #[test]
    fn group_separators_only_where_the_locale_puts_them() {
        assert_eq!(en("10,00"), Err(BadGrouping));
        assert_eq!(
            en("1,00,000"),
            Err(BadGrouping),
            "Indian grouping is not English"
        );
        assert_eq!(
            en("1000,000"),
            Err(BadGrouping),
            "first group longer than 3"
        );
        assert_eq!(en(",100"), Err(BadGrouping));
        assert_eq!(en("100,"), Err(BadGrouping));
        assert_eq!(en("1,,000"), Err(BadGrouping));
        assert_eq!(en("1,0000"), Err(BadGrouping));
        assert_eq!(it("10.00"), Err(BadGrouping));
        assert_eq!(it("1.00.000"), Err(BadGrouping));
        assert_eq!(it(".100"), Err(BadGrouping));
        assert_eq!(it("1.0000"), Err(BadGrouping));
    }

    #[test]
    fn too_large_for_the_fields_type() {
        assert_eq!(en("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(en("18446744073709551616"), Err(TooLarge));
        assert_eq!(en("99999999999999999999999"), Err(TooLarge));
        // Seats are a u32: there is no seat cap, only the type's limit.
        assert_eq!(
            parse_count::<u32>("4,294,967,295", Locale::en),
            Ok(u32::MAX)
        );
        assert_eq!(parse_count::<u32>("4294967296", Locale::en), Err(TooLarge));
        assert_eq!(
            parse_count::<u32>("4.294.967.296", Locale::it),
            Err(TooLarge)
        );
    }
}
