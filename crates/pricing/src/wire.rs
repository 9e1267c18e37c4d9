//! Small readers for the wire shapes, kept out of the wasm's way.
//!
//! - [`field`]: the tagged enums ([`crate::Change`], [`crate::Status`],
//!   [`crate::NotSelfServe`]) are read through flat structs, because serde's internally
//!   tagged enums buffer each object into a generic tree first, which costs the wasm page
//!   far more code.
//! - [`decimal`], [`instant`], [`opt_instant`], [`instants`]: the page reads amounts and
//!   instants with these (`deserialize_with` on wasm32 only; native builds, the mock API
//!   among them, keep rust_decimal's and chrono's own readers). They accept what the API
//!   sends — a plain decimal string such as "-12.50", an RFC 3339 instant such as
//!   "2026-12-15T00:00:00Z" or "…+01:00" — and give the same values as those readers
//!   (checked against them in the tests below), without their general parsers, which
//!   weigh ~35 KB in the wasm.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

/// A variant's field that the JSON must carry, with serde's own message when it does not.
pub(crate) fn field<T>(value: Option<T>, name: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{name}`"))
}

/// A decimal string: an optional sign, digits with at most one `.`, at most 28 of them
/// after it, the digits' value within 96 bits (rust_decimal's range).
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    // 38 digits always fit an i128; `try_from_i128_with_scale` checks the 96 bits.
    if whole.is_empty() && fraction.is_empty() || whole.len() + fraction.len() > 38 {
        return None;
    }
    let mut mantissa: i128 = 0;
    for byte in whole.bytes().chain(fraction.bytes()) {
        if !byte.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa * 10 + i128::from(byte - b'0');
    }
    let mut value = Decimal::try_from_i128_with_scale(mantissa, fraction.len() as u32).ok()?;
    value.set_sign_negative(negative && mantissa != 0);
    Some(value)
}

/// An RFC 3339 instant: `YYYY-MM-DDTHH:MM:SS`, optional fraction of a second (up to
/// nanoseconds), then `Z` or `±HH:MM`.
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let digits = b.get(from..from + len)?;
        digits.iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let sep = |at: usize, c: &[u8]| b.get(at).is_some_and(|x| c.contains(x));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 2)?, num(8, 2)?)?;
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    let mut at = 19;
    let mut nanos = 0;
    if sep(at, b".") {
        at += 1;
        let start = at;
        while b.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        let len = at - start;
        if len == 0 || len > 9 {
            return None;
        }
        nanos = num(start, len)? * 10u32.pow(9 - len as u32);
    }
    let offset = match b.get(at..)? {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), ..] if b.len() == at + 6 && sep(at + 3, b":") => {
            let secs = (num(at + 1, 2)? * 60 + num(at + 4, 2)?) as i32 * 60;
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    let local = date.and_hms_nano_opt(hour, minute, second, nanos)?;
    let zone = FixedOffset::east_opt(offset)?;
    Some(
        zone.from_local_datetime(&local)
            .single()?
            .with_timezone(&Utc),
    )
}

fn invalid<E: serde::de::Error>(text: &str, what: &str) -> E {
    E::invalid_value(serde::de::Unexpected::Str(text), &what)
}

/// `deserialize_with` for a [`Decimal`] sent as a string ("12.50").
pub fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    let text = String::deserialize(d)?;
    parse_decimal(&text).ok_or_else(|| invalid(&text, "a decimal string"))
}

/// `deserialize_with` for an RFC 3339 instant.
pub fn instant<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let text = String::deserialize(d)?;
    parse_instant(&text).ok_or_else(|| invalid(&text, "an RFC 3339 instant"))
}

/// `deserialize_with` for an optional RFC 3339 instant (`null` or absent: `None`; use with
/// `#[serde(default)]`).
pub fn opt_instant<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(text) => parse_instant(&text)
            .map(Some)
            .ok_or_else(|| invalid(&text, "an RFC 3339 instant")),
    }
}

