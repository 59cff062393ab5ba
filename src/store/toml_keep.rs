//! Writing a hand-edited TOML file without undoing the hand edits: the new contents (serialized by
//! serde as usual) are merged into the file's existing `toml_edit` document, so comments, blank
//! lines, key order, quoting and inline tables of everything that did not change stay as they were.
//! Pure text in, text out; the caller reads and writes the file.

use toml_edit::{DocumentMut, Item, Table, TableLike, Value};

/// `new_text` (a whole file as serde would write it) laid over `old_text`: keys and tables missing
/// from `new_text` are removed, changed values are replaced in place (keeping their trailing
/// comment), new ones are appended. Falls back to `new_text` when the old file does not parse.
pub fn merge(old_text: &str, new_text: &str) -> String {
    let (Ok(mut old), Ok(new)) = (
        old_text.parse::<DocumentMut>(),
        new_text.parse::<DocumentMut>(),
    ) else {
        return new_text.to_string();
    };
    let mut next = last_position(old.as_table()) + 1;
    merge_table(old.as_table_mut(), new.as_table(), &mut next);
    old.to_string()
}

/// The highest position of a `[table]` header in the document (headers print in that order).
fn last_position(t: &Table) -> isize {
    t.iter()
        .filter_map(|(_, i)| i.as_table())
        .map(|sub| sub.position().unwrap_or(0).max(last_position(sub)))
        .max()
        .unwrap_or(0)
}

/// Gives an added table (and its sub-tables, in their order) positions after everything else, so
/// a new profile is written at the end of the file.
fn place_at_end(t: &mut Table, next: &mut isize) {
    t.set_position(Some(*next));
    *next += 1;
    let mut subs: Vec<&mut Table> = t.iter_mut().filter_map(|(_, i)| i.as_table_mut()).collect();
    subs.sort_by_key(|s| s.position());
    for sub in subs {
        place_at_end(sub, next);
    }
}

/// Returns whether a key was added (an inline table then gets its spacing made regular again).
fn merge_table(old: &mut dyn TableLike, new: &dyn TableLike, next: &mut isize) -> bool {
    let gone: Vec<String> = old
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| !new.contains_key(k))
        .collect();
    for k in gone {
        old.remove(&k);
    }
    let mut added = false;
    for (key, new_item) in new.iter() {
        match old.get_mut(key) {
            Some(old_item) => merge_item(old_item, new_item, next),
            None => {
                let mut item = new_item.clone();
                if let Some(v) = item.as_value_mut() {
                    v.decor_mut().clear();
                }
                if let Some(t) = item.as_table_mut() {
                    place_at_end(t, next);
                }
                old.insert(key, item);
                added = true;
            }
        }
    }
    added
}

fn merge_item(old: &mut Item, new: &Item, next: &mut isize) {
    if let (Item::Value(Value::InlineTable(o)), Some(n)) = (&mut *old, new.as_table_like()) {
        if merge_table(o, n, next) {
            o.fmt();
        }
        return;
    }
    if let (Some(o), Some(n)) = (old.as_table_like_mut(), new.as_table_like()) {
        merge_table(o, n, next);
        return;
    }
    match (old.as_value_mut(), new.as_value()) {
        (Some(o), Some(n)) => {
            if bare(o) != bare(n) {
                let decor = o.decor().clone();
                *o = n.clone();
                *o.decor_mut() = decor;
            }
        }
        _ => {
            *old = new.clone();
            if let Some(t) = old.as_table_mut() {
                place_at_end(t, next);
            }
        }
    }
}

/// A value as text without its surrounding whitespace and comments, for comparing.
fn bare(v: &Value) -> String {
    let mut v = v.clone();
    v.decor_mut().clear();
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HAND: &str = r#"# my profiles, edited by hand
default = "prod"   # the one I use

# production: careful
[profiles.prod]
region = "cn-north-4"  # Beijing
project_id = "p1"
workspace = "w1"

[profiles.prod.defaults]
user_id = "u1"

# test account
[profiles.test]
endpoint = "http://127.0.0.1:9"
defaults = { dir_id = "0" }
"#;

    #[test]
    fn an_unchanged_file_is_byte_identical() {
        assert_eq!(merge(HAND, &round_trip(HAND)), HAND);
    }

    fn round_trip(text: &str) -> String {
        let v: toml::Table = toml::from_str(text).unwrap();
        toml::to_string_pretty(&v).unwrap()
    }

    #[test]
    fn changes_keep_comments_order_and_inline_tables() {
        let mut v: toml::Table = toml::from_str(HAND).unwrap();
        let profiles = v["profiles"].as_table_mut().unwrap();
        profiles["prod"].as_table_mut().unwrap()["workspace"] = "w2".into();
        profiles["test"].as_table_mut().unwrap()["defaults"]
            .as_table_mut()
            .unwrap()
            .insert("user_id".into(), "u9".into());
        profiles.insert("late".into(), toml::Value::Table(toml::Table::new()));
        profiles["late"]
            .as_table_mut()
            .unwrap()
            .insert("region".into(), "cn-east-3".into());
        v["default"] = "test".into();
        let out = merge(HAND, &toml::to_string_pretty(&v).unwrap());
        for kept in [
            "# my profiles, edited by hand",
            "default = \"test\"   # the one I use",
            "# production: careful",
            "region = \"cn-north-4\"  # Beijing",
            "# test account",
            "defaults = { dir_id = \"0\", user_id = \"u9\" }",
        ] {
            assert!(out.contains(kept), "{kept:?} lost:\n{out}");
        }
        assert!(out.contains("workspace = \"w2\""), "{out}");
        assert!(out.find("[profiles.prod]") < out.find("[profiles.test]"));
        assert!(
            out.find("[profiles.test]") < out.find("[profiles.late]"),
            "{out}"
        );
        let back: toml::Table = toml::from_str(&out).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn removed_profiles_and_keys_go() {
        let mut v: toml::Table = toml::from_str(HAND).unwrap();
        v["profiles"].as_table_mut().unwrap().remove("prod");
        v.remove("default");
        let out = merge(HAND, &toml::to_string_pretty(&v).unwrap());
        assert!(!out.contains("prod") && !out.contains("default ="), "{out}");
        assert!(out.contains("# test account"), "{out}");
        let back: toml::Table = toml::from_str(&out).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn an_unparsable_old_file_gives_the_new_text() {
        assert_eq!(merge("[[[", "a = 1\n"), "a = 1\n");
    }
}
