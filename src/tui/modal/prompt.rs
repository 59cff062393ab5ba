//! A one-line prompt (a file path, a draft name) in the status line: typing edits it, Enter acts on
//! the text (for the screen that asked), Esc closes it.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::{Answer, Handled, Modal, Prompt};
use crate::tui::view::style;
use ratatui::Frame;

pub fn key(mut p: Prompt, k: &KeyEvent) -> Handled {
    match k.code {
        KeyCode::Esc => Handled::close(Vec::new()),
        KeyCode::Enter => {
            let text = p.line.text.trim().to_string();
            if text.is_empty() {
                return Handled::close(Vec::new());
            }
            Handled::answer(Answer::Prompted(p.purpose, text))
        }
        _ => {
            p.line.key(k);
            Handled::stay(Modal::Prompt(p))
        }
    }
}

pub fn paste(p: &mut Prompt, text: &str) {
    p.line.paste(text);
}

pub fn render(p: &Prompt, f: &mut Frame, area: Rect) {
    let label = p.purpose.label();
    let width = usize::from(area.width).saturating_sub(label.len() + 1);
    let (shown, col) = style::window(&p.line.text, p.line.cursor, width);
    f.render_widget(ratatui::widgets::Clear, area);
    f.render_widget(Paragraph::new(format!("{label}{shown}")), area);
    f.set_cursor_position((area.x + (label.len() + col) as u16, area.y));
}
