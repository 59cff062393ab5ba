//! The TUI's side of the history and drafts database: one handle shared by the effect runner, the
//! submit task (recording) and the exit path (the last autosave). Every call that touches SQLite runs
//! on a blocking thread (`spawn_blocking`) and answers with a `Msg`; only the exit path and the panic
//! hook write synchronously. If the database cannot be opened the TUI goes on with history off.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::mpsc::UnboundedSender;

use super::msg::{Effect, Msg};
use super::store_msg::{ExportFormat, StoreEffect, StoreMsg};
use crate::app::files::{SaveError, save_new};
use crate::store::drafts::{Draft, Drafts};
use crate::store::history::{Answered, History, Sent};
use crate::store::sessions::{self, Live};
use crate::store::{Paths, record};

struct Open {
    history: History,
    drafts: Drafts,
}

#[derive(Default)]
enum Slot {
    #[default]
    Closed,
    Open(Box<Open>),
    Off(String),
}

/// The shared handle. Cheap to clone.
#[derive(Clone, Default)]
pub struct StoreHandle {
    slot: Arc<Mutex<Slot>>,
    file: Option<PathBuf>,
    /// Where running sessions hold their locks (`store::sessions`).
    sessions: Option<PathBuf>,
    /// This session's lock, taken when the store opens and held for the session's life: while it is
    /// held, no other ctask offers this session's autosave as abandoned.
    live: Arc<Mutex<Option<Live>>>,
    /// The newest page query: older ones still queued are skipped (fast typing in the filter).
    latest_page: Arc<AtomicU64>,
}

impl StoreHandle {
    pub fn new(paths: Option<&Paths>) -> Self {
        StoreHandle {
            file: paths.map(Paths::database_file),
            sessions: paths.map(Paths::sessions_dir),
            ..StoreHandle::default()
        }
    }

    fn lock(&self) -> MutexGuard<'_, Slot> {
        self.slot.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Opens the database (blocking). Returns the reply for `update`.
    pub fn open(&self, own: &str) -> StoreMsg {
        let mut slot = self.lock();
        let Some(file) = &self.file else {
            let why = "no folder for ctask's data: set CTASK_HOME".to_string();
            *slot = Slot::Off(why.clone());
            return StoreMsg::Unavailable(why);
        };
        let opened = file
            .parent()
            .map_or(Ok(()), crate::store::atomic::create_private_dir)
            .map_err(|e| format!("{}: {e}", file.display()))
            .and_then(|()| History::open(file).map_err(|e| e.to_string()))
            .and_then(|(history, aside)| {
                let (drafts, _) = Drafts::open(file).map_err(|e| e.to_string())?;
                Ok((history, drafts, aside))
            });
        let (history, drafts, aside) = match opened {
            Ok(o) => o,
            Err(why) => {
                tracing::warn!(%why, "history and drafts are off");
                *slot = Slot::Off(why.clone());
                return StoreMsg::Unavailable(why);
            }
        };
        if let Some(p) = &aside {
            tracing::warn!(set_aside = %p.display(), "the database was damaged; a new one was started");
        }
        let _ = history.settle_abandoned();
        // Ours before anyone else's is looked at: from now on no other ctask offers our autosave.
        self.hold(own);
        let mut orphans: Vec<_> = drafts
            .list()
            .unwrap_or_default()
            .into_iter()
            .filter(|d| d.is_autosave() && d.name != own && !self.running(&d.name))
            .collect();
        // An orphan whose create its session had sent says so (never "unsent changes").
        super::sent_check::mark(&history, &mut orphans);
        *slot = Slot::Open(Box::new(Open { history, drafts }));
        StoreMsg::Opened {
            set_aside: aside.map(|p| p.display().to_string()),
            orphans,
        }
    }

    /// Takes this session's lock (once), and removes the lock files of sessions that ended. A lock
    /// that cannot be taken is logged: the session goes on, but another ctask may then offer its
    /// autosave.
    fn hold(&self, own: &str) {
        let Some(dir) = &self.sessions else {
            return;
        };
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        if live.is_none() {
            match Live::take(dir, own) {
                Ok(l) => *live = Some(l),
                Err(e) => tracing::warn!(error = %e, dir = %dir.display(), "no session lock"),
            }
        }
        let swept = sessions::sweep(dir);
        if swept > 0 {
            tracing::debug!(swept, "lock files of ended sessions removed");
        }
    }

