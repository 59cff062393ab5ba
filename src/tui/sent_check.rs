//! A create that may have reached the service but whose answer never came back: one a session
//! that ended (kill -9, a crash) had sent, or one this session stopped waiting for (Esc). Its name is
//! not free until a search says so. The store marks an ended session's orphan (`mark`, from the
//! history row the send left); the restore offer says it was sent; restoring it arms a check. Esc
//! arms one too, once the abandoned send says whether its request left (`abandoned`). Ctrl-S on that
//! name sends nothing until the check (`app::reconcile::settle`, a search by name that claims only a
//! task provably ours) says the task was not created. Found: sending again would make a duplicate,
//! so it is refused. Pure, except `mark` (called by `store_io` with the open history) and `run`
//! (the effect, network).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Value;
use tokio::sync::mpsc::UnboundedSender;

use super::msg::Msg;
use crate::app::Context;
use crate::app::reconcile::{self, SentCreate};
use crate::store::drafts::{AUTOSAVE_PREFIX, Draft};
use crate::store::history::{Filter, History, Outcome};

/// What is known of a create whose answer never came back.
#[derive(Clone, Debug, PartialEq)]
pub struct SentCheck {
    pub name: String,
    pub by: SentBy,
    /// When the request left; `None` while the abandoned send has not said whether it left.
    pub left_at: Option<DateTime<Utc>>,
    /// The body as sent; `None` for an ended session's create: the form's task as the context
    /// plans it, when the check asks.
    pub body: Option<Value>,
    pub state: CheckState,
}

/// Who sent the create.
#[derive(Clone, Debug, PartialEq)]
pub enum SentBy {
    /// A session that ended, and the history row of that send.
    EndedSession { history_id: i64 },
    /// This session: the user stopped waiting for its answer (the submit's generation).
    StoppedWaiting { generation: u64 },
    /// This session: the answer was lost and the search that followed could not settle it.
    LostAnswer,
}

impl SentBy {
    pub fn describe(&self) -> String {
        match self {
            SentBy::EndedSession { history_id } => {
                format!("sent by a session that ended, History #{history_id}")
            }
            SentBy::StoppedWaiting { .. } => "the create you stopped waiting for".into(),
            SentBy::LostAnswer => "the create whose answer was lost".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum CheckState {
    /// Not asked yet (no context yet, or the abandoned send has not said whether it left).
    NotAsked,
    Checking,
    /// The task exists: it was created.
    Found(String),
    /// The search could not be made or could not decide.
    Failed(String),
}

/// The `sent` mark of an orphan's meta: the row id and time of the send, if it has one.
pub fn sent_of(d: &Draft) -> Option<(i64, String)> {
    let v: Value = serde_json::from_str(&d.meta).ok()?;
    let sent = v.get("sent")?;
    Some((
        sent.get("history_id")?.as_i64()?,
        sent.get("sent_at")?.as_str()?.to_string(),
    ))
}

/// Store side (IO): an orphan autosave whose task name was sent by its session (a history row at
/// or after the session's start, still `pending`, `cancelled-unknown` or `unknown`) gets a `sent`
/// mark in its meta.
pub fn mark(history: &History, orphans: &mut [Draft]) {
    for d in orphans.iter_mut() {
        let Some(started) = session_start(&d.name) else {
            continue;
        };
        let name = d.task_name();
        let filter = Filter {
            text: name.clone(),
            ..Filter::default()
        };
        let Ok(rows) = history.page(&filter, None, 50) else {
            continue;
        };
        let sent = rows.into_iter().find(|r| {
            r.task_name == name
                && matches!(
                    r.outcome,
                    Outcome::Pending | Outcome::CancelledUnknown | Outcome::Unknown
                )
                && chrono::DateTime::parse_from_rfc3339(&r.sent_at)
                    .is_ok_and(|t| t.timestamp_millis() >= started)
        });
        if let Some(r) = sent {
            let mut meta: Value = serde_json::from_str(&d.meta).unwrap_or(Value::Null);
            if !meta.is_object() {
                meta = Value::Object(Default::default());
            }
            meta["sent"] = serde_json::json!({"history_id": r.id, "sent_at": r.sent_at});
            d.meta = meta.to_string();
        }
    }
}

/// `autosave:<pid>-<start ms>` → the start in ms.
fn session_start(name: &str) -> Option<i64> {
    name.strip_prefix(AUTOSAVE_PREFIX)?
        .rsplit_once('-')?
        .1
        .parse()
        .ok()
}

/// The effect: a search by name for up to the context's reconcile window.
pub fn run(context: Arc<Context>, sent: SentCreate, tx: UnboundedSender<Msg>) {
    tokio::spawn(async move {
        let settled = reconcile::settle(&context.session, &sent, context.reconcile).await;
        let _ = tx.send(Msg::SentChecked {
            name: sent.name,
            settled,
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_start_comes_from_the_autosave_name() {
        assert_eq!(
            session_start("autosave:123-1700000000000"),
            Some(1_700_000_000_000)
        );
        assert_eq!(session_start("mine"), None);
    }
}
