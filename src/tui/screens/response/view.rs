//! The Response screen: while waiting, a spinner; then the status and elapsed time, the task_id
//! large (y copies it) or the error's code, message, hint and request id; `r` shows the raw body and
//! headers.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::ResponseView;
use crate::tui::view::style::{Role, style as st};
use ratatui::Frame;

/// The answer `r` (none yet: `waiting` says whether a submit is on its way).
pub fn render(r: Option<&ResponseView>, waiting: bool, nc: bool, f: &mut Frame, area: Rect) {
    let Some(r) = r else {
        let text = if waiting {
            "Waiting for the answer… (input keeps working; Esc stops waiting)"
        } else {
            "Nothing submitted yet. Ctrl-S sends the task from any screen."
        };
        f.render_widget(Paragraph::new(text), area);
        return;
    };
    let o = &r.outcome;
    let took = match (o.elapsed_ms, o.retries) {
        (ms, 0) => duration(ms),
        (ms, n) => format!(
            "{} · after {}",
            duration(ms),
            crate::app::words::count(n, "retry")
        ),
    };
    let status = match o.status {
        _ if o.stopped_waiting => "stopped waiting: no answer".to_string(),
        Some(c) => format!("HTTP {c} · {took}"),
        None => format!("no answer · {took}"),
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(status, st(nc, if r.ok() { Role::Ok } else { Role::Error })),
        Span::styled(
            "   (r: raw body and headers · e: edit and resubmit)",
            st(nc, Role::Dim),
        ),
    ])];
    if waiting {
        lines.push(Line::from(Span::styled(
            "A newer submit is in flight…",
            st(nc, Role::Warning),
        )));
    }
    if let Some(e) = &o.history_error {
        lines.push(Line::from(Span::styled(
            format!("history not written: {e}"),
            st(nc, Role::Error),
        )));
    }
    if r.raw {
        lines.push(Line::from(""));
        for (k, v) in &o.headers {
            lines.push(Line::from(vec![
                Span::styled(format!("{k}: "), st(nc, Role::Label)),
                Span::raw(v.clone()),
            ]));
        }
        lines.push(Line::from(""));
        lines.extend(
            o.body
                .lines()
                .map(|l| crate::tui::screens::review::view::highlight(l, nc)),
        );
        let p = Paragraph::new(lines).scroll((r.scroll.min(u16::MAX as usize) as u16, 0));
        f.render_widget(p, area);
        return;
    }
    if let Some(note) = &o.settled {
        lines.push(Line::from(Span::styled(
            note.clone(),
            st(nc, Role::Warning),
        )));
    }
    if let Some(id) = &o.task_id {
        lines.push(Line::from(""));
        lines.push(Line::from("Created. task_id:"));
        // Below the lines above it, however many notes there are; within the area.
        let top = (lines.len() as u16).min(area.height);
        let boxed = Rect::new(
            area.x + 2,
            area.y + top,
            u16::try_from(id.len())
                .unwrap_or(u16::MAX)
                .saturating_add(6)
                .min(area.width.saturating_sub(2)),
            3.min(area.height - top),
        );
        f.render_widget(Paragraph::new(lines), area);
        let big = Paragraph::new(Span::styled(format!("  {id}"), st(nc, Role::Big)))
            .block(Block::default().borders(Borders::ALL));
        f.render_widget(big, boxed);
        let below = (top + 4).min(area.height);
        let after = Rect::new(area.x, area.y + below, area.width, area.height - below);
        f.render_widget(
            Paragraph::new(
                "y copies the task_id (OSC 52). e goes back to the form, which is kept.",
            ),
            after,
        );
        return;
    }
    if let Some(e) = &o.error {
        let row = |k: &str, v: String, role: Role| {
            Line::from(vec![
                Span::styled(format!("{k:<11}"), st(nc, Role::Label)),
                Span::styled(v, st(nc, role)),
            ])
        };
        lines.push(Line::from(""));
        if !e.host.is_empty() {
            lines.push(row("Host", e.host.clone(), Role::Lit));
        }
        lines.push(row(
            "Code",
            e.code.clone().unwrap_or_else(|| "-".into()),
            Role::Error,
        ));
        lines.push(row("Message", e.message.clone(), Role::Error));
        lines.push(row(
            "Hint",
            e.hint.clone().unwrap_or_else(|| "-".into()),
            Role::Warning,
        ));
        lines.push(row(
            "Request id",
            e.request_id.clone().unwrap_or_else(|| "-".into()),
            Role::Lit,
        ));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// A wait as a person reads it: "340 ms", "15.2 s".
fn duration(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}
