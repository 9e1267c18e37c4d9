//! Request bodies: JSON read strictly, every failure answered with the JSON error shape and
//! the field at fault (never axum's plain-text rejection). A body is at most
//! [`MAX_BODY_BYTES`] (413) and holds every key of an object once (400).

use std::cell::RefCell;
use std::fmt;

use api_types::error_code;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::{DeserializeOwned, DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::ApiError;

/// The largest request body read (the router sets it as axum's `DefaultBodyLimit`): the
/// biggest real body, a `_mock/reset` state, is about 12 KiB.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A JSON body of type `T`; a bad one is a 400 naming the field (`changes[0].contacts`).
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read(req, state).await?;
        parse(&bytes).map(JsonBody)
    }
}

/// A body that must be empty or a JSON object (routes that take no input).
pub struct NoBody;

impl<S: Send + Sync> FromRequest<S> for NoBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(NoBody);
        }
        parse::<serde_json::Map<String, Value>>(&bytes).map(|_| NoBody)
    }
}

async fn read<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                error_code::PAYLOAD_TOO_LARGE,
                format!("the body is larger than {MAX_BODY_BYTES} bytes"),
            )
        } else {
            ApiError::invalid("", "the body could not be read").without_field()
        }
    })
}

/// Parses `bytes` as `T`, naming the field at fault on error.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let value = parse_unique(bytes)?;
    serde_path_to_error::deserialize(&value).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        let field = refine(&value, &path, &message);
        let message = plain_ranges(&message);
        match &field {
            Some(f) => ApiError::invalid(f.clone(), format!("{f}: {message}")),
            None => ApiError::invalid("", message).without_field(),
        }
    })
}

impl ApiError {
    fn without_field(mut self) -> Self {
        self.body.field = None;
        self
    }
}

/// Parses `bytes` as JSON, refusing an object that holds a key twice: serde_json would
/// silently keep the last one, so `{"seats": 5, "seats": 500}` could mean either to a
/// reader that keeps the first. The duplicate's path is the error's `field`.
fn parse_unique(bytes: &[u8]) -> Result<Value, ApiError> {
    let duplicate = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let parsed = Unique {
        path: String::new(),
        duplicate: &duplicate,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    parsed.map_err(|e| match duplicate.into_inner() {
        Some(path) => ApiError::invalid(
            path.clone(),
            format!("{path}: a key may appear only once in an object"),
        ),
        None => ApiError::invalid("", format!("the body is not valid JSON: {e}")).without_field(),
    })
}

/// Builds a [`Value`] like serde_json does, noting the path of the first duplicate key.
struct Unique<'a> {
    /// Where this value sits, as a field path (`changes[0]`).
    path: String,
    /// Set to the path of the duplicate key, if one is found.
    duplicate: &'a RefCell<Option<String>>,
}

impl Unique<'_> {
    fn at(&self, path: String) -> Self {
        Unique {
            path,
            duplicate: self.duplicate,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Unique<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Unique<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) =
            seq.next_element_seed(self.at(format!("{}[{}]", self.path, items.len())))?
        {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.path)
            };
            if object.contains_key(&key) {
                *self.duplicate.borrow_mut() = Some(path);
                return Err(A::Error::custom("duplicate key"));
            }
            let value = map.next_value_seed(self.at(path))?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// serde's "expected u32" said as the range a person can act on (seats have no cap but
/// the numeric type's: DESIGN §5, a clear message for out-of-range numbers).
fn plain_ranges(message: &str) -> String {
    message
        .replace(
            "expected u32",
            &format!("expected a whole number from 0 to {}", u32::MAX),
        )
        .replace(
            "expected u64",
            &format!("expected a whole number from 0 to {}", u64::MAX),
        )
}

/// The field a serde error is about: serde's path, made precise where serde stops short.
///
/// Inside an internally tagged enum (a `Change`) serde reports the path of the whole
/// object; the culprit key is then found from the message (`missing field`, or the key
/// holding the offending value).
fn refine(root: &Value, path: &str, message: &str) -> Option<String> {
    let path = if path == "." { "" } else { path };
    let at = lookup(root, path);
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    if let Some(name) = between(message, "missing field `", "`") {
        return Some(join(name));
    }
    if let Some(Value::Object(map)) = at {
        if let Some(culprit) = Culprit::from_message(message) {
            if let Some((key, _)) = map.iter().find(|(_, v)| culprit.matches(v)) {
                return Some(join(key));
            }
        }
    }
    (!path.is_empty()).then(|| path.to_string())
}

