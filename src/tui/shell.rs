//! A tab as a component: `Tab`, what each tab implements on its own state, and `Shell`,
//! the narrow context its handlers get instead of the whole `AppState` (the profile's context, the
//! status line, the modal stack, and the effects and root requests it raises). The root builds a
//! shell around one tab (`AppState::with_tasks`) and carries out its requests. Pure.

use std::sync::Arc;

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::action::Action;
use super::modal::{Confirm, Modal, Stack};
use super::msg::Effect;
use super::screen::Screen;
use super::screens::profiles::Profile;
use super::status::Notice;
use crate::app::Context;
use crate::task::CollectionTask;
use crate::tui::form::Form;
pub use crate::tui::look::Look;
pub use crate::tui::replacement::Replacement;
use ratatui::Frame;

/// What only the root can do for a tab: it touches other tabs, the form or the submit pipeline.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Offer to replace the form (asking first when it holds unsaved changes).
    Replace(Replacement),
    /// Send history entry `id`'s task again, to the profile in use, as a new plan.
    Resend { id: i64, task: Box<CollectionTask> },
    /// Make this profile the one in use.
    Switch(Box<Profile>),
    /// Show this task in the Tasks tab.
    ShowTask(String),
}

/// A tab's view of the app while it handles one event.
pub struct Shell<'a> {
    /// The profile in use, by name.
    pub profile: &'a str,
    /// The terminal's size, columns and rows.
    pub size: (u16, u16),
    /// The screen shown (a tab may be told of things while another is).
    pub screen: Screen,
    /// The task and its issues: every change to the task goes through it.
    pub form: &'a mut Form,
    /// Cursor (in chars) in the focused text.
    pub cursor: &'a mut usize,
    context: Option<&'a Arc<Context>>,
    /// Why the profile in use cannot send, when it cannot.
    pub context_error: Option<&'a str>,
    notice: &'a mut Option<Notice>,
    modals: &'a mut Stack,
    effects: Vec<Effect>,
    requests: Vec<Request>,
}

impl<'a> Shell<'a> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        profile: &'a str,
        size: (u16, u16),
        screen: Screen,
        form: &'a mut Form,
        cursor: &'a mut usize,
        context: (Option<&'a Arc<Context>>, Option<&'a str>),
        notice: &'a mut Option<Notice>,
        modals: &'a mut Stack,
    ) -> Self {
        Shell {
            profile,
            size,
            screen,
            form,
            cursor,
            context: context.0,
            context_error: context.1,
            notice,
            modals,
            effects: Vec::new(),
            requests: Vec::new(),
        }
    }

    /// The profile in use, ready to send with; else a warning that it is not, and `None`.
    pub fn ready(&mut self) -> Option<Arc<Context>> {
        let c = self.context.cloned();
        if c.is_none() {
            self.warn("the profile is not ready: see the Profiles tab");
        }
        c
    }

    /// `k` typed into `text` at the cursor: the new text when it changed (the cursor moves either
    /// way); `None` when the key is not an edit or changed nothing.
    pub fn typed(&mut self, text: &str, k: &KeyEvent) -> Option<String> {
        let (new, cursor) = crate::tui::state::edit::apply_key(text, *self.cursor, k)?;
        *self.cursor = cursor;
        (new != text).then_some(new)
    }

    /// `pasted` put into `text` at the cursor, the cursor after it.
    pub fn inserted(&mut self, text: &str, pasted: &str) -> String {
        let (new, cursor) = crate::tui::state::edit::insert(text, *self.cursor, pasted);
        *self.cursor = cursor;
        new
    }

    /// The profile in use, without a warning when there is none.
    pub fn context(&self) -> Option<&Arc<Context>> {
        self.context
    }

    pub fn notify(&mut self, text: impl Into<String>) {
        *self.notice = Some(Notice {
            warn: false,
            text: text.into(),
        });
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        *self.notice = Some(Notice {
            warn: true,
            text: text.into(),
        });
    }

    /// Asks a y/n question on top of everything.
    pub fn ask(&mut self, c: Confirm) {
        self.open(Modal::Confirm(c));
    }

    /// Opens a modal on top of everything.
    pub fn open(&mut self, m: Modal) {
        self.modals.push(m);
    }

    /// The modal stack (a picker answered while it is open).
    pub fn modals(&mut self) -> &mut Stack {
        self.modals
    }

    pub fn effect(&mut self, e: Effect) {
        self.effects.push(e);
    }

    pub fn request(&mut self, r: Request) {
        self.requests.push(r);
    }

    /// The effects raised and the requests for the root, in order.
    pub fn finish(self) -> (Vec<Effect>, Vec<Request>) {
        (self.effects, self.requests)
    }
}

/// A tab: its state struct handles its own keys, paste and replies, and draws itself.
pub trait Tab {
    /// The answers to this tab's effects (`Msg::Tasks(…)` for the Tasks tab).
    type Msg;

    /// A key this tab takes before the keymap (text typed into its filter); `false`: not taken.
    fn key_first(&mut self, _sh: &mut Shell, _k: &KeyEvent) -> bool {
        false
    }

    /// One of the keymap's actions on this tab (`k`: the key that said it); `false`: the global
    /// layer's.
    fn act(&mut self, _sh: &mut Shell, _a: Action, _k: &KeyEvent) -> bool {
        false
    }

    /// A key no binding claimed: text for the focused field.
    fn key(&mut self, _sh: &mut Shell, _k: &KeyEvent) {}

    /// A click on body row `row` (`body`: the tab's area).
    fn click(&mut self, _sh: &mut Shell, _row: u16, _body: Rect) {}

    /// Pasted text; `false`: the tab has no text field taking it now.
    fn paste(&mut self, _sh: &mut Shell, _text: &str) -> bool {
        false
    }

    /// Whether typed characters go into a text field of this tab (so `?` is text).
    fn text_focused(&self) -> bool {
        false
    }

    /// An answer to one of this tab's effects.
    fn reply(&mut self, sh: &mut Shell, m: Self::Msg);

    /// What the tab needs while it is shown (a listing to load), after any message.
    fn after(&mut self, _sh: &mut Shell) {}

    fn render(&self, look: Look<'_>, f: &mut Frame, area: Rect);
}
