//! `Canvas`: what every view draws on, a cell buffer and where the cursor goes. ratatui's `Frame`
//! only comes from a `Terminal`, whose two full-screen buffers are made when it is; a canvas can
//! also be made on one buffer of our own, which is how the first frame is drawn before them
//! (`frame_out::Term::first`). `on_frame` draws through a canvas onto a `Frame`. Pure.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Widget;

pub struct Canvas<'a> {
    buf: &'a mut Buffer,
    cursor: Option<Position>,
}

impl<'a> Canvas<'a> {
    pub fn new(buf: &'a mut Buffer) -> Self {
        Canvas { buf, cursor: None }
    }

    /// The whole area drawn on (as `Frame::area`).
    pub fn area(&self) -> Rect {
        self.buf.area
    }

    pub fn render_widget<W: Widget>(&mut self, widget: W, area: Rect) {
        widget.render(area, self.buf);
    }

    /// Shows the cursor there after the frame (as `Frame::set_cursor_position`); hidden if never set.
    pub fn set_cursor_position<P: Into<Position>>(&mut self, position: P) {
        self.cursor = Some(position.into());
    }

    pub fn cursor(&self) -> Option<Position> {
        self.cursor
    }
}

/// Draws `paint` onto a ratatui frame, cursor included.
pub fn on_frame(f: &mut Frame, paint: impl FnOnce(&mut Canvas)) {
    let cursor = {
        let mut c = Canvas::new(f.buffer_mut());
        paint(&mut c);
        c.cursor()
    };
    if let Some(p) = cursor {
        f.set_cursor_position(p);
    }
}
