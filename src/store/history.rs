//! Submission history: one row per submit attempt, written before the request leaves (so a crash
//! mid-request still leaves a trace) and completed when the answer arrives. Paged, filtered queries
//! for 100,000 rows without loading them all. Rows hold secrets only as the caller's masked text.
//! Disk only.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use super::db::{self, DbError};
use super::history_search::{Lookup, search_text};

/// How an attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Sent, no answer yet (or the process died waiting).
    Pending,
    Ok,
    /// The API answered 4xx.
    Rejected,
    /// Server error or network failure.
    Failed,
    /// The user stopped waiting: the task may or may not exist.
    CancelledUnknown,
    /// The answer was lost and the search that would settle it failed: the task may exist.
    Unknown,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::Pending,
        Outcome::Ok,
        Outcome::Rejected,
        Outcome::Failed,
        Outcome::CancelledUnknown,
        Outcome::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Ok => "ok",
            Outcome::Rejected => "rejected",
            Outcome::Failed => "failed",
            Outcome::CancelledUnknown => "cancelled-unknown",
            Outcome::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// What is known when the request leaves. Headers must already be masked.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Sent {
    pub sent_at: String,
    pub source: String,
    pub profile: String,
    pub endpoint: String,
    pub project_id: String,
    pub workspace: String,
    pub auth_kind: String,
    pub task_name: String,
    pub data_source_type: String,
    pub method: String,
    pub url: String,
    /// JSON object of header name to value, secrets already replaced by the mask.
    pub request_headers: String,
    pub request_body: String,
}

/// What is known when the answer arrives (or the attempt ends without one).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Answered {
    pub answered_at: String,
    pub duration_ms: i64,
    pub status: Option<u16>,
    pub response_headers: Option<String>,
    /// Capped by the caller at 1 MiB; capped again here to be sure.
    pub response_body: Option<String>,
    pub task_id: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub request_id: Option<String>,
    pub outcome: Option<Outcome>,
}

impl Answered {
    /// When and how the wait ended, for a person: `answered … in N ms`, `no answer (gave up …
    /// after N ms)`, or `never answered` for a row still pending (its process may have died).
    pub fn waited(&self) -> String {
        match (self.answered_at.is_empty(), self.status) {
            (true, _) => "never answered".to_string(),
            (false, Some(_)) => format!("answered {} in {} ms", self.answered_at, self.duration_ms),
            (false, None) => format!(
                "no answer (gave up {} after {} ms)",
                self.answered_at, self.duration_ms
            ),
        }
    }
}

/// One row, whole.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub id: i64,
    #[serde(flatten)]
    pub sent: Sent,
    #[serde(flatten)]
    pub answered: Answered,
    pub outcome: Outcome,
}

/// One row of the table view.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub id: i64,
    pub sent_at: String,
    pub profile: String,
    pub task_name: String,
    pub data_source_type: String,
    pub outcome: Outcome,
    pub task_id: Option<String>,
    pub error_code: Option<String>,
    pub status: Option<u16>,
    pub duration_ms: Option<i64>,
}

/// Which rows to show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// Matched, without regard to case, inside name, task id, error code, profile and outcome.
    pub text: String,
    pub outcome: Option<Outcome>,
    pub profile: Option<String>,
}

pub const BODY_CAP: usize = 1 << 20;

/// Longer than any submit waits (profile timeouts, retries and backoff): a row still pending after
/// this belongs to a process that died waiting.
pub const STALE_AFTER: chrono::TimeDelta = chrono::TimeDelta::hours(1);

pub struct History {
    conn: Connection,
    path: PathBuf,
}

impl History {
    /// Opens the history at `path`; the second value is where a corrupt file was moved, if one was.
    pub fn open(path: &Path) -> Result<(History, Option<PathBuf>), DbError> {
        let opened = db::open(path)?;
        let history = History {
            conn: opened.conn,
            path: path.to_path_buf(),
        };
        Ok((history, opened.set_aside))
    }

