//! `Typed<T>`: a JSON value that either has the type the API expects or is kept as-is, so that a
//! wrong type becomes a validation issue with a path instead of a parse failure. Pure, no IO.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// A field value as read from a file or a form: the expected type, or the raw JSON that did not fit.
#[derive(Clone, Debug, PartialEq)]
pub enum Typed<T> {
    Valid(T),
    Invalid(Value),
}

impl<T> Typed<T> {
    pub fn valid(&self) -> Option<&T> {
        match self {
            Typed::Valid(v) => Some(v),
            Typed::Invalid(_) => None,
        }
    }

    pub fn valid_mut(&mut self) -> Option<&mut T> {
        match self {
            Typed::Valid(v) => Some(v),
            Typed::Invalid(_) => None,
        }
    }
}

impl<T> From<T> for Typed<T> {
    fn from(v: T) -> Self {
        Typed::Valid(v)
    }
}

impl<T: Serialize> Serialize for Typed<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Typed::Valid(v) => v.serialize(s),
            Typed::Invalid(v) => v.serialize(s),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Typed<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Value::deserialize(d)?;
        Ok(from_value(raw))
    }
}

/// `from_value` for a JSON object (`task_config`), moved rather than copied: a big object is
/// converted without a second copy of every key and value. `null` is no value, as for an `Option`.
pub fn object(raw: Value) -> Option<Typed<serde_json::Map<String, Value>>> {
    match raw {
        Value::Null => None,
        Value::Object(m) => Some(Typed::Valid(m)),
        other => Some(Typed::Invalid(other)),
    }
}

/// Converts a JSON value, keeping it raw when it does not have the expected type.
pub fn from_value<T: DeserializeOwned>(raw: Value) -> Typed<T> {
    match T::deserialize(&raw) {
        Ok(v) => Typed::Valid(v),
        Err(_) => Typed::Invalid(raw),
    }
}

/// Name of a JSON value's type, for messages ("got a string").
pub fn json_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a decimal number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
