//! `Look`: what every tab's render reads besides its own state. A leaf.

use crate::tui::form::Form;

/// What every tab's render reads besides its own state.
#[derive(Clone, Copy, Debug)]
pub struct Look<'a> {
    pub no_color: bool,
    /// The task and its issues.
    pub form: &'a Form,
    /// Cursor (in chars) in the focused text.
    pub cursor: usize,
    /// The profile in use, by name.
    pub profile: &'a str,
    /// Whether that profile is ready to send with.
    pub ready: bool,
    /// Why it cannot be, when it cannot.
    pub why_not_ready: Option<&'a str>,
    /// The local time of the last tick (`None` before the first).
    pub now: Option<&'a chrono::DateTime<chrono::FixedOffset>>,
}
