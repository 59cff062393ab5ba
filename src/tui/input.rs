//! Terminal events → `Msg`: key releases are dropped (Windows reports press and release), bracketed
//! paste becomes `Msg::Paste`, resize and mouse pass through, focus changes are ignored. Pure.

use crossterm::event::{Event, KeyEventKind, MouseEventKind};

use super::msg::Msg;

pub fn to_msg(event: Event) -> Option<Msg> {
    match event {
        Event::Key(k) if k.kind == KeyEventKind::Release => None,
        Event::Key(k) => Some(Msg::Key(k)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        Event::Mouse(m) if matches!(m.kind, MouseEventKind::Moved | MouseEventKind::Drag(_)) => {
            None
        }
        Event::Mouse(m) => Some(Msg::Mouse(m)),
        Event::FocusGained | Event::FocusLost => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyEventState, KeyModifiers};

    #[test]
    fn releases_are_dropped_and_paste_is_kept() {
        let mut k = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
        k.kind = KeyEventKind::Release;
        k.state = KeyEventState::NONE;
        assert!(to_msg(Event::Key(k)).is_none());
        assert!(matches!(to_msg(Event::Paste("x\ny".into())), Some(Msg::Paste(t)) if t == "x\ny"));
    }
}
