//! The emulator's in-memory state, shared by every handler: created tasks, issued IAM tokens,
//! pending faults and recorded requests. Locks are std mutexes held for a few lines and never
//! across an `.await`; a poisoned lock is recovered, since every critical section leaves the
//! data consistent.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use serde_json::{Map, Value};
use tokio::sync::watch;

use super::config::EmulatorConfig;
use super::faults::FaultBook;
use super::record::Recorder;

pub type Shared = Arc<AppState>;

pub struct AppState {
    pub config: EmulatorConfig,
    pub tasks: Mutex<TaskStore>,
    pub tokens: Mutex<HashMap<String, IssuedToken>>,
    pub faults: Mutex<FaultBook>,
    pub requests: Mutex<Recorder>,
    /// Starts as `config.omit_task_config`; `POST /_emulator/settings` switches it.
    omit_task_config: AtomicBool,
    shutdown: watch::Receiver<bool>,
}

impl AppState {
    pub fn new(config: EmulatorConfig, shutdown: watch::Receiver<bool>) -> Shared {
        Arc::new(Self {
            omit_task_config: AtomicBool::new(config.omit_task_config),
            config,
            tasks: Mutex::new(TaskStore::default()),
            tokens: Mutex::new(HashMap::new()),
            faults: Mutex::new(FaultBook::default()),
            requests: Mutex::new(Recorder::default()),
            shutdown,
        })
    }

    /// Whether reads leave `task_config` out (see `EmulatorConfig::omit_task_config`).
    pub fn omits_task_config(&self) -> bool {
        self.omit_task_config.load(Ordering::Relaxed)
    }

    pub fn set_omit_task_config(&self, omit: bool) {
        self.omit_task_config.store(omit, Ordering::Relaxed);
    }

    /// Resolves when the handle asks the server to stop (or is gone), so hanging and slow answers
    /// never keep a shutdown waiting.
    pub async fn until_shutdown(&self) {
        let mut rx = self.shutdown.clone();
        let _ = rx.wait_for(|stop| *stop).await;
    }
}

/// Locks a mutex, recovering from poisoning (see the module note).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A token issued by the emulator's IAM.
#[derive(Clone, Debug)]
pub struct IssuedToken {
    pub expires: Instant,
    pub project_id: String,
}

/// A created collection task as the emulator keeps it.
#[derive(Clone, Debug)]
pub struct StoredTask {
    pub id: String,
    pub workspace: String,
    /// The body as received (minus server-owned fields), an object.
    pub body: Map<String, Value>,
    pub create_time: String,
    pub update_time: String,
    pub last_run_time: Option<String>,
    /// A CRON schedule is running (delete is refused with DLG.2206).
    pub scheduled: bool,
    /// A running CRON schedule was stopped ("5 paused" on read).
    pub paused: bool,
}

/// Tasks in creation order; ids are unique across workspaces, names only within one.
#[derive(Debug, Default)]
pub struct TaskStore {
    tasks: Vec<StoredTask>,
}

impl TaskStore {
    pub fn name_taken(&self, workspace: &str, name: &str, except_id: Option<&str>) -> bool {
        self.tasks.iter().any(|t| {
            t.workspace == workspace
                && Some(t.id.as_str()) != except_id
                && t.body.get("name").and_then(Value::as_str) == Some(name)
        })
    }

    pub fn insert(&mut self, task: StoredTask) {
        self.tasks.push(task);
    }

    pub fn get_mut(&mut self, workspace: &str, id: &str) -> Option<&mut StoredTask> {
        self.tasks
            .iter_mut()
            .find(|t| t.id == id && t.workspace == workspace)
    }

    pub fn remove(&mut self, workspace: &str, id: &str) -> Option<StoredTask> {
        let pos = self
            .tasks
            .iter()
            .position(|t| t.id == id && t.workspace == workspace)?;
        Some(self.tasks.remove(pos))
    }

    pub fn in_workspace<'a>(&'a self, workspace: &'a str) -> impl Iterator<Item = &'a StoredTask> {
        self.tasks.iter().filter(move |t| t.workspace == workspace)
    }
}
