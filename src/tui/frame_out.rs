//! The terminal writer. A frame is collected and leaves in one `write` when it ends, and a frame
//! that would only repeat the previous frame's closing sequences (colour reset, cursor show or
//! hide, cursor position) is dropped: a redraw after a message that changed nothing on screen
//! writes nothing, so an idle TUI sends zero bytes. Every frame, the first included, is a draw of
//! ratatui's `Terminal`; the first carries the terminal's mode switches in its one write
//! (`Term::first`). IO only; changes no state.

use std::cell::RefCell;
use std::io::{self, Stdout, Write};
use std::rc::Rc;

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::layout::Size;
use ratatui::{Terminal, TerminalOptions, Viewport};

use super::state::AppState;
use super::view;

/// What the crossterm backend writes after the changed cells of every frame.
const RESET: &[u8] = b"\x1b[39m\x1b[49m\x1b[59m\x1b[0m";

/// A frame being collected, and the tail of the last one sent.
pub struct Frames<W: Write> {
    out: W,
    pending: Vec<u8>,
    /// The previous frame's bytes from its last `RESET` on: the terminal's state after it.
    tail: Vec<u8>,
}

impl<W: Write> Frames<W> {
    pub fn new(out: W) -> Self {
        Frames {
            out,
            pending: Vec::with_capacity(1 << 14),
            tail: Vec::new(),
        }
    }

    /// Sends the frame collected since the last call, unless it only repeats the last one's tail.
    pub fn end_frame(&mut self) -> io::Result<()> {
        if self.pending.is_empty() || self.pending == self.tail {
            self.pending.clear();
            return Ok(());
        }
        self.out.write_all(&self.pending)?;
        self.out.flush()?;
        let from = self
            .pending
            .windows(RESET.len())
            .rposition(|w| w == RESET)
            .unwrap_or(self.pending.len());
        self.tail = self.pending.split_off(from);
        self.pending.clear();
        Ok(())
    }
}

/// The backend's writer: appends to the shared frame.
pub struct FrameWriter<W: Write>(Rc<RefCell<Frames<W>>>);

impl<W: Write> Write for FrameWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    /// Inside a frame ratatui flushes several times; the frame leaves in `end_frame`.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The terminal and a handle on its frames. Its viewport is fixed: the size is asked once at start
/// (crossterm opens `/dev/tty` for every size query) and then follows `Msg::Resize`, so a frame makes
/// no system call but its one `write`.
pub struct Term<W: Write = Stdout> {
    inner: Terminal<CrosstermBackend<FrameWriter<W>>>,
    frames: Rc<RefCell<Frames<W>>>,
    area: Rect,
}

impl<W: Write> Term<W> {
    /// A terminal of `width` x `height` cells that writes its frames to `out` (the bench writes
    /// into a `Vec`).
    pub fn on(out: W, width: u16, height: u16) -> io::Result<Self> {
        let frames = Rc::new(RefCell::new(Frames::new(out)));
        let backend = CrosstermBackend::new(FrameWriter(frames.clone()));
        Term::fixed(backend, frames, Rect::new(0, 0, width, height))
    }

    /// The terminal over `backend` (which writes into `frames`), its viewport fixed at `area`.
    fn fixed(
        backend: CrosstermBackend<FrameWriter<W>>,
        frames: Rc<RefCell<Frames<W>>>,
        area: Rect,
    ) -> io::Result<Self> {
        let inner = Terminal::with_options(
            backend,
            TerminalOptions {
                viewport: Viewport::Fixed(area),
            },
        )?;
        Ok(Term {
            inner,
            frames,
            area,
        })
    }

    pub fn size(&self) -> Size {
        self.area.as_size()
    }

    /// The terminal was resized: the next frame is drawn whole at the new size.
    pub fn resize(&mut self, width: u16, height: u16) -> io::Result<()> {
        let area = Rect::new(0, 0, width, height);
        if area != self.area {
            self.inner.resize(area)?;
            self.area = area;
        }
        Ok(())
    }

    /// The screen is not what the last frame left (back from a suspend): clear it, and make the
    /// next frame draw everything.
    /// (Not `Terminal::clear`: it asks the terminal for the cursor position, and the reply would
    /// go to the input thread.) A fresh `Terminal` has no previous frame to diff against.
    pub fn invalidate(&mut self) -> io::Result<()> {
        {
            let mut f = self.frames.borrow_mut();
            f.tail.clear();
            f.pending.extend_from_slice(b"\x1b[2J");
        }
        self.inner = Terminal::new(CrosstermBackend::new(FrameWriter(self.frames.clone())))?;
        Ok(())
    }

