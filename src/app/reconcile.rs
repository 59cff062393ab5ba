//! "Did my create land?": when a create's answer is lost after the request may have reached the
//! service (a timeout, a reset, a 5xx, an unreadable answer, the user stopped waiting), ctask never
//! sends it again. It searches for the task's name instead, with backoff, for up to a window (15 s
//! unless `CTASK_RECONCILE_SECS` says otherwise), and settles the attempt: found, not found, a task
//! of that name that is not ours, or unknown (the search itself failed).
//!
//! A task counts as ours only when it is provably ours: its name is exactly the one sent, it was
//! created after our request left (its `create_time` against the time the request left, on the
//! service's clock as its `Date` header reports it), and every field the server echoes of what we
//! sent holds what we sent. Every
//! exact-name match is read (the search's `name` is a substring filter), page by page, bounded.
//! Network only; the judging is pure and tested below.

use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use serde_json::{Map, Value};

use crate::api::calls::json_body;
use crate::api::{ApiError, NetKind, SearchQuery, Session};

/// The default search window.
pub const WINDOW: Duration = Duration::from_secs(15);
const FIRST_WAIT: Duration = Duration::from_millis(250);
const MAX_WAIT: Duration = Duration::from_secs(2);
/// Tasks per search page (the service's page for the search call).
const LIMIT: u32 = 100;
/// Pages read per look at most: 100,000 tasks whose names hold the name. A workspace with more
/// leaves the search unsettled (`Unknown`), never guessed.
const MAX_PAGES: u32 = 1_000;
/// Allowed between the clock that writes `Date` and the one that writes `create_time` (a gateway
/// and a backend, both kept by NTP).
const SLACK: TimeDelta = TimeDelta::milliseconds(500);
/// Fields the service fills or rewrites itself: not compared. The Terraform provider
/// (`huaweicloud_dataarts_catalog_metadata_task`) treats these as computed; `enabled` is read back
/// as a status (3/5), and the server-only fields are never sent.
const NOT_COMPARED: &[&str] = &[
    "id",
    "project_id",
    "create_time",
    "update_time",
    "last_run_time",
    "next_run_time",
    "user_id",
    "user_name",
    "path",
    "start_time",
    "end_time",
    "duty_person",
    "schedule_config.job_id",
    "schedule_config.enabled",
];

/// A create that left: what a search needs to tell our task from another of the same name.
#[derive(Clone, Debug, PartialEq)]
pub struct SentCreate {
    pub name: String,
    /// The request body as sent.
    pub body: Value,
    /// When the request left, by this machine's clock.
    pub left_at: DateTime<Utc>,
}

impl SentCreate {
    /// The create of `task` leaving now.
    pub fn now(task: &crate::task::CollectionTask) -> Self {
        SentCreate {
            name: task.text("name").unwrap_or_default().to_string(),
            body: crate::task::taskfile::body_value(task),
            left_at: Utc::now(),
        }
    }
}

/// What the search found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Settled {
    /// Our task exists: the create landed.
    Found(String),
    /// No task of that name appeared within the window.
    NotFound,
    /// A task of that name exists but is not ours (made before ours left, or with another body):
    /// ours was not created. The id and why it is not ours.
    Existed { id: String, why: String },
    /// The search could not be made or could not decide; the task may or may not exist.
    Unknown(String),
}

impl Settled {
    /// The hint a failed create's report gives once the search decided that ours was not created
    /// (it replaces the error's own "may or may not have been created"), ending with `next`, the
    /// front end's way to send again; `None` while it is still open or when ours landed.
    pub fn verdict_hint(&self, name: &str, next: &str) -> Option<String> {
        match self {
            Settled::NotFound => Some(format!(
                "a search by name found no task: the create did not land; {next}"
            )),
            Settled::Existed { .. } => Some(self.describe(name)),
            Settled::Found(_) | Settled::Unknown(_) => None,
        }
    }

    /// One sentence for the user: what the search found and what it means.
    pub fn describe(&self, name: &str) -> String {
        match self {
            Settled::Found(id) => {
                format!("a search by name found task {id}, made by this request: the create landed")
            }
            Settled::NotFound => {
                format!("a search by name found no task {name:?}: the create did not land")
            }
            Settled::Existed { id, why } => format!(
                "a task named {name:?} already existed (task {id}, {why}), so ours was not created"
            ),
            Settled::Unknown(why) => format!(
                "the search could not settle it ({why}): the task may exist; check with `ctask task list --name {name:?}`"
            ),
        }
    }
}