    /// Whether the session that wrote the autosave `key` still runs (its lock is held).
    fn running(&self, key: &str) -> bool {
        self.sessions
            .as_deref()
            .is_some_and(|dir| sessions::running(dir, key))
    }

    fn with<T>(&self, f: impl FnOnce(&Open) -> Result<T, String>) -> Result<T, String> {
        match &*self.lock() {
            Slot::Open(o) => f(o).inspect_err(|e| tracing::warn!(error = %e, "store")),
            Slot::Off(why) => Err(format!("history is off: {why}")),
            Slot::Closed => Err("the history is not open yet".into()),
        }
    }

    /// As `with`, but a store not opened yet (a submit right after start) is waited for, up to 10 s.
    fn with_opened<T>(&self, f: impl FnOnce(&Open) -> Result<T, String>) -> Result<T, String> {
        let give_up = Instant::now() + Duration::from_secs(10);
        while matches!(&*self.lock(), Slot::Closed) && Instant::now() < give_up {
            std::thread::sleep(Duration::from_millis(10));
        }
        self.with(f)
    }

    /// Records an attempt as it leaves (blocking); an error when history is off or the write failed.
    pub fn try_record_sent(&self, sent: &Sent) -> Result<i64, String> {
        self.with_opened(|o| o.history.record_sent(sent).map_err(|e| e.to_string()))
    }

    pub fn try_record_answer(&self, id: i64, a: &Answered) -> Result<(), String> {
        self.with_opened(|o| o.history.record_answer(id, a).map_err(|e| e.to_string()))
    }

    /// The exit path's last word on this session's autosave: save it, or delete it when clean.
    pub fn finish_autosave(&self, own: &str, keep: Option<Draft>) {
        if matches!(&*self.lock(), Slot::Closed) && keep.is_some() {
            let _ = self.open(own);
        }
        let _ = self.with(|o| {
            match keep {
                Some(mut d) => {
                    d.updated_at = record::now();
                    o.drafts.save(&d)
                }
                None => o.drafts.delete(own).map(|_| ()),
            }
            .map_err(|e| e.to_string())
        });
    }

