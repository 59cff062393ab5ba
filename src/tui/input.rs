//! Terminal events → `Msg`, read on a thread of their own (`spawn_reader`): key releases are
//! dropped (Windows reports press and release), bracketed paste becomes `Msg::Paste`, resize and
//! mouse pass through, focus changes are ignored. The reader's only IO is crossterm's `read`.

use crossterm::event::{Event, KeyEventKind, MouseEventKind};
use tokio::sync::mpsc::UnboundedSender;

use super::msg::Msg;

/// Starts the thread that reads the terminal's events and sends them to the loop.
pub fn spawn_reader(tx: UnboundedSender<Msg>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("ctask-input".into())
        .spawn(move || read_events(&tx))?;
    Ok(())
}

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

/// Terminal events to the loop until the input ends or fails, which ends the session.
fn read_events(tx: &UnboundedSender<Msg>) {
    loop {
        let msg = match crossterm::event::read() {
            Ok(e) => to_msg(e),
            Err(_) => Some(Msg::Terminate),
        };
        let end = matches!(msg, Some(Msg::Terminate));
        if let Some(m) = msg
            && tx.send(m).is_err()
        {
            return;
        }
        if end {
            return;
        }
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