/// Whether a create that ended in `e` may have reached the service: the request left and the answer
/// is missing or says the server failed. A refused connection, a name that did not resolve, a TLS
/// failure or a 4xx prove it did not act.
pub fn may_have_landed(e: &ApiError) -> bool {
    match e {
        ApiError::Service(s) => s.status >= 500,
        ApiError::BadResponse { .. } => true,
        ApiError::Network(n) => {
            !n.unconnected && matches!(n.kind, NetKind::Timeout | NetKind::Reset | NetKind::Other)
        }
        ApiError::Setup(_) => false,
    }
}

/// The window from `CTASK_RECONCILE_SECS` (seconds, 0 to 600), else `WINDOW`.
pub fn window() -> Duration {
    std::env::var("CTASK_RECONCILE_SECS")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && (0.0..=600.0).contains(s))
        .map_or(WINDOW, Duration::from_secs_f64)
}

/// Searches for our task until found or `window` has passed. Tasks of the name that are not ours
/// do not end the search early: ours may still appear (a service that allows one name twice).
pub async fn settle(session: &Session, sent: &SentCreate, window: Duration) -> Settled {
    let started = Instant::now();
    let mut wait = FIRST_WAIT;
    loop {
        let look = match look(session, sent).await {
            Ok(look) => look,
            Err(e) => return Settled::Unknown(e),
        };
        if let Look::Ours(id) = look {
            return Settled::Found(id);
        }
        let left = window.saturating_sub(started.elapsed());
        if left.is_zero() {
            return match look {
                Look::Nothing => Settled::NotFound,
                Look::Others { id, why } => Settled::Existed { id, why },
                Look::Undecided(why) => Settled::Unknown(why),
                Look::Ours(_) => unreachable!("returned above"),
            };
        }
        tokio::time::sleep(wait.min(left)).await;
        wait = (wait * 2).min(MAX_WAIT);
    }
}

/// What one look through the search found.
#[derive(Debug, PartialEq)]
enum Look {
    Ours(String),
    Nothing,
    /// Tasks of the name, none ours: the first, and why.
    Others {
        id: String,
        why: String,
    },
    /// A task of the name whose creation time cannot be read: it cannot be told apart.
    Undecided(String),
}

/// Reads every task whose name is exactly `sent.name` and judges each.
async fn look(session: &Session, sent: &SentCreate) -> Result<Look, String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Look::Nothing;
    for page in 0..MAX_PAGES {
        let q = SearchQuery {
            name: Some(sent.name.clone()),
            limit: Some(LIMIT),
            offset: Some(page * LIMIT),
            ..SearchQuery::default()
        };
        let (_, resp) = session
            .execute(session.target.search(&q), &mut |_| {})
            .await
            .map_err(|e| e.to_string())?;
        // The server wrote `Date` (whole seconds, rounded down) before this moment, so its clock
        // is at least `Date - received` ahead of ours: the least skew there can be. Our create
        // reached it after it left, so it was stamped no earlier than `left_at` plus that.
        let received = Utc::now();
        let skew = resp
            .header("date")
            .and_then(|d| DateTime::parse_from_rfc2822(d).ok())
            .map_or(TimeDelta::zero(), |server| {
                server.to_utc().signed_duration_since(received)
            });
        let body = json_body(&resp).map_err(|e| e.to_string())?;
        let tasks = body
            .get("resources")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let mut new = 0;
        for t in tasks {
            let id = t.get("id").and_then(Value::as_str).unwrap_or_default();
            if !seen.insert(id.to_string()) {
                continue;
            }
            new += 1;
            if t.get("name").and_then(Value::as_str) != Some(sent.name.as_str()) {
                continue;
            }
            match judge(sent, t, skew) {
                Judged::Ours => return Ok(Look::Ours(id.to_string())),
                Judged::NotOurs(why) if out == Look::Nothing => {
                    out = Look::Others {
                        id: id.to_string(),
                        why,
                    }
                }
                Judged::Unreadable(why) => out = Look::Undecided(why),
                Judged::NotOurs(_) => {}
            }
        }
        // A short page, or one that repeats what was read (a server that ignores `offset`), ends it.
        if tasks.len() < LIMIT as usize || new == 0 {
            return Ok(out);
        }
    }
    Err(format!(
        "more than {} tasks have names holding {:?}; the search stopped there",
        MAX_PAGES * LIMIT,
        sent.name
    ))
}

