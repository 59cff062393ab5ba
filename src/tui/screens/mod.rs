//! The screens, one folder each: its state (`mod.rs`), its render (`view.rs`) and, where it has
//! them, its keys and store replies.

pub(crate) mod history;
pub(crate) mod metadata;
pub(crate) mod profiles;
pub(crate) mod response;
pub(crate) mod review;
pub(crate) mod schedule;
pub(crate) mod source;
pub(crate) mod task;
pub(crate) mod tasks;

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::action::Action;
use super::msg::Effect;
use super::shell::{Request, Shell, Tab};
use super::state::{AppState, Screen, cron, plan, switch};
use ratatui::Frame;
use source::catalog_pick::CatalogState;

// The router: the only place that asks which screen is current. It also holds the root's own
// behaviour on `AppState` (running a tab with its `Shell` and carrying out what the tab asked,
// deriving, moving between screens), so `state` itself is data that names no behaviour.

/// The body of `AppState::with_<tab>`: a `Shell` over the fields that are not the tab's (so both
/// borrow at once), `f` on the tab (and on a field it reads, when named), then the root carries out
/// its requests.
macro_rules! with_tab {
    ($s:ident, $tab:ident, $f:ident $(, $also:ident)?) => {{
        let mut sh = Shell::new(
            &$s.target.profile,
            $s.size,
            $s.screen,
            &mut $s.form,
            &mut $s.cursor,
            ($s.context.as_ref(), $s.context_error.as_deref()),
            &mut $s.notice,
            &mut $s.modals,
        );
        let r = $f(&mut $s.$tab, $(&$s.$also,)? &mut sh);
        let done = sh.finish();
        (r, $s.carry_out(done))
    }};
}

impl AppState {
    /// Recomputes what depends on the task but lives outside the form (the cron preview, the
    /// Review plan) when the form changed since they were made. `update` calls it after every
    /// message; nothing else needs to.
    pub fn derive(&mut self) {
        cron::refresh(self);
        crate::tui::screens::derive(self);
    }

    /// Whether typed characters go into a text field (so `?` is text, not help).
    pub fn text_focused(&self) -> bool {
        if !self.modals.is_empty() {
            return self.modals.takes_text();
        }
        crate::tui::screens::text_focused(self)
    }

    /// Puts the cursor at the end of the focused text.
    pub fn cursor_to_end(&mut self) {
        self.cursor = self.focused_text().chars().count();
    }

    /// The text under the cursor, wherever the focus is.
    pub fn focused_text(&self) -> String {
        match self.screen {
            Screen::Task | Screen::Schedule => self
                .field_form(self.screen)
                .and_then(|ff| ff.focused())
                .map(|f| task::field_text(self.task(), f.path))
                .unwrap_or_default(),
            Screen::Source => self.source.focused_text(&self.form),
            Screen::Metadata => self.metadata.focused_text(&self.form),
            _ => String::new(),
        }
    }

    /// Runs `f` on the Tasks tab with a `Shell` around it, then carries out what it asked of the
    /// root; returns `f`'s value and the effects raised.
    pub fn with_tasks<R>(
        &mut self,
        f: impl FnOnce(&mut tasks::TasksState, &mut Shell) -> R,
    ) -> (R, Vec<Effect>) {
        with_tab!(self, tasks, f)
    }

    /// `with_tasks` for the Profiles tab.
    pub fn with_profiles<R>(
        &mut self,
        f: impl FnOnce(&mut profiles::ProfilesState, &mut Shell) -> R,
    ) -> (R, Vec<Effect>) {
        with_tab!(self, profiles, f)
    }

    /// `with_tasks` for the Source screen's catalog pickers, which read the Source state too.
    pub fn with_catalog<R>(
        &mut self,
        f: impl FnOnce(&mut CatalogState, &source::SourceState, &mut Shell) -> R,
    ) -> (R, Vec<Effect>) {
        with_tab!(self, catalog, f, source)
    }

    /// `with_catalog` for a picker function that returns effects: its own, then the shell's.
    pub fn catalog_effects(
        &mut self,
        f: impl FnOnce(&mut CatalogState, &source::SourceState, &mut Shell) -> Vec<Effect>,
    ) -> Vec<Effect> {
        let (mut fx, more) = self.with_catalog(f);
        fx.extend(more);
        fx
    }

    /// `with_tasks` for the Source screen.
    pub fn with_source<R>(
        &mut self,
        f: impl FnOnce(&mut source::SourceState, &mut Shell) -> R,
    ) -> (R, Vec<Effect>) {
        with_tab!(self, source, f)
    }

