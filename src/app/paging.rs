//! The one guard every paged listing runs under (catalog listings, `task list`, `apply`'s lookup,
//! the TUI's pickers), so a server whose `total_records`/`total_count` lies cannot make ctask page
//! forever or fill memory: a listing stops at a short page (a catalog listing whose answer states a
//! larger total goes on: a service may cap its pages below the limit asked), at an empty page or one
//! that adds no item it has not seen (by id or name), and fails at a cap on items (`CTASK_MAX_ITEMS`, default 100,000) and on the
//! bytes of the answers read (`CTASK_MAX_BYTES`, default 64 MiB), with a message that names the cap
//! and how to raise it. Pure.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::api::ApiError;

/// Items a listing may hold unless `CTASK_MAX_ITEMS` says otherwise.
pub const MAX_ITEMS: u64 = 100_000;
/// Bytes of answers a listing may read unless `CTASK_MAX_BYTES` says otherwise.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The caps of one listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub items: u64,
    pub bytes: u64,
}

impl Limits {
    /// `CTASK_MAX_ITEMS` and `CTASK_MAX_BYTES` (positive whole numbers), else the defaults.
    pub fn from_env() -> Limits {
        let var = |name: &str, default: u64| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().replace('_', "").parse::<u64>().ok())
                .filter(|n| *n > 0)
                .unwrap_or(default)
        };
        Limits {
            items: var("CTASK_MAX_ITEMS", MAX_ITEMS),
            bytes: var("CTASK_MAX_BYTES", MAX_BYTES),
        }
    }
}

/// What one listing has read so far.
#[derive(Debug)]
pub struct Guard {
    limits: Limits,
    items: u64,
    bytes: u64,
    /// Hashes of the keys seen (not the keys: a key may be a 70,000-character name).
    seen: HashSet<u64>,
    /// How many keys of the last page were new.
    fresh: u64,
}

impl Default for Guard {
    fn default() -> Guard {
        Guard::new(Limits::from_env())
    }
}

impl Guard {
    pub fn new(limits: Limits) -> Guard {
        Guard {
            limits,
            items: 0,
            bytes: 0,
            seen: HashSet::new(),
            fresh: 0,
        }
    }

    /// Whether the last page taken held an item not seen before (a page that did not is a repeat,
    /// best left out of the listing).
    pub fn last_was_new(&self) -> bool {
        self.fresh > 0
    }

    /// Takes one page: the size of its answer, its items' keys (an id, else a name), and whether
    /// it was as long as asked. `Ok(true)`: ask for the next page (if the stated total wants
    /// more); `Ok(false)`: the listing is complete (a short page, or nothing new); `Err`: a cap was
    /// passed, and the listing must not be used as if complete.
    pub fn take<K: Hash>(
        &mut self,
        bytes: usize,
        keys: impl IntoIterator<Item = K>,
        full: bool,
    ) -> Result<bool, ApiError> {
        self.bytes = self.bytes.saturating_add(bytes as u64);
        if self.bytes > self.limits.bytes {
            return Err(capped(format!(
                "the listing passed ctask's cap of {} of answers ({} bytes) and was stopped (the \
                 service kept sending pages); set CTASK_MAX_BYTES to a larger number of bytes to raise it",
                mib(self.limits.bytes),
                self.limits.bytes
            )));
        }
        let mut fresh = 0u64;
        for k in keys {
            let mut h = DefaultHasher::new();
            k.hash(&mut h);
            if self.seen.insert(h.finish()) {
                fresh += 1;
            }
        }
        self.fresh = fresh;
        self.items += fresh;
        if self.items > self.limits.items {
            return Err(capped(format!(
                "the listing passed ctask's cap of {} items and was stopped (the service kept \
                 sending pages); set CTASK_MAX_ITEMS to a larger number to raise it",
                self.limits.items
            )));
        }
        Ok(full && fresh > 0)
    }
}

fn mib(bytes: u64) -> String {
    if bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} bytes")
    }
}

fn capped(message: String) -> ApiError {
    ApiError::Setup(message)
}

/// The key of an item: the first of `fields` that is a non-empty string or a number, else the
/// item's JSON text.
pub fn key(item: &serde_json::Value, fields: &[&str]) -> String {
    for f in fields {
        match item.get(f) {
            Some(serde_json::Value::String(s)) if !s.is_empty() => return s.clone(),
            Some(n @ serde_json::Value::Number(_)) => return n.to_string(),
            _ => {}
        }
    }
    item.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(items: u64, bytes: u64) -> Limits {
        Limits { items, bytes }
    }

    #[test]
    fn a_short_page_or_a_page_of_nothing_new_ends_the_listing() {
        let mut g = Guard::new(limits(100, 1 << 20));
        assert!(g.take(10, ["a", "b"], true).unwrap());
        assert!(!g.take(10, ["c"], false).unwrap(), "short page");
        let mut g = Guard::new(limits(100, 1 << 20));
        assert!(g.take(10, ["a", "b"], true).unwrap());
        assert!(
            !g.take(10, ["b", "a"], true).unwrap(),
            "the same page again"
        );
        assert!(
            !Guard::new(limits(100, 1 << 20))
                .take(0, Vec::<&str>::new(), true)
                .unwrap()
        );
    }

    #[test]
    fn the_caps_fail_the_listing_and_say_how_to_raise_them() {
        let mut g = Guard::new(limits(3, 1 << 20));
        assert!(g.take(10, ["a", "b"], true).unwrap());
        let e = g.take(10, ["c", "d"], true).unwrap_err().to_string();
        assert!(
            e.contains("cap of 3 items") && e.contains("CTASK_MAX_ITEMS"),
            "{e}"
        );
        let mut g = Guard::new(limits(100, 2 * 1024 * 1024));
        assert!(g.take(1024 * 1024, ["a"], true).unwrap());
        let e = g
            .take(1024 * 1024 + 1, ["b"], true)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("cap of 2 MiB") && e.contains("CTASK_MAX_BYTES"),
            "{e}"
        );
    }

    #[test]
    fn keys_are_ids_then_names_then_the_item() {
        let v = serde_json::json!({"id": "", "name": "n", "x": 1});
        assert_eq!(key(&v, &["id", "name"]), "n");
        assert_eq!(key(&serde_json::json!({"id": 7}), &["id"]), "7");
        assert_eq!(key(&serde_json::json!({"z": 1}), &["id"]), r#"{"z":1}"#);
    }
}
