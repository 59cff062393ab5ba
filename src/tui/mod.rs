//! The terminal UI: an Elm-like loop. `input` turns terminal events into `Msg`, `update` changes
//! `AppState` and asks for `Effect`s, `effects` runs them and answers with `Msg`, `view` draws.
//! This file holds start-up (sandbox or profile, task file) and the one `select!` loop: it wakes only
//! for input, effect results, a spinner tick while a submit is in flight, and a frame deadline.

pub(crate) mod action;
pub(crate) mod autosave;
mod bindings;
mod boot;
mod catalog_io;
pub(crate) mod catalog_msg;
mod effects;
pub(crate) mod form;
pub(crate) mod frame_out;
pub(crate) mod input;
pub(crate) mod keymap;
pub(crate) mod layout;
pub(crate) mod logging;
pub(crate) mod look;
pub(crate) mod modal;
pub(crate) mod msg;
pub(crate) mod picker;
pub(crate) mod replacement;
pub(crate) mod screen;
pub(crate) mod screens;
mod sent_check;
pub(crate) mod shell;
mod signals;
pub(crate) mod state;
pub(crate) mod status;
mod store_io;
pub(crate) mod store_msg;
mod terminal;
pub mod testkit;
pub(crate) mod update;
pub(crate) mod view;

/// Runs `Effect`s and answers with `Msg`s: the loop uses it, and tests drive submits through it.
pub use effects::{Runner, context_of};

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tokio::sync::mpsc;
use tokio::time::sleep_until;

use crate::api::Secret;
use crate::emulator::config as emu;
use crate::store::Paths;
use crate::task::templates;
use msg::Msg;
use state::AppState;
use state::profiles::Profile;

/// The sandbox emulator's DLI data connection, which replaces the DLI template's placeholders.
pub const SANDBOX_CONNECTION_ID: &str = "14bb947454e64de784eadaab759081e8";
pub const SANDBOX_CONNECTION_NAME: &str = "dli_test";
/// The frame limiter's interval: at most one frame per `FRAME` in a sustained burst (~60 frames/s).
const FRAME: Duration = Duration::from_millis(16);
/// Frames that may go out at once before the limiter spaces them: a key's echo and the answer
/// that follows it a millisecond later are both drawn when they happen.
const BURST: u32 = 8;
/// Spinner tick while a submit is in flight.
const TICK: Duration = Duration::from_millis(100);
/// How long the exit waits for blocking jobs still running (store writes, a file being read).
const SHUTDOWN_WAIT: Duration = Duration::from_secs(2);

/// How `ctask` without a subcommand was started.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub sandbox: bool,
    pub profile: Option<String>,
    pub file: Option<PathBuf>,
}

/// The sandbox profile: the in-process emulator's fixed, public credentials.
pub fn sandbox_profile(base_url: &str) -> Profile {
    Profile {
        name: "sandbox".into(),
        endpoint: base_url.to_string(),
        project_id: emu::SANDBOX_PROJECT_ID.into(),
        workspace: emu::SANDBOX_WORKSPACE.into(),
        user_id: emu::SANDBOX_USER_ID.into(),
        dir_id: "0".into(),
        data_connection_id: SANDBOX_CONNECTION_ID.into(),
        data_connection_name: SANDBOX_CONNECTION_NAME.into(),
        token: Secret::new(emu::SANDBOX_TOKEN),
        sandbox: true,
        ..Profile::default()
    }
}

/// A start-up error on stderr, `ctask: …`, its control characters escaped; a closed stderr ends
/// nothing (the exit code still says it failed).
fn say(message: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let text = message.to_string();
    let text = crate::app::visible::escape_controls(&text);
    let _ = writeln!(std::io::stderr(), "ctask: {text}");
}