    fn err(&self, e: rusqlite::Error) -> DbError {
        DbError::sqlite(&self.path, e)
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` atomically. Alone it takes the write lock up front (`BEGIN IMMEDIATE`), so a read
    /// followed by a write never fails on another writer; inside a caller's transaction (bulk imports)
    /// it nests as a savepoint.
    fn in_savepoint<T>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, DbError> {
        let (begin, commit, rollback) = if self.conn.is_autocommit() {
            ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK")
        } else {
            (
                "SAVEPOINT history_write",
                "RELEASE history_write",
                "ROLLBACK TO history_write; RELEASE history_write",
            )
        };
        let run = || -> rusqlite::Result<T> {
            self.conn.execute_batch(begin)?;
            match f(&self.conn) {
                Ok(v) => {
                    self.conn.execute_batch(commit)?;
                    Ok(v)
                }
                Err(e) => {
                    let _ = self.conn.execute_batch(rollback);
                    Err(e)
                }
            }
        };
        run().map_err(|e| self.err(e))
    }

    /// Records an attempt as it leaves; returns its id.
    pub fn record_sent(&self, s: &Sent) -> Result<i64, DbError> {
        self.in_savepoint(|c| {
            c.execute(
                "INSERT INTO history (sent_at, source, profile, endpoint, project_id, workspace, auth_kind,
                   task_name, data_source_type, method, url, request_headers, request_body, outcome)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'pending')",
                params![
                    s.sent_at,
                    s.source,
                    s.profile,
                    s.endpoint,
                    s.project_id,
                    s.workspace,
                    s.auth_kind,
                    s.task_name,
                    s.data_source_type,
                    s.method,
                    s.url,
                    s.request_headers,
                    s.request_body,
                ],
            )?;
            let id = c.last_insert_rowid();
            c.execute(
                "INSERT INTO history_index (id, outcome, profile, search) VALUES (?1, 'pending', ?2, ?3)",
                params![id, s.profile, search_text(&[&s.task_name, &s.profile, "pending"])],
            )?;
            Ok(id)
        })
    }

    /// Completes an attempt with its answer.
    pub fn record_answer(&self, id: i64, a: &Answered) -> Result<(), DbError> {
        let outcome = a.outcome.unwrap_or(Outcome::Failed);
        let body = a.response_body.as_deref().map(cap);
        self.in_savepoint(|c| {
            let (name, profile): (String, String) = c.query_row(
                "SELECT task_name, profile FROM history WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let search = search_text(&[
                &name,
                &profile,
                outcome.as_str(),
                a.task_id.as_deref().unwrap_or(""),
                a.error_code.as_deref().unwrap_or(""),
            ]);
            c.execute(
                "UPDATE history_index SET outcome = ?2, search = ?3 WHERE id = ?1",
                params![id, outcome.as_str(), search],
            )?;
            c.execute(
                "UPDATE history SET answered_at = ?2, duration_ms = ?3, status = ?4, response_headers = ?5,
                   response_body = ?6, task_id = ?7, error_code = ?8, error_message = ?9, request_id = ?10,
                   outcome = ?11 WHERE id = ?1",
                params![
                    id,
                    a.answered_at,
                    a.duration_ms,
                    a.status,
                    a.response_headers,
                    body,
                    a.task_id,
                    a.error_code,
                    a.error_message,
                    a.request_id,
                    outcome.as_str(),
                ],
            )?;
            Ok(())
        })
    }

    /// Up to `limit` rows, newest first, strictly older than `before_id` when given.
    pub fn page(
        &self,
        filter: &Filter,
        before_id: Option<i64>,
        limit: usize,
    ) -> Result<Vec<Summary>, DbError> {
        let lookup = Lookup::of(&filter.text);
        let mut stmt = self
            .conn
            .prepare_cached(lookup.sql())
            .map_err(|e| self.err(e))?;
        let before = before_id.unwrap_or(i64::MAX);
        let outcome = filter.outcome.map(Outcome::as_str);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = match lookup.text_params() {
            None => stmt.query_map(
                params![before, outcome, filter.profile, limit],
                summary_from_row,
            ),
            Some((query, needle)) => stmt.query_map(
                params![before, outcome, filter.profile, limit, query, needle],
                summary_from_row,
            ),
        }
        .map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }

    pub fn get(&self, id: i64) -> Result<Option<Entry>, DbError> {
        self.conn
            .query_row("SELECT * FROM history WHERE id = ?1", [id], entry_from_row)
            .optional()
            .map_err(|e| self.err(e))
    }

    pub fn delete(&self, id: i64) -> Result<bool, DbError> {
        let n = self
            .conn
            .execute("DELETE FROM history WHERE id = ?1", [id])
            .map_err(|e| self.err(e))?;
        Ok(n > 0)
    }

    /// Rows still pending after `cutoff` (an RFC 3339 UTC time) belong to a process that died
    /// waiting: the task may or may not exist, so they become `cancelled-unknown`. Never re-sent.
    pub fn settle_stale(&self, cutoff: &str) -> Result<usize, DbError> {
        self.in_savepoint(|c| {
            // `history_pending` (a partial index) keeps this instant however long the history is.
            let rows: Vec<(i64, String, String)> = c
                .prepare_cached(
                    "SELECT i.id, h.task_name, h.profile FROM history_index i JOIN history h ON h.id = i.id
                     WHERE i.outcome = 'pending' AND h.sent_at < ?1",
                )?
                .query_map([cutoff], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?;
            for (id, name, profile) in &rows {
                c.execute(
                    "UPDATE history SET outcome = 'cancelled-unknown' WHERE id = ?1",
                    [id],
                )?;
                // The search text is built again from the row, as `record_answer` does: a name or
                // profile holding "pending" stays findable by what it is.
                let search = search_text(&[name, profile, Outcome::CancelledUnknown.as_str()]);
                c.execute(
                    "UPDATE history_index SET outcome = 'cancelled-unknown', search = ?2 WHERE id = ?1",
                    params![id, search],
                )?;
            }
            Ok(rows.len())
        })
    }

    /// `settle_stale` for rows older than `STALE_AFTER`: what every opener of the history calls.
    pub fn settle_abandoned(&self) -> Result<usize, DbError> {
        self.settle_stale(&super::record::timestamp(chrono::Utc::now() - STALE_AFTER))
    }

    pub fn count(&self) -> Result<i64, DbError> {
        self.conn
            .query_row("SELECT count(*) FROM history", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

fn cap(body: &str) -> String {
    if body.len() <= BODY_CAP {
        return body.to_string();
    }
    let mut end = BODY_CAP;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    body[..end].to_string()
}

fn outcome_at(r: &Row<'_>, col: &str) -> rusqlite::Result<Outcome> {
    let s: String = r.get(col)?;
    Ok(Outcome::parse(&s).unwrap_or(Outcome::Failed))
}

fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<Summary> {
    Ok(Summary {
        id: r.get("id")?,
        sent_at: r.get("sent_at")?,
        profile: r.get("profile")?,
        task_name: r.get("task_name")?,
        data_source_type: r.get("data_source_type")?,
        outcome: outcome_at(r, "outcome")?,
        task_id: r.get("task_id")?,
        error_code: r.get("error_code")?,
        status: r.get("status")?,
        duration_ms: r.get("duration_ms")?,
    })
}

fn entry_from_row(r: &Row<'_>) -> rusqlite::Result<Entry> {
    let outcome = outcome_at(r, "outcome")?;
    Ok(Entry {
        id: r.get("id")?,
        sent: Sent {
            sent_at: r.get("sent_at")?,
            source: r.get("source")?,
            profile: r.get("profile")?,
            endpoint: r.get("endpoint")?,
            project_id: r.get("project_id")?,
            workspace: r.get("workspace")?,
            auth_kind: r.get("auth_kind")?,
            task_name: r.get("task_name")?,
            data_source_type: r.get("data_source_type")?,
            method: r.get("method")?,
            url: r.get("url")?,
            request_headers: r.get("request_headers")?,
            request_body: r.get("request_body")?,
        },
        answered: Answered {
            answered_at: r
                .get::<_, Option<String>>("answered_at")?
                .unwrap_or_default(),
            duration_ms: r.get::<_, Option<i64>>("duration_ms")?.unwrap_or_default(),
            status: r.get("status")?,
            response_headers: r.get("response_headers")?,
            response_body: r.get("response_body")?,
            task_id: r.get("task_id")?,
            error_code: r.get("error_code")?,
            error_message: r.get("error_message")?,
            request_id: r.get("request_id")?,
            outcome: Some(outcome),
        },
        outcome,
    })
}

#[cfg(test)]
#[path = "history_index_tests.rs"]
mod index_tests;
#[cfg(test)]
#[path = "history_tests.rs"]
mod tests;