/// The value a serde message complains about.
enum Culprit {
    Str(String),
    Integer(i128),
    Float(f64),
    Bool(bool),
    Null,
    Object,
    Array,
}

impl Culprit {
    fn from_message(message: &str) -> Option<Culprit> {
        let text = |start: &str, end: &str| between(message, start, end).map(str::to_string);
        if let Some(v) = text("unknown variant `", "`").or_else(|| text("string \"", "\"")) {
            return Some(Culprit::Str(v));
        }
        if let Some(n) = text("integer `", "`") {
            return n.parse().ok().map(Culprit::Integer);
        }
        if let Some(n) = text("floating point `", "`") {
            return n.parse().ok().map(Culprit::Float);
        }
        if let Some(b) = text("boolean `", "`") {
            return Some(Culprit::Bool(b == "true"));
        }
        [
            ("invalid type: null", Culprit::Null),
            ("invalid type: map", Culprit::Object),
            ("invalid type: sequence", Culprit::Array),
        ]
        .into_iter()
        .find_map(|(needle, c)| message.contains(needle).then_some(c))
    }

    fn matches(&self, value: &Value) -> bool {
        match self {
            Culprit::Str(s) => value.as_str() == Some(s.as_str()),
            Culprit::Integer(n) => {
                let as_int = value.as_i64().map(i128::from);
                as_int.or_else(|| value.as_u64().map(i128::from)) == Some(*n)
            }
            Culprit::Float(f) => value.is_f64() && value.as_f64() == Some(*f),
            Culprit::Bool(b) => value.as_bool() == Some(*b),
            Culprit::Null => value.is_null(),
            Culprit::Object => value.is_object(),
            Culprit::Array => value.is_array(),
        }
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

/// The value at a serde path like `changes[0].consents`.
fn lookup<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut at = root;
    for segment in path.split('.').filter(|s| !s.is_empty()) {
        let (name, indices) = match segment.find('[') {
            Some(i) => (&segment[..i], &segment[i..]),
            None => (segment, ""),
        };
        if !name.is_empty() {
            at = at.get(name)?;
        }
        for index in indices.split('[').filter(|s| !s.is_empty()) {
            at = at.get(index.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use api_types::{CancellationRequest, QuoteRequest};

    use super::parse;

    fn field_of<T: serde::de::DeserializeOwned>(json: &str) -> Option<String> {
        parse::<T>(json.as_bytes()).err().unwrap().body.field
    }

    #[test]
    fn a_string_where_a_number_belongs_names_the_key_inside_the_change() {
        let field = field_of::<QuoteRequest>(
            r#"{"changes":[{"kind":"set_plan","plan":"pro"},{"kind":"set_contacts","contacts":"5000"}]}"#,
        );
        assert_eq!(field.as_deref(), Some("changes[1].contacts"));
    }

    #[test]
    fn negative_and_unknown_values_name_their_key() {
        let negative = field_of::<QuoteRequest>(r#"{"changes":[{"kind":"set_users","users":-2}]}"#);
        assert_eq!(negative.as_deref(), Some("changes[0].users"));
        let plan =
            field_of::<QuoteRequest>(r#"{"changes":[{"kind":"set_plan","plan":"platinum"}]}"#);
        assert_eq!(plan.as_deref(), Some("changes[0].plan"));
        let kind = field_of::<QuoteRequest>(r#"{"changes":[{"kind":"teleport"}]}"#);
        assert_eq!(kind.as_deref(), Some("changes[0].kind"));
    }

    #[test]
    fn missing_fields_are_named_with_their_parent() {
        assert_eq!(field_of::<QuoteRequest>("{}").as_deref(), Some("changes"));
        let consents = field_of::<CancellationRequest>(
            r#"{"reasons":["other"],"consents":{"lists":true,"campaigns":true,"reports":true}}"#,
        );
        assert_eq!(consents.as_deref(), Some("consents.account_information"));
    }

    #[test]
    fn a_key_twice_names_the_second_one() {
        let error = parse::<QuoteRequest>(
            br#"{"changes":[{"kind":"set_seats","seats":5},{"kind":"set_seats","seats":5,"seats":500}]}"#,
        )
        .err()
        .unwrap();
        assert_eq!(error.body.code, "invalid_request");
        assert_eq!(error.body.field.as_deref(), Some("changes[1].seats"));
    }

    #[test]
    fn broken_json_has_no_field() {
        let error = parse::<QuoteRequest>(b"{\"changes\": [").err().unwrap();
        assert_eq!(error.body.code, "invalid_request");
        assert_eq!(error.body.field, None);
    }
}