/// Runs the TUI until the user quits; returns the exit code.
pub fn run(opts: Options) -> u8 {
    let task = match &opts.file {
        Some(path) => match crate::app::files::read_task_file(&path.to_string_lossy()) {
            Ok(f) => f.task,
            Err(e) => {
                say(format_args!("{e}"));
                return crate::exit::USAGE;
            }
        },
        None => {
            // The template's name is a sample: the user types their own (and names must be unique).
            let mut t = templates::template("DLI").unwrap_or_default();
            t.name = None;
            t
        }
    };
    let paths = Paths::from_env().ok();
    let loaded = paths.as_ref().map(screens::profiles::io::load);
    // Said on the first frame: a broken config.toml (which file, which line) or a credentials file
    // others can read, as the CLI says them.
    let mut startup_warnings = paths
        .as_ref()
        .map(screens::profiles::io::credentials_warnings)
        .unwrap_or_default();
    if let Some(Err(e)) = &loaded {
        if opts.profile.is_some() && !opts.sandbox {
            say(format_args!("{e}; try --sandbox"));
            return crate::exit::USAGE;
        }
        startup_warnings.insert(0, format!("{e}: profiles not loaded, on the sandbox"));
    }
    let saved = loaded.and_then(Result::ok);
    let mut chooser = None;
    let real = match (&opts, &saved) {
        (o, _) if o.sandbox => None,
        (o, Some((list, _))) if list.is_empty() && o.profile.is_none() => None,
        (o, Some((list, _))) => {
            // The same choice as the CLI's: the named profile, else the default, else the only one.
            let chosen = paths
                .as_ref()
                .ok_or_else(|| "no folder for ctask's files".to_string())
                .and_then(|p| {
                    crate::app::context::chosen_profile(p, o.profile.as_deref())
                        .map_err(|e| e.to_string())
                });
            let last = || paths.as_ref().and_then(crate::store::profiles::last_used);
            match chosen {
                Ok(name) => list.iter().find(|p| p.name == name).cloned(),
                // Several profiles and no default: the one used last, else the Profiles tab.
                Err(_) if o.profile.is_none() && list.len() > 1 => {
                    match last().and_then(|n| list.iter().find(|p| p.name == n).cloned()) {
                        Some(p) => Some(p),
                        None => {
                            chooser = Some(
                                "several profiles and no default: Enter uses the selected one, m makes it the default"
                                    .to_string(),
                            );
                            None
                        }
                    }
                }
                Err(e) => {
                    say(format_args!("{e}"));
                    return crate::exit::USAGE;
                }
            }
        }
        (o, None) if o.profile.is_some() => {
            say(format_args!(
                "no folder for ctask's files (set CTASK_HOME); try --sandbox"
            ));
            return crate::exit::USAGE;
        }
        _ => None,
    };
    let saved = saved.unwrap_or_default();
    // Everything the first frame shows is ready before it; the async runtime, the signal handlers,
    // the store and the emulator start after it. The signals the loop handles wait (blocked, not
    // lost) until their handlers are in.
    let held = signals::Held::hold();
    let first = boot::initial_state(task, paths.as_ref(), real, saved, startup_warnings, chooser)
        .and_then(|(session_state, listener, resolve)| {
            let screen = boot::FirstFrame::draw(session_state)?;
            Ok((screen, listener, resolve))
        });
    let (screen, listener, resolve) = match first {
        Ok(f) => f,
        Err(e) => {
            terminal::restore();
            say(format_args!("{e}"));
            return crate::exit::FAILED;
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            drop(screen);
            say(format_args!("cannot start: {e}"));
            return crate::exit::FAILED;
        }
    };
    let result = runtime.block_on(run_async(screen, listener, resolve, paths, held));
    // A blocking job that never ends (F7 on a FIFO nobody writes to) must not hold the exit: wait
    // a little for the others (a history write finishing), then go.
    runtime.shutdown_timeout(SHUTDOWN_WAIT);
    match result {
        Ok(()) => crate::exit::OK,
        Err(e) => {
            say(format_args!("{e}"));
            crate::exit::FAILED
        }
    }
}

/// The screen was changed behind the TUI's back (a suspend): the next frame draws all of it.
fn redraw_all(term: &mut frame_out::Term, dirty: &mut bool) {
    let _ = term.invalidate();
    *dirty = true;
}

