//! Drafts: the form being edited, saved by the TUI within a second of every change and on every exit
//! path, plus named drafts the user saves and opens. Each TUI session autosaves under its own key so
//! two running copies never overwrite each other. Disk only.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::db::{self, DbError};

/// Autosave keys start with this; named drafts may not.
pub const AUTOSAVE_PREFIX: &str = "autosave:";

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Draft {
    pub name: String,
    /// The task body as JSON text (what the form holds, valid or not).
    pub body: String,
    /// Form context as JSON text: profile, screen, which fields were touched.
    pub meta: String,
    pub updated_at: String,
}

impl Draft {
    /// The task name the draft holds, for lists and prompts ("(no name)" when it has none).
    pub fn task_name(&self) -> String {
        serde_json::from_str::<serde_json::Value>(&self.body)
            .ok()
            .and_then(|v| v.get("name").and_then(|n| n.as_str()).map(str::to_string))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "(no name)".into())
    }

    pub fn is_autosave(&self) -> bool {
        self.name.starts_with(AUTOSAVE_PREFIX)
    }
}

/// The drafts that could be read, and how many rows could not.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Listing {
    pub drafts: Vec<Draft>,
    pub unreadable: usize,
}

pub struct Drafts {
    conn: Connection,
    path: PathBuf,
}

impl Drafts {
    pub fn open(path: &Path) -> Result<(Drafts, Option<PathBuf>), DbError> {
        let opened = db::open(path)?;
        Ok((
            Drafts {
                conn: opened.conn,
                path: path.to_path_buf(),
            },
            opened.set_aside,
        ))
    }

    fn err(&self, e: rusqlite::Error) -> DbError {
        DbError::sqlite(&self.path, e)
    }

    /// Saves (or replaces) a draft in one transaction.
    pub fn save(&self, d: &Draft) -> Result<(), DbError> {
        self.conn
            .execute(
                "INSERT INTO drafts (name, body, meta, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(name) DO UPDATE SET body = excluded.body, meta = excluded.meta,
                   updated_at = excluded.updated_at",
                params![d.name, d.body, d.meta, d.updated_at],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub fn load(&self, name: &str) -> Result<Option<Draft>, DbError> {
        self.conn
            .query_row(
                "SELECT name, body, meta, updated_at FROM drafts WHERE name = ?1",
                [name],
                |r| {
                    Ok(Draft {
                        name: r.get(0)?,
                        body: r.get(1)?,
                        meta: r.get(2)?,
                        updated_at: r.get(3)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Every readable draft, newest first; autosaves of other sessions included.
    pub fn list(&self) -> Result<Vec<Draft>, DbError> {
        Ok(self.list_all()?.drafts)
    }

    /// Every draft, newest first, skipping (and counting) rows that cannot be read, such as text
    /// that is not UTF-8 written by another program: one bad row never hides the others.
    pub fn list_all(&self) -> Result<Listing, DbError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT name, body, meta, updated_at FROM drafts ORDER BY updated_at DESC, name",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                let draft = (|| {
                    Ok::<_, rusqlite::Error>(Draft {
                        name: r.get(0)?,
                        body: r.get(1)?,
                        meta: r.get(2)?,
                        updated_at: r.get(3)?,
                    })
                })();
                Ok(draft.ok())
            })
            .map_err(|e| self.err(e))?;
        let mut listing = Listing::default();
        for row in rows {
            match row.map_err(|e| self.err(e))? {
                Some(d) => listing.drafts.push(d),
                None => listing.unreadable += 1,
            }
        }
        Ok(listing)
    }

    pub fn delete(&self, name: &str) -> Result<bool, DbError> {
        let n = self
            .conn
            .execute("DELETE FROM drafts WHERE name = ?1", [name])
            .map_err(|e| self.err(e))?;
        Ok(n > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(name: &str, body: &str, at: &str) -> Draft {
        Draft {
            name: name.into(),
            body: body.into(),
            meta: "{}".into(),
            updated_at: at.into(),
        }
    }

    #[test]
    fn save_replace_list_delete() {
        let dir = tempfile::tempdir().unwrap();
        let (d, aside) = Drafts::open(&dir.path().join("ctask.db")).unwrap();
        assert!(aside.is_none());
        d.save(&draft("weekly", r#"{"name":"a"}"#, "2026-01-01T00:00:00Z"))
            .unwrap();
        d.save(&draft(
            "autosave:1",
            r#"{"name":"b"}"#,
            "2026-01-02T00:00:00Z",
        ))
        .unwrap();
        d.save(&draft("weekly", r#"{"name":"c"}"#, "2026-01-03T00:00:00Z"))
            .unwrap();
        let all = d.list().unwrap();
        assert_eq!(
            all.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
            ["weekly", "autosave:1"]
        );
        assert_eq!(d.load("weekly").unwrap().unwrap().body, r#"{"name":"c"}"#);
        assert!(all[1].is_autosave());
        assert!(d.delete("weekly").unwrap());
        assert!(!d.delete("weekly").unwrap());
        assert!(d.load("weekly").unwrap().is_none());
    }

    #[test]
    fn a_second_connection_sees_saved_drafts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ctask.db");
        let (a, _) = Drafts::open(&path).unwrap();
        let (b, _) = Drafts::open(&path).unwrap();
        a.save(&draft("x", "{}", "2026-01-01T00:00:00Z")).unwrap();
        assert!(b.load("x").unwrap().is_some());
    }

    #[test]
    fn a_row_that_is_not_utf8_is_skipped_and_counted_and_the_others_listed() {
        let dir = tempfile::tempdir().unwrap();
        let (d, _) = Drafts::open(&dir.path().join("ctask.db")).unwrap();
        d.save(&draft("good", "{}", "2030-01-01T00:00:00Z"))
            .unwrap();
        d.conn
            .execute(
                "INSERT INTO drafts (name, body, meta, updated_at) VALUES ('bad', CAST(X'FF' AS TEXT), '{}', '2030-01-02T00:00:00Z')",
                [],
            )
            .unwrap();
        let listing = d.list_all().unwrap();
        assert_eq!(listing.unreadable, 1);
        assert_eq!(listing.drafts.len(), 1);
        assert_eq!(listing.drafts[0].name, "good");
        assert_eq!(d.list().unwrap().len(), 1);
    }
}
