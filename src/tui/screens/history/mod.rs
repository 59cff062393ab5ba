//! The History screen: a window of pages over the submission history (never all of it), the
//! incremental filter, the selected row's detail and the confirmations. Pages are fetched by keyset
//! (`before` id); the cursor of every page seen so far is kept (8 bytes a page) so scrolling back up
//! re-queries exactly the same page. Pure: queries are effects, replies arrive as messages.

pub(crate) mod keys;
pub(crate) mod store;
pub(crate) mod view;

use std::collections::{BTreeMap, BTreeSet};

use crate::store::history::{Entry, Filter, Summary};
use crate::tui::state::edit::Line;

/// Rows per page query.
pub const PAGE: usize = 100;

/// Whether history and drafts are available.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum StoreStatus {
    /// Opened after the first frame.
    #[default]
    Opening,
    Ready,
    /// History and drafts are off for this session, with the reason.
    Off(String),
}

/// What to do once an entry's full row has arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Then {
    OpenAsDraft,
    Resend,
}

/// One line of the detail pane and how to colour it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetailKind {
    Title,
    Head,
    Json,
    Text,
    Error,
}

#[derive(Clone, Debug, Default)]
pub struct HistoryState {
    pub status: StoreStatus,
    pub filter: Line,
    /// Typing goes into the filter (after `/`).
    pub filtering: bool,
    /// Bumped when the filter or the data changes; older page replies are dropped.
    pub generation: u64,
    /// Loaded pages by index, at most three around the selection.
    pub pages: BTreeMap<usize, Vec<Summary>>,
    /// `cursors[k]` is the `before` id of page `k`; its length is how many pages are known to exist.
    pub cursors: Vec<Option<i64>>,
    pub requested: BTreeSet<usize>,
    /// The number of rows, once the last page has been seen.
    pub end: Option<usize>,
    pub sel: usize,
    /// First row drawn.
    pub top: usize,
    pub show_detail: bool,
    pub detail: Option<Entry>,
    pub detail_lines: Vec<(DetailKind, String)>,
    pub detail_scroll: usize,
    pub detail_requested: Option<i64>,
    pub then: Option<(i64, Then)>,
    /// New rows were recorded while the table was scrolled away from the top.
    pub newer: bool,
    /// The entry the selection stays on while the pages reload after new rows were recorded.
    pub follow: Option<i64>,
    pub error: Option<String>,
}

impl HistoryState {
    /// The filter the store applies.
    pub fn store_filter(&self) -> Filter {
        Filter {
            text: self.filter.text.clone(),
            ..Filter::default()
        }
    }

    /// Forgets every page (the filter or the data changed) and starts again at the top.
    pub fn reset(&mut self) {
        self.generation += 1;
        self.pages.clear();
        self.cursors = vec![None];
        self.requested.clear();
        self.end = None;
        self.sel = 0;
        self.top = 0;
        self.detail_scroll = 0;
        self.newer = false;
        self.follow = None;
        self.error = None;
    }

    /// Forgets page `k` and those after it (rows there moved), keeping the selection.
    pub fn invalidate_from(&mut self, k: usize) {
        self.generation += 1;
        self.pages.retain(|p, _| *p < k);
        self.cursors.truncate(k + 1);
        self.requested.clear();
        self.end = None;
    }

    pub fn row(&self, i: usize) -> Option<&Summary> {
        self.pages.get(&(i / PAGE)).and_then(|p| p.get(i % PAGE))
    }

    pub fn selected(&self) -> Option<&Summary> {
        self.row(self.sel)
    }

    /// The pages the selection needs now: its own and both neighbours, where they can exist.
    pub fn wanted(&self) -> Vec<usize> {
        let p = self.sel / PAGE;
        [p.checked_sub(1), Some(p), Some(p + 1)]
            .into_iter()
            .flatten()
            .filter(|k| *k < self.cursors.len())
            .filter(|k| self.end.is_none_or(|e| k * PAGE < e))
            .collect()
    }

    /// One past the last row loaded contiguously from the selection's page.
    fn loaded_end(&self) -> usize {
        let mut k = self.sel / PAGE;
        let mut end = k * PAGE;
        while let Some(p) = self.pages.get(&k) {
            end = k * PAGE + p.len();
            if p.len() < PAGE {
                break;
            }
            k += 1;
        }
        end
    }

    /// Folds in a page reply; returns false if it was stale.
    pub fn page_arrived(&mut self, generation: u64, page: usize, rows: Vec<Summary>) -> bool {
        if generation != self.generation {
            return false;
        }
        self.requested.remove(&page);
        if rows.len() == PAGE {
            if self.cursors.len() == page + 1 {
                self.cursors.push(rows.last().map(|r| r.id));
            }
        } else {
            self.end = Some(page * PAGE + rows.len());
        }
        self.pages.insert(page, rows);
        self.follow_entry();
        let keep = self.wanted();
        self.pages.retain(|k, _| keep.contains(k));
        if let Some(e) = self.end {
            self.sel = self.sel.min(e.saturating_sub(1));
        }
        true
    }

