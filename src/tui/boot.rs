//! Start-up split around the first frame. Before it: only what the first frame shows (the sandbox's
//! port is reserved, a cheap `bind`, so the banner's URL never changes). After it: the emulator's
//! server task, the terminal event reader (a thread) and the wall clock for the cron preview. A
//! submit made before the server task runs waits in the kernel's listen backlog, so none is lost.
//! IO only; no state changes except through the `Msg`s it sends.

use std::net::{Ipv4Addr, TcpListener};

use crossterm::event::EventStream;
use tokio::sync::mpsc::UnboundedSender;

use super::msg::Msg;
use crate::emulator::{self, EmulatorConfig, EmulatorHandle};

/// Binds the sandbox emulator's port on loopback; returns the listener and its base URL.
pub fn reserve_sandbox() -> std::io::Result<(TcpListener, String)> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    let url = format!("http://{}", listener.local_addr()?);
    Ok((listener, url))
}

/// What starts once the first frame is on screen; dropping it stops the emulator.
pub struct Late {
    pub events: EventStream,
    _emulator: Option<EmulatorHandle>,
}

impl Late {
    /// Serves the sandbox on the reserved port, starts reading the terminal and sends the time.
    pub fn start(sandbox: Option<TcpListener>, tx: &UnboundedSender<Msg>) -> std::io::Result<Late> {
        let emulator = match sandbox {
            Some(l) => Some(emulator::spawn_on(l, EmulatorConfig::default())?),
            None => None,
        };
        let _ = tx.send(Msg::Now(chrono::Local::now().fixed_offset()));
        Ok(Late {
            events: EventStream::new(),
            _emulator: emulator,
        })
    }
}
