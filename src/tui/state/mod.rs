//! `AppState`: everything the view draws, held as plain data. It composes the screens' states (each
//! lives with its screen in `screens/`), the `Form` and the modal stack; `derive` brings the cron
//! preview and the Review plan up to date after each message, so the view only reads. Pure: no IO,
//! no clock (the time arrives in a `Msg`).

pub(crate) mod cron;
pub(crate) mod drafts;
pub(crate) mod edit;
pub(crate) mod form_drafts;
pub(crate) mod plan;
pub(crate) mod replace;
pub(crate) mod sent;
pub(crate) mod submit;
pub(crate) mod switch;

// Each screen's state lives with the screen; `AppState` composes them.
pub(crate) use super::screens::{
    history, metadata, profiles, response, review, schedule, source, task, tasks,
};

pub use super::screen::Screen;
pub use super::status::{InFlight, Notice, Target};

use chrono::{DateTime, FixedOffset};

use crate::tui::look::Look;

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
        s.form.apply_defaults(&s.defaults);
        s.drafts.clean_revision = s.form.revision;
        s.derive();
        s.cursor_to_end();
        s
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
}
