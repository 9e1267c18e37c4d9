//! A small JSON codec, the same on every target: what the wasm page reads and writes with
//! instead of serde_json (issue 14: serde's derives and serde_json's generic deserializer,
//! monomorphised per wire type, were ~127 KB of the page).
//!
//! - [`Json::parse`]: text → a [`Json`] tree (numbers keep their text, objects their order),
//!   every escape of RFC 8259 (`\uXXXX` surrogate pairs included), at most [`MAX_DEPTH`]
//!   levels; any input gives a value or a message, never a panic.
//! - [`FromJson`]: a type read from a tree; [`Fields`] reads an object's fields with serde's
//!   rules (a required field missing is "missing field `x`", an `Option` may be absent or
//!   `null`, a defaulted field may be absent) and each error names the path to the value
//!   (`account.period: missing field `end``).
//! - [`ToJson`] and [`Json`]'s `Display`: a tree → compact text, escaped as serde_json does.
//!
//! The wire shape of each type is written in `wire.rs` (pricing) and `api-types`; native
//! builds keep serde's derives for the mock API, and the mock API's tests check that both
//! agree for every scenario.

use std::fmt::{self, Write as _};

/// Deepest nesting of arrays and objects [`Json::parse`] reads (serde_json's limit too).
pub const MAX_DEPTH: usize = 128;

/// A JSON value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written (`12`, `-0.5`, `1e3`): readers choose the type.
    Number(String),
    /// A string, escapes resolved.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, its fields in the order written (keys are unique).
    Object(Vec<(String, Json)>),
}

/// A type read from a [`Json`] value.
pub trait FromJson: Sized {
    /// Reads `json`, or says what is wrong and where.
    fn from_json(json: &Json) -> Result<Self, String>;
}

/// A type written as a [`Json`] value.
pub trait ToJson {
    /// The value to write.
    fn to_json(&self) -> Json;
}

/// Parses `text` as JSON and reads a `T` from it.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, String> {
    T::from_json(&Json::parse(text)?)
}

/// `value` as compact JSON text.
pub fn to_string<T: ToJson + ?Sized>(value: &T) -> String {
    value.to_json().to_string()
}

impl Json {
    /// Parses one JSON value (whitespace around it allowed, nothing else).
    pub fn parse(text: &str) -> Result<Json, String> {
        let mut parser = Parser { text, at: 0 };
        parser.skip_whitespace();
        let value = parser.value(0)?;
        parser.skip_whitespace();
        if parser.at < text.len() {
            return Err(parser.error("trailing characters"));
        }
        Ok(value)
    }

    /// An object of `fields`, in this order.
    pub fn object<const N: usize>(fields: [(&str, Json); N]) -> Json {
        Json::Object(
            fields
                .into_iter()
                .map(|(name, value)| (name.to_string(), value))
                .collect(),
        )
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    /// The text of a string value, or an error naming what was expected.
    pub fn string(&self, expected: &str) -> Result<&str, String> {
        self.as_str().ok_or_else(|| self.unexpected(expected))
    }

    /// The fields of an object value.
    pub fn fields(&self) -> Result<Fields<'_>, String> {
        match self {
            Json::Object(fields) => Ok(Fields(fields)),
            other => Err(other.unexpected("an object")),
        }
    }

    /// "expected `what`, found …" for this value.
    pub fn unexpected(&self, what: &str) -> String {
        let found = match self {
            Json::Null => "null".to_string(),
            Json::Bool(b) => format!("the boolean {b}"),
            Json::Number(n) => format!("the number {n}"),
            // Quoted as written (no `Debug` escaping: the message is for people).
            Json::String(s) => format!("the string \"{s}\""),
            Json::Array(_) => "an array".to_string(),
            Json::Object(_) => "an object".to_string(),
        };
        format!("expected {what}, found {found}")
    }
}

/// The fields of a JSON object, read by name.
#[derive(Clone, Copy, Debug)]
pub struct Fields<'a>(&'a [(String, Json)]);

