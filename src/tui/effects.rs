//! The effect runner: the only place the TUI does IO. Each effect is spawned on the runtime and
//! answers with a `Msg` on the loop's channel, so input never waits for the network or the disk.
//! Submits go through the app layer's one pipeline (`app::send`: history row before the create
//! leaves, the answer after, a lost answer settled by a name search); an in-flight submit can be
//! abandoned, which records it as cancelled-unknown, and quitting abandons every one the same way.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::msg::{Effect, Msg, Outcome};
use super::screens::profiles::Profile;
use super::store_io::StoreHandle;
use super::store_msg::StoreMsg;
use crate::api::RetryNote;
use crate::app::files::save_new;
use crate::app::reconcile::Settled;
use crate::app::{Context, HistorySink, Observer, Plan, Report, Submitted};
use crate::store::Overrides;

/// Runs effects and remembers the submits in flight, so Esc can abandon one.
pub struct Runner {
    tx: UnboundedSender<Msg>,
    submits: HashMap<u64, (JoinHandle<()>, CancellationToken)>,
    /// Where profile edits are written (`None` for the sandbox-only session).
    pub paths: Option<crate::store::paths::Paths>,
    /// History and drafts.
    pub store: StoreHandle,
    catalog: super::catalog_io::Jobs,
}

impl Runner {
    pub fn new(tx: UnboundedSender<Msg>) -> Self {
        Runner {
            tx,
            submits: HashMap::new(),
            paths: None,
            store: StoreHandle::default(),
            catalog: Default::default(),
        }
    }

    /// A runner whose history, drafts and profile edits live under `paths` (`None`: history off).
    pub fn with_paths(tx: UnboundedSender<Msg>, paths: Option<crate::store::Paths>) -> Self {
        let mut r = Runner::new(tx);
        r.store = StoreHandle::new(paths.as_ref());
        r.paths = paths;
        r
    }

    /// Starts `effect`; its answer comes back as a `Msg` on the channel. Needs a tokio runtime.
    pub fn run(&mut self, effect: Effect) {
        let tx = self.tx.clone();
        match effect {
            Effect::SendCreate {
                generation,
                context,
                plan,
            } => {
                self.submits.retain(|_, (h, _)| !h.is_finished());
                let store = self.store.clone();
                let cancel = CancellationToken::new();
                let stop = cancel.clone();
                let handle = tokio::spawn(async move {
                    let msg = send_create(generation, &context, &plan, store, &tx, stop).await;
                    let _ = tx.send(msg);
                });
                self.submits.insert(generation, (handle, cancel));
            }
            Effect::CancelSubmit { generation } => {
                if let Some((_, cancel)) = self.submits.remove(&generation) {
                    cancel.cancel();
                }
            }
            Effect::ResolveContext { profile, overrides } => {
                let paths = self.paths.clone();
                tokio::task::spawn_blocking(move || {
                    let result = context_of(paths.as_ref(), &profile, &overrides).map(Arc::new);
                    if let (Ok(_), Some(p), false) = (&result, &paths, profile.sandbox) {
                        // Opened on next time when there are several profiles and no default.
                        let _ = crate::store::profiles::remember_last(p, &profile.name);
                    }
                    let _ = tx.send(Msg::ContextReady {
                        profile: profile.name.clone(),
                        result,
                    });
                });
            }
            Effect::FetchCallerUser { context } => {
                tokio::spawn(async move {
                    let result = context
                        .session
                        .caller_user()
                        .await
                        .map_err(|e| Report::of(&e, &context.error_host(false)).message);
                    let _ = tx.send(Msg::CallerUser(result));
                });
            }
            Effect::Store(e) => self.store.run(e, tx),
            Effect::Catalog(e) => self.catalog.run(e, tx),
            Effect::Tasks(e) => super::screens::tasks::io::run(e, move |m| {
                let _ = tx.send(Msg::Tasks(m));
            }),
            Effect::CheckSent { context, sent } => super::sent_check::run(context, *sent, tx),
            Effect::SaveFile {
                path,
                contents,
                overwrite,
            } => {
                tokio::task::spawn_blocking(move || {
                    let r = save_new(std::path::Path::new(&path), &contents, overwrite);
                    let retry = || Effect::SaveFile {
                        path: path.clone(),
                        contents: contents.clone(),
                        overwrite: true,
                    };
                    let _ = tx.send(Msg::saved(r, retry));
                });
            }
            Effect::OpenFile { path } => {
                tokio::task::spawn_blocking(move || {
                    // The same reading (and messages, and size cap) as every command's task file.
                    let result = crate::app::files::read_file_text(&path);
                    let _ = tx.send(Msg::FileOpened { path, result });
                });
            }
            Effect::CopyToClipboard(text) => {
                let _ = tx.send(Msg::Copied(copy_osc52(&text)));
            }
            Effect::SaveProfiles(list) => {
                let r = match &self.paths {
                    Some(paths) => super::screens::profiles::io::save(paths, &list),
                    None => Err("no folder for ctask's files".into()),
                };
                let _ = tx.send(match r {
                    Ok(()) => Msg::ProfilesSaved(
                        list.iter()
                            .map(|p| (p.name.clone(), p.typed_secrets()))
                            .collect(),
                    ),
                    Err(e) => Msg::FileSaved(Err(e)),
                });
            }
            Effect::MakeDefault(name) => {
                let result = match &self.paths {
                    Some(paths) => {
                        crate::store::profiles::set_default(paths, &name).map_err(|e| e.to_string())
                    }
                    None => Err("no folder for ctask's files".into()),
                };
                let _ = tx.send(Msg::DefaultMade { name, result });
            }
            Effect::DeleteProfile(name) => {
                let r = match &self.paths {
                    Some(paths) => super::screens::profiles::io::delete(paths, &name),
                    None => Ok(()),
                };
                if let Err(e) = r {
                    let _ = tx.send(Msg::FileSaved(Err(e)));
                }
            }
            Effect::TestProfile(p) => {
                let paths = self.paths.clone();
                tokio::spawn(async move {
                    let result = super::screens::profiles::io::test(paths.as_ref(), &p).await;
                    let _ = tx.send(Msg::ProfileTested {
                        name: p.name,
                        result,
                    });
                });
            }
        }
    }
}

