//! The effect runner: the only place the TUI does IO. Each effect is spawned on the runtime and
//! answers with a `Msg` on the loop's channel, so input never waits for the network or the disk.
//! Submits go through `api::Session` and are recorded in the history (before the create leaves, then
//! with the answer); an in-flight submit can be abandoned, which records it as cancelled-unknown.

use std::collections::HashMap;
use std::io::Write;

use std::time::Instant;

use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::msg::{Effect, ErrorView, Msg, Outcome, Request};
use super::store_io::StoreHandle;
use super::store_msg::StoreMsg;
use crate::api::{self, ApiError, Attempt, Client, ClientConfig, Credentials, Endpoint, Session};
use crate::store::record;
use crate::task::CollectionTask;

/// Runs effects and remembers the submits in flight, so Esc can abandon one.
pub struct Runner {
    tx: UnboundedSender<Msg>,
    submits: HashMap<u64, (JoinHandle<()>, oneshot::Sender<()>)>,
    /// Where profile edits are written (`None` for the sandbox-only session).
    pub paths: Option<crate::store::paths::Paths>,
    /// History and drafts.
    pub store: StoreHandle,
}

impl Runner {
    pub fn new(tx: UnboundedSender<Msg>) -> Self {
        Runner {
            tx,
            submits: HashMap::new(),
            paths: None,
            store: StoreHandle::default(),
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
                request,
            } => {
                self.submits.retain(|_, (h, _)| !h.is_finished());
                let paths = self.paths.clone();
                let store = self.store.clone();
                let (cancel, cancelled) = oneshot::channel();
                let handle = tokio::spawn(async move {
                    let outcome =
                        send_create(generation, &request, paths.as_ref(), &store, &tx, cancelled)
                            .await;
                    if let Some(outcome) = outcome {
                        let _ = tx.send(Msg::SubmitFinished {
                            generation,
                            outcome,
                        });
                    }
                });
                self.submits.insert(generation, (handle, cancel));
            }
            Effect::CancelSubmit { generation } => {
                if let Some((_, cancel)) = self.submits.remove(&generation) {
                    let _ = cancel.send(());
                }
            }
            Effect::Store(e) => self.store.run(e, tx),
            Effect::SaveFile { path, contents } => {
                tokio::task::spawn_blocking(move || {
                    let r = std::fs::write(&path, contents)
                        .map(|()| path.clone())
                        .map_err(|e| format!("{path}: {e}"));
                    let _ = tx.send(Msg::FileSaved(r));
                });
            }
            Effect::OpenFile { path } => {
                tokio::task::spawn_blocking(move || {
                    let result = std::fs::read_to_string(&path).map_err(|e| e.to_string());
                    let _ = tx.send(Msg::FileOpened { path, result });
                });
            }
            Effect::CopyToClipboard(text) => {
                let _ = tx.send(Msg::Copied(copy_osc52(&text)));
            }
            Effect::SaveProfiles(list) => {
                let r = match &self.paths {
                    Some(paths) => super::profiles_io::save(paths, &list),
                    None => Ok(()),
                };
                if let Err(e) = r {
                    let _ = tx.send(Msg::FileSaved(Err(e)));
                }
            }
            Effect::TestProfile(p) => {
                let paths = self.paths.clone();
                tokio::spawn(async move {
                    let result = super::profiles_io::test(paths.as_ref(), &p).await;
                    let _ = tx.send(Msg::ProfileTested {
                        name: p.name,
                        result,
                    });
                });
            }
        }
    }
}

pub(super) fn session(
    base: &str,
    project_id: &str,
    workspace: &str,
    token: &str,
) -> Result<Session, ApiError> {
    Ok(Session {
        client: Client::new(ClientConfig::default())?,
        target: api::Target {
            endpoint: Endpoint::resolve(None, Some(base), None)?,
            project_id: project_id.to_string(),
            workspace: workspace.to_string(),
        },
        credentials: Credentials::Token(api::Secret::new(token)),
    })
}

/// A create ready to leave: the session, the task, and whether (and as which profile) to record it.
struct Prepared {
    session: Session,
    task: CollectionTask,
    profile: String,
    record: bool,
}

async fn prepare(r: &Request, paths: Option<&crate::store::Paths>) -> Result<Prepared, ApiError> {
    let task: CollectionTask =
        serde_json::from_str(&r.body).map_err(|e| ApiError::Setup(e.to_string()))?;
    let (session, profile, record) = match (&r.profile, paths) {
        (Some(name), Some(paths)) => {
            let o = crate::store::Overrides {
                workspace: Some(r.workspace.clone()),
                project_id: Some(r.project_id.clone()),
            };
            let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
            let res = crate::store::resolve_profile(paths, Some(name), &o, home.as_deref())
                .map_err(|e| ApiError::Setup(e.to_string()))?;
            (res.session, res.name, res.profile.history)
        }
        _ => (
            session(&r.endpoint, &r.project_id, &r.workspace, &r.token.0)?,
            r.profile.clone().unwrap_or_else(|| "sandbox".into()),
            true,
        ),
    };
    Ok(Prepared {
        session,
        task,
        profile,
        record,
    })
}

/// Runs a blocking store call off the loop's thread.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok()
}

