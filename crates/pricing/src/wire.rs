//! Helpers of the flat wire shapes the tagged enums are read through ([`crate::Change`],
//! [`crate::Status`], [`crate::NotSelfServe`]): serde's internally tagged enums buffer each
//! object into a generic tree first, which costs the wasm page far more code.

/// A variant's field that the JSON must carry, with serde's own message when it does not.
pub(crate) fn field<T>(value: Option<T>, name: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{name}`"))
}