impl Runner {
    /// Quitting with submits in flight: each stops waiting and is recorded as cancelled-unknown (as
    /// Esc does), waiting at most `grace` for the rows to be written.
    pub async fn abandon_all(&mut self, grace: Duration) {
        let handles: Vec<JoinHandle<()>> = self
            .submits
            .drain()
            .map(|(_, (h, cancel))| {
                cancel.cancel();
                h
            })
            .collect();
        let _ = tokio::time::timeout(grace, futures::future::join_all(handles)).await;
    }
}

/// A profile as a context: the sandbox from its built-in token, a saved one resolved from disk
/// exactly as the CLI resolves it.
pub fn context_of(
    paths: Option<&crate::store::Paths>,
    p: &Profile,
    overrides: &Overrides,
) -> Result<Context, String> {
    if p.sandbox {
        let workspace = overrides.workspace.as_deref().unwrap_or(&p.workspace);
        return Context::sandbox(
            &p.endpoint,
            &p.project_id,
            workspace,
            p.token.expose(),
            p.defaults(),
        )
        .map_err(|e| e.to_string());
    }
    let Some(paths) = paths else {
        return Err("the profiles folder cannot be found".into());
    };
    Context::resolve(paths, Some(&p.name), overrides).map_err(|e| e.to_string())
}

impl HistorySink for StoreHandle {
    fn record_sent(&self, row: &crate::store::history::Sent) -> Result<i64, String> {
        self.try_record_sent(row)
    }

    fn record_answer(&self, id: i64, row: &crate::store::history::Answered) -> Result<(), String> {
        self.try_record_answer(id, row)
    }
}

/// Tells the loop of retries and warnings while a submit is in flight.
struct LoopObserver<'a> {
    generation: u64,
    tx: &'a UnboundedSender<Msg>,
}

impl LoopObserver<'_> {
    fn say(&self, note: String) {
        let _ = self.tx.send(Msg::SubmitNote {
            generation: self.generation,
            note,
        });
    }
}