/// Sends the create the way `ctask submit` does (`Session::send_create`: a refused connection or a
/// throttle is retried, anything that may have reached the server is not), telling the loop of each
/// retry. The history row is written before the request leaves and completed with the answer.
/// `None`: the user stopped waiting (recorded as cancelled-unknown if it had left).
async fn send_create(
    generation: u64,
    r: &Request,
    paths: Option<&crate::store::Paths>,
    store: &StoreHandle,
    tx: &UnboundedSender<Msg>,
    mut cancelled: oneshot::Receiver<()>,
) -> Option<Outcome> {
    let p = tokio::select! {
        p = prepare(r, paths) => p,
        _ = &mut cancelled => return None,
    };
    let p = match p {
        Ok(p) => p,
        Err(e) => return Some(failure(&e, &api::host_of(&r.endpoint))),
    };
    let s = &p.session;
    let req = tokio::select! {
        req = s.authorize(s.target.create(&p.task)) => req,
        _ = &mut cancelled => return None,
    };
    let req = match req {
        Ok(req) => req,
        Err(e) => {
            tracing::warn!(url = %s.target.create(&p.task).url(), error = %e, "submit not sent");
            // An attempt that never left (e.g. the IAM login failed) still gets its row, as in the CLI.
            if p.record {
                record_unsent(&p, store, &e).await;
                let _ = tx.send(Msg::Store(StoreMsg::Recorded));
            }
            return Some(failure(&e, &s.error_host(false)));
        }
    };
    let id = if p.record {
        let sent = record::sent_row("tui", &p.profile, s, &p.task, &req, &record::now());
        let st = store.clone();
        blocking(move || st.record_sent(&sent)).await.flatten()
    } else {
        None
    };
    let started = Instant::now();
    let (method, url) = (req.method.clone(), req.url());
    let retry_tx = tx.clone();
    let mut on_retry = move |n: &api::RetryNote| {
        tracing::info!(
            retry = n.retry,
            wait_ms = n.wait.as_millis() as u64,
            "submit retry: {n}"
        );
        let _ = retry_tx.send(Msg::SubmitRetrying {
            generation,
            note: n.to_string(),
        });
    };
    let attempt = tokio::select! {
        a = s.send_create(req, &mut on_retry) => a,
        _ = &mut cancelled => {
            tracing::info!(%method, %url, duration_ms = record::elapsed_ms(started), outcome = "cancelled-unknown", "submit");
            if let Some(id) = id {
                let answer = record::cancelled_row(record::elapsed_ms(started), &record::now());
                let st = store.clone();
                blocking(move || st.record_answer(id, &answer)).await;
                let _ = tx.send(Msg::Store(StoreMsg::Recorded));
            }
            return None;
        }
    };
    super::logging::submit(&method, &url, &attempt, record::elapsed_ms(started));
    if let Some(id) = id {
        let answer = record::answer_row(&attempt, record::elapsed_ms(started), &record::now());
        let st = store.clone();
        blocking(move || st.record_answer(id, &answer)).await;
    }
    if p.record {
        let _ = tx.send(Msg::Store(StoreMsg::Recorded));
    }
    Some(outcome_of(&attempt, &s.error_host(true)))
}

/// Records an attempt that failed before it was sent: what would have been sent, and why it was not.
async fn record_unsent(p: &Prepared, store: &StoreHandle, e: &ApiError) {
    let s = &p.session;
    let preview = s.preview(s.target.create(&p.task));
    let sent = record::sent_row("tui", &p.profile, s, &p.task, &preview, &record::now());
    let attempt = Attempt {
        request: None,
        response: None,
        result: Err(e.clone()),
    };
    let answer = record::answer_row(&attempt, 0, &record::now());
    let st = store.clone();
    blocking(move || {
        if let Some(id) = st.record_sent(&sent) {
            st.record_answer(id, &answer);
        }
    })
    .await;
}

/// What the Response screen shows of an attempt; errors name `host`.
fn outcome_of(a: &Attempt, host: &str) -> Outcome {
    let mut out = match &a.response {
        Some(resp) => Outcome {
            status: Some(resp.status),
            elapsed_ms: resp.elapsed.as_millis() as u64,
            body: resp.body_text(),
            headers: resp.masked_headers(),
            ..Outcome::default()
        },
        None => Outcome::default(),
    };
    match &a.result {
        Ok(id) => out.task_id = Some(id.clone()),
        Err(e) => out.error = Some(error_view(e, host)),
    }
    out
}

fn failure(e: &ApiError, host: &str) -> Outcome {
    Outcome {
        error: Some(error_view(e, host)),
        ..Outcome::default()
    }
}

/// The error as the Response screen shows it: the CLI's headline (naming `host`), code and hint.
fn error_view(e: &ApiError, host: &str) -> ErrorView {
    let code = match e {
        ApiError::Service(s) => s.code.clone(),
        other => Some(other.kind_name().to_string()),
    };
    ErrorView {
        host: host.to_string(),
        code,
        message: api::headline(e, host),
        hint: e.hint().map(str::to_string),
        request_id: e.request_id().map(str::to_string),
    }
}

/// Copies text through the terminal (OSC 52), which works over SSH and needs no clipboard daemon.
fn copy_osc52(text: &str) -> Result<(), String> {
    let seq = format!("\x1b]52;c;{}\x07", base64(text.as_bytes()));
    let mut out = std::io::stdout();
    out.write_all(seq.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| e.to_string())
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                s.push(char::from(T[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                s.push('=');
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_the_rfc_vectors() {
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foo"), "Zm9v");
    }
}
