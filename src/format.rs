//! Money, numbers and dates in the locale's format, through the browser's `Intl`
//! (DESIGN §5: no locale data bundled into the wasm; amounts travel as exact decimal strings).

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{DateTime, Datelike, Timelike, Utc};
use js_sys::{Array, Function, Intl, JsString, Object, Reflect};
use pricing::Money;
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::Locale;

thread_local! {
    /// Intl formatters are costly to build: one per (locale, kind) is kept.
    static FORMATTERS: RefCell<HashMap<String, Function>> = RefCell::new(HashMap::new());
    /// One `Intl.PluralRules` per locale.
    static PLURAL_RULES: RefCell<HashMap<&'static str, Intl::PluralRules>> =
        RefCell::new(HashMap::new());
}

/// The BCP 47 tag Intl should use for one of our locales (en → "en-US", it → "it-IT");
/// a new locale does not compile until it has one.
pub fn intl_tag(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "en-US",
        Locale::it => "it-IT",
    }
}

fn formatter(key: String, build: impl FnOnce() -> Function) -> Function {
    FORMATTERS.with(|cache| cache.borrow_mut().entry(key).or_insert_with(build).clone())
}

fn set(options: &Object, key: &str, value: impl Into<JsValue>) {
    // Setting a property on a plain object we just created cannot fail.
    let _ = Reflect::set(options, &JsValue::from_str(key), &value.into());
}

fn locales(locale: Locale) -> Array {
    Array::of1(&JsValue::from_str(intl_tag(locale)))
}

fn call(format: &Function, value: &JsValue) -> String {
    format
        .call1(&JsValue::UNDEFINED, value)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// `text` in lower case by the browser's `String.prototype.toLowerCase` (the same Unicode
/// mapping as `str::to_lowercase`, without its tables in the wasm).
pub fn lower_case(text: &str) -> String {
    JsString::from(text).to_lower_case().into()
}

/// `text` in upper case by the browser's `String.prototype.toUpperCase` (see [`lower_case`]).
pub fn upper_case(text: &str) -> String {
    JsString::from(text).to_upper_case().into()
}

/// Money in the locale's format, e.g. "$1,234.56" (en) or "1.234,56 €" (it): the one way
/// the page shows an amount. The decimal goes to Intl as a string, so no digit is lost to
/// a float.
pub fn money(locale: Locale, value: Money) -> String {
    let (amount, currency) = (value.amount, value.currency);
    let key = format!(
        "money:{}:{}",
        crate::i18n::lang_code(locale),
        currency.code()
    );
    let format = formatter(key, || {
        let options = Object::new();
        set(&options, "style", "currency");
        set(&options, "currency", currency.code());
        // Italian does not group 4-digit numbers by default; a price table should.
        set(&options, "useGrouping", "always");
        let digits = currency.minor_unit_exponent();
        set(&options, "minimumFractionDigits", digits);
        set(&options, "maximumFractionDigits", digits);
        Intl::NumberFormat::new(&locales(locale), &options).format()
    });
    let text = call(&format, &JsString::from(amount.to_string()).into());
    if text.is_empty() {
        format!("{} {}", amount, currency.code())
    } else {
        text
    }
}

/// A whole number with the locale's grouping, e.g. "50,000" / "50.000".
pub fn number(locale: Locale, value: u64) -> String {
    let format = formatter(format!("number:{}", crate::i18n::lang_code(locale)), || {
        let options = Object::new();
        set(&options, "useGrouping", "always");
        Intl::NumberFormat::new(&locales(locale), &options).format()
    });
    let text = call(&format, &JsString::from(value.to_string()).into());
    if text.is_empty() {
        value.to_string()
    } else {
        text
    }
}

/// The plural category of the count `n` in the locale (`Intl.PluralRules`, cardinal):
/// "one" or "other" for English and Italian ("zero", "two", "few", "many" elsewhere).
pub fn plural_category(locale: Locale, n: u64) -> String {
    let tag = intl_tag(locale);
    let rules = PLURAL_RULES.with(|cache| {
        cache
            .borrow_mut()
            .entry(tag)
            .or_insert_with(|| Intl::PluralRules::new(&locales(locale), &Object::new()))
            .clone()
    });
    // Counts are far below 2^53, where an f64 is exact.
    rules
        .select(n as f64)
        .as_string()
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| if n == 1 { "one" } else { "other" }.to_string())
}

/// A date in the locale's long format, in UTC (all billing instants are UTC), e.g.
/// "December 15, 2026" / "15 dicembre 2026".
pub fn date(locale: Locale, at: DateTime<Utc>) -> String {
    instant(
        format!("date:{}", crate::i18n::lang_code(locale)),
        locale,
        &[("year", "numeric"), ("month", "long"), ("day", "numeric")],
        at,
        false,
    )
}

/// A date and time (for success-session slots), in UTC with the zone shown.
pub fn date_time(locale: Locale, at: DateTime<Utc>) -> String {
    instant(
        format!("datetime:{}", crate::i18n::lang_code(locale)),
        locale,
        &[("dateStyle", "medium"), ("timeStyle", "short")],
        at,
        true,
    )
}

/// `at` through a cached `Intl.DateTimeFormat` with `options` in UTC; when Intl gives
/// nothing, "2026-12-15" (with " 14:30 UTC" if `with_time`), written out by hand: chrono's
/// `format` would bring its format-string parser into the wasm for this fallback alone.
fn instant(
    key: String,
    locale: Locale,
    options: &[(&str, &str)],
    at: DateTime<Utc>,
    with_time: bool,
) -> String {
    let format = formatter(key, || {
        let object = Object::new();
        for (name, value) in options {
            set(&object, name, *value);
        }
        set(&object, "timeZone", "UTC");
        Intl::DateTimeFormat::new(&locales(locale), &object).format()
    });
    let millis = at.timestamp_millis() as f64;
    let text = call(
        &format,
        &js_sys::Date::new(&JsValue::from_f64(millis)).into(),
    );
    if !text.is_empty() {
        return text;
    }
    let date = format!("{:04}-{:02}-{:02}", at.year(), at.month(), at.day());
    if with_time {
        format!("{date} {:02}:{:02} UTC", at.hour(), at.minute())
    } else {
        date
    }
}

/// A card expiry, "12/2027".
pub fn card_expiry(month: u32, year: i32) -> String {
    format!("{month:02}/{year}")
}

/// A country's name in the locale through `Intl.DisplayNames` (e.g. "DE" → "Germany" /
/// "Germania"); `fallback` (the catalog's name) where the browser has none.
pub fn region_name(locale: Locale, code: &str, fallback: &str) -> String {
    let build = || -> Option<JsValue> {
        let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
        let ctor: Function = Reflect::get(&intl, &JsValue::from_str("DisplayNames"))
            .ok()?
            .dyn_into()
            .ok()?;
        let options = Object::new();
        set(&options, "type", "region");
        set(&options, "fallback", "none");
        let args = Array::of2(&locales(locale), &options);
        Reflect::construct(&ctor, &args).ok()
    };
    build()
        .and_then(|names| {
            let of: Function = Reflect::get(&names, &JsValue::from_str("of"))
                .ok()?
                .dyn_into()
                .ok()?;
            of.call1(&names, &JsValue::from_str(code)).ok()?.as_string()
        })
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| fallback.to_string())
}