/// A leading-edge frame limiter (a token bucket of `BURST` frames refilled one per `FRAME`): a
/// change is drawn at once unless `BURST` frames already went out in the last few intervals, so an
/// answer arriving just after a key's frame is not held back; only a sustained burst is spaced out.
#[derive(Clone, Copy, Debug, Default)]
pub struct Limiter {
    /// When the bucket is full again ("theoretical arrival time").
    full_at: Option<Instant>,
}

impl Limiter {
    /// The earliest time the next frame may go out.
    pub fn next(&self, now: Instant) -> Instant {
        self.full_at
            .and_then(|t| t.checked_sub(FRAME * (BURST - 1)))
            .map_or(now, |t| t.max(now))
    }

    /// A frame went out at `now`.
    pub fn drew(&mut self, now: Instant) {
        self.full_at = Some(self.full_at.map_or(now, |t| t.max(now)) + FRAME);
    }
}

/// What the loop keeps across messages besides the terminal and the effect runner: the state, the
/// autosave's deadline, the minute of the wall clock last sent, and when the submit in flight left.
pub struct Session {
    pub state: AppState,
    autosave: autosave::Autosave,
    minute: i64,
    sent_at: Option<Instant>,
}

impl Session {
    /// A session whose autosave writes to no store: for benches and tests.
    pub fn new(state: AppState) -> Self {
        Session::with_store(state, store_io::StoreHandle::default())
    }

    fn with_store(state: AppState, store: store_io::StoreHandle) -> Self {
        Session {
            autosave: autosave::Autosave::new(&state, store),
            state,
            minute: chrono::Utc::now().timestamp() / 60,
            sent_at: None,
        }
    }

    /// One message through everything the loop does for it before the next frame: the clock's
    /// minute, `update`, the effects handed to `run`, the autosave's bookkeeping (a comparison; the
    /// draft is made at the deadline). The loop and the `tui_loop_keystroke` bench both call it.
    pub fn step(&mut self, msg: Msg, run: &mut dyn FnMut(msg::Effect)) {
        #[cfg(debug_assertions)]
        autosave::test_panic_on(&msg);
        if matches!(msg, Msg::Key(_)) {
            let m = chrono::Utc::now().timestamp() / 60;
            if m != self.minute {
                self.minute = m;
                update::update(
                    &mut self.state,
                    Msg::Now(chrono::Local::now().fixed_offset()),
                );
            }
        }
        for effect in update::update(&mut self.state, msg) {
            if matches!(effect, msg::Effect::SendCreate { .. }) {
                self.sent_at = Some(Instant::now());
            }
            run(effect);
        }
        self.autosave.observe(&self.state, Instant::now());
    }

    /// When the spinner's next tick is due, while a submit is in flight.
    fn tick_at(&self) -> Option<Instant> {
        self.sent_at
            .filter(|_| self.state.in_flight.is_some())
            .map(|t| {
                let n = t.elapsed().as_millis() / TICK.as_millis() + 1;
                t + TICK * n as u32
            })
    }
}

