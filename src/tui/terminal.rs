//! The terminal's modes: `init` enters raw mode and hands back the sequences for the alternate
//! screen, bracketed paste and mouse capture, which lead the first frame's write; `restore` undoes
//! all of it, is idempotent, and runs from the guard on every return path and from a chained panic
//! hook (for a panic on the loop's own thread only). Nothing else makes terminal modes.

use std::io::{Write, stdout};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::ThreadId;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute, queue};

static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Enters raw mode and installs the panic hook (once). Returns the guard and the bytes that enter
/// the other modes (alternate screen, bracketed paste, mouse capture, hidden cursor): the caller
/// sends them at the head of the first frame, so the terminal gets both in one write and paints
/// once (`restore` leaves the modes whether or not they went out).
pub fn init() -> std::io::Result<(Guard, Vec<u8>)> {
    install_panic_hook();
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    Ok((Guard, enter_modes()))
}

/// The sequences that enter the alternate screen, bracketed paste and mouse capture and hide the
/// cursor.
fn enter_modes() -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    let _ = queue!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture,
        cursor::Hide
    );
    out
}

/// Leaves every mode `init` entered. Safe to call twice, or without `init`.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// `kill -TSTP` (raw mode makes Ctrl-Z a plain key, so it only comes from outside): leaves the
/// terminal modes so the shell gets a cooked terminal, stops the process, and on `fg` (SIGCONT)
/// enters them again. The caller redraws the whole screen.
pub fn suspend() {
    if !ACTIVE.load(Ordering::SeqCst) {
        return;
    }
    restore();
    super::signals::stop_self();
    resume();
}

/// After SIGCONT: the shell may have put the terminal back in cooked mode on the main screen while
/// ctask was stopped; enter every mode again (harmless when they are still on).
pub fn resume() {
    if enable_raw_mode().is_err() {
        return;
    }
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = stdout();
    let _ = out.write_all(&enter_modes());
    let _ = out.flush();
}

/// Restores the terminal when dropped, whatever path leaves the TUI.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// The thread that runs the loop (and entered the terminal modes): only its panic ends the TUI.
static LOOP_THREAD: OnceLock<ThreadId> = OnceLock::new();

/// A panic on the loop's thread restores the terminal, runs the previous hooks (the draft save, the
/// message) and exits 101. A panic on any other thread (the sandbox emulator, a blocking store or
/// file job, the input reader) is that thread's: it is logged to `ctask.log`, nothing is printed
/// over the screen, and the TUI goes on (tokio turns it into an error for whoever awaited it).
fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let _ = LOOP_THREAD.set(std::thread::current().id());
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let here = std::thread::current();
        if LOOP_THREAD.get().is_some_and(|t| *t != here.id()) {
            if ACTIVE.load(Ordering::SeqCst) {
                tracing::error!(
                    thread = here.name().unwrap_or("unnamed"),
                    panic = %info,
                    "panic on a thread other than the TUI's; the TUI goes on"
                );
            } else {
                previous(info);
            }
            return;
        }
        restore();
        previous(info);
        // Inside the loop the panic unwinds to the loop, which saves the form and exits; elsewhere
        // the loop is told to (`autosave::panic_should_exit`); with no loop, nobody is left.
        if super::autosave::panic_should_exit() {
            std::process::exit(super::autosave::PANIC_EXIT);
        }
    }));
}
