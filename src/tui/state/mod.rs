//! `AppState`: everything the view draws, held as plain data. It composes the screens' states (each
//! lives with its screen in `screens/`), the `Form` and the modal stack; `derive` brings the cron
//! preview and the Review plan up to date after each message, so the view only reads. Pure: no IO,
//! no clock (the time arrives in a `Msg`).

pub mod drafts;
pub mod edit;
pub mod plan;
pub mod switch;

// Each screen's state lives with the screen; `AppState` composes them.
pub use super::screens::{
    history, metadata, profiles, response, review, schedule, source, task, tasks,
};

pub use super::screen::Screen;
pub use super::status::{InFlight, Notice, Target};

use chrono::{DateTime, FixedOffset};

use crate::tui::msg::Effect;
use crate::tui::shell::{Look, Request, Shell};

use crate::task::CollectionTask;

/// Everything on screen.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The task and its issues; every change to the task goes through it.
    pub form: crate::tui::form::Form,
    pub screen: Screen,
    /// The Task form and the Schedule form, each with its own focus.
    pub task_form: task::FieldForm,
    pub schedule_form: task::FieldForm,
    /// Cursor (in chars) in the focused text.
    pub cursor: usize,
    pub target: Target,
    pub defaults: crate::store::FormDefaults,
    /// The target profile, ready to send with (`None` while it resolves, or when it cannot be).
    pub context: Option<std::sync::Arc<crate::app::Context>>,
    /// Why the target profile cannot be used, when it cannot.
    pub context_error: Option<String>,
    pub generation: u64,
    pub in_flight: Option<InFlight>,
    pub response: Option<response::ResponseView>,
    pub notice: Option<Notice>,
    pub size: (u16, u16),
    pub now: Option<DateTime<FixedOffset>>,
    pub cron: schedule::CronPreview,
    pub source: source::SourceState,
    pub metadata: metadata::MetadataState,
    pub review: review::ReviewState,
    pub profiles: profiles::ProfilesState,
    pub history: history::HistoryState,
    /// The Tasks screen: the current profile's tasks on the server.
    pub tasks: tasks::TasksState,
    pub drafts: drafts::DraftsState,
    /// Help, prompts, confirmations, the drafts list, the profile form, the pickers: on top.
    pub modals: crate::tui::modal::Stack,
    pub no_color: bool,
    pub quit: bool,
    /// The catalog pickers (Ctrl-O on Source) and their cached listings.
    pub catalog: crate::tui::screens::source::catalog_pick::CatalogState,
}

/// The body of `AppState::with_<tab>`: a `Shell` over the fields that are not the tab's (so both
/// borrow at once), `f` on the tab, then the root carries out its requests.
macro_rules! with_tab {
    ($s:ident, $tab:ident, $f:ident) => {{
        let mut sh = Shell::new(
            &$s.target.profile,
            $s.size,
            $s.screen,
            &mut $s.form,
            &mut $s.cursor,
            $s.context.as_ref(),
            &mut $s.notice,
            &mut $s.modals,
        );
        let r = $f(&mut $s.$tab, &mut sh);
        let done = sh.finish();
        (r, $s.carry_out(done))
    }};
}

impl AppState {
    pub fn new(task: CollectionTask, target: Target, defaults: crate::store::FormDefaults) -> Self {
        AppState::on(crate::tui::form::Form::new(task), target, defaults)
    }

    /// A state on `form` (a deferred one at start: see `Form::deferred`).
    pub fn on(
        form: crate::tui::form::Form,
        target: Target,
        defaults: crate::store::FormDefaults,
    ) -> Self {
        let mut s = AppState {
            form,
            screen: Screen::Task,
            task_form: task::FieldForm::new(Screen::Task),
            schedule_form: task::FieldForm::new(Screen::Schedule),
            cursor: 0,
            target,
            defaults,
            context: None,
            context_error: None,
            generation: 0,
            in_flight: None,
            response: None,
            notice: None,
            size: (80, 24),
            now: None,
            cron: schedule::CronPreview::default(),
            source: source::SourceState::default(),
            metadata: metadata::MetadataState::default(),
            review: review::ReviewState::default(),
            profiles: profiles::ProfilesState::default(),
            history: history::HistoryState::default(),
            tasks: tasks::TasksState::default(),
            drafts: drafts::DraftsState::default(),
            modals: Default::default(),
            no_color: false,
            quit: false,
            catalog: Default::default(),
        };
        switch::apply_defaults(&mut s);
        s.drafts.clean_revision = s.form.revision;
        s.derive();
        s.cursor_to_end();
        s
    }

    /// Recomputes what depends on the task but lives outside the form (the cron preview, the
    /// Review plan) when the form changed since they were made. `update` calls it after every
    /// message; nothing else needs to.
    pub fn derive(&mut self) {
        schedule::refresh(self);
        crate::tui::screens::derive(self);
    }

    pub fn task(&self) -> &CollectionTask {
        self.form.task()
    }

    pub fn screen_has_error(&self, screen: Screen) -> bool {
        self.form.screen_errors[screen.index()]
            || (screen == Screen::Source && self.raw_json_broken())
    }

    /// The raw JSON editor holds text that does not parse (an error until it does).
    pub fn raw_json_broken(&self) -> bool {
        self.source.raw.as_ref().is_some_and(|r| r.error.is_some())
    }

    /// Errors shown in the status line: the form's, and a raw JSON that does not parse.
    pub fn error_count(&self) -> usize {
        self.form.errors + usize::from(self.raw_json_broken())
    }

    /// A tab's mark: ✖ for an error, ⚠ for a warning only.
    pub fn tab_mark(&self, screen: Screen) -> crate::tui::layout::TabMark {
        use crate::tui::layout::TabMark;
        if self.screen_has_error(screen) {
            TabMark::Error
        } else if self.form.screen_warnings[screen.index()] {
            TabMark::Warning
        } else {
            TabMark::Clean
        }
    }

    pub fn notify(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            warn: false,
            text: text.into(),
        });
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            warn: true,
            text: text.into(),
        });
    }

    /// Whether typed characters go into a text field (so `?` is text, not help).
    pub fn text_focused(&self) -> bool {
        if !self.modals.is_empty() {
            return crate::tui::modal::takes_text(self);
        }
        crate::tui::screens::text_focused(self)
    }

    /// Puts the cursor at the end of the focused text.
    pub fn cursor_to_end(&mut self) {
        self.cursor = task::focused_text(self).chars().count();
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
                Request::Replace(rep) => fx.extend(crate::tui::replace::offer(self, rep)),
                Request::Resend { id, task } => {
                    fx.extend(crate::tui::submit::resend(self, id, *task));
                }
                Request::Switch(p) => {
                    fx.push(switch::switch_to(self, &p));
                    switch::say_after_switch(self, format!("now using profile {}", p.name));
                }
            }
        }
        fx
    }

    /// What every tab's render reads besides its own state.
    pub fn look(&self) -> Look<'_> {
        Look {
            no_color: self.no_color,
            form: &self.form,
            cursor: self.cursor,
            profile: &self.target.profile,
            ready: self.context.is_some(),
            why_not_ready: self.context_error.as_deref(),
            now: self.now.as_ref(),
        }
    }

    pub fn go(&mut self, screen: Screen) {
        self.screen = screen;
        // The screen shown derives what it needs (Review's plan only when something changed).
        self.derive();
        self.cursor_to_end();
    }
}
