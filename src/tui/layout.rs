//! Where things are on screen, as pure functions of the terminal size, shared by the view (to draw)
//! and `update` (to map mouse clicks), so the two can never disagree.

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::screen::Screen;

/// Below this the layout is replaced by a message.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// The main areas of the screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Areas {
    pub tabs: Rect,
    pub banner: Rect,
    pub body: Rect,
    pub status: Rect,
    pub footer: Rect,
}

pub fn areas(width: u16, height: u16) -> Areas {
    let row = |y: u16, h: u16| Rect::new(0, y, width, h);
    let body_h = height.saturating_sub(4);
    Areas {
        tabs: row(0, 1),
        banner: row(1, 1),
        body: row(2, body_h),
        status: row(2 + body_h, 1),
        footer: row(3 + body_h, 1),
    }
}

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_SIZE.0 || height < MIN_SIZE.1
}

/// What a tab's label is marked with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TabMark {
    Clean,
    /// The screen holds a warning (and no error).
    Warning,
    Error,
}

/// The label of a screen's tab, with its mark; `compact` drops the padding.
pub fn tab_label(screen: Screen, mark: TabMark, compact: bool) -> String {
    let mark = match mark {
        TabMark::Error => " ✖",
        TabMark::Warning => " ⚠",
        TabMark::Clean => "",
    };
    if compact {
        format!("{}{mark}", screen.title())
    } else {
        format!(" {}{mark} ", screen.title())
    }
}

/// Whether the tabs need their compact labels to fit in `width` columns.
pub fn tabs_compact(width: u16, marks: &impl Fn(Screen) -> TabMark) -> bool {
    let full: usize = Screen::ALL
        .iter()
        .map(|s| tab_label(*s, marks(*s), false).width() + 1)
        .sum();
    full > usize::from(width) + 1
}

/// The x range of each tab in `width` columns, given each screen's mark.
pub fn tab_ranges(width: u16, marks: impl Fn(Screen) -> TabMark) -> Vec<(Screen, u16, u16)> {
    let compact = tabs_compact(width, &marks);
    let mut x = 0u16;
    Screen::ALL
        .iter()
        .map(|s| {
            let w = tab_label(*s, marks(*s), compact).width() as u16;
            let r = (*s, x, x + w);
            x += w + 1;
            r
        })
        .collect()
}

/// What is left of `area` below its first `rows` rows (a table's detail pane).
pub fn below(area: Rect, rows: u16) -> Rect {
    Rect::new(
        area.x,
        area.y + rows.min(area.height),
        area.width,
        area.height.saturating_sub(rows),
    )
}

/// A form's list area and its detail panel (help, issue, preview) below it.
pub fn form_split(body: Rect, detail_rows: u16) -> (Rect, Rect) {
    let detail = detail_rows.min(body.height.saturating_sub(4));
    let list = Rect::new(body.x, body.y, body.width, body.height - detail);
    let panel = Rect::new(body.x, body.y + list.height, body.width, detail);
    (list, panel)
}

/// Rows of detail under each form.
pub fn detail_rows(screen: Screen) -> u16 {
    match screen {
        Screen::Schedule => 9,
        Screen::Source => 8,
        _ => 5,
    }
}

/// First visible row of a list so that `focus` is on screen (no state needed to scroll).
pub fn list_offset(focus: usize, visible: usize) -> usize {
    focus.saturating_sub(visible.saturating_sub(1))
}

/// Rows of a form list: the Source and Metadata tables spend one on a header.
pub fn list_header(screen: Screen) -> u16 {
    u16::from(matches!(screen, Screen::Source | Screen::Metadata))
}

/// The row of a form list that a click on terminal row `row` picks (`body`: the screen's area;
/// `focus`: the focused row, which sets the scroll offset); `None` above or below the list.
pub fn clicked_row(screen: Screen, body: Rect, focus: usize, row: u16) -> Option<usize> {
    let (list, _) = form_split(body, detail_rows(screen));
    let top = list.y + list_header(screen);
    if row < top || row >= list.y + list.height {
        return None;
    }
    let visible = usize::from(list.height - list_header(screen));
    Some(list_offset(focus, visible) + usize::from(row - top))
}

/// One step from `i` through `n` places: `wrap` goes round (Tab, Shift-Tab), else it stops at the
/// ends (the arrows).
pub fn step(i: usize, n: usize, forward: bool, wrap: bool) -> usize {
    match (n, forward, wrap) {
        (0, ..) => 0,
        (_, true, true) => (i + 1) % n,
        (_, true, false) => (i + 1).min(n - 1),
        (_, false, true) => (i + n - 1) % n,
        (_, false, false) => i.saturating_sub(1),
    }
}
