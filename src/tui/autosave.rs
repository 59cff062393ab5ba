//! The form's autosave: a deadline in the loop's `select!` set by the first unsaved change (so a change
//! is on disk within about 300 ms, and nothing wakes when idle), the last word on every exit path,
//! and the save after a panic. Decides what to save; `store_io` writes it.
//!
//! Nothing here costs anything per keystroke: `observe` compares two revision numbers. A panic does
//! not need a copy of the form made in advance. A panic inside the loop's own code (update, render,
//! effects being started) unwinds to `run_async`, which still owns the state and saves the form as it
//! was typed (`Guarded` tells the panic hook to let it unwind). A panic anywhere else (an effect's
//! task, a reader thread) is reported to the loop (`fatal`), which saves the form and exits with 101.
//! Only a kill -9 loses work: what changed since the last deadline, at most `DELAY`.

use std::cell::Cell;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::msg::Effect;
use super::store_io::StoreHandle;
use super::store_msg::StoreEffect;
use crate::store::drafts::Draft;

/// The longest a change waits before it is saved: text typed a moment before a kill -9 or a power
/// cut is on disk, and steady typing writes about three drafts a second (on the store's thread).
pub const DELAY: Duration = Duration::from_millis(300);

/// The exit code after a panic.
pub const PANIC_EXIT: i32 = 101;

thread_local! {
    /// Set while the loop's future is being polled: a panic there unwinds to the loop's catch.
    static IN_LOOP: Cell<bool> = const { Cell::new(false) };
}
/// The loop is running and will save and exit when told of a panic elsewhere.
static LOOP_RUNNING: AtomicBool = AtomicBool::new(false);
static FATAL: AtomicBool = AtomicBool::new(false);
static FATAL_NOTIFY: Notify = Notify::const_new();

/// What the panic hook should do once the terminal is restored and the message printed: `true`
/// to exit at once (nobody is left to save), `false` to return and let the loop save the form.
pub fn panic_should_exit() -> bool {
    if IN_LOOP.with(Cell::get) {
        return false;
    }
    if LOOP_RUNNING.load(Ordering::SeqCst) {
        FATAL.store(true, Ordering::SeqCst);
        FATAL_NOTIFY.notify_one();
        return false;
    }
    true
}

/// Resolves when a panic happened outside the loop's own code while the loop runs.
pub async fn fatal() {
    loop {
        if FATAL.load(Ordering::SeqCst) {
            return;
        }
        FATAL_NOTIFY.notified().await;
    }
}

/// The loop's future, polled with `IN_LOOP` set (and `LOOP_RUNNING` while it lives).
pub struct Guarded<F>(Pin<Box<F>>);

impl<F: Future> Guarded<F> {
    pub fn new(f: F) -> Self {
        LOOP_RUNNING.store(true, Ordering::SeqCst);
        Guarded(Box::pin(f))
    }
}

impl<F> Drop for Guarded<F> {
    fn drop(&mut self) {
        LOOP_RUNNING.store(false, Ordering::SeqCst);
    }
}

/// Resets `IN_LOOP` however the poll ends (a panic included).
struct InLoop;

impl Drop for InLoop {
    fn drop(&mut self) {
        IN_LOOP.with(|c| c.set(false));
    }
}

/// The loop's future panicked; the panic hook has restored the terminal and printed the message.
#[derive(Debug)]
pub struct Panicked;

impl<F: Future> Future for Guarded<F> {
    type Output = Result<F::Output, Panicked>;

    /// Polls the loop; a panic inside it ends the poll with `Panicked` instead of unwinding further,
    /// so the caller, which owns the state, can save it.
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        IN_LOOP.with(|c| c.set(true));
        let _reset = InLoop;
        let inner = self.0.as_mut();
        match std::panic::catch_unwind(AssertUnwindSafe(move || inner.poll(cx))) {
            Ok(Poll::Ready(out)) => Poll::Ready(Ok(out)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(_) => Poll::Ready(Err(Panicked)),
        }
    }
}

pub struct Autosave {
    /// The revision on disk (or known to need nothing).
    saved: u64,
    due: Option<Instant>,
    store: StoreHandle,
}