impl Observer for LoopObserver<'_> {
    fn retrying(&mut self, n: &RetryNote) {
        tracing::info!(
            retry = n.retry,
            wait_ms = n.wait.as_millis() as u64,
            "submit retry: {n}"
        );
        let _ = self.tx.send(Msg::SubmitRetrying {
            generation: self.generation,
            note: n.to_string(),
        });
    }

    fn warning(&mut self, text: &str) {
        tracing::warn!("submit: {text}");
        self.say(text.to_string());
    }

    fn reconciling(&mut self, name: &str) {
        self.say(format!(
            "the answer was lost after the create left: searching for a task named {name:?} (nothing is sent again)…"
        ));
    }
}

/// Sends the plan through `app::send`; the message says how it ended, or, when the user stopped
/// waiting (the pipeline recorded it as cancelled-unknown), whether the create had left.
async fn send_create(
    generation: u64,
    ctx: &Context,
    plan: &Plan,
    store: StoreHandle,
    tx: &UnboundedSender<Msg>,
    cancel: CancellationToken,
) -> Msg {
    let mut observer = LoopObserver { generation, tx };
    let sink: Arc<dyn HistorySink> = Arc::new(store);
    let done = crate::app::send(ctx, plan, "tui", Some(sink), &mut observer, cancel).await;
    match (&done.attempt.request, &done.attempt.result) {
        (Some(req), _) => {
            super::logging::submit(&req.method, &req.url(), &done.attempt, done.elapsed_ms)
        }
        (None, Err(e)) if !done.cancelled => {
            tracing::warn!(url = %plan.request.url(), error = %e, "submit not sent");
        }
        _ => {}
    }
    if ctx.record {
        let _ = tx.send(Msg::Store(StoreMsg::Recorded));
    }
    if done.cancelled {
        return Msg::SubmitAbandoned {
            generation,
            sent: done.sent.map(Box::new),
        };
    }
    Msg::SubmitFinished {
        generation,
        outcome: outcome_of(&done),
    }
}

/// What the Response screen shows of a send; errors name the host they came from.
fn outcome_of(done: &Submitted) -> Outcome {
    let a = &done.attempt;
    let mut out = match &a.response {
        Some(resp) => Outcome {
            status: Some(resp.status),
            body: resp.body_text(),
            headers: resp.masked_headers(),
            ..Outcome::default()
        },
        None => Outcome::default(),
    };
    out.elapsed_ms = u64::try_from(done.elapsed_ms).unwrap_or(0);
    out.retries = done.retries.len();
    match &a.result {
        Ok(id) => out.task_id = Some(id.clone()),
        Err(e) => out.error = Some(Report::of(e, &done.host)),
    }
    let name = done.sent.as_ref().map_or("", |s| s.name.as_str());
    out.settled = done.settled.as_ref().map(|st| {
        let found = st.describe(name);
        match st {
            Settled::Found(_) => format!("The answer was lost, but {found} (sent once)."),
            Settled::Unknown(_) => format!(
                "The answer was lost and {found}. The Tasks tab (/ filters by name) shows it too."
            ),
            Settled::NotFound | Settled::Existed { .. } => format!("The answer was lost: {found}."),
        }
    });
    // One verdict per answer: once a search decided whether the create landed, the error's own
    // hint ("may or may not have been created") gives way to what the search found.
    if let (Some(e), Some(hint)) = (
        out.error.as_mut(),
        done.settled
            .as_ref()
            .and_then(|st| st.verdict_hint(name, "Ctrl-S sends it again")),
    ) {
        e.hint = Some(hint);
    }
    out.history_error = done.history_error.clone();
    if let (Some(Settled::Unknown(why)), Some(sent)) = (&done.settled, &done.sent) {
        out.unsettled = Some((Box::new(sent.clone()), why.clone()));
    }
    out
}

/// Copies text through the terminal (OSC 52, crossterm's `CopyToClipboard`), which works over SSH
/// and needs no clipboard daemon.
fn copy_osc52(text: &str) -> Result<(), String> {
    crossterm::execute!(
        std::io::stdout(),
        crossterm::clipboard::CopyToClipboard::to_clipboard_from(text)
    )
    .map_err(|e| e.to_string())
}
