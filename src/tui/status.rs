//! What the banner and the status line say beside the tab shown: where requests go (`Target`), a
//! one-line `Notice`, a submit waiting for its answer (`InFlight`). Plain data, a leaf.

/// Where requests go, as the banner and the review screen show it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Target {
    pub profile: String,
    /// Requests go to the in-process emulator.
    pub sandbox: bool,
    pub endpoint: String,
    pub project_id: String,
    pub workspace: String,
}

/// A one-line message in the status bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub warn: bool,
    pub text: String,
}

/// A submit waiting for its answer.
#[derive(Clone, Debug, PartialEq)]
pub struct InFlight {
    pub generation: u64,
    pub elapsed_ms: u64,
    /// The name of the task being created (held if the user stops waiting).
    pub name: String,
}
