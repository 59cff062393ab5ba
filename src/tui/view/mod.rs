//! The pure view: draws `AppState` on ratatui's `Frame` and nothing else (no IO, no state
//! changes). The chrome (tabs with error markers, the target banner, the status bar, the key
//! footer, the help overlay) is here; each screen has its own file. Below 80x24 only a message is
//! drawn.

pub(crate) mod style;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::keymap;
use super::layout::{self, MIN_SIZE};
use super::look::Look;
use super::modal::{self, Modal, Stack};
use super::state::{AppState, Screen};
use super::status::{InFlight, Notice, Target};
use style::{Role, fit, style as st};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// Draws `s` on a ratatui frame (the terminal's, or a test backend's).
pub fn render(s: &AppState, f: &mut Frame) {
    let area = f.area();
    if layout::too_small(area.width, area.height) {
        let msg = format!(
            "The terminal is {}x{}; ctask needs at least {}x{}. Enlarge the window (Ctrl-C quits).",
            area.width, area.height, MIN_SIZE.0, MIN_SIZE.1
        );
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let a = layout::areas(area.width, area.height);
    let nc = s.no_color;
    tabs(&|sc| s.tab_mark(sc), s.screen, nc, f, a.tabs);
    banner(&s.target, nc, f, a.banner);
    super::screens::render(s, f, a.body);
    let line = StatusLine {
        checked: s.form.checked(),
        errors: s.error_count(),
        warnings: s.form.warnings,
        in_flight: s.in_flight.as_ref(),
        notice: s.notice.as_ref(),
    };
    status(&line, nc, f, a.status);
    footer(s.screen, nc, f, a.footer);
    render_modals(&s.modals, s.look(), f, area, a.body, a.status);
}

/// What the status line says: the form's counts (or that it is being checked), a submit waiting
/// for its answer, the notice.
struct StatusLine<'a> {
    checked: bool,
    errors: usize,
    warnings: usize,
    in_flight: Option<&'a InFlight>,
    notice: Option<&'a Notice>,
}

/// The tab line: `mark` says which tab has an error or a warning, `current` is shown.
fn tabs(
    mark: &impl Fn(Screen) -> layout::TabMark,
    current: Screen,
    nc: bool,
    f: &mut Frame,
    area: Rect,
) {
    let mut spans = Vec::new();
    let compact = layout::tabs_compact(area.width, mark);
    for (i, sc) in Screen::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        let mark = mark(*sc);
        let err = mark == layout::TabMark::Error;
        let label = layout::tab_label(*sc, mark, compact);
        let role = if *sc == current {
            Role::Tab
        } else if err {
            Role::Error
        } else {
            Role::Label
        };
        spans.push(Span::styled(label, st(nc, role)));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn banner(t: &Target, nc: bool, f: &mut Frame, area: Rect) {
    let (text, role) = if t.sandbox {
        (
            format!(
                " SANDBOX: requests go to a local emulator at {}",
                t.endpoint
            ),
            Role::Banner,
        )
    } else {
        (
            format!(
                " profile {} → {} · project {} · workspace {}",
                t.profile, t.endpoint, t.project_id, t.workspace
            ),
            Role::Label,
        )
    };
    let line = style::pad(&text, usize::from(area.width));
    f.render_widget(Paragraph::new(Span::styled(line, st(nc, role))), area);
}

fn status(line: &StatusLine, nc: bool, f: &mut Frame, area: Rect) {
    let mut spans = if !line.checked {
        vec![Span::styled(" checking the task… ", st(nc, Role::Dim))]
    } else {
        counts(line.errors, line.warnings, nc)
    };
    if let Some(fl) = line.in_flight {
        let frame = SPINNER[(fl.elapsed_ms / 100) as usize % SPINNER.len()];
        spans.push(Span::styled(
            format!(
                "│ {frame} submitting… {:.1} s (Esc stops waiting) ",
                fl.elapsed_ms as f64 / 1000.0
            ),
            st(nc, Role::Label),
        ));
    }
    if let Some(n) = line.notice {
        spans.push(Span::styled(
            format!("│ {}", n.text),
            st(nc, if n.warn { Role::Warning } else { Role::Ok }),
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn footer(screen: Screen, nc: bool, f: &mut Frame, area: Rect) {
    let text = footer_text(screen, usize::from(area.width));
    f.render_widget(Paragraph::new(Span::styled(text, st(nc, Role::Dim))), area);
}

/// The footer: the screen's keys, most useful first, as many whole hints as fit, and always
/// "F1 help" last (the help lists the rest).
pub fn footer_text(screen: Screen, width: usize) -> String {
    const HELP: &str = "F1 help";
    let mut out = String::from(" ");
    let room = width.saturating_sub(style::width(HELP) + 4);
    for b in keymap::footer(screen).filter(|b| b.action != keymap::Action::Help) {
        let hint = format!("{} {} · ", b.keys, b.hint);
        if style::width(&out) + style::width(&hint) > room {
            break;
        }
        out.push_str(&hint);
    }
    out.push_str(HELP);
    fit(&out, width)
}

/// "✖ 1 error ⚠ 0 warnings": the form's counts, each dim when zero.
fn counts(errors: usize, warnings: usize, nc: bool) -> Vec<Span<'static>> {
    let count = |mark: &str, n: usize, one: &str, role: Role| {
        let role = if n > 0 { role } else { Role::Dim };
        Span::styled(
            format!("{mark} {} ", crate::app::words::count(n, one)),
            st(nc, role),
        )
    };
    vec![
        count(" ✖", errors, "error", Role::Error),
        count("⚠", warnings, "warning", Role::Warning),
    ]
}

/// An issue marker and message for a path, if any.
pub(crate) fn issue_span<'a>(
    form: &'a crate::tui::form::Form,
    no_color: bool,
    path: &str,
    width: usize,
) -> Option<Span<'a>> {
    let i = form.worst_at(path)?;
    let (mark, role) = match i.severity {
        crate::task::Severity::Error => ("✖ ", Role::Error),
        crate::task::Severity::Warning => ("⚠ ", Role::Warning),
    };
    Some(Span::styled(
        fit(&format!("{mark}{}", i.message), width),
        st(no_color, role),
    ))
}

/// Draws every modal, bottom first. `body` is the screen's area (the profile form covers it).
fn render_modals(modals: &Stack, look: Look, f: &mut Frame, area: Rect, body: Rect, status: Rect) {
    let nc = look.no_color;
    for m in modals.iter() {
        match m {
            Modal::Help(h) => modal::help::render(look, h, f, area),
            Modal::Prompt(p) => modal::prompt::render(p, f, status),
            Modal::Confirm(c) => modal::confirm::render(nc, c, f, body),
            Modal::Drafts(l) => modal::drafts::render_list(nc, l, f, area),
            Modal::Restore(offers) => modal::drafts::render_offer(nc, offers, f, area),
            Modal::ProfileForm(e) => modal::profile_form::render(nc, e, f, body),
            Modal::Picker(p) => p.picker.render(f, crate::tui::picker::Picker::area(area)),
        }
    }
}

/// Tests only: `s` rendered into a `w`x`h` `TestBackend`, one line per row, trailing blanks trimmed.
#[cfg(test)]
pub(crate) fn render_text(s: &AppState, w: u16, h: u16) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    term.draw(|f| render(s, f)).unwrap();
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let line: String = (0..w).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
#[path = "snapshot_tests.rs"]
mod snapshot_tests;
