//! The Response screen: how the last submit ended (status, elapsed, task_id or the error's code,
//! message, hint and request id), with a raw body and headers tab. Pure.

pub(crate) mod bindings;
pub(crate) mod task_keys;
pub(crate) mod view;

use crate::tui::msg::Outcome;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResponseView {
    pub outcome: Outcome,
    /// Showing the raw body and headers instead of the summary.
    pub raw: bool,
    pub scroll: usize,
}

impl ResponseView {
    pub fn ok(&self) -> bool {
        self.outcome.task_id.is_some()
    }

    /// A short line for the status bar; a history row that could not be written is said too.
    pub fn summary(&self) -> String {
        match &self.outcome.history_error {
            Some(e) => format!("{} · history not written: {e}", self.answer()),
            None => self.answer(),
        }
    }

    fn answer(&self) -> String {
        let o = &self.outcome;
        if o.stopped_waiting {
            return "stopped waiting: the create may have landed".into();
        }
        match (&o.task_id, &o.error) {
            (Some(id), _) => format!("created task {id} in {} ms", o.elapsed_ms),
            (None, Some(e)) => format!(
                "failed{}{}: {}",
                o.status.map(|s| format!(" (HTTP {s})")).unwrap_or_default(),
                if e.host.is_empty() {
                    String::new()
                } else {
                    format!(" at {}", e.host)
                },
                e.code.clone().unwrap_or_else(|| e.message.clone())
            ),
            (None, None) => format!("HTTP {} without a task_id", o.status.unwrap_or(0)),
        }
    }
}