impl<'a> Fields<'a> {
    /// The value of field `name`, if present.
    pub fn get(&self, name: &str) -> Option<&'a Json> {
        self.0.iter().find(|(key, _)| key == name).map(|(_, v)| v)
    }

    /// A field the object must carry ("missing field `name`" otherwise).
    pub fn req<T: FromJson>(&self, name: &str) -> Result<T, String> {
        let value = self
            .get(name)
            .ok_or_else(|| format!("missing field `{name}`"))?;
        T::from_json(value).map_err(|e| within(name, e))
    }

    /// An optional field: absent or `null` is `None`.
    pub fn opt<T: FromJson>(&self, name: &str) -> Result<Option<T>, String> {
        self.or_default(name)
    }

    /// A field that may be absent, then `T::default()` (serde's `#[serde(default)]`).
    pub fn or_default<T: FromJson + Default>(&self, name: &str) -> Result<T, String> {
        match self.get(name) {
            None => Ok(T::default()),
            Some(value) => T::from_json(value).map_err(|e| within(name, e)),
        }
    }
}

/// `error` about a value inside `segment` (a field name or `[i]`): the path grows in front
/// of the message, `lines[2].amount: expected …`. A path never holds a space; a message
/// always does.
fn within(segment: &str, error: String) -> String {
    match error.split_once(": ") {
        Some((path, message)) if !path.contains(' ') => {
            let dot = if path.starts_with('[') { "" } else { "." };
            format!("{segment}{dot}{path}: {message}")
        }
        _ => format!("{segment}: {error}"),
    }
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> String {
        let before = self.text.as_bytes().get(..self.at).unwrap_or_default();
        let line = 1 + before.iter().filter(|b| **b == b'\n').count();
        let column = 1 + before.iter().rev().take_while(|b| **b != b'\n').count();
        format!("{what} at line {line} column {column}")
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        match self.peek() {
            None => Err(self.error("unexpected end of JSON")),
            Some(b'n') => self.word("null", Json::Null),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[' | b'{') if depth >= MAX_DEPTH => Err(self.error("nested too deep")),
            Some(b'[') => self.array(depth + 1),
            Some(b'{') => self.object(depth + 1),
            Some(_) => Err(self.error("expected a value")),
        }
    }

    fn word(&mut self, word: &str, value: Json) -> Result<Json, String> {
        let rest = self.text.as_bytes().get(self.at..).unwrap_or_default();
        if !rest.starts_with(word.as_bytes()) {
            return Err(self.error("expected a value"));
        }
        self.at += word.len();
        Ok(value)
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as written.
    fn number(&mut self) -> Result<Json, String> {
        let start = self.at;
        self.eat(b'-');
        if !self.eat(b'0') && !self.digits() {
            return Err(self.error("invalid number"));
        }
        if self.eat(b'.') && !self.digits() {
            return Err(self.error("invalid number"));
        }
        if self.eat(b'e') || self.eat(b'E') {
            let _ = self.eat(b'+') || self.eat(b'-');
            if !self.digits() {
                return Err(self.error("invalid number"));
            }
        }
        // Only ASCII was consumed: both ends are character boundaries.
        let text = self.text.get(start..self.at).unwrap_or_default();
        Ok(Json::Number(text.to_string()))
    }

    fn digits(&mut self) -> bool {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        self.at > start
    }

    fn string(&mut self) -> Result<String, String> {
        self.at += 1; // the opening quote
        let mut out = String::new();
        loop {
            let start = self.at;
            while self
                .peek()
                .is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20)
            {
                self.at += 1;
            }
            // Stopped at an ASCII byte or the end: a character boundary.
            out.push_str(self.text.get(start..self.at).unwrap_or_default());
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = self.escape()?;
                    out.push(c);
                }
                Some(_) => return Err(self.error("control character in a string")),
            }
        }
    }

    fn escape(&mut self) -> Result<char, String> {
        let Some(byte) = self.peek() else {
            return Err(self.error("unterminated string"));
        };
        self.at += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                let code = match first {
                    0xD800..=0xDBFF => {
                        if !(self.eat(b'\\') && self.eat(b'u')) {
                            return Err(self.error("lone leading surrogate in a \\u escape"));
                        }
                        let second = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&second) {
                            return Err(self.error("lone leading surrogate in a \\u escape"));
                        }
                        0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    }
                    0xDC00..=0xDFFF => {
                        return Err(self.error("lone trailing surrogate in a \\u escape"))
                    }
                    _ => first,
                };
                char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))?
            }
            _ => return Err(self.error("invalid escape")),
        })
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|b| (b as char).to_digit(16))
                .ok_or_else(|| self.error("invalid \\u escape"))?;
            code = code * 16 + digit;
            self.at += 1;
        }
        Ok(code)
    }

    fn array(&mut self, depth: usize) -> Result<Json, String> {
        self.at += 1; // [
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.eat(b']') {
            return Ok(Json::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value(depth)?);
            self.skip_whitespace();
            if self.eat(b']') {
                return Ok(Json::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.error("expected `,` or `]`"));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, String> {
        self.at += 1; // {
        let mut fields: Vec<(String, Json)> = Vec::new();
        self.skip_whitespace();
        if self.eat(b'}') {
            return Ok(Json::Object(fields));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a key"));
            }
            let key_at = self.at;
            let key = self.string()?;
            if fields.iter().any(|(k, _)| *k == key) {
                self.at = key_at;
                return Err(self.error(&format!("duplicate key `{key}`")));
            }
            self.skip_whitespace();
            if !self.eat(b':') {
                return Err(self.error("expected `:`"));
            }
            self.skip_whitespace();
            let value = self.value(depth)?;
            fields.push((key, value));
            self.skip_whitespace();
            if self.eat(b'}') {
                return Ok(Json::Object(fields));
            }
            if !self.eat(b',') {
                return Err(self.error("expected `,` or `}`"));
            }
        }
    }
}

impl fmt::Display for Json {
    /// Compact JSON, escaped as serde_json escapes (so the same data gives the same text).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Json::Null => f.write_str("null"),
            Json::Bool(b) => f.write_str(if *b { "true" } else { "false" }),
            Json::Number(n) => f.write_str(n),
            Json::String(s) => write_string(f, s),
            Json::Array(items) => {
                f.write_char('[')?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    item.fmt(f)?;
                }
                f.write_char(']')
            }
            Json::Object(fields) => {
                f.write_char('{')?;
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    write_string(f, key)?;
                    f.write_char(':')?;
                    value.fmt(f)?;
                }
                f.write_char('}')
            }
        }
    }
}