/// `deserialize_with` for a list of RFC 3339 instants.
pub fn instants<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<DateTime<Utc>>, D::Error> {
    Vec::<String>::deserialize(d)?
        .into_iter()
        .map(|text| parse_instant(&text).ok_or_else(|| invalid(&text, "an RFC 3339 instant")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn decimals_read_as_rust_decimal_reads_them() {
        for text in [
            "0",
            "0.00",
            "12.50",
            "-12.50",
            "+3",
            "1234567.891",
            "-0.001",
            ".5",
            "5.",
            "0.3333333333333333333333333333",
            "79228162514264337593543950335",
            "29",
            "-0",
            "-0.00",
            "0.0000000000000000000000000001",
            "007.10",
        ] {
            let ours = parse_decimal(text);
            let theirs = Decimal::from_str(text).ok();
            assert_eq!(ours, theirs, "{text}");
            if let Some(v) = ours {
                // Same digits too: "12.50" keeps its scale, so it prints "12.50" again.
                assert_eq!(
                    v.to_string(),
                    theirs.map(|t| t.to_string()).unwrap_or_default()
                );
            }
        }
        for bad in [
            "",
            "-",
            ".",
            "1.2.3",
            "1e3",
            "12a",
            " 1",
            "1 ",
            "--1",
            "0x10",
            "1_000",
            "79228162514264337593543950336",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn instants_read_as_chrono_reads_them() {
        for text in [
            "2026-12-15T00:00:00Z",
            "2026-02-28T23:59:59Z",
            "2024-02-29T12:30:00.5Z",
            "2026-01-01T00:00:00.123456789Z",
            "2026-03-31T10:00:00+01:00",
            "2026-03-31T10:00:00-05:30",
            "2026-03-31t10:00:00z",
            "2026-03-31 10:00:00Z",
        ] {
            let theirs = DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc));
            assert_eq!(parse_instant(text), theirs.ok(), "{text}");
        }
        // What the API sends is what chrono writes.
        let now = Utc.with_ymd_and_hms(2026, 12, 15, 14, 30, 5).unwrap();
        let json = serde_json::to_string(&now).unwrap();
        assert_eq!(parse_instant(json.trim_matches('"')), Some(now));
        for bad in [
            "",
            "2026-12-15",
            "2026-12-15T00:00:00",
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-12-15T24:00:00Z",
            "2026-12-15T00:00:00.Z",
            "2026-12-15T00:00:00+0100",
            "2026-12-15T00:00:00Zjunk",
            "20261215T000000Z",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_readers_work_through_serde() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Body {
            #[serde(deserialize_with = "decimal")]
            price: Decimal,
            #[serde(deserialize_with = "instant")]
            at: DateTime<Utc>,
            #[serde(default, deserialize_with = "opt_instant")]
            until: Option<DateTime<Utc>>,
            #[serde(default, deserialize_with = "opt_instant")]
            never: Option<DateTime<Utc>>,
            #[serde(default, deserialize_with = "opt_instant")]
            absent: Option<DateTime<Utc>>,
            #[serde(deserialize_with = "instants")]
            slots: Vec<DateTime<Utc>>,
        }
        let body: Body = serde_json::from_str(
            r#"{"price": "9.90", "at": "2026-12-15T00:00:00Z", "until": "2026-12-16T00:00:00Z",
                "never": null, "slots": ["2026-12-17T09:00:00Z"]}"#,
        )
        .unwrap();
        assert_eq!(body.price.to_string(), "9.90");
        assert_eq!(
            body.at,
            Utc.with_ymd_and_hms(2026, 12, 15, 0, 0, 0).unwrap()
        );
        assert_eq!(
            body.until,
            Some(Utc.with_ymd_and_hms(2026, 12, 16, 0, 0, 0).unwrap())
        );
        assert_eq!((body.never, body.absent), (None, None));
        assert_eq!(
            body.slots,
            [Utc.with_ymd_and_hms(2026, 12, 17, 9, 0, 0).unwrap()]
        );
        // Through a `serde_json::Value` too (owned strings), as the browser tests read seeds.
        let value: serde_json::Value =
            serde_json::from_str(r#"{"price": "9.90", "at": "2026-12-15T00:00:00Z", "slots": []}"#)
                .unwrap();
        assert_eq!(
            serde_json::from_value::<Body>(value)
                .unwrap()
                .price
                .to_string(),
            "9.90"
        );
        let bad = serde_json::from_str::<Body>(r#"{"price": "x", "at": "", "slots": []}"#);
        let message = bad.unwrap_err().to_string();
        assert!(
            message.contains("invalid value: string \"x\", expected a decimal string"),
            "{message}"
        );
    }
}
