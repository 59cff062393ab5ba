//! The pure view: draws `AppState` on a canvas (`canvas.rs`) and nothing else (no IO, no state
//! changes). The chrome (tabs with error markers, the target banner, the status bar, the key
//! footer, the help overlay) is here; each screen has its own file. Below 80x24 only a message is
//! drawn.

pub mod canvas;
pub mod style;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::keymap;
use super::layout::{self, MIN_SIZE};
use super::modal::{self, Modal};
use super::state::{AppState, Screen};
pub use canvas::{Canvas, on_frame};
use style::{Role, fit, style as st};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// Draws `s` on a ratatui frame (the terminal's, or a test backend's).
pub fn render(s: &AppState, f: &mut Frame) {
    on_frame(f, |c| paint(s, c));
}

/// Draws `s` on a canvas.
pub fn paint(s: &AppState, f: &mut Canvas) {
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
    tabs(s, f, a.tabs);
    banner(s, f, a.banner);
    super::screens::render(s, f, a.body);
    status(s, f, a.status);
    footer(s, f, a.footer);
    render_modals(s, f, area, a.body, a.status);
}

fn tabs(s: &AppState, f: &mut Canvas, area: Rect) {
    let mut spans = Vec::new();
    let compact = layout::tabs_compact(area.width, &|sc| s.tab_mark(sc));
    for (i, sc) in Screen::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        let mark = s.tab_mark(*sc);
        let err = mark == layout::TabMark::Error;
        let label = layout::tab_label(*sc, mark, compact);
        let role = if *sc == s.screen {
            Role::Tab
        } else if err {
            Role::Error
        } else {
            Role::Label
        };
        spans.push(Span::styled(label, st(s.no_color, role)));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn banner(s: &AppState, f: &mut Canvas, area: Rect) {
    let t = &s.target;
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
    f.render_widget(
        Paragraph::new(Span::styled(line, st(s.no_color, role))),
        area,
    );
}

fn status(s: &AppState, f: &mut Canvas, area: Rect) {
    let nc = s.no_color;
    let mut spans = if !s.form.checked() {
        vec![Span::styled(" checking the task… ", st(nc, Role::Dim))]
    } else {
        counts(s)
    };
    if let Some(fl) = &s.in_flight {
        let frame = SPINNER[(fl.elapsed_ms / 100) as usize % SPINNER.len()];
        spans.push(Span::styled(
            format!(
                "│ {frame} submitting… {:.1} s (Esc stops waiting) ",
                fl.elapsed_ms as f64 / 1000.0
            ),
            st(nc, Role::Label),
        ));
    }
    if let Some(n) = &s.notice {
        spans.push(Span::styled(
            format!("│ {}", n.text),
            st(nc, if n.warn { Role::Warning } else { Role::Ok }),
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn footer(s: &AppState, f: &mut Canvas, area: Rect) {
    let text = footer_text(s.screen, usize::from(area.width));
    f.render_widget(
        Paragraph::new(Span::styled(text, st(s.no_color, Role::Dim))),
        area,
    );
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
fn counts(s: &AppState) -> Vec<Span<'static>> {
    let count = |mark: &str, n: usize, one: &str, role: Role| {
        let role = if n > 0 { role } else { Role::Dim };
        Span::styled(format!("{mark} {} ", plural(n, one)), st(s.no_color, role))
    };
    vec![
        count(" ✖", s.error_count(), "error", Role::Error),
        count("⚠", s.form.warnings, "warning", Role::Warning),
    ]
}

/// "1 error", "2 errors".
pub fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
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

/// Tests only: `s` rendered into a `w`x`h` `TestBackend`, one line per row, trailing blanks trimmed.
/// Draws every modal, bottom first. `body` is the screen's area (the profile form covers it).
fn render_modals(s: &AppState, f: &mut Canvas, area: Rect, body: Rect, status: Rect) {
    for m in s.modals.iter() {
        match m {
            Modal::Help(h) => modal::help::render(s.look(), h, f, area),
            Modal::Prompt(p) => modal::prompt::render(p, f, status),
            Modal::Confirm(c) => modal::confirm::render(s.no_color, c, f, body),
            Modal::Drafts(l) => modal::drafts::render_list(s.no_color, l, f, area),
            Modal::Restore(offers) => modal::drafts::render_offer(s.no_color, offers, f, area),
            Modal::ProfileForm(e) => modal::profile_form::render(s.no_color, e, f, body),
            Modal::Picker(p) => p.picker.render(f, crate::tui::picker::Picker::area(area)),
        }
    }
}

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