async fn run_async(
    screen: boot::FirstFrame,
    mut listener: Option<boot::SandboxPort>,
    resolve: msg::Effect,
    paths: Option<Paths>,
    held: signals::Held,
) -> std::io::Result<()> {
    let boot::FirstFrame {
        state,
        mut term,
        guard: _guard,
    } = screen;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let boot_tx = tx.clone();
    let mut runner = effects::Runner::new(tx);
    runner.store = store_io::StoreHandle::new(paths.as_ref());
    runner.paths = paths;
    let mut resolve = Some(resolve);
    let mut session = Session::with_store(state, runner.store.clone());
    let mut store_opened = false;
    let mut signals = signals::Signals::install()?;
    // The handlers are in: a signal that came since `hold` is delivered now.
    held.release();

    let mut late: Option<boot::Late> = None;
    // A panic inside the loop ends up here with the state intact (see `autosave`).
    let outcome = autosave::Guarded::new(async {
        // The first frame is on screen; this redraw of it writes nothing and runs what follows it.
        let mut dirty = true;
        let mut limiter = Limiter::default();
        let mut fatal = false;
        while !session.state.quit {
            let now = Instant::now();
            let due = limiter.next(now);
            if dirty && now >= due {
                // A terminal that cannot be written to is gone: quit through the exit path.
                if frame_out::draw(&mut term, &session.state).is_err() {
                    break;
                }
                limiter.drew(now);
                dirty = false;
                if let Some(e) = resolve.take() {
                    runner.run(e);
                }
                if !session.state.form.checked() {
                    session.state.form.check();
                    dirty = true;
                }
                if !std::mem::replace(&mut store_opened, true) {
                    let own = session.state.drafts.own.clone();
                    runner.run(msg::Effect::Store(store_msg::StoreEffect::Open { own }));
                    let t = &session.state.target;
                    logging::init(runner.paths.as_ref(), &t.profile, t.sandbox, &t.endpoint);
                }
            }
            let tick_at = session.tick_at();
            if late.is_none() {
                late = Some(boot::Late::start(listener.take(), &boot_tx)?);
            }
            let save_at = session.autosave.due();
            let msg = tokio::select! {
                Some(m) = rx.recv() => Some(m),
                _ = sleep_until(tick_at.unwrap_or(now).into()), if tick_at.is_some() => {
                    session.sent_at.map(|t| Msg::Tick { elapsed_ms: t.elapsed().as_millis() as u64 })
                }
                _ = sleep_until(due.into()), if dirty => None,
                _ = sleep_until(save_at.unwrap_or(now).into()), if save_at.is_some() => {
                    if let Some(e) = session.autosave.fire(&session.state) {
                        runner.run(e);
                    }
                    None
                }
                _ = autosave::fatal() => {
                    fatal = true;
                    break;
                }
                ev = signals.recv() => match ev {
                    signals::Event::Quit => Some(Msg::Terminate),
                    // `kill -TSTP` then `fg`: the shell gets a cooked terminal, and ctask
                    // redraws when continued.
                    signals::Event::Suspend => {
                        terminal::suspend();
                        redraw_all(&mut term, &mut dirty);
                        None
                    }
                    signals::Event::Continue => {
                        terminal::resume();
                        redraw_all(&mut term, &mut dirty);
                        None
                    }
                },
            };
            let Some(msg) = msg else { continue };
            handle(&mut session, &mut term, &mut runner, msg)?;
            dirty = true;
        }
        Ok::<bool, std::io::Error>(fatal)
    })
    .await;
    drop(term);
    terminal::restore();
    match outcome {
        Ok(Ok(false)) => {}
        // A panic: in the loop (unwound to here) or elsewhere (reported to the loop).
        Err(autosave::Panicked) | Ok(Ok(true)) => {
            session.autosave.after_panic(&session.state);
            std::process::exit(autosave::PANIC_EXIT);
        }
        Ok(Err(e)) => {
            session.autosave.finish(&session.state);
            return Err(e);
        }
    }
    runner.abandon_all(Duration::from_secs(3)).await;
    session.autosave.finish(&session.state);
    drop(late);
    Ok(())
}

/// One message in the loop: a resize reaches the terminal's fixed viewport first.
fn handle(
    session: &mut Session,
    term: &mut frame_out::Term,
    runner: &mut effects::Runner,
    msg: Msg,
) -> std::io::Result<()> {
    if let Msg::Resize(w, h) = msg {
        term.resize(w, h)?;
    }
    session.step(msg, &mut |e| runner.run(e));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limiter_lets_a_burst_through_at_once_then_spaces_frames() {
        let t0 = Instant::now();
        let mut l = Limiter::default();
        for _ in 0..BURST {
            assert_eq!(l.next(t0), t0, "a burst of {BURST} is drawn at once");
            l.drew(t0);
        }
        assert_eq!(l.next(t0), t0 + FRAME, "then one frame per interval");
        l.drew(t0 + FRAME);
        assert_eq!(l.next(t0 + FRAME), t0 + FRAME * 2);
        let later = t0 + FRAME * 10;
        assert_eq!(l.next(later), later, "an idle limiter is full again");
    }
}