    /// Puts the selection back on the followed entry once a loaded page holds it (rows above it moved
    /// it down); the view scrolls with it so the row stays where it was on screen.
    fn follow_entry(&mut self) {
        let Some(id) = self.follow else { return };
        let found = self
            .pages
            .iter()
            .find_map(|(k, rows)| rows.iter().position(|r| r.id == id).map(|j| k * PAGE + j));
        if let Some(i) = found {
            self.follow = None;
            let delta = i as isize - self.sel as isize;
            self.top = self.top.saturating_add_signed(delta);
            self.sel = i;
        }
    }

    /// Moves the selection by `delta` rows within what is loaded; keeps it in view.
    pub fn move_by(&mut self, delta: isize, visible: usize) {
        let max = self.loaded_end().saturating_sub(1);
        let to = self.sel.saturating_add_signed(delta).min(max);
        self.select(to, visible);
    }

    pub fn select(&mut self, to: usize, visible: usize) {
        if to != self.sel {
            self.detail_scroll = 0;
        }
        self.sel = to;
        let visible = visible.max(1);
        if self.sel < self.top {
            self.top = self.sel;
        } else if self.sel >= self.top + visible {
            self.top = self.sel + 1 - visible;
        }
        let keep = self.wanted();
        self.pages.retain(|k, _| keep.contains(k));
    }
}

/// Rows of the table (header excluded) for a body of `body_height` rows.
pub fn table_rows(body_height: u16, show_detail: bool) -> usize {
    let h = usize::from(body_height);
    let table = if show_detail { h / 3 } else { h };
    // The filter line and the header row.
    table.saturating_sub(2).max(1)
}

/// The detail pane's lines: the request as sent (secrets were masked when recorded), then the answer,
/// JSON bodies pretty-printed.
pub fn detail_lines(e: &Entry) -> Vec<(DetailKind, String)> {
    use DetailKind as K;
    let s = &e.sent;
    let a = &e.answered;
    let status = a
        .status
        .map_or("no answer".to_string(), |st| format!("HTTP {st}"));
    let mut out = vec![
        (
            K::Title,
            format!(
                "#{} · {} · {} · {} ({}) · sent {}",
                e.id,
                e.outcome.as_str(),
                answer_line(a),
                s.profile,
                s.auth_kind,
                s.sent_at
            ),
        ),
        (
            K::Head,
            format!(
                "X-Request-Id: {}",
                a.request_id.as_deref().unwrap_or("(none)")
            ),
        ),
    ];
    if let Some(id) = &a.task_id {
        out.push((K::Head, format!("task_id: {id}")));
    }
    if a.error_code.is_some() || a.error_message.is_some() {
        out.push((
            K::Error,
            format!(
                "{} {}",
                a.error_code.as_deref().unwrap_or("error"),
                a.error_message.as_deref().unwrap_or_default()
            ),
        ));
    }
    out.push((K::Title, "Request".into()));
    out.push((K::Head, format!("{} {}", s.method, s.url)));
    if let Ok(serde_json::Value::Object(m)) = serde_json::from_str(&s.request_headers) {
        for (k, v) in m {
            out.push((K::Head, format!("{k}: {}", v.as_str().unwrap_or_default())));
        }
    }
    push_json(&mut out, &s.request_body);
    if let Some(body) = a.response_body.as_deref().filter(|b| !b.is_empty()) {
        out.push((K::Title, format!("Response body ({status})")));
        push_json(&mut out, body);
    }
    out
}

/// The answer in the detail's title: `HTTP 200 · 41 ms`; `no answer after 30000 ms` when the wait
/// ended without one (cancelled, network failure); `never answered` for a row that is still
/// pending or whose process died waiting (no duration was ever measured, so none is shown).
fn answer_line(a: &crate::store::history::Answered) -> String {
    match (a.status, a.answered_at.is_empty()) {
        (Some(st), _) => format!("HTTP {st} · {} ms", a.duration_ms),
        (None, false) => format!("no answer after {} ms", a.duration_ms),
        (None, true) => "never answered".to_string(),
    }
}

fn push_json(out: &mut Vec<(DetailKind, String)>, text: &str) {
    let pretty = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok());
    match pretty {
        Some(p) => out.extend(p.lines().map(|l| (DetailKind::Json, l.to_string()))),
        None => out.extend(text.lines().map(|l| (DetailKind::Text, l.to_string()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::history::{Answered, Outcome, Sent};

    fn title(outcome: Outcome, answered: Answered) -> String {
        let e = Entry {
            id: 7,
            sent: Sent::default(),
            answered,
            outcome,
        };
        detail_lines(&e).remove(0).1
    }

    #[test]
    fn the_detail_title_never_shows_a_duration_that_was_not_measured() {
        let pending = title(Outcome::Pending, Answered::default());
        assert!(pending.contains("· never answered ·"), "{pending}");
        assert!(!pending.contains("ms"), "{pending}");
        let cancelled = title(
            Outcome::CancelledUnknown,
            Answered {
                answered_at: "2026-11-28T10:00:31.000Z".into(),
                duration_ms: 30_000,
                ..Answered::default()
            },
        );
        assert!(
            cancelled.contains("· no answer after 30000 ms ·"),
            "{cancelled}"
        );
        let ok = title(
            Outcome::Ok,
            Answered {
                answered_at: "2026-11-28T10:00:01.000Z".into(),
                duration_ms: 41,
                status: Some(200),
                ..Answered::default()
            },
        );
        assert!(ok.contains("· HTTP 200 · 41 ms ·"), "{ok}");
    }
}