    /// The first frame of `s` on a blank screen (just entered, as the alternate screen is): the
    /// terminal's first draw, with `modes` (the terminal's mode switches) leading it in its one write.
    pub fn first(out: W, modes: &[u8], width: u16, height: u16, s: &AppState) -> io::Result<Self> {
        let mut term = Term::on(out, width, height)?;
        term.frames.borrow_mut().pending.extend_from_slice(modes);
        draw(&mut term, s)?;
        Ok(term)
    }
}

/// Renders the state and sends the frame.
pub fn draw<W: Write>(term: &mut Term<W>, s: &AppState) -> io::Result<()> {
    term.inner.draw(|f| view::render(s, f))?;
    term.frames.borrow_mut().end_frame()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_that_repeats_the_last_tail_writes_nothing() {
        let mut w = Frames::new(Vec::new());
        let put = |w: &mut Frames<Vec<u8>>, b: &[u8]| w.pending.extend_from_slice(b);
        put(&mut w, b"\x1b[1;1Hhello");
        put(&mut w, RESET);
        put(&mut w, b"\x1b[?25h\x1b[3;26H");
        w.end_frame().unwrap();
        let first = w.out.len();
        assert!(first > 0);
        put(&mut w, RESET);
        put(&mut w, b"\x1b[?25h\x1b[3;26H");
        w.end_frame().unwrap();
        assert_eq!(w.out.len(), first, "an unchanged frame is dropped");
        put(&mut w, RESET);
        put(&mut w, b"\x1b[?25h\x1b[3;27H");
        w.end_frame().unwrap();
        assert!(w.out.len() > first, "a moved cursor is sent");
    }

    /// An output that keeps each write apart.
    #[derive(Default)]
    struct Writes(Vec<Vec<u8>>);

    impl Write for Writes {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.push(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Everything `term` has written.
    fn sent(term: &Term<Writes>) -> Vec<u8> {
        term.frames.borrow().out.0.concat()
    }

    /// States whose first frame has wide characters (CJK, an emoji), a shown cursor, a modal.
    fn states() -> Vec<AppState> {
        use crate::task::{Typed, templates};
        let mut task = templates::template("DLI").unwrap_or_default();
        task.name = Some(Typed::Valid("漢字のタスク 🦀 x".into()));
        task.description = Some(Typed::Valid("説明 — ünïcödé".into()));
        let plain = crate::tui::testkit::sandbox_state(task.clone(), "http://127.0.0.1:1");
        let mut help = crate::tui::testkit::sandbox_state(task, "http://127.0.0.1:1");
        crate::tui::update::update(
            &mut help,
            crate::tui::msg::Msg::Key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::F(1),
                crossterm::event::KeyModifiers::NONE,
            )),
        );
        vec![plain, help]
    }

    /// The first frame sends the mode switches and then the bytes of a terminal's first draw, in one
    /// write; the frames after it are the same as after any first draw.
    #[test]
    fn the_first_frame_and_the_next_are_what_a_ratatui_terminal_sends() {
        let modes = b"\x1b[?1049h\x1b[?25l";
        for mut s in states() {
            for (w, h) in [(120, 40), (80, 24)] {
                crate::tui::update::update(&mut s, crate::tui::msg::Msg::Resize(w, h));
                let mut first = Term::first(Writes::default(), modes, w, h, &s).unwrap();
                let mut usual = Term::on(Writes::default(), w, h).unwrap();
                draw(&mut usual, &s).unwrap();
                assert!(!sent(&usual).is_empty());
                assert_eq!(
                    first.frames.borrow().out.0,
                    vec![[&modes[..], &sent(&usual)].concat()],
                    "the first frame at {w}x{h} is one write"
                );
                for c in ['a', '字'] {
                    crate::tui::update::update(
                        &mut s,
                        crate::tui::msg::Msg::Key(crossterm::event::KeyEvent::new(
                            crossterm::event::KeyCode::Char(c),
                            crossterm::event::KeyModifiers::NONE,
                        )),
                    );
                    draw(&mut first, &s).unwrap();
                    draw(&mut usual, &s).unwrap();
                    assert_eq!(
                        sent(&first)[modes.len()..],
                        sent(&usual),
                        "after {c:?} at {w}x{h}"
                    );
                }
            }
        }
    }
}