/// `"text"` with `"`, `\` and control characters escaped (nothing else, as serde_json).
fn write_string(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    f.write_char('"')?;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let escaped = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            c if c < ' ' => "",
            _ => continue,
        };
        f.write_str(text.get(start..i).unwrap_or_default())?;
        if escaped.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let byte = c as usize;
            f.write_str("\\u00")?;
            f.write_char(HEX[byte >> 4] as char)?;
            f.write_char(HEX[byte & 0xf] as char)?;
        } else {
            f.write_str(escaped)?;
        }
        start = i + c.len_utf8();
    }
    f.write_str(text.get(start..).unwrap_or_default())?;
    f.write_char('"')
}

/// [`FromJson`] and [`ToJson`] for a unit enum written as one name per variant:
/// `json_names!(Cycle { Monthly => "monthly", Annual => "annual" });`
#[macro_export]
macro_rules! json_names {
    ($ty:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $crate::json::FromJson for $ty {
            fn from_json(json: &$crate::json::Json) -> Result<Self, String> {
                match json.string("a string")? {
                    $($name => Ok(Self::$variant),)+
                    other => Err(format!("unknown variant `{other}`")),
                }
            }
        }

        impl $crate::json::ToJson for $ty {
            fn to_json(&self) -> $crate::json::Json {
                let name = match self {
                    $(Self::$variant => $name,)+
                };
                $crate::json::Json::String(name.to_string())
            }
        }
    };
}

// Readers and writers of the plain types.