/// What the autosave reads of the app: the form's revision, this session's autosave name, and the
/// draft to keep (`None`: the form holds nothing unsent). `AppState` is one (`state/form_drafts.rs`).
pub trait Unsaved {
    fn revision(&self) -> u64;
    fn autosave_name(&self) -> &str;
    fn unsaved(&self) -> Option<Draft>;
}

impl Autosave {
    pub fn new(s: &impl Unsaved, store: StoreHandle) -> Self {
        Autosave {
            saved: s.revision(),
            due: None,
            store,
        }
    }

    /// After every message: the first unsaved change sets the deadline; later ones do not move it.
    /// Two integers compared: no copy of the task is made here.
    pub fn observe(&mut self, s: &impl Unsaved, now: Instant) {
        if s.revision() != self.saved && self.due.is_none() {
            self.due = Some(now + DELAY);
        }
    }

    pub fn due(&self) -> Option<Instant> {
        self.due
    }

    /// At the deadline: save the form, or delete the autosave when there is nothing to keep.
    pub fn fire(&mut self, s: &impl Unsaved) -> Option<Effect> {
        self.due = None;
        if s.revision() == self.saved {
            return None;
        }
        self.saved = s.revision();
        Some(Effect::Store(match s.unsaved() {
            Some(d) => StoreEffect::SaveDraft(d),
            None => StoreEffect::DeleteDraft {
                name: s.autosave_name().to_string(),
            },
        }))
    }

    /// The exit path (quit, SIGTERM, SIGHUP): saves or deletes synchronously.
    pub fn finish(&mut self, s: &impl Unsaved) {
        self.store.finish_autosave(s.autosave_name(), s.unsaved());
    }

    /// After a panic: saves the form as typed, waiting a bounded time for the store (the panic may
    /// have happened while it was busy). Deletes nothing.
    pub fn after_panic(&self, s: &impl Unsaved) {
        if let Some(d) = s.unsaved() {
            self.store.try_save(&d);
        }
    }
}

/// Test builds only: with `CTASK_TEST_PANIC_KEY` set, F12 panics inside the loop, after the typed
/// work is in the state (the real-terminal tests prove the loop saves it after the panic).
#[cfg(debug_assertions)]
pub fn test_panic_on(msg: &super::msg::Msg) {
    static ARMED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if let super::msg::Msg::Key(k) = msg
        && k.code == crossterm::event::KeyCode::F(12)
        && *ARMED.get_or_init(|| std::env::var_os("CTASK_TEST_PANIC_KEY").is_some())
    {
        panic!("CTASK_TEST_PANIC_KEY: forced panic to test the draft save");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::msg::Msg;
    use crate::tui::update::{tests::sandbox_state, update};

    #[test]
    fn a_change_is_saved_once_at_the_deadline_and_a_clean_form_deletes_it() {
        let mut s = sandbox_state();
        s.drafts.own = "autosave:1-2".into();
        s.drafts.clean_revision = s.form.revision;
        let mut a = Autosave::new(&s, StoreHandle::default());
        let t0 = Instant::now();
        a.observe(&s, t0);
        assert_eq!(a.due(), None, "nothing changed: no timer");
        update(&mut s, Msg::Paste("n".into()));
        a.observe(&s, t0);
        update(&mut s, Msg::Paste("m".into()));
        a.observe(&s, t0 + Duration::from_millis(500));
        assert_eq!(a.due(), Some(t0 + DELAY), "later changes do not move it");
        let Some(Effect::Store(StoreEffect::SaveDraft(d))) = a.fire(&s) else {
            panic!("expected a save")
        };
        assert_eq!(d.name, "autosave:1-2");
        assert!(d.body.contains("\"nm\""), "{}", d.body);
        assert_eq!(a.fire(&s), None, "saved already");
        // A successful submit makes the form clean: the autosave goes.
        s.drafts.clean_revision = s.form.revision;
        update(&mut s, Msg::Paste("x".into()));
        s.drafts.clean_revision = s.form.revision;
        a.observe(&s, t0);
        assert_eq!(
            a.fire(&s),
            Some(Effect::Store(StoreEffect::DeleteDraft {
                name: "autosave:1-2".into()
            }))
        );
    }
}