    /// The panic hook's save. It waits a bounded time for the lock and for a store still opening (the
    /// panic may have happened holding the lock, so it never waits forever).
    pub fn try_save(&self, d: &Draft) {
        const PATIENCE: Duration = Duration::from_secs(3);
        let give_up = Instant::now() + PATIENCE;
        while Instant::now() < give_up {
            match self.slot.try_lock().as_deref() {
                Ok(Slot::Open(o)) => {
                    let mut d = d.clone();
                    d.updated_at = record::now();
                    let _ = o.drafts.save(&d);
                    return;
                }
                Ok(Slot::Off(_)) => return,
                // Still opening, or busy with another call: try again shortly.
                Ok(Slot::Closed) | Err(_) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    }

    /// Runs one effect on a blocking thread and answers on `tx`.
    pub fn run(&self, e: StoreEffect, tx: UnboundedSender<Msg>) {
        if let StoreEffect::Page { generation, .. } = &e {
            self.latest_page.fetch_max(*generation, Ordering::SeqCst);
        }
        let me = self.clone();
        tokio::task::spawn_blocking(move || {
            if let Some(m) = me.blocking(e) {
                let _ = tx.send(m);
            }
        });
    }

    fn blocking(&self, e: StoreEffect) -> Option<Msg> {
        let reply = match e {
            StoreEffect::Open { own } => self.open(&own),
            StoreEffect::Page {
                generation,
                page,
                before,
                filter,
                limit,
            } => {
                if generation < self.latest_page.load(Ordering::SeqCst) {
                    return None;
                }
                let rows = self.with(|o| {
                    o.history
                        .page(&filter, before, limit)
                        .map_err(|e| e.to_string())
                });
                StoreMsg::Page {
                    generation,
                    page,
                    rows,
                }
            }
            StoreEffect::LoadEntry { id } => StoreMsg::Entry {
                id,
                entry: self.with(|o| {
                    o.history
                        .get(id)
                        .map(|e| e.map(Box::new))
                        .map_err(|e| e.to_string())
                }),
            },
            StoreEffect::DeleteEntry { id } => StoreMsg::Deleted {
                id,
                result: self.with(|o| o.history.delete(id).map_err(|e| e.to_string())),
            },
            StoreEffect::Export {
                id,
                format,
                path,
                overwrite,
            } => {
                let r = self.export(id, format, &path, overwrite);
                let retry = || {
                    Effect::Store(StoreEffect::Export {
                        id,
                        format,
                        path: path.clone(),
                        overwrite: true,
                    })
                };
                return Some(Msg::saved(r, retry));
            }
            StoreEffect::SaveDraft(mut d) => {
                d.updated_at = record::now();
                let name = d.name.clone();
                let result = self.with(|o| o.drafts.save(&d).map_err(|e| e.to_string()));
                StoreMsg::DraftSaved { name, result }
            }
            StoreEffect::AdoptDraft { mut draft, from } => {
                draft.updated_at = record::now();
                let name = draft.name.clone();
                let result = self.with(|o| {
                    o.drafts.save(&draft).map_err(|e| e.to_string())?;
                    o.drafts.delete(&from).map_err(|e| e.to_string())?;
                    Ok(())
                });
                StoreMsg::DraftSaved { name, result }
            }
            StoreEffect::DeleteDraft { name } => {
                let result = self.with(|o| o.drafts.delete(&name).map_err(|e| e.to_string()));
                StoreMsg::DraftSaved {
                    name: String::new(),
                    result: result.map(|_| ()),
                }
                .silent()?
            }
            StoreEffect::ListDrafts => StoreMsg::DraftsListed(self.with(|o| {
                let mut all = o.drafts.list_all().map_err(|e| e.to_string())?;
                all.drafts
                    .retain(|d| !d.is_autosave() || !self.running(&d.name));
                Ok(all)
            })),
        };
        Some(Msg::Store(reply))
    }

    fn export(
        &self,
        id: i64,
        format: ExportFormat,
        path: &str,
        overwrite: bool,
    ) -> Result<std::path::PathBuf, SaveError> {
        let entry = self
            .with(|o| o.history.get(id).map_err(|e| e.to_string()))
            .map_err(SaveError::Failed)?
            .ok_or_else(|| SaveError::Failed(format!("history entry #{id} no longer exists")))?;
        let export = crate::app::history::export_for_path(&entry, format, path)
            .map_err(SaveError::Failed)?;
        save_new(std::path::Path::new(path), &export.text, overwrite)
    }
}

impl StoreMsg {
    /// A successful delete needs no message; a failed one does.
    fn silent(self) -> Option<StoreMsg> {
        match self {
            StoreMsg::DraftSaved { result: Ok(()), .. } => None,
            other => Some(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn autosave(name: &str, text: &str) -> Draft {
        let pid = name
            .trim_start_matches("autosave:")
            .split('-')
            .next()
            .unwrap();
        Draft {
            name: name.into(),
            body: format!(r#"{{"name":"{text}"}}"#),
            meta: format!(r#"{{"pid":{pid}}}"#),
            updated_at: record::now(),
        }
    }

    fn orphans(reply: StoreMsg) -> Vec<String> {
        match reply {
            StoreMsg::Opened { orphans, .. } => orphans.into_iter().map(|d| d.name).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_dead_pid_is_not_running_and_none_is_unknown() {
        let dir = tempfile::tempdir().unwrap();
        let h = StoreHandle::new(Some(&Paths::under(dir.path())));
        // Nobody ever held these: an earlier process with our pid, a pid that never ran, not a key.
        assert!(!h.running(&format!("autosave:{}-1", std::process::id())));
        assert!(!h.running(&format!("autosave:{}-1", u32::MAX - 1)));
        assert!(!h.running("autosave:1"));
        assert!(!h.running("weekly"));
        // No folder for ctask's data: nothing runs there.
        assert!(!StoreHandle::new(None).running("autosave:1-1"));
    }

    #[test]
    fn a_second_live_sessions_autosave_is_never_offered_as_abandoned() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        // Session A (its pid is not a ctask process that /proc would show: as on macOS) autosaves.
        let a = StoreHandle::new(Some(&paths));
        assert_eq!(orphans(a.open("autosave:4242-100")), Vec::<String>::new());
        a.try_save(&autosave("autosave:4242-100", "typed_in_a"));
        // Session B starts while A runs: A's draft is neither offered nor listed.
        let b = StoreHandle::new(Some(&paths));
        assert_eq!(orphans(b.open("autosave:4243-200")), Vec::<String>::new());
        let Some(Msg::Store(StoreMsg::DraftsListed(Ok(listed)))) =
            b.blocking(StoreEffect::ListDrafts)
        else {
            panic!("no listing");
        };
        assert!(listed.drafts.is_empty(), "{:?}", listed.drafts);
        // A ends (its lock goes with it): the next session offers A's draft.
        drop(a);
        let c = StoreHandle::new(Some(&paths));
        assert_eq!(orphans(c.open("autosave:4244-300")), ["autosave:4242-100"]);
        // B and C still run: only their locks are left.
        let mut left: Vec<_> = std::fs::read_dir(paths.sessions_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, ["4243-200.lock", "4244-300.lock"]);
    }

    #[test]
    fn a_lock_left_by_a_killed_session_is_removed_and_its_autosave_offered() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        let a = StoreHandle::new(Some(&paths));
        a.open("autosave:4242-100");
        a.try_save(&autosave("autosave:4242-100", "typed_in_a"));
        // kill -9: the OS lets go of the lock, the file stays.
        let file = paths.sessions_dir().join("4242-100.lock");
        let kept = std::fs::read(&file).unwrap();
        drop(a);
        std::fs::write(&file, kept).unwrap();
        std::fs::write(paths.sessions_dir().join("9-9.lock"), "").unwrap();
        let b = StoreHandle::new(Some(&paths));
        assert_eq!(orphans(b.open("autosave:4243-200")), ["autosave:4242-100"]);
        let left: Vec<_> = std::fs::read_dir(paths.sessions_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(left, ["4243-200.lock"]);
    }

    #[test]
    fn history_c_writes_the_runnable_script_ctask_export_writes() {
        let dir = tempfile::tempdir().unwrap();
        let h = StoreHandle::new(Some(&Paths::under(dir.path().join("home"))));
        assert!(matches!(h.open("autosave:1-1"), StoreMsg::Opened { .. }));
        let body = include_str!("../../assets/examples/seed-example.json");
        let id = h
            .try_record_sent(&Sent {
                endpoint: "http://127.0.0.1:9/".into(),
                project_id: "proj".into(),
                workspace: "ws".into(),
                auth_kind: "token".into(),
                task_name: "seed".into(),
                request_headers: r#"{"X-Auth-Token":"****"}"#.into(),
                request_body: body.into(),
                ..Sent::default()
            })
            .unwrap();
        let path = dir.path().join(ExportFormat::Curl.file_name(id));
        let path = path.to_str().unwrap();
        h.export(id, ExportFormat::Curl, path, false).unwrap();
        let written = std::fs::read_to_string(path).unwrap();
        let target = crate::app::exports::ExportTarget {
            endpoint: "http://127.0.0.1:9".into(),
            project_id: "proj".into(),
            workspace: "ws".into(),
            auth: crate::app::exports::Auth::Token,
        };
        let task = crate::task::taskfile::parse(body).unwrap().task;
        let want =
            crate::app::exports::render(&task, &target, crate::app::exports::Format::Curl, path);
        assert_eq!(written, want.text);
        assert!(
            written.contains("$CTASK_TOKEN") && !written.contains("****"),
            "{written}"
        );
    }

    #[test]
    fn an_unwritable_folder_turns_history_off_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-dir");
        std::fs::write(&file, "x").unwrap();
        let h = StoreHandle::new(Some(&Paths::under(file.join("sub"))));
        match h.open("autosave:1-1") {
            StoreMsg::Unavailable(why) => assert!(why.contains("not-a-dir"), "{why}"),
            other => panic!("{other:?}"),
        }
        assert!(h.try_record_sent(&Sent::default()).is_err());
    }
}