    /// `with_tasks` for the Response screen (its answer, if any).
    pub fn with_response<R>(
        &mut self,
        f: impl FnOnce(&mut Option<response::ResponseView>, &mut Shell) -> R,
    ) -> (R, Vec<Effect>) {
        with_tab!(self, response, f)
    }

    /// `with_tasks` for the Review screen.
    pub fn with_review<R>(
        &mut self,
        f: impl FnOnce(&mut review::ReviewState, &mut Shell) -> R,
    ) -> (R, Vec<Effect>) {
        with_tab!(self, review, f)
    }

    /// `with_tasks` for the Custom metadata screen.
    pub fn with_metadata<R>(
        &mut self,
        f: impl FnOnce(&mut metadata::MetadataState, &mut Shell) -> R,
    ) -> (R, Vec<Effect>) {
        with_tab!(self, metadata, f)
    }

    /// `with_tasks` for the Task or the Schedule form (`None` on other screens).
    pub fn with_fields<R>(
        &mut self,
        screen: Screen,
        f: impl FnOnce(&mut task::FieldForm, &mut Shell) -> R,
    ) -> Option<(R, Vec<Effect>)> {
        match screen {
            Screen::Task => Some(with_tab!(self, task_form, f)),
            Screen::Schedule => Some(with_tab!(self, schedule_form, f)),
            _ => None,
        }
    }

    /// The Task or the Schedule form.
    pub fn field_form(&self, screen: Screen) -> Option<&task::FieldForm> {
        match screen {
            Screen::Task => Some(&self.task_form),
            Screen::Schedule => Some(&self.schedule_form),
            _ => None,
        }
    }

    /// The Task or the Schedule form, to change.
    pub fn field_form_mut(&mut self, screen: Screen) -> Option<&mut task::FieldForm> {
        match screen {
            Screen::Task => Some(&mut self.task_form),
            Screen::Schedule => Some(&mut self.schedule_form),
            _ => None,
        }
    }

    /// `with_tasks` for the History tab.
    pub fn with_history<R>(
        &mut self,
        f: impl FnOnce(&mut history::HistoryState, &mut Shell) -> R,
    ) -> (R, Vec<Effect>) {
        with_tab!(self, history, f)
    }

    /// A tab's effects, then what it asked of the root, carried out in order.
    fn carry_out(&mut self, (mut fx, requests): (Vec<Effect>, Vec<Request>)) -> Vec<Effect> {
        for q in requests {
            match q {
                Request::Replace(rep) => fx.extend(crate::tui::state::replace::offer(self, rep)),
                Request::Resend { id, task } => {
                    fx.extend(crate::tui::state::submit::resend(self, id, *task));
                }
                Request::ShowTask(id) => {
                    self.tasks.open(id);
                    self.go(Screen::Tasks);
                }
                Request::Switch(p) => {
                    fx.push(switch::switch_to(self, &p));
                    switch::say_after_switch(self, format!("now using profile {}", p.name));
                }
            }
        }
        fx
    }

    /// Shows `screen`.
    pub fn go(&mut self, screen: Screen) {
        self.screen = screen;
        // The screen shown derives what it needs (Review's plan only when something changed).
        self.derive();
        self.cursor_to_end();
    }
}

/// Keys a screen takes before the keymap (a filter being typed, the raw JSON editor). `passes`:
/// the key is one the keymap must still see (Ctrl-S, Ctrl-N/P, F1, Ctrl-R).
pub fn key_first(s: &mut AppState, k: &KeyEvent, passes: bool) -> Option<Vec<Effect>> {
    match s.screen {
        Screen::History => {
            let (taken, fx) = s.with_history(|h, sh| h.key_first(sh, k));
            taken.then_some(fx)
        }
        Screen::Tasks => {
            let (taken, fx) = s.with_tasks(|t, sh| t.key_first(sh, k));
            taken.then_some(fx)
        }
        Screen::Source if s.source.raw.is_some() && !passes => {
            Some(s.with_source(|src, sh| src.raw_key(sh, *k)).1)
        }
        _ => None,
    }
}

