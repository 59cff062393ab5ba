//! The TUI's test API, for the integration tests and the benches (a test outside the crate reaches
//! the TUI only through here): a state on the sandbox, keys as messages, a screen rendered at a
//! size as text, and `Driven`, an `AppState` on a saved profile whose effects run through the real
//! `Runner` on a tokio runtime, with replies fed back to `update` until what the test waits for.
//! The types a test names are re-exported below.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use crate::api::Secret;
use crate::store::Paths;
use crate::task::CollectionTask;

pub use super::frame_out::{Term, draw};
pub use super::input::to_msg;
pub use super::logging::init as init_logging;
pub use super::modal::Modal;
pub use super::msg::{Effect, Msg, Outcome};
pub use super::picker::Picker;
pub use super::screens::source::catalog_pick::{CatalogEffect, CatalogMsg, Listed};
pub use super::screens::tasks::io::{TasksEffect, TasksMsg};
pub use super::state::edit::Line;
pub use super::state::form_drafts::draft_of;
pub use super::state::history::PAGE as HISTORY_PAGE;
pub use super::state::plan::{head_lines as review_head_lines, refresh as refresh_review};
pub use super::state::profiles::{Field, Profile, ProfileEdit};
pub use super::state::source::Col;
pub use super::state::{AppState, Screen, Target};
pub use super::store_msg::{StoreEffect, StoreMsg};
pub use super::update::update;
pub use super::view::render;
pub use super::{Runner, Session, context_of, sandbox_profile};

/// A state on the sandbox at `base_url` with its context ready, as the TUI has it a moment after
/// start: for tests and benches that drive `update` without the effect runner.
pub fn sandbox_state(task: CollectionTask, base_url: &str) -> AppState {
    let p = sandbox_profile(base_url);
    let mut s = AppState::new(task, Target::default(), Default::default());
    let _resolve = super::state::switch::switch_to(&mut s, &p);
    s.context = context_of(None, &p, &Default::default())
        .ok()
        .map(std::sync::Arc::new);
    s.profiles.list = vec![p];
    s
}

/// A key without modifiers, as the loop hands it to `update`.
pub fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Ctrl and a letter.
pub fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub struct Driven {
    pub s: AppState,
    pub runner: Runner,
    pub rx: UnboundedReceiver<Msg>,
    pub rt: tokio::runtime::Runtime,
    /// Every retry note shown while waiting.
    pub retries: Vec<String>,
    /// Every other note about a submit in flight (a history row not written, a lost answer searched).
    pub notes: Vec<String>,
}

/// The TUI's view of a profile saved with `ctask profile add NAME`: the sandbox's form defaults, the
/// saved profile's name (so the runner resolves its credentials and timeouts from disk).
pub fn saved_profile(name: &str, endpoint: &str) -> Profile {
    let mut p = sandbox_profile(endpoint);
    p.name = name.into();
    p.sandbox = false;
    p.token = Secret::default();
    p
}

/// A TUI on `profile` with history and drafts under `home`, opened as the app does after its first
/// frame.
pub fn start(home: &std::path::Path, profile: &Profile) -> Driven {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (tx, rx) = unbounded_channel();
    let runner = Runner::with_paths(tx, Some(Paths::under(home)));
    let mut t = crate::task::templates::template("DLI").unwrap_or_default();
    t.name = None;
    let mut s = AppState::new(t, Target::default(), Default::default());
    let resolve = super::state::switch::switch_to(&mut s, profile);
    s.profiles.list = vec![profile.clone()];
    s.drafts = super::state::drafts::DraftsState::new(std::process::id(), 1);
    s.drafts.clean_revision = s.form.revision;
    s.derive();
    s.cursor_to_end();
    update(&mut s, Msg::Resize(120, 40));
    let mut d = Driven {
        s,
        runner,
        rx,
        rt,
        retries: Vec::new(),
        notes: Vec::new(),
    };
    d.run(vec![resolve]);
    d.until(|m| matches!(m, Msg::ContextReady { .. }));
    // A lost answer is searched for 1 s, not 15 (the faults tests meet many lost answers).
    if let Some(ctx) = d.s.context.take() {
        let mut ctx = (*ctx).clone();
        ctx.reconcile = Duration::from_secs(1);
        d.s.context = Some(std::sync::Arc::new(ctx));
    }
    let own = d.s.drafts.own.clone();
    d.run(vec![Effect::Store(StoreEffect::Open { own })]);
    d.until(|m| matches!(m, Msg::Store(StoreMsg::Opened { .. })));
    d
}

impl Driven {
    /// Types `text` key by key into the focused field.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let fx = update(&mut self.s, key(KeyCode::Char(c)));
            self.run(fx);
        }
    }

    /// Sends `msg` to `update` and returns the effects it asked for (not yet run).
    pub fn send(&mut self, msg: Msg) -> Vec<Effect> {
        update(&mut self.s, msg)
    }

    pub fn run(&mut self, fx: Vec<Effect>) {
        let _in_runtime = self.rt.enter();
        for e in fx {
            self.runner.run(e);
        }
    }

    /// Ctrl-S through `update`: returns the one `SendCreate` it asked for, already started.
    pub fn submit(&mut self) -> Effect {
        let fx = self.send(ctrl('s'));
        let creates: Vec<Effect> = fx
            .iter()
            .filter(|e| matches!(e, Effect::SendCreate { .. }))
            .cloned()
            .collect();
        assert_eq!(creates.len(), 1, "Ctrl-S asks for one create: {fx:?}");
        self.run(fx);
        creates[0].clone()
    }

    /// Feeds replies to `update` (running the effects they ask for) until one matches `done`.
    pub fn until(&mut self, done: impl Fn(&Msg) -> bool) {
        loop {
            let next = self.rt.block_on(async {
                tokio::time::timeout(Duration::from_secs(30), self.rx.recv()).await
            });
            let msg = next
                .expect("no reply from the effect runner within 30 s")
                .expect("the runner's channel closed");
            match &msg {
                Msg::SubmitRetrying { note, .. } => self.retries.push(note.clone()),
                Msg::SubmitNote { note, .. } => self.notes.push(note.clone()),
                _ => {}
            }
            let stop = done(&msg);
            let fx = update(&mut self.s, msg);
            self.run(fx);
            if stop {
                return;
            }
        }
    }

    /// Feeds whatever replies arrive within `ms` to `update` (e.g. a history page after a key).
    pub fn drain(&mut self, ms: u64) {
        let end = std::time::Instant::now() + Duration::from_millis(ms);
        loop {
            let left = end.saturating_duration_since(std::time::Instant::now());
            let next = self
                .rt
                .block_on(async { tokio::time::timeout(left, self.rx.recv()).await });
            let Ok(Some(msg)) = next else { return };
            let fx = update(&mut self.s, msg);
            self.run(fx);
        }
    }

    /// Waits for the submit to end and returns how it ended, as the Response screen holds it.
    pub fn finish(&mut self) -> Outcome {
        self.until(|m| matches!(m, Msg::SubmitFinished { .. }));
        assert!(self.s.in_flight.is_none());
        self.s
            .response
            .as_ref()
            .map(|r| r.outcome.clone())
            .expect("a finished submit fills the Response screen")
    }

    /// `screen` as a person would see it at `w`x`h`.
    pub fn render(&mut self, screen: Screen, w: u16, h: u16) -> String {
        self.s.go(screen);
        update(&mut self.s, Msg::Resize(w, h));
        screen_text(&self.s, w, h)
    }
}

/// The text of `s` rendered into a `w`x`h` `TestBackend`, one line per row.
pub fn screen_text(s: &AppState, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| render(s, f)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}
