//! The data that flows round the loop: `Msg` in (input, replies, ticks), `Effect` out (IO requests),
//! and the outcome values they carry. Pure data. The request itself is the app layer's `Plan`.

use std::sync::Arc;

use crossterm::event::{KeyEvent, MouseEvent};

use super::screens::profiles::Profile;
use crate::app::files::SaveError;
use crate::app::{Context, Plan, Report};
use crate::store::Overrides;

/// What `update` receives.
#[derive(Clone, Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Spinner tick while a submit is in flight; carries the time since it was sent.
    Tick {
        elapsed_ms: u64,
    },
    /// The wall clock, for the cron preview (sent at start and on ticks; `update` reads no clock).
    Now(chrono::DateTime<chrono::FixedOffset>),
    SubmitFinished {
        generation: u64,
        outcome: Outcome,
    },
    /// A submit is being sent again (refused connection or throttle); the note says why and when.
    SubmitRetrying {
        generation: u64,
        note: String,
    },
    /// Something about a submit in flight the user must see now (its history row could not be
    /// written; its answer was lost and a search by name is settling it).
    SubmitNote {
        generation: u64,
        note: String,
    },
    /// A submit the user stopped waiting for (Esc) has ended: the create as it left, or `None`
    /// when it never left (its answer, if any, is in History).
    SubmitAbandoned {
        generation: u64,
        sent: Option<Box<crate::app::reconcile::SentCreate>>,
    },
    /// A profile became a context (or could not: the reason).
    ContextReady {
        profile: String,
        result: Result<Arc<Context>, String>,
    },
    /// Whose credentials the profile holds (the IAM user id and its source), or why IAM did not say.
    CallerUser(Result<crate::api::CallerUser, String>),
    /// A file was written (its full path), or why not.
    FileSaved(Result<String, String>),
    /// The file to write exists: ask before `retry` (the same write, allowed to overwrite).
    FileExists {
        path: String,
        retry: Box<Effect>,
    },
    FileOpened {
        path: String,
        result: Result<String, String>,
    },
    ProfilesLoaded(Vec<Profile>),
    /// Profiles were written: each name and the secrets now stored for it (typed in this save).
    ProfilesSaved(Vec<(String, Vec<super::screens::profiles::Field>)>),
    ProfileTested {
        name: String,
        result: Result<String, String>,
    },
    /// `Effect::MakeDefault` wrote the config (or why it could not).
    DefaultMade {
        name: String,
        result: Result<(), String>,
    },
    Copied(Result<(), String>),
    /// Something done in the background to tell on the status line (or why it failed).
    Notice(Result<String, String>),
    /// A reply from the history and drafts store.
    Store(super::store_msg::StoreMsg),
    /// A catalog picker's listing or spinner tick.
    Catalog(crate::tui::catalog_msg::CatalogMsg),
    /// A reply for the Tasks screen.
    Tasks(super::screens::tasks::io::TasksMsg),
    /// Whether a create an ended session sent was created (a search by name).
    SentChecked {
        name: String,
        settled: crate::app::reconcile::Settled,
    },
    /// SIGTERM, SIGHUP or the end of input.
    Terminate,
}

/// What `update` asks the effect runner to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Send the plan (built once, shown on Review) through the one submit pipeline.
    SendCreate {
        generation: u64,
        context: Arc<Context>,
        plan: Box<Plan>,
    },
    /// Turn a profile into a ready context (reads its secrets; builds its client).
    ResolveContext {
        profile: Box<Profile>,
        overrides: Overrides,
    },
    /// Ask IAM whose credentials the profile holds, to offer that user id for an empty `user_id`.
    FetchCallerUser {
        context: Arc<Context>,
    },
    CancelSubmit {
        generation: u64,
    },
    /// Write a file the user named; an existing one is kept unless `overwrite` (the user said y).
    SaveFile {
        path: String,
        contents: String,
        overwrite: bool,
    },
    OpenFile {
        path: String,
    },
    CopyToClipboard(String),
    SaveProfiles(Vec<Profile>),
    /// Make this saved profile the default (config.toml's `default`).
    MakeDefault(String),
    /// Delete this saved profile and its secrets (the others on disk stay).
    DeleteProfile(String),
    TestProfile(Box<Profile>),
    /// History and drafts IO.
    Store(super::store_msg::StoreEffect),
    /// A catalog picker's listing.
    Catalog(crate::tui::catalog_msg::CatalogEffect),
    /// Tasks on the server (the Tasks screen, the Response screen's task keys).
    Tasks(super::screens::tasks::io::TasksEffect),
    /// Search for a create whose answer never came, before its name may be sent again.
    CheckSent {
        context: Arc<Context>,
        sent: Box<crate::app::reconcile::SentCreate>,
    },
}

/// How a submit ended.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// `None` when no answer arrived (network failure).
    pub status: Option<u16>,
    /// The whole send, from the first try to the last answer (waits and retries included).
    pub elapsed_ms: u64,
    /// How many times the create was tried again (throttled, or a server error the service says
    /// is safe to retry).
    pub retries: usize,
    pub task_id: Option<String>,
    /// The error, as the Response screen shows it (the CLI prints the same report).
    pub error: Option<Report>,
    pub body: String,
    pub headers: Vec<(String, String)>,
    /// The answer was lost and a search by name settled it: what it found.
    pub settled: Option<String>,
    /// The user stopped waiting (Esc): no answer is shown, `settled` says what is known.
    pub stopped_waiting: bool,
    /// The answer was lost and the search could not settle it: the create as it left, and why.
    /// Its name is held until a search says it was not created.
    pub unsettled: Option<(Box<crate::app::reconcile::SentCreate>, String)>,
    /// The history row could not be written: why (shown for as long as this answer is).
    pub history_error: Option<String>,
}

impl Effect {
    /// The effect that resolves `p` (with `overrides`) into a context.
    pub fn resolve(p: &Profile, overrides: Overrides) -> Effect {
        Effect::ResolveContext {
            profile: Box::new(p.clone()),
            overrides,
        }
    }
}

impl Msg {
    /// The answer to a save: its full path, the question an existing file asks, or the error.
    pub fn saved(r: Result<std::path::PathBuf, SaveError>, retry: impl FnOnce() -> Effect) -> Msg {
        match r {
            Ok(full) => Msg::FileSaved(Ok(full.display().to_string())),
            Err(SaveError::Exists(full)) => Msg::FileExists {
                path: full.display().to_string(),
                retry: Box::new(retry()),
            },
            Err(SaveError::Failed(e)) => Msg::FileSaved(Err(e)),
        }
    }
}