/// An action the current screen handles itself; `None`: the global layer's.
pub fn act(s: &mut AppState, a: Action, k: &KeyEvent) -> Option<Vec<Effect>> {
    match s.screen {
        Screen::History => {
            let (taken, fx) = s.with_history(|h, sh| h.act(sh, a, k));
            taken.then_some(fx)
        }
        Screen::Tasks => {
            let (taken, fx) = s.with_tasks(|t, sh| t.act(sh, a, k));
            taken.then_some(fx)
        }
        Screen::Response => {
            let (taken, fx) = s.with_response(|r, sh| response::task_keys::act(r.as_ref(), sh, a));
            taken.then_some(fx)
        }
        Screen::Profiles => {
            let (taken, fx) = s.with_profiles(|p, sh| p.act(sh, a, k));
            taken.then_some(fx)
        }
        Screen::Review => {
            let (taken, fx) = s.with_review(|r, sh| r.act(sh, a, k));
            taken.then_some(fx)
        }
        Screen::Task | Screen::Schedule => {
            let (taken, fx) = s.with_fields(s.screen, |ff, sh| ff.act(sh, a, k))?;
            taken.then_some(fx)
        }
        Screen::Metadata => {
            let (taken, fx) = s.with_metadata(|m, sh| m.act(sh, a, k));
            taken.then_some(fx)
        }
        Screen::Source => {
            let (taken, fx) = s.with_source(|src, sh| src.act(sh, a, k));
            taken.then_some(fx)
        }
    }
}

/// A key no binding claimed: text for the focused field.
pub fn key(s: &mut AppState, k: &KeyEvent) {
    match s.screen {
        Screen::Metadata => _ = s.with_metadata(|m, sh| m.key(sh, k)),
        Screen::Task | Screen::Schedule => _ = s.with_fields(s.screen, |ff, sh| ff.key(sh, k)),
        Screen::Source => _ = s.with_source(|src, sh| src.key(sh, k)),
        // The other screens take no text.
        _ => {}
    }
}

/// A click on body row `row`.
pub fn click(s: &mut AppState, row: u16, body: Rect) {
    match s.screen {
        Screen::Metadata => _ = s.with_metadata(|m, sh| m.click(sh, row, body)),
        Screen::Task | Screen::Schedule => {
            _ = s.with_fields(s.screen, |ff, sh| ff.click(sh, row, body))
        }
        Screen::Source => _ = s.with_source(|src, sh| src.click(sh, row, body)),
        _ => {}
    }
}

/// Paste into the current screen (a filter being typed, else the focused field).
pub fn paste(s: &mut AppState, text: &str) {
    match s.screen {
        Screen::History => _ = s.with_history(|h, sh| h.paste(sh, text)),
        Screen::Tasks => _ = s.with_tasks(|t, sh| t.paste(sh, text)),
        Screen::Task | Screen::Schedule => _ = s.with_fields(s.screen, |ff, sh| ff.paste(sh, text)),
        Screen::Metadata => _ = s.with_metadata(|m, sh| m.paste(sh, text)),
        Screen::Source => _ = s.with_source(|src, sh| src.paste(sh, text)),
        // The other screens take no text.
        Screen::Review | Screen::Response | Screen::Profiles => {}
    }
}

/// Whether typed characters go into a text field on the current screen (so `?` is text).
pub fn text_focused(s: &AppState) -> bool {
    match s.screen {
        Screen::Task => s.task_form.text_focused(),
        Screen::Schedule => s.schedule_form.text_focused(),
        Screen::Source => s.source.text_focused(),
        Screen::Metadata => s.metadata.text_focused(),
        Screen::History => s.history.text_focused(),
        Screen::Tasks => s.tasks.text_focused(),
        Screen::Profiles | Screen::Review | Screen::Response => false,
    }
}

/// What the current screen derives from the form and the context when either changed.
pub fn derive(s: &mut AppState) {
    if s.screen == Screen::Review && s.review.built_for != plan::built_for(s) {
        plan::refresh(s);
    }
}

/// Effects the current screen needs after any message (History pages, the Tasks listing).
pub fn after(s: &mut AppState) -> Vec<Effect> {
    match s.screen {
        Screen::History => s.with_history(|h, sh| h.after(sh)).1,
        Screen::Tasks => s.with_tasks(|t, sh| t.after(sh)).1,
        _ => Vec::new(),
    }
}

/// Draws the current screen into the body.
pub fn render(s: &AppState, f: &mut Frame, body: Rect) {
    match s.screen {
        Screen::Task => s.task_form.render(s.look(), f, body),
        Screen::Schedule => schedule::view::render(&s.schedule_form, &s.cron, s.look(), f, body),
        Screen::Source => s.source.render(s.look(), f, body),
        Screen::Metadata => s.metadata.render(s.look(), f, body),
        Screen::Review => s.review.render(s.look(), f, body),
        Screen::Response => {
            let waiting = s.in_flight.is_some();
            response::view::render(s.response.as_ref(), waiting, s.no_color, f, body)
        }
        Screen::Profiles => s.profiles.render(s.look(), f, body),
        Screen::History => s.history.render(s.look(), f, body),
        Screen::Tasks => s.tasks.render(s.look(), f, body),
    }
}