impl FromJson for Json {
    fn from_json(json: &Json) -> Result<Self, String> {
        Ok(json.clone())
    }
}

impl ToJson for Json {
    fn to_json(&self) -> Json {
        self.clone()
    }
}

impl FromJson for String {
    fn from_json(json: &Json) -> Result<Self, String> {
        json.string("a string").map(str::to_string)
    }
}

impl ToJson for String {
    fn to_json(&self) -> Json {
        Json::String(self.clone())
    }
}

impl ToJson for str {
    fn to_json(&self) -> Json {
        Json::String(self.to_string())
    }
}

impl FromJson for bool {
    fn from_json(json: &Json) -> Result<Self, String> {
        match json {
            Json::Bool(b) => Ok(*b),
            other => Err(other.unexpected("a boolean")),
        }
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Json {
        Json::Bool(*self)
    }
}

/// Integers: a JSON number without fraction or exponent, in the type's range.
macro_rules! integers {
    ($($ty:ty => $what:literal),+ $(,)?) => {$(
        impl FromJson for $ty {
            fn from_json(json: &Json) -> Result<Self, String> {
                match json {
                    Json::Number(text) => text.parse().map_err(|_| json.unexpected($what)),
                    other => Err(other.unexpected($what)),
                }
            }
        }

        impl ToJson for $ty {
            fn to_json(&self) -> Json {
                Json::Number(self.to_string())
            }
        }
    )+};
}

integers!(
    u16 => "an integer in 0..=65535",
    u32 => "an integer in 0..=4294967295",
    u64 => "a non-negative integer",
    i32 => "a 32-bit integer",
    i64 => "a 64-bit integer",
);

impl<T: FromJson> FromJson for Option<T> {
    /// `null` is `None`.
    fn from_json(json: &Json) -> Result<Self, String> {
        match json {
            Json::Null => Ok(None),
            value => T::from_json(value).map(Some),
        }
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Json {
        self.as_ref().map_or(Json::Null, T::to_json)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(json: &Json) -> Result<Self, String> {
        match json {
            Json::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| T::from_json(item).map_err(|e| within(&format!("[{i}]"), e)))
                .collect(),
            other => Err(other.unexpected("an array")),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn to_json(&self) -> Json {
        Json::Array(self.iter().map(T::to_json).collect())
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Json {
        self.as_slice().to_json()
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(json: &Json) -> Result<Self, String> {
        T::from_json(json).map(Box::new)
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn to_json(&self) -> Json {
        (**self).to_json()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_value() {
        let json = Json::parse(
            " {\"a\": [1, -2.5e3, 0], \"b\": {\"c\": null}, \"d\": true, \"e\": false,\n \"f\": \"x\"} ",
        )
        .unwrap();
        assert_eq!(
            json,
            Json::Object(vec![
                (
                    "a".into(),
                    Json::Array(vec![
                        Json::Number("1".into()),
                        Json::Number("-2.5e3".into()),
                        Json::Number("0".into()),
                    ])
                ),
                ("b".into(), Json::Object(vec![("c".into(), Json::Null)])),
                ("d".into(), Json::Bool(true)),
                ("e".into(), Json::Bool(false)),
                ("f".into(), Json::String("x".into())),
            ])
        );
        assert_eq!(Json::parse("[]"), Ok(Json::Array(vec![])));
        assert_eq!(Json::parse("{ }"), Ok(Json::Object(vec![])));
    }

    #[test]
    fn strings_resolve_every_escape() {
        let text = r#""q\" b\\ s\/ \b\f\n\r\t \u00e9 \u20AC \ud83d\ude00 é€😀""#;
        assert_eq!(
            Json::parse(text),
            Ok(Json::String(
                "q\" b\\ s/ \u{8}\u{c}\n\r\t é € 😀 é€😀".into()
            ))
        );
    }

    #[test]
    fn strings_read_as_serde_json_reads_them() {
        for text in [
            r#""""#,
            r#""plain""#,
            r#""\u0000\u001f\u007f""#,
            r#""\uD834\uDD1E""#,
            r#""tab\there""#,
            r#""ünïcödé ✓""#,
        ] {
            let theirs: String = serde_json::from_str(text).unwrap();
            assert_eq!(Json::parse(text), Ok(Json::String(theirs)), "{text}");
        }
    }

    #[test]
    fn bad_json_is_an_error_with_its_place() {
        let cases = [
            ("", "unexpected end of JSON at line 1 column 1"),
            ("nul", "expected a value at line 1 column 1"),
            ("[1,]", "expected a value at line 1 column 4"),
            ("[1 2]", "expected `,` or `]` at line 1 column 4"),
            ("{\"a\" 1}", "expected `:` at line 1 column 6"),
            ("{1: 2}", "expected a key at line 1 column 2"),
            (
                "{\"a\": 1,\n \"a\": 2}",
                "duplicate key `a` at line 2 column 2",
            ),
            ("\"abc", "unterminated string at line 1 column 5"),
            (
                "\"a\nb\"",
                "control character in a string at line 1 column 3",
            ),
            ("\"\\x\"", "invalid escape at line 1 column 4"),
            ("\"\\u12g4\"", "invalid \\u escape at line 1 column 6"),
            (
                "\"\\ud800\"",
                "lone leading surrogate in a \\u escape at line 1 column 8",
            ),
            (
                "\"\\ud800\\u0041\"",
                "lone leading surrogate in a \\u escape at line 1 column 14",
            ),
            (
                "\"\\udc00\"",
                "lone trailing surrogate in a \\u escape at line 1 column 8",
            ),
            ("01", "trailing characters at line 1 column 2"),
            ("-", "invalid number at line 1 column 2"),
            ("1.", "invalid number at line 1 column 3"),
            ("1e", "invalid number at line 1 column 3"),
            ("+1", "expected a value at line 1 column 1"),
            ("{} x", "trailing characters at line 1 column 4"),
        ];
        for (text, message) in cases {
            assert_eq!(Json::parse(text), Err(message.to_string()), "{text:?}");
            // serde_json keeps the last of two equal keys; every other case it refuses too.
            let refused = serde_json::from_str::<serde_json::Value>(text).is_err();
            assert!(refused || message.starts_with("duplicate key"), "{text:?}");
        }
    }

    #[test]
    fn nesting_stops_at_the_depth_limit() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(Json::parse(&deep(MAX_DEPTH)).is_ok());
        assert_eq!(
            Json::parse(&deep(MAX_DEPTH + 1)),
            Err(format!(
                "nested too deep at line 1 column {}",
                MAX_DEPTH + 1
            ))
        );
        // A million brackets: an error, not a stack overflow.
        assert!(Json::parse(&"[{\"a\":".repeat(1_000_000)).is_err());
    }

    #[test]
    fn writes_as_serde_json_writes() {
        // Keys in order: serde_json::Value sorts them unless `preserve_order` is on.
        let text = "{\"n\":[1,-2.5,null,true,false],\"o\":{},\"s\":\"q\\\" \\\\ / \\u0001\\b\\f\\n\\r\\t\\u001f\u{7f} é 😀\"}";
        let ours = Json::parse(text).unwrap();
        let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours.to_string(), serde_json::to_string(&theirs).unwrap());
        assert_eq!(ours.to_string(), text);
        // What is written reads back the same.
        assert_eq!(Json::parse(&ours.to_string()), Ok(ours));
    }

    #[derive(Debug, PartialEq)]
    struct Line {
        key: String,
        item: Option<String>,
        count: u32,
        tags: Vec<String>,
    }

    impl FromJson for Line {
        fn from_json(json: &Json) -> Result<Self, String> {
            let f = json.fields()?;
            Ok(Line {
                key: f.req("key")?,
                item: f.opt("item")?,
                count: f.or_default("count")?,
                tags: f.or_default("tags")?,
            })
        }
    }

    #[test]
    fn fields_follow_serde_rules_and_errors_name_the_path() {
        let line: Line = from_str(r#"{"key": "a", "extra": 1}"#).unwrap();
        assert_eq!(
            line,
            Line {
                key: "a".into(),
                item: None,
                count: 0,
                tags: vec![]
            }
        );
        let line: Line = from_str(r#"{"key": "a", "item": null, "count": 3}"#).unwrap();
        assert_eq!((line.item, line.count), (None, 3));
        let cases = [
            (r#"{"item": "x"}"#, "missing field `key`"),
            (r#"[]"#, "expected an object, found an array"),
            (
                r#"{"key": 1}"#,
                "key: expected a string, found the number 1",
            ),
            (
                r#"{"key": "a", "count": -1}"#,
                "count: expected an integer in 0..=4294967295, found the number -1",
            ),
            (
                r#"{"key": "a", "count": 1.0}"#,
                "count: expected an integer in 0..=4294967295, found the number 1.0",
            ),
            (
                r#"{"key": "a", "count": null}"#,
                "count: expected an integer in 0..=4294967295, found null",
            ),
            (
                r#"{"key": "a", "tags": ["x", 2]}"#,
                "tags[1]: expected a string, found the number 2",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(from_str::<Line>(text), Err(message.to_string()), "{text}");
        }
        let nested: Result<Vec<Vec<Line>>, String> = from_str(r#"[[], [{"key": "a"}, {}]]"#);
        assert_eq!(nested, Err("[1][1]: missing field `key`".to_string()));
    }

    #[test]
    fn integers_hold_their_range() {
        assert_eq!(from_str::<u32>("4294967295"), Ok(u32::MAX));
        assert!(from_str::<u32>("4294967296").is_err());
        assert_eq!(from_str::<i64>("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(from_str::<u64>("18446744073709551615"), Ok(u64::MAX));
        assert!(from_str::<u16>("1e2").is_err());
        assert_eq!(to_string(&vec![Some(1u32), None]), "[1,null]");
    }

    /// A JSON value tree of depth ≤ 4 (integers only: serde_json rewrites `1.50` as `1.5`).
    fn arb_json() -> impl proptest::strategy::Strategy<Value = Json> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Json::Null),
            any::<bool>().prop_map(Json::Bool),
            any::<i64>().prop_map(|n| Json::Number(n.to_string())),
            any::<String>().prop_map(Json::String),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..8).prop_map(Json::Array),
                proptest::collection::btree_map(any::<String>(), inner, 0..8)
                    .prop_map(|m| Json::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Ours and serde_json accept the same texts, but for two choices of ours: a key twice
    /// is an error (serde_json keeps the last), a number is text (serde_json refuses one
    /// beyond f64, `1e999`).
    fn agrees_with_serde_json(text: &str) -> bool {
        let ours = Json::parse(text);
        let theirs = serde_json::from_str::<serde_json::Value>(text);
        match (&ours, &theirs) {
            (Err(e), Ok(_)) => e.starts_with("duplicate key"),
            (Ok(_), Err(e)) => e.to_string().starts_with("number out of range"),
            _ => true,
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Any bytes: a value or an error, never a panic, and the same verdict as serde_json.
        #[test]
        fn any_bytes_parse_or_fail_without_panicking(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64)) {
            let text = String::from_utf8_lossy(&bytes);
            proptest::prop_assert!(agrees_with_serde_json(&text), "{:?}", text);
        }

        /// Text made of JSON's own characters (far likelier to be nearly valid).
        #[test]
        fn json_like_text_parses_as_serde_json_decides(text in "[\\[\\]{}\",:0-9.eE+\\-a-z\\\\ \n\u{e9}\u{1F600}]{0,40}") {
            proptest::prop_assert!(agrees_with_serde_json(&text), "{:?}", text);
        }

        /// What is written reads back as the same tree, and serde_json writes the same text.
        #[test]
        fn written_json_reads_back_the_same(json in arb_json()) {
            let text = json.to_string();
            proptest::prop_assert_eq!(Json::parse(&text), Ok(json));
            let theirs: serde_json::Value = serde_json::from_str(&text).unwrap();
            proptest::prop_assert_eq!(serde_json::to_string(&theirs).unwrap(), text);
        }
    }
}
