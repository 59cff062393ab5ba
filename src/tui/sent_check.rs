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

use super::msg::{Effect, Msg};
use super::state::AppState;
use super::state::drafts::task_name;
use crate::app::Context;
use crate::app::reconcile::{self, SentCreate, Settled};
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
    fn describe(&self) -> String {
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
    let Some((history_id, sent_at)) = sent_of(d) else {
        s.drafts.sent = None;
        return Vec::new();
    };
    // A time that cannot be read (ctask never writes one) claims nothing: the end of time.
    let left_at =
        DateTime::parse_from_rfc3339(&sent_at).map_or(DateTime::<Utc>::MAX_UTC, |t| t.to_utc());
    s.drafts.sent = Some(SentCheck {
        name: task_name(d),
        by: SentBy::EndedSession { history_id },
        left_at: Some(left_at),
        body: None,
        state: CheckState::NotAsked,
    });
    ask(s)
}

/// Esc on a submit in flight: its name is held until the abandoned send says whether the request
/// left (`abandoned`), then until the search answers. The Response screen says so meanwhile.
pub fn stopped_waiting(s: &mut AppState, generation: u64, name: String) {
    s.drafts.sent = Some(SentCheck {
        name: name.clone(),
        by: SentBy::StoppedWaiting { generation },
        left_at: None,
        body: None,
        state: CheckState::NotAsked,
    });
    say_on_response(
        s,
        format!(
            "You stopped waiting: the create of {name:?} may have landed. Ctrl-S on this task sends \
             nothing until a search by name has answered…"
        ),
    );
}

/// The abandoned send ended: `sent` is the create as it left, or `None` when it never left.
pub fn abandoned(s: &mut AppState, generation: u64, sent: Option<SentCreate>) -> Vec<Effect> {
    let ours = matches!(s.drafts.sent.as_ref().map(|c| &c.by),
        Some(SentBy::StoppedWaiting { generation: g }) if *g == generation);
    if !ours {
        return Vec::new();
    }
    let Some(sent) = sent else {
        let name = s.drafts.sent.take().map(|c| c.name).unwrap_or_default();
        say_on_response(
            s,
            format!("You stopped waiting before the create of {name:?} left: nothing was sent."),
        );
        return Vec::new();
    };
    if let Some(c) = s.drafts.sent.as_mut() {
        c.left_at = Some(sent.left_at);
        c.body = Some(sent.body);
    }
    say_on_response(
        s,
        "You stopped waiting: the create may have landed. Searching for it by name (nothing is \
         sent again until the search has answered)…",
    );
    ask(s)
}

/// A submit ended with its answer lost and the search unable to settle it (`why`): its name is held
/// as after Esc, and Ctrl-S searches again before it may send.
pub fn unsettled(s: &mut AppState, sent: SentCreate, why: String) {
    s.drafts.sent = Some(SentCheck {
        name: sent.name,
        by: SentBy::LostAnswer,
        left_at: Some(sent.left_at),
        body: Some(sent.body),
        state: CheckState::Failed(why),
    });
}

/// Puts `text` on the Response screen of a submit the user stopped waiting for.
fn say_on_response(s: &mut AppState, text: impl Into<String>) {
    let text = text.into();
    match s.response.as_mut().filter(|r| r.outcome.stopped_waiting) {
        Some(r) => r.outcome.settled = Some(text),
        None => {
            s.response = Some(crate::tui::state::response::ResponseView {
                outcome: crate::tui::msg::Outcome {
                    stopped_waiting: true,
                    settled: Some(text),
                    ..Default::default()
                },
                raw: false,
                scroll: 0,
            });
        }
    }
}

fn ask(s: &mut AppState) -> Vec<Effect> {
    let (Some(check), Some(ctx)) = (s.drafts.sent.as_ref(), s.context.clone()) else {
        return Vec::new();
    };
    let Some(left_at) = check.left_at else {
        return Vec::new();
    };
    let body = match &check.body {
        Some(b) => b.clone(),
        None => {
            let plan = crate::tui::state::plan::plan_of(s, &ctx, s.task().clone());
            crate::task::taskfile::body_value(&plan.task)
        }
    };
    let sent = SentCreate {
        name: check.name.clone(),
        body,
        left_at,
    };
    if let Some(c) = s.drafts.sent.as_mut() {
        c.state = CheckState::Checking;
    }
    vec![Effect::CheckSent {
        context: ctx,
        sent: Box::new(sent),
    }]
}

/// Before Ctrl-S: `Some(effects)` when the send must wait for (or is refused by) the check.
pub fn guard(s: &mut AppState) -> Option<Vec<Effect>> {
    let name = s.task().text("name").unwrap_or_default().to_string();
    let check = s.drafts.sent.as_ref().filter(|c| c.name == name)?;
    let by = check.by.describe();
    let waiting = format!("nothing sent yet: checking whether {name:?} ({by}) was created");
    match check.state.clone() {
        CheckState::Checking => {
            s.warn(waiting);
            Some(Vec::new())
        }
        CheckState::Found(task_id) => {
            s.warn(format!(
                "nothing sent (it would be a duplicate): {name:?} ({by}) was created, task id \
                 {task_id}; change the name to send a new one"
            ));
            Some(Vec::new())
        }
        CheckState::NotAsked | CheckState::Failed(_) => {
            s.warn(waiting);
            Some(ask(s))
        }
    }
}

/// The check's answer.
pub fn checked(s: &mut AppState, name: &str, settled: Settled) {
    let Some(check) = s.drafts.sent.as_ref().filter(|c| c.name == name) else {
        return;
    };
    let by = check.by.describe();
    let stopped = matches!(check.by, SentBy::StoppedWaiting { .. });
    let found = settled.describe(name);
    let state = match settled {
        Settled::Found(id) => {
            s.warn(format!(
                "{name:?} ({by}) was created (task id {id}): it will not be sent again"
            ));
            CheckState::Found(id)
        }
        Settled::NotFound | Settled::Existed { .. } => {
            s.drafts.sent = None;
            s.notify(format!("{name:?} ({by}) was not created: Ctrl-S sends it"));
            if stopped {
                say_on_response(
                    s,
                    format!("After you stopped waiting, {found}. Ctrl-S sends it."),
                );
            }
            return;
        }
        Settled::Unknown(e) => {
            s.warn(format!(
                "could not check whether {name:?} ({by}) was created ({e}); Ctrl-S checks again"
            ));
            CheckState::Failed(e)
        }
    };
    if stopped {
        say_on_response(s, format!("After you stopped waiting, {found}."));
    }
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
    use crate::task::Typed;
    use crate::tui::update::tests::sandbox_state;

    fn armed(name: &str) -> AppState {
        let mut s = sandbox_state();
        s.form.edit(|t| t.name = Some(Typed::Valid(name.into())));
        s.drafts.sent = Some(SentCheck {
            name: name.into(),
            by: SentBy::EndedSession { history_id: 7 },
            left_at: Some(Utc::now()),
            body: None,
            state: CheckState::NotAsked,
        });
        s
    }

    #[test]
    fn ctrl_s_on_a_sent_name_checks_first_and_sends_only_when_not_found() {
        let mut s = armed("n");
        let fx = guard(&mut s).expect("held back");
        assert!(matches!(&fx[..], [Effect::CheckSent { sent, .. }] if sent.name == "n"));
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
