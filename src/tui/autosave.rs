//! The form's autosave: a deadline in the loop's `select!` set by the first unsaved change (so a change
//! is on disk within about a second, and nothing wakes when idle), the last word on every exit path,
//! and a best-effort save from the panic hook. Decides what to save; `store_io` writes it.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::msg::Effect;
use super::state::AppState;
use super::state::drafts::draft_of;
use super::store_io::StoreHandle;
use super::store_msg::StoreEffect;
use crate::store::drafts::Draft;

/// The longest a change waits before it is saved.
pub const DELAY: Duration = Duration::from_secs(1);

/// What the panic hook saves: the form as of the last change.
static PANIC_DRAFT: Mutex<Option<(StoreHandle, Draft)>> = Mutex::new(None);

pub struct Autosave {
    /// The revision on disk (or known to need nothing).
    saved: u64,
    /// The revision the panic hook's copy holds.
    snapped: u64,
    due: Option<Instant>,
    store: StoreHandle,
}

impl Autosave {
    pub fn new(s: &AppState, store: StoreHandle) -> Self {
        Autosave {
            saved: s.form.revision,
            snapped: s.form.revision,
            due: None,
            store,
        }
    }

    /// After every message: the first unsaved change sets the deadline; later ones do not move it.
    pub fn observe(&mut self, s: &AppState, now: Instant) {
        if s.form.revision == self.saved {
            return;
        }
        if self.due.is_none() {
            self.due = Some(now + DELAY);
        }
        if self.snapped != s.form.revision
            && let Ok(mut p) = PANIC_DRAFT.lock()
        {
            self.snapped = s.form.revision;
            *p = Some((self.store.clone(), draft_of(s, &s.drafts.own, "")));
        }
    }

    pub fn due(&self) -> Option<Instant> {
        self.due
    }

    /// At the deadline: save the form, or delete the autosave when there is nothing to keep.
    pub fn fire(&mut self, s: &AppState) -> Option<Effect> {
        self.due = None;
        if s.form.revision == self.saved {
            return None;
        }
        self.saved = s.form.revision;
        Some(Effect::Store(match keep(s) {
            Some(d) => StoreEffect::SaveDraft(d),
            None => StoreEffect::DeleteDraft {
                name: s.drafts.own.clone(),
            },
        }))
    }

    /// The exit path (quit, SIGTERM, SIGHUP): saves or deletes synchronously.
    pub fn finish(&mut self, s: &AppState) {
        if let Ok(mut p) = PANIC_DRAFT.lock() {
            *p = None;
        }
        self.store.finish_autosave(&s.drafts.own, keep(s));
    }
}

/// The autosave to keep, or `None` when the form holds nothing unsent (start, after a successful
/// submit, after a discard).
fn keep(s: &AppState) -> Option<Draft> {
    (s.form.revision != s.drafts.clean_revision).then(|| draft_of(s, &s.drafts.own, ""))
}

/// Chains a hook that saves the form as of its last change before the previous hook runs.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if let Ok(mut p) = PANIC_DRAFT.try_lock()
            && let Some((store, d)) = p.take()
        {
            store.try_save(&d);
        }
        previous(info);
    }));
}

/// Test builds only: with `CTASK_TEST_PANIC_KEY` set, F12 panics inside the loop, after the typed
/// work has reached the panic hook's copy (the real-terminal tests prove the hook saves it).
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