#[derive(Debug, PartialEq)]
enum Judged {
    Ours,
    NotOurs(String),
    Unreadable(String),
}

/// Whether `task` (a search result named as ours) is the one `sent` made. `skew` is the server's
/// clock less ours.
fn judge(sent: &SentCreate, task: &Value, skew: TimeDelta) -> Judged {
    let Some(created) = task.get("create_time").and_then(read_time) else {
        return Judged::Unreadable(format!(
            "task {} has no create_time ctask can read ({}), so it cannot be told apart from one made before",
            task.get("id").and_then(Value::as_str).unwrap_or("?"),
            task.get("create_time")
                .map_or("none".into(), Value::to_string)
        ));
    };
    // Checked: the skew comes from the server's `Date`, which may say anything.
    let left = sent.left_at.checked_add_signed(skew);
    if left
        .and_then(|l| l.checked_sub_signed(SLACK))
        .is_none_or(|earliest| created < earliest)
    {
        return Judged::NotOurs(format!(
            "created {} before this request left at {}",
            created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            left.map_or("?".into(), |l| l
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        ));
    }
    let mut differs = Vec::new();
    differences("", &sent.body, task, &mut differs);
    if let Some(first) = differs.first() {
        return Judged::NotOurs(format!("its {first} differs from what was sent"));
    }
    Judged::Ours
}

/// A `create_time` as the service may write it: epoch milliseconds (or seconds) as a number or a
/// string, or an RFC 3339 / ISO date-time with an offset. The Go SDK types it a string
/// (`MetadataCollectionTask.CreateTime *string`) without saying its form, so a form without a zone
/// is not guessed: it is unreadable.
fn read_time(v: &Value) -> Option<DateTime<Utc>> {
    let from_epoch = |n: i64| {
        if n.abs() >= 100_000_000_000 {
            DateTime::from_timestamp_millis(n)
        } else {
            DateTime::from_timestamp(n, 0)
        }
    };
    match v {
        Value::Number(n) => from_epoch(n.as_i64()?),
        Value::String(s) => {
            let s = s.trim();
            if let Ok(n) = s.parse::<i64>() {
                return from_epoch(n);
            }
            if let Ok(t) = DateTime::parse_from_rfc3339(s) {
                return Some(t.to_utc());
            }
            ["%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%d %H:%M:%S%.f%#z"]
                .iter()
                .find_map(|f| DateTime::parse_from_str(s, f).ok())
                .map(|t| t.to_utc())
                .or_else(|| {
                    // An explicit UTC marker without an offset form chrono reads.
                    let bare = s.strip_suffix(" UTC").or_else(|| s.strip_suffix(" GMT"))?;
                    NaiveDateTime::parse_from_str(bare, "%Y-%m-%d %H:%M:%S%.f")
                        .ok()
                        .map(|t| t.and_utc())
                })
        }
        _ => None,
    }
}

/// The dotted paths where the server's task holds something other than what was sent. Only what
/// both hold counts (a read may leave out `task_config` or fields it computes), numbers by value.
fn differences(prefix: &str, sent: &Value, read: &Value, out: &mut Vec<String>) {
    if NOT_COMPARED.contains(&prefix) {
        return;
    }
    match (sent, read) {
        (Value::Object(s), Value::Object(r)) => compare_objects(prefix, s, r, out),
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        _ => out.push(if prefix.is_empty() {
            "body".into()
        } else {
            prefix.to_string()
        }),
    }
}

fn compare_objects(
    prefix: &str,
    sent: &Map<String, Value>,
    read: &Map<String, Value>,
    out: &mut Vec<String>,
) {
    for (k, sv) in sent {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        if let Some(rv) = read.get(k).filter(|v| !v.is_null()) {
            differences(&path, sv, rv, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sent() -> SentCreate {
        SentCreate {
            name: "n".into(),
            body: json!({"name": "n", "dir_id": "0", "user_id": "u",
                         "schedule_config": {"schedule_type": "CRON", "enabled": 1},
                         "task_config": {"databaseName": ["a"]}}),
            left_at: "2026-12-07T10:00:00Z".parse().unwrap(),
        }
    }

    fn read(created: Value) -> Value {
        json!({"id": "t1", "name": "n", "dir_id": "0", "create_time": created,
               "schedule_config": {"schedule_type": "CRON", "enabled": 3}})
    }

    #[test]
    fn a_task_made_after_ours_left_with_our_body_is_ours() {
        let made = json!("2026-12-07T10:00:01.500Z");
        assert_eq!(judge(&sent(), &read(made), TimeDelta::zero()), Judged::Ours);
        // Epoch milliseconds, as a number or a string, read the same.
        let ms = "2026-12-07T10:00:01Z"
            .parse::<DateTime<Utc>>()
            .unwrap()
            .timestamp_millis();
        assert_eq!(
            judge(&sent(), &read(json!(ms)), TimeDelta::zero()),
            Judged::Ours
        );
        assert_eq!(
            judge(&sent(), &read(json!(ms.to_string())), TimeDelta::zero()),
            Judged::Ours
        );
    }

    #[test]
    fn a_task_made_before_ours_left_is_not_ours_even_with_our_body() {
        let made = json!("2026-12-07T09:59:50Z");
        assert!(
            matches!(judge(&sent(), &read(made), TimeDelta::zero()), Judged::NotOurs(w) if w.contains("before"))
        );
        // The server's clock runs a minute behind ours: its stamp of our create is still ours.
        let made = json!("2026-12-07T09:59:01Z");
        assert_eq!(
            judge(&sent(), &read(made.clone()), TimeDelta::seconds(-60)),
            Judged::Ours
        );
        assert!(matches!(
            judge(&sent(), &read(made), TimeDelta::zero()),
            Judged::NotOurs(_)
        ));
    }

    #[test]
    fn a_task_with_another_body_is_not_ours_and_computed_fields_do_not_count() {
        let mut other = read(json!("2026-12-07T10:00:05Z"));
        other["dir_id"] = json!("17");
        assert!(
            matches!(judge(&sent(), &other, TimeDelta::zero()), Judged::NotOurs(w) if w.contains("dir_id"))
        );
        // user_id rewritten, enabled read back as a status, task_config not returned: still ours.
        let mut same = read(json!("2026-12-07T10:00:05Z"));
        same["user_id"] = json!("someone");
        assert_eq!(judge(&sent(), &same, TimeDelta::zero()), Judged::Ours);
        same["task_config"] = json!({"databaseName": ["b"]});
        assert!(
            matches!(judge(&sent(), &same, TimeDelta::zero()), Judged::NotOurs(w) if w.contains("task_config.databaseName"))
        );
    }

    #[test]
    fn a_creation_time_without_a_zone_or_missing_is_never_guessed() {
        for t in [
            json!("2026-12-07 10:00:05"),
            Value::Null,
            json!("yesterday"),
        ] {
            assert!(matches!(
                judge(&sent(), &read(t), TimeDelta::zero()),
                Judged::Unreadable(_)
            ));
        }
        assert!(read_time(&json!("2026-12-07 10:00:05 UTC")).is_some());
        // A server clock at the end of time claims nothing and does not overflow.
        let late = read(json!("2026-12-07T10:00:05Z"));
        assert!(matches!(
            judge(&sent(), &late, TimeDelta::MAX),
            Judged::NotOurs(_)
        ));
        let mut far = sent();
        far.left_at = DateTime::<Utc>::MAX_UTC;
        assert!(matches!(
            judge(&far, &late, TimeDelta::zero()),
            Judged::NotOurs(_)
        ));
        assert!(read_time(&json!("2026-12-07T10:00:05+08:00")).is_some());
        assert!(read_time(&json!("2026-12-07T10:00:05.123+0800")).is_some());
    }

    #[test]
    fn every_outcome_reads_as_a_sentence_naming_the_task() {
        let e = Settled::Existed {
            id: "t0".into(),
            why: "created before".into(),
        };
        assert!(e.describe("n").contains("already existed"));
        assert!(Settled::NotFound.describe("n").contains("did not land"));
    }
}
