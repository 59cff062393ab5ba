//! The terminal's modes: `init` enters raw mode, the alternate screen, bracketed paste and mouse
//! capture; `restore` undoes all of it, is idempotent, and runs from the guard on every return path
//! and from a chained panic hook. Nothing else writes terminal modes.

use std::io::{Write, stdout};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};

static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Enters the TUI's terminal modes and installs the panic hook (once).
pub fn init() -> std::io::Result<Guard> {
    install_panic_hook();
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = stdout();
    execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture,
        cursor::Hide
    )?;
    Ok(Guard)
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

/// Restores the terminal when dropped, whatever path leaves the TUI.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
        // Inside the loop the panic unwinds to the loop, which saves the form and exits; elsewhere
        // the loop is told to (`autosave::panic_should_exit`); with no loop, nobody is left.
        if super::autosave::panic_should_exit() {
            std::process::exit(super::autosave::PANIC_EXIT);
        }
    }));
}
