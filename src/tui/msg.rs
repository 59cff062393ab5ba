//! The data that flows round the loop: `Msg` in (input, replies, ticks), `Effect` out (IO requests),
//! and the request/outcome values they carry. Pure data, no behaviour beyond masking and curl text.

use crossterm::event::{KeyEvent, MouseEvent};

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
    FileSaved(Result<String, String>),
    FileOpened {
        path: String,
        result: Result<String, String>,
    },
    ProfilesLoaded(Vec<super::state::profiles::Profile>),
    ProfileTested {
        name: String,
        result: Result<String, String>,
    },
    Copied(Result<(), String>),
    /// A reply from the history and drafts store.
    Store(super::store_msg::StoreMsg),
    /// SIGTERM, SIGHUP or the end of input.
    Terminate,
}

/// What `update` asks the effect runner to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    SendCreate {
        generation: u64,
        request: Request,
    },
    CancelSubmit {
        generation: u64,
    },
    SaveFile {
        path: String,
        contents: String,
    },
    OpenFile {
        path: String,
    },
    CopyToClipboard(String),
    SaveProfiles(Vec<super::state::profiles::Profile>),
    TestProfile(super::state::profiles::Profile),
    /// History and drafts IO.
    Store(super::store_msg::StoreEffect),
}

/// A value that never shows itself in `Debug` output or on screen.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Masks a secret for display: its length in dots, never its characters.
pub fn mask(secret: &str) -> String {
    if secret.is_empty() {
        String::new()
    } else {
        "•".repeat(secret.chars().count().min(12))
    }
}

/// The create call as it will be sent.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub method: &'static str,
    pub url: String,
    /// The DataArts base URL, project and workspace the URL and headers were built from.
    pub endpoint: String,
    pub project_id: String,
    pub workspace: String,
    /// The saved profile whose credentials sign the call; `None` sends `token` (the sandbox).
    pub profile: Option<String>,
    /// `(name, value)` without the token, which is held in `token`.
    pub headers: Vec<(String, String)>,
    pub token: Secret,
    pub body: String,
}

impl Request {
    /// The headers as shown on screen, the token masked.
    pub fn shown_headers(&self) -> Vec<(String, String)> {
        let mut out = self.headers.clone();
        if !self.token.0.is_empty() {
            out.push(("X-Auth-Token".into(), mask(&self.token.0)));
        }
        out
    }

    /// An equivalent curl line, the token replaced by an environment variable.
    pub fn curl(&self) -> String {
        let mut s = format!("curl -X {} '{}'", self.method, self.url);
        for (k, v) in &self.headers {
            s.push_str(&format!(" -H '{k}: {v}'"));
        }
        if !self.token.0.is_empty() {
            s.push_str(" -H \"X-Auth-Token: $CTASK_TOKEN\"");
        }
        s.push_str(" --data @body.json");
        s
    }
}

/// A reply's error, as the response view shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ErrorView {
    /// `host[:port]` the error came from (IAM when the request never left); empty if unknown.
    pub host: String,
    pub code: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    pub request_id: Option<String>,
}

/// How a submit ended.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// `None` when no answer arrived (network failure).
    pub status: Option<u16>,
    pub elapsed_ms: u64,
    pub task_id: Option<String>,
    pub error: Option<ErrorView>,
    pub body: String,
    pub headers: Vec<(String, String)>,
}
