//! `limit` and `offset` as every list route reads them, from a query string or a JSON body
//! (numbers or numeric strings). Default limit 10, at most 1000.

use serde_json::{Map, Value};

use super::auth::Call;
use super::errors::{ApiError, code};

pub const DEFAULT_LIMIT: usize = 10;
pub const MAX_LIMIT: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub limit: usize,
    pub offset: usize,
}

fn bad(name: &str) -> ApiError {
    let message = if name == "limit" {
        format!("limit must be an integer from 1 to {MAX_LIMIT}")
    } else {
        format!("{name} must be a non-negative integer")
    };
    ApiError::bad_request(code::BAD_PARAMETER, message)
}

fn number(name: &str, text: Option<String>, default: usize) -> Result<usize, ApiError> {
    match text {
        None => Ok(default),
        Some(t) if t.is_empty() => Ok(default),
        Some(t) => t.trim().parse().map_err(|_| bad(name)),
    }
}

impl Page {
    fn new(limit: usize, offset: usize) -> Result<Self, ApiError> {
        if limit == 0 || limit > MAX_LIMIT {
            return Err(bad("limit"));
        }
        Ok(Self { limit, offset })
    }

    pub fn from_query(call: &Call) -> Result<Self, ApiError> {
        Self::from_query_or(call, DEFAULT_LIMIT)
    }

    /// `from_query` for a route whose documented default `limit` is not [`DEFAULT_LIMIT`].
    pub fn from_query_or(call: &Call, default_limit: usize) -> Result<Self, ApiError> {
        let get = |k: &str| call.param(k).map(str::to_string);
        Self::new(
            number("limit", get("limit"), default_limit)?,
            number("offset", get("offset"), 0)?,
        )
    }

    /// Pages of this size needed for `total` items (0 for none).
    pub fn pages(&self, total: usize) -> usize {
        total.div_ceil(self.limit)
    }

    pub fn from_json(body: &Map<String, Value>) -> Result<Self, ApiError> {
        let get = |k: &str| match body.get(k) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(v) => Some(v.to_string()),
        };
        Self::new(
            number("limit", get("limit"), DEFAULT_LIMIT)?,
            number("offset", get("offset"), 0)?,
        )
    }

    pub fn slice<'a, T>(&self, all: &'a [T]) -> &'a [T] {
        let start = self.offset.min(all.len());
        let end = start.saturating_add(self.limit).min(all.len());
        &all[start..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_and_bounds() {
        let all: Vec<u32> = (0..25).collect();
        let p = Page::new(10, 20).unwrap();
        assert_eq!(p.slice(&all), &[20, 21, 22, 23, 24]);
        assert!(Page::new(10, 99).unwrap().slice(&all).is_empty());
        assert!(Page::new(0, 0).is_err());
        assert_eq!((p.pages(25), p.pages(20), p.pages(0)), (3, 2, 0));
        let m: Map<String, Value> = serde_json::from_str(r#"{"limit":"5","offset":2}"#).unwrap();
        assert_eq!(
            Page::from_json(&m).unwrap(),
            Page {
                limit: 5,
                offset: 2
            }
        );
    }
}
