//! The pure view: draws `AppState` into a frame and nothing else (no IO, no state changes). The
//! chrome (tabs with error markers, the target banner, the status bar, the key footer, the help
//! overlay) is here; each screen has its own file. Below 80x24 only a message is drawn.

mod drafts;
mod history;
mod metadata;
mod profiles;
mod response;
mod review;
mod schedule;
mod source;
pub mod style;
mod task;
mod tasks;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::keymap::{self, Scope};
use super::layout::{self, MIN_SIZE};
use super::state::{AppState, PromptFor, Screen};
use style::{Role, fit, style as st};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

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
    tabs(s, f, a.tabs);
    banner(s, f, a.banner);
    match s.screen {
        Screen::Task => task::render(s, f, a.body),
        Screen::Schedule => schedule::render(s, f, a.body),
        Screen::Source => source::render(s, f, a.body),
        Screen::Metadata => metadata::render(s, f, a.body),
        Screen::Review => review::render(s, f, a.body),
        Screen::Response => response::render(s, f, a.body),
        Screen::Profiles => profiles::render(s, f, a.body),
        Screen::History => history::render(s, f, a.body),
        Screen::Tasks => tasks::render(s, f, a.body),
    }
    status(s, f, a.status);
    footer(s, f, a.footer);
    drafts::render(s, f, area);
    if let Some(m) = &s.catalog.modal {
        m.picker.render(f, super::picker::Picker::area(area));
    }
    if s.help {
        help(s, f, area);
    }
}

fn tabs(s: &AppState, f: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    let compact = layout::tabs_compact(area.width, &|sc| s.screen_has_error(sc));
    for (i, sc) in Screen::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        let err = s.screen_has_error(*sc);
        let label = layout::tab_label(*sc, err, compact);
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

fn banner(s: &AppState, f: &mut Frame, area: Rect) {
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

fn status(s: &AppState, f: &mut Frame, area: Rect) {
    if let Some(p) = &s.prompt {
        let label = match p.purpose {
            PromptFor::SaveBody => "Save the body to: ",
            PromptFor::SaveKooCli => "Save as KooCLI jsonInput to: ",
            PromptFor::Open => "Open task file: ",
            PromptFor::SaveDraft => "Save the form as the draft named: ",
            PromptFor::Export(fmt) => match fmt {
                crate::tui::store_msg::ExportFormat::Body => "Export the body to: ",
                crate::tui::store_msg::ExportFormat::KooCli => "Export as KooCLI jsonInput to: ",
                crate::tui::store_msg::ExportFormat::Curl => "Export as a curl line to: ",
            },
        };
        let width = usize::from(area.width).saturating_sub(label.len() + 1);
        let (shown, col) = style::window(&p.line.text, p.line.cursor, width);
        f.render_widget(Paragraph::new(format!("{label}{shown}")), area);
        f.set_cursor_position((area.x + (label.len() + col) as u16, area.y));
        return;
    }
    let nc = s.no_color;
    let mut spans = vec![
        Span::styled(
            format!(" ✖ {} errors ", s.form.errors),
            st(
                nc,
                if s.form.errors > 0 {
                    Role::Error
                } else {
                    Role::Dim
                },
            ),
        ),
        Span::styled(
            format!("⚠ {} warnings ", s.form.warnings),
            st(
                nc,
                if s.form.warnings > 0 {
                    Role::Warning
                } else {
                    Role::Dim
                },
            ),
        ),
    ];
    if let Some(fl) = s.in_flight {
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

fn footer(s: &AppState, f: &mut Frame, area: Rect) {
    let hints: Vec<String> = keymap::footer(s.screen)
        .map(|b| format!("{} {}", b.keys, b.hint))
        .collect();
    let text = fit(&format!(" {}", hints.join(" · ")), usize::from(area.width));
    f.render_widget(
        Paragraph::new(Span::styled(text, st(s.no_color, Role::Dim))),
        area,
    );
}

fn help(s: &AppState, f: &mut Frame, area: Rect) {
    let w = area.width.min(76);
    let h = area
        .height
        .saturating_sub(2)
        .min(keymap::all().count() as u16 + 4);
    let r = Rect::new((area.width - w) / 2, 1, w, h);
    let scope = |sc: Scope| match sc {
        Scope::Global => "anywhere".to_string(),
        Scope::Forms => "forms".to_string(),
        Scope::On(x) => x.title().to_string(),
    };
    let mut lines: Vec<Line> = keymap::all()
        .map(|b| {
            Line::from(vec![
                Span::styled(style::pad(b.keys, 11), st(s.no_color, Role::Key)),
                Span::raw(style::pad(b.hint, 34)),
                Span::styled(scope(b.scope), st(s.no_color, Role::Dim)),
            ])
        })
        .collect();
    lines.push(Line::from(
        "Any key closes this help. Mouse: click a tab or a row; the wheel scrolls.",
    ));
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Keys (F1 / ?) ");
    f.render_widget(Paragraph::new(lines).block(block), r);
}

/// An issue marker and message for a path, if any.
pub(crate) fn issue_span<'a>(s: &'a AppState, path: &str, width: usize) -> Option<Span<'a>> {
    let i = s.form.worst_at(path)?;
    let (mark, role) = match i.severity {
        crate::task::Severity::Error => ("✖ ", Role::Error),
        crate::task::Severity::Warning => ("⚠ ", Role::Warning),
    };
    Some(Span::styled(
        fit(&format!("{mark}{}", i.message), width),
        st(s.no_color, role),
    ))
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
