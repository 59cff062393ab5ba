//! A create that a session which ended (kill -9, a crash) had already sent: its autosave is not
//! "unsent changes". The store marks such an orphan (`mark`, from the history row the send left);
//! the restore offer says it was sent; restoring it arms a check, and Ctrl-S on that name sends
//! nothing until the check (`app::reconcile::settle`, a search by name) says the task was not
//! created. Found: sending again would make a duplicate, so it is refused. Pure, except `mark`
//! (called by `store_io` with the open history) and `run` (the effect, network).

use std::sync::Arc;

use serde_json::Value;
use tokio::sync::mpsc::UnboundedSender;

use super::msg::{Effect, Msg};
use super::state::AppState;
use super::state::drafts::task_name;
use crate::app::Context;
use crate::app::reconcile::{self, Settled};
use crate::store::drafts::{AUTOSAVE_PREFIX, Draft};
use crate::store::history::{Filter, History, Outcome};

/// What is known of a restored create that an ended session sent.
#[derive(Clone, Debug, PartialEq)]
pub struct SentCheck {
    pub name: String,
    /// The history row of that send.
    pub history_id: i64,
    pub state: CheckState,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CheckState {
    /// Not asked yet (no context when it was restored).
    NotAsked,
    Checking,
    /// The task exists: it was created.
    Found(String),
    /// The search could not be made.
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
        let name = task_name(d);
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

/// A sent orphan was restored into the form: arm the check, and start it when the context is ready.
pub fn restored(s: &mut AppState, d: &Draft) -> Vec<Effect> {
    let Some((history_id, _)) = sent_of(d) else {
        s.drafts.sent = None;
        return Vec::new();
    };
    s.drafts.sent = Some(SentCheck {
        name: task_name(d),
        history_id,
        state: CheckState::NotAsked,
    });
    ask(s)
}

fn ask(s: &mut AppState) -> Vec<Effect> {
    let (Some(check), Some(ctx)) = (s.drafts.sent.as_mut(), s.context.clone()) else {
        return Vec::new();
    };
    check.state = CheckState::Checking;
    vec![Effect::CheckSent {
        context: ctx,
        name: check.name.clone(),
    }]
}

/// Before Ctrl-S: `Some(effects)` when the send must wait for (or is refused by) the check.
pub fn guard(s: &mut AppState) -> Option<Vec<Effect>> {
    let name = s.task().text("name").unwrap_or_default().to_string();
    let check = s.drafts.sent.as_ref().filter(|c| c.name == name)?;
    let id = check.history_id;
    match check.state.clone() {
        CheckState::Checking => {
            s.warn(format!(
                "nothing sent yet: checking whether {name:?} (sent by a session that ended, \
                 History #{id}) was created"
            ));
            Some(Vec::new())
        }
        CheckState::Found(task_id) => {
            s.warn(format!(
                "nothing sent (it would be a duplicate): {name:?} was created by a session that \
                 ended, task id {task_id}; change the name to send a new one"
            ));
            Some(Vec::new())
        }
        CheckState::NotAsked | CheckState::Failed(_) => {
            s.warn(format!(
                "nothing sent yet: checking whether {name:?} (sent by a session that ended, \
                 History #{id}) was created"
            ));
            Some(ask(s))
        }
    }
}

/// The check's answer.
pub fn checked(s: &mut AppState, name: &str, settled: Settled) {
    if s.drafts.sent.as_ref().is_none_or(|c| c.name != name) {
        return;
    }
    let state = match settled {
        Settled::Found(id) => {
            s.warn(format!(
                "{name:?} was created by the session that ended (task id {id}): it will not be \
                 sent again"
            ));
            CheckState::Found(id)
        }
        Settled::NotFound => {
            s.drafts.sent = None;
            s.notify(format!(
                "{name:?} was not created by the session that ended: Ctrl-S sends it"
            ));
            return;
        }
        Settled::Unknown(e) => {
            s.warn(format!(
                "could not check whether {name:?} was created ({e}); Ctrl-S checks again"
            ));
            CheckState::Failed(e)
        }
    };
    if let Some(c) = s.drafts.sent.as_mut() {
        c.state = state;
    }
}

/// A context arrived: a check armed before it can start now.
pub fn context_ready(s: &mut AppState) -> Vec<Effect> {
    match s.drafts.sent.as_ref().map(|c| &c.state) {
        Some(CheckState::NotAsked) => ask(s),
        _ => Vec::new(),
    }
}

/// The effect: a search by name for up to the context's reconcile window.
pub fn run(context: Arc<Context>, name: String, tx: UnboundedSender<Msg>) {
    tokio::spawn(async move {
        let settled = reconcile::settle(&context.session, &name, context.reconcile).await;
        let _ = tx.send(Msg::SentChecked { name, settled });
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::Typed;
    use crate::tui::update::tests::sandbox_state;

    fn armed(name: &str) -> AppState {
        let mut s = sandbox_state();
        s.form.edit(|t| t.name = Some(Typed::Valid(name.into())));
        s.drafts.sent = Some(SentCheck {
            name: name.into(),
            history_id: 7,
            state: CheckState::NotAsked,
        });
        s
    }

    #[test]
    fn ctrl_s_on_a_sent_name_checks_first_and_sends_only_when_not_found() {
        let mut s = armed("n");
        let fx = guard(&mut s).expect("held back");
        assert!(matches!(&fx[..], [Effect::CheckSent { name, .. }] if name == "n"));
        assert!(guard(&mut s).expect("still checking").is_empty());
        checked(&mut s, "n", Settled::NotFound);
        assert!(s.drafts.sent.is_none());
        assert!(guard(&mut s).is_none(), "not created: Ctrl-S sends");
    }

    #[test]
    fn a_found_task_is_never_sent_again_and_another_name_is_free() {
        let mut s = armed("n");
        let _ = guard(&mut s);
        checked(&mut s, "n", Settled::Found("tid".into()));
        assert!(guard(&mut s).expect("refused").is_empty());
        assert!(s.notice.as_ref().unwrap().text.contains("duplicate"));
        s.form.edit(|t| t.name = Some(Typed::Valid("n2".into())));
        assert!(guard(&mut s).is_none());
        // A failed search asks again on the next Ctrl-S.
        let mut s = armed("m");
        let _ = guard(&mut s);
        checked(&mut s, "m", Settled::Unknown("offline".into()));
        assert!(matches!(
            &guard(&mut s).unwrap()[..],
            [Effect::CheckSent { .. }]
        ));
    }

    #[test]
    fn the_session_start_comes_from_the_autosave_name() {
        assert_eq!(
            session_start("autosave:123-1700000000000"),
            Some(1_700_000_000_000)
        );
        assert_eq!(session_start("mine"), None);
    }
}
