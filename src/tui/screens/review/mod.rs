//! The Review screen: the app layer's `Plan` for the current task and profile, i.e. the exact
//! request Ctrl-S sends (method, URL, every header as sent with secrets masked, the curl line, the
//! body) and every issue. Built when the screen is shown or the task changes while it is shown,
//! never per keystroke elsewhere. Pure: the plan's time is the state's clock.

pub(crate) mod keys;
pub(crate) mod view;

use crate::app::Plan;
use crate::tui::form::Form;
use crate::tui::layout;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReviewState {
    /// `None` until the profile's context is ready (or when it cannot be).
    pub plan: Option<Plan>,
    /// The pretty body, one entry per line (the view highlights only the visible ones).
    pub body_lines: Vec<String>,
    pub scroll: usize,
    /// The form revision and the context the plan was built from.
    pub built_for: BuiltFor,
}

impl ReviewState {
    /// The lines above the body: the request (method and URL, headers masked, the curl line), or
    /// why there is none yet for `profile`.
    pub fn head_lines(&self, profile: &str, why_not: Option<&str>) -> Vec<String> {
        let Some(p) = &self.plan else {
            let why = why_not.map_or_else(
                || format!("profile {profile} is being prepared…"),
                |e| format!("profile {profile} cannot send: {e}"),
            );
            return vec![why, String::new()];
        };
        let r = &p.request;
        let mut out = vec![format!("{} {}", r.method, r.url())];
        out.extend(r.masked_headers().iter().map(|(k, v)| format!("{k}: {v}")));
        out.push(String::new());
        out.push(r.curl_line());
        out.push(String::new());
        out
    }

    /// How many lines the Review screen has: the issues summary and the issues, a blank line, the
    /// request (`head_lines`) and the body, in that order.
    pub fn total_lines(&self, form: &Form) -> usize {
        2 + form.issues.len() + self.head_lines("", None).len() + self.body_lines.len()
    }

    /// Where the screen may scroll to with `rows` rows: never past the point where its last line
    /// is at the bottom.
    pub fn max_scroll(&self, form: &Form, rows: usize) -> usize {
        self.total_lines(form).saturating_sub(rows)
    }

    /// Moves the offset by `delta` lines, clamped to what there is to show.
    pub fn scroll_by(&mut self, form: &Form, rows: usize, delta: isize) {
        let max = self.max_scroll(form, rows);
        self.scroll = self.scroll.min(max).saturating_add_signed(delta).min(max);
    }
}

/// The rows the Review body shows in a terminal of `size`.
pub fn rows_at(size: (u16, u16)) -> usize {
    usize::from(layout::areas(size.0, size.1).body.height).max(1)
}

/// What a plan was built from: the form's revision and the context itself. The context is held,
/// not its address: a freed context's address may be reused by the next profile's, and a plan
/// keyed by address would then keep the previous profile's headers.
#[derive(Clone, Debug, Default)]
pub struct BuiltFor {
    revision: u64,
    context: Option<std::sync::Arc<crate::app::Context>>,
}

impl BuiltFor {
    pub fn new(revision: u64, context: Option<std::sync::Arc<crate::app::Context>>) -> Self {
        BuiltFor { revision, context }
    }
}

impl PartialEq for BuiltFor {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
            && match (&self.context, &other.context) {
                (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
    }
}

// The pager tests read these through the whole state.
#[cfg(test)]
pub use crate::tui::state::plan::built_for;

#[cfg(test)]
pub fn total_lines(s: &crate::tui::state::AppState) -> usize {
    s.review.total_lines(&s.form)
}

#[cfg(test)]
pub fn page_rows(s: &crate::tui::state::AppState) -> usize {
    rows_at(s.size)
}

#[cfg(test)]
pub fn max_scroll(s: &crate::tui::state::AppState) -> usize {
    s.review.max_scroll(&s.form, rows_at(s.size))
}

#[cfg(test)]
#[path = "review_pager_tests.rs"]
mod review_pager_tests;
