//! The TUI's platform edge, one `cfg` per platform: the signals the loop handles, held back until
//! its handlers are in (`Held`), received as one `Event` stream (`Signals`), the suspend that stops
//! the process (`stop_self`), and the watch that notices a hung-up terminal (`HangUp`).
//!
//! Unix: SIGTERM, SIGHUP, SIGINT and SIGQUIT quit; SIGTSTP suspends and SIGCONT resumes (job
//! control). Windows: Ctrl-C, Ctrl-Break and closing the console window quit; there is no job
//! control, so no suspend; a closed console ends the input, which ends the session.

use tokio::sync::mpsc::UnboundedSender;

use super::msg::Msg;

/// What a signal asks of the loop. (Windows has no job control: only `Quit` comes there.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(unix), allow(dead_code))]
pub enum Event {
    /// Quit through the exit path (terminal restored, draft saved).
    Quit,
    /// Give the terminal back to the shell and stop (`kill -TSTP`).
    Suspend,
    /// Continued after a suspend (`fg`): take the terminal again and redraw.
    Continue,
}

#[cfg(unix)]
mod imp {
    use std::io::IsTerminal;
    use std::os::fd::{AsFd, AsRawFd, OwnedFd};

    use mio::unix::SourceFd;
    use mio::{Interest, Token};
    use nix::sys::signal::{SigSet, Signal};
    use tokio::signal::unix::{SignalKind, signal};
    use tokio::sync::mpsc::UnboundedSender;

    use super::{Event, Msg};

    const HANDLED: [Signal; 6] = [
        Signal::SIGTERM,
        Signal::SIGHUP,
        Signal::SIGINT,
        Signal::SIGQUIT,
        Signal::SIGTSTP,
        Signal::SIGCONT,
    ];

    /// The handled signals, blocked on this thread until dropped: one that arrives before the
    /// loop's handlers are in stays pending and is delivered to them, instead of killing the
    /// process with the terminal in raw mode.
    pub struct Held(SigSet);

    impl Held {
        pub fn hold() -> Held {
            let mut set = SigSet::empty();
            for sig in HANDLED {
                set.add(sig);
            }
            let _ = set.thread_block();
            Held(set)
        }

        /// The handlers are in: what arrived meanwhile is delivered now.
        pub fn release(self) {}
    }

    impl Drop for Held {
        fn drop(&mut self) {
            let _ = self.0.thread_unblock();
        }
    }

    pub struct Signals {
        quit: [tokio::signal::unix::Signal; 4],
        tstp: tokio::signal::unix::Signal,
        cont: tokio::signal::unix::Signal,
    }

    impl Signals {
        pub fn install() -> std::io::Result<Signals> {
            // `kill -INT` / `kill -QUIT` from outside (raw mode turns the keys into plain keys)
            // quit like SIGTERM and SIGHUP: the terminal is restored and the draft kept.
            Ok(Signals {
                quit: [
                    signal(SignalKind::terminate())?,
                    signal(SignalKind::hangup())?,
                    signal(SignalKind::interrupt())?,
                    signal(SignalKind::quit())?,
                ],
                tstp: signal(SignalKind::from_raw(Signal::SIGTSTP as i32))?,
                cont: signal(SignalKind::from_raw(Signal::SIGCONT as i32))?,
            })
        }

        pub async fn recv(&mut self) -> Event {
            let [a, b, c, d] = &mut self.quit;
            tokio::select! {
                _ = a.recv() => Event::Quit,
                _ = b.recv() => Event::Quit,
                _ = c.recv() => Event::Quit,
                _ = d.recv() => Event::Quit,
                _ = self.tstp.recv() => Event::Suspend,
                _ = self.cont.recv() => Event::Continue,
            }
        }
    }

    /// Stops the process until SIGCONT (the terminal was given back first).
    pub fn stop_self() {
        let _ = nix::sys::signal::raise(Signal::SIGSTOP);
    }

    /// A watch on the terminal crossterm reads (stdin when it is a terminal, else `/dev/tty`) that
    /// reports the hang-up: the other side closed, reads end or fail with EIO. crossterm never does.
    pub struct HangUp {
        poll: mio::Poll,
        _tty: OwnedFd,
    }

    impl HangUp {
        pub fn new() -> Option<HangUp> {
            let tty: OwnedFd = if std::io::stdin().is_terminal() {
                std::io::stdin().as_fd().try_clone_to_owned().ok()?
            } else {
                std::fs::File::open("/dev/tty").ok()?.into()
            };
            let poll = mio::Poll::new().ok()?;
            poll.registry()
                .register(
                    &mut SourceFd(&tty.as_raw_fd()),
                    Token(0),
                    Interest::READABLE,
                )
                .ok()?;
            Some(HangUp { poll, _tty: tty })
        }

        /// Blocks (no CPU) until the terminal hangs up, then asks the loop to quit.
        pub fn wait(mut self, tx: &UnboundedSender<Msg>) {
            let mut events = mio::Events::with_capacity(4);
            loop {
                match self.poll.poll(&mut events, None) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(_) => return,
                }
                if events.iter().any(|e| e.is_read_closed() || e.is_error()) {
                    let _ = tx.send(Msg::Terminate);
                    return;
                }
            }
        }
    }
}

#[cfg(windows)]
mod imp {
    use tokio::signal::windows::{CtrlBreak, CtrlC, CtrlClose, ctrl_break, ctrl_c, ctrl_close};
    use tokio::sync::mpsc::UnboundedSender;

    use super::{Event, Msg};

    /// Console control events are delivered to the handlers once installed; nothing to hold.
    pub struct Held;

    impl Held {
        pub fn hold() -> Held {
            Held
        }

        pub fn release(self) {}
    }

    pub struct Signals {
        c: CtrlC,
        brk: CtrlBreak,
        close: CtrlClose,
    }

    impl Signals {
        pub fn install() -> std::io::Result<Signals> {
            Ok(Signals {
                c: ctrl_c()?,
                brk: ctrl_break()?,
                close: ctrl_close()?,
            })
        }

        pub async fn recv(&mut self) -> Event {
            tokio::select! {
                _ = self.c.recv() => Event::Quit,
                _ = self.brk.recv() => Event::Quit,
                _ = self.close.recv() => Event::Quit,
            }
        }
    }

    /// No job control on Windows: never asked for.
    pub fn stop_self() {}

    /// A closed console ends crossterm's input, which already ends the session.
    pub struct HangUp;

    impl HangUp {
        pub fn new() -> Option<HangUp> {
            None
        }

        pub fn wait(self, _tx: &UnboundedSender<Msg>) {}
    }
}

pub use imp::{HangUp, Held, Signals, stop_self};

/// Starts the hang-up watch on a thread of its own, where the platform has one.
pub fn watch_hang_up(tx: &UnboundedSender<Msg>) -> std::io::Result<()> {
    if let Some(watch) = HangUp::new() {
        let hung_up = tx.clone();
        std::thread::Builder::new()
            .name("ctask-hangup".into())
            .spawn(move || watch.wait(&hung_up))?;
    }
    Ok(())
}
