//! What the root does about a create that may have reached the service (the types, the orphan
//! marking and the search are `sent_check`'s): arm a check when a sent draft is restored or the
//! user stops waiting, hold Ctrl-S back on that name until the search says the task was not
//! created, and say what the search found. Pure.

use chrono::{DateTime, Utc};

use crate::app::reconcile::{SentCreate, Settled};
use crate::store::drafts::Draft;
use crate::tui::msg::Effect;
use crate::tui::sent_check::{CheckState, SentBy, SentCheck, sent_of};
use crate::tui::state::AppState;

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
        name: d.task_name(),
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
}
