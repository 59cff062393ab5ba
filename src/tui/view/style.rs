//! Colours and text measuring for the view. With `NO_COLOR` every style keeps only its modifier
//! (bold, reversed, dim), so the screen stays readable without colour. Widths are display widths
//! (unicode-width): CJK and emoji take two columns.

use ratatui::style::{Color, Modifier, Style};
use unicode_width::UnicodeWidthChar;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Error,
    Warning,
    Ok,
    Focus,
    Dim,
    Label,
    Key,
    Str,
    Num,
    Lit,
    Banner,
    Tab,
    Big,
}

pub fn style(no_color: bool, role: Role) -> Style {
    let (fg, modifier) = match role {
        Role::Error => (Some(Color::Red), Modifier::BOLD),
        Role::Warning => (Some(Color::Yellow), Modifier::empty()),
        Role::Ok => (Some(Color::Green), Modifier::BOLD),
        Role::Focus => (None, Modifier::REVERSED),
        Role::Dim => (Some(Color::DarkGray), Modifier::DIM),
        Role::Label => (Some(Color::Cyan), Modifier::empty()),
        Role::Key => (Some(Color::Cyan), Modifier::empty()),
        Role::Str => (Some(Color::Green), Modifier::empty()),
        Role::Num => (Some(Color::Magenta), Modifier::empty()),
        Role::Lit => (Some(Color::Yellow), Modifier::empty()),
        Role::Banner => (Some(Color::Black), Modifier::BOLD),
        Role::Tab => (None, Modifier::REVERSED | Modifier::BOLD),
        Role::Big => (Some(Color::Green), Modifier::BOLD),
    };
    let mut s = Style::default().add_modifier(modifier);
    if !no_color {
        if let Some(c) = fg {
            s = s.fg(c);
        }
        if role == Role::Banner {
            s = s.bg(Color::Yellow);
        }
    } else if role == Role::Banner {
        s = s.add_modifier(Modifier::REVERSED);
    }
    s
}

/// The columns `text` takes on screen.
pub fn width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Cuts text to at most `width` columns, ending with `…` when cut. A newline is shown as `⏎`, and
/// a control, bidi or zero-width character (`app::visible::hidden`) as its `\uXXXX` escape, so
/// text from a file or a server can neither drive the terminal nor reorder or hide what is shown.
pub fn fit(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let shown = text.chars().flat_map(|c| {
        let escaped = (c != '\n' && crate::app::visible::hidden(c))
            .then(|| format!("\\u{:04x}", u32::from(c)));
        let plain = escaped.is_none().then_some(if c == '\n' { '⏎' } else { c });
        escaped
            .into_iter()
            .flat_map(|e| e.chars().collect::<Vec<_>>())
            .chain(plain)
    });
    for c in shown {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            if width > 0 {
                while used + 1 > width {
                    used -= out.pop().and_then(UnicodeWidthChar::width).unwrap_or(1);
                }
                out.push('…');
            }
            return out;
        }
        used += w;
        out.push(c);
    }
    out
}

/// The visible part of an edited text so that the cursor (a char index) stays in view, and the
/// cursor's column inside it.
pub fn window(text: &str, cursor: usize, width: usize) -> (String, usize) {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c == '\n' { '⏎' } else { c })
        .collect();
    let cursor = cursor.min(chars.len());
    let w = |c: &char| c.width().unwrap_or(0);
    let mut start = 0;
    let mut before: usize = chars[..cursor].iter().map(w).sum();
    while before + 1 > width && start < cursor {
        before -= w(&chars[start]);
        start += 1;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in &chars[start..] {
        if used + w(c) > width {
            break;
        }
        used += w(c);
        out.push(*c);
    }
    (out, before)
}

/// Pads to `width` display columns.
pub fn pad(text: &str, width: usize) -> String {
    let t = fit(text, width);
    let used: usize = t.chars().map(|c| c.width().unwrap_or(0)).sum();
    format!("{t}{}", " ".repeat(width.saturating_sub(used)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_bidi_and_zero_width_characters_are_shown_escaped() {
        assert_eq!(
            fit("a\u{1b}]0;t\u{7}\u{202e}b\u{200b}\nc", 80),
            "a\\u001b]0;t\\u0007\\u202eb\\u200b⏎c"
        );
        assert_eq!(fit("x\u{202e}yz", 5), "x\\u2…");
    }

    #[test]
    fn wide_text_is_measured_by_columns() {
        assert_eq!(fit("数据目录", 5), "数据…");
        assert_eq!(pad("数据", 6), "数据  ");
        let (shown, col) = window("数据目录采集", 6, 6);
        assert_eq!(col, 4);
        assert_eq!(shown, "采集");
    }
}
