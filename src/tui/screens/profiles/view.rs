//! The Profiles screen: the saved profiles (the one in use marked), the selected one's settings with
//! the token masked, and the last test result (the add/edit form is a modal).

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::ProfilesState;
use crate::tui::look::Look;
use crate::tui::view::style::{Role, pad, style as st};
use ratatui::Frame;

pub fn render(p: &ProfilesState, look: Look<'_>, f: &mut Frame, area: Rect) {
    let nc = look.no_color;
    let mut lines = vec![Line::from(Span::styled(
        "  ● in use · * default · Enter switches; defaults fill untouched fields",
        st(nc, Role::Label),
    ))];
    for (i, prof) in p.list.iter().enumerate() {
        let current = if prof.name == look.profile {
            "●"
        } else {
            " "
        };
        let default = if p.default.as_deref() == Some(prof.name.as_str()) && !prof.sandbox {
            "*"
        } else {
            " "
        };
        let text = format!(
            "{current}{default}{} {} {} project {}",
            pad(&prof.name, 16),
            pad(prof.auth.as_str(), 5),
            pad(&prof.endpoint, 40),
            prof.project_id
        );
        let role = if i == p.sel { Role::Focus } else { Role::Label };
        lines.push(Line::from(Span::styled(format!("  {text}"), st(nc, role))));
    }
    if let Some(sel) = p.list.get(p.sel) {
        lines.push(Line::from(""));
        for (k, v) in [
            ("Workspace", sel.workspace.clone()),
            ("User ID", sel.user_id.clone()),
            ("Directory ID", sel.dir_id.clone()),
            ("Auth", sel.auth.as_str().to_string()),
            (
                "Secrets",
                if sel.sandbox {
                    "(the sandbox's built-in token)"
                } else {
                    "(in the 0600 credentials file)"
                }
                .to_string(),
            ),
        ] {
            lines.push(Line::from(vec![
                Span::styled(format!("  {k:<14}"), st(nc, Role::Dim)),
                Span::raw(v),
            ]));
        }
    }
    if let Some(t) = &p.test_result {
        // A long result is folded over lines instead of being cut at the edge.
        let width = usize::from(area.width).saturating_sub(4).max(20);
        let text: Vec<char> = format!("Test: {t}").chars().collect();
        for chunk in text.chunks(width) {
            lines.push(Line::from(Span::styled(
                format!("  {}", chunk.iter().collect::<String>()),
                st(nc, Role::Warning),
            )));
        }
    }
    f.render_widget(Paragraph::new(lines), area);
}
