//! The Review screen: method, URL and headers (token masked), the curl line, the body exactly as it
//! will be sent (pretty-printed and highlighted; only visible lines are highlighted) and every issue.

use crate::app::words::count;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::ReviewState;
use crate::task::Severity;
use crate::tui::look::Look;
use crate::tui::view::style::{Role, fit, style as st};
use ratatui::Frame;

pub fn render(r: &ReviewState, look: Look, f: &mut Frame, area: Rect) {
    let nc = look.no_color;
    let form = look.form;
    let width = usize::from(area.width);
    let head = r.head_lines(look.profile, look.why_not_ready);
    let body = &r.body_lines;
    // The issues first (a 5,000-line body never hides them), then the request, then the body.
    let top = 2 + form.issues.len();
    let total = r.total_lines(form);
    let h = usize::from(area.height);
    let start = r.scroll.min(total.saturating_sub(h));
    let mut lines = Vec::with_capacity(h);
    for i in start..(start + h).min(total) {
        let line = if i == 0 {
            let (errors, warnings) = (form.errors, form.warnings);
            let text = if form.issues.is_empty() {
                "No errors or warnings.".to_string()
            } else {
                format!(
                    "Issues: {}, {}",
                    count(errors, "error"),
                    count(warnings, "warning")
                )
            };
            Line::from(Span::styled(text, st(nc, Role::Label)))
        } else if i < top - 1 {
            let issue = &form.issues[i - 1];
            let (m, role) = match issue.severity {
                Severity::Error => ("✖", Role::Error),
                Severity::Warning => ("⚠", Role::Warning),
            };
            Line::from(Span::styled(
                fit(&format!("{m} {}", issue.located()), width),
                st(nc, role),
            ))
        } else if i < top {
            Line::default()
        } else if i < top + head.len() {
            let role = if i == top { Role::Ok } else { Role::Label };
            Line::from(Span::styled(fit(&head[i - top], width), st(nc, role)))
        } else {
            highlight(&body[i - top - head.len()], nc)
        };
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// Colours one line of pretty JSON: keys, strings, numbers and literals.
pub fn highlight(line: &str, nc: bool) -> Line<'static> {
    let mut spans = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        let c = rest.chars().next().unwrap_or(' ');
        let len = if c == '"' {
            let mut end = 1;
            let mut escaped = false;
            for (i, ch) in rest.char_indices().skip(1) {
                end = i + ch.len_utf8();
                if escaped {
                    escaped = false;
                } else if ch == '\\' {
                    escaped = true;
                } else if ch == '"' {
                    break;
                }
            }
            let is_key = rest[end..].trim_start().starts_with(':');
            spans.push(Span::styled(
                rest[..end].to_string(),
                st(nc, if is_key { Role::Key } else { Role::Str }),
            ));
            end
        } else if c == '-' || c.is_ascii_digit() || c.is_ascii_alphabetic() {
            let end = rest
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || "+-.".contains(ch)))
                .unwrap_or(rest.len());
            let role = if c.is_ascii_alphabetic() {
                Role::Lit
            } else {
                Role::Num
            };
            spans.push(Span::styled(rest[..end].to_string(), st(nc, role)));
            end
        } else {
            let end = rest
                .find(|ch: char| ch == '"' || ch == '-' || ch.is_ascii_alphanumeric())
                .unwrap_or(rest.len());
            spans.push(Span::raw(rest[..end].to_string()));
            end
        };
        rest = &rest[len.max(1).min(rest.len())..];
    }
    Line::from(spans)
}
