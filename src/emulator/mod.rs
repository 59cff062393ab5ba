//! A local DataArts Catalog + IAM on loopback (axum on tokio), speaking the same contract as the
//! service: the create call and its siblings, token/IAM/AK-SK authentication, the real error
//! shapes and injectable faults. It serves `ctask emulator`, the TUI sandbox and the tests. It
//! knows nothing of the terminal and judges requests by its own code, never `task::validate`.
//!
//! Start it with [`spawn`] (inside a tokio runtime) or [`spawn_background`] (from sync code);
//! dropping the [`EmulatorHandle`] stops it.

pub mod config;
pub(crate) mod errors;

mod admin;
mod auth;
mod catalog;
mod checks;
mod faults;
mod fixtures;
mod iam;
mod observe;
mod paging;
mod record;
mod state;
mod tasks;

use std::net::SocketAddr;
use std::sync::mpsc;
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio::sync::watch;

pub use config::{
    EmulatorConfig, SANDBOX_AK, SANDBOX_IAM_DOMAIN, SANDBOX_IAM_PASSWORD, SANDBOX_IAM_USER,
    SANDBOX_PROJECT_ID, SANDBOX_SK, SANDBOX_TOKEN, SANDBOX_USER_ID, SANDBOX_WORKSPACE,
};
use errors::ApiError;
use state::{AppState, Shared};

/// How long dropping a background emulator waits for its thread to finish.
const STOP_WAIT: Duration = Duration::from_secs(2);

/// A running emulator. Dropping it (or calling [`EmulatorHandle::shutdown`]) stops the server:
/// it stops accepting, cuts hanging and trickling answers, and lets other answers finish.
#[derive(Debug)]
pub struct EmulatorHandle {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    /// Set for [`spawn_background`]: signalled when its thread has finished.
    thread_done: Option<mpsc::Receiver<()>>,
}

impl EmulatorHandle {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops the server. Synchronous: for a [`spawn_background`] emulator it waits (at most 2 s)
    /// until the server thread has finished; for a [`spawn`] emulator it only signals, and the
    /// server task ends on its runtime right after.
    pub fn shutdown(self) {
        // Drop does the work.
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(done) = self.thread_done.take() {
            let _ = done.recv_timeout(STOP_WAIT);
        }
    }
}

/// Binds `config.addr` and serves on the current tokio runtime; returns at once. Cheap: the
/// catalog fixtures are parsed on the first request that needs them.
pub async fn spawn(config: EmulatorConfig) -> std::io::Result<EmulatorHandle> {
    spawn_on(std::net::TcpListener::bind(config.addr)?, config)
}

/// Like [`spawn`], on a listener bound beforehand: the TUI reserves the port before its first
/// frame and starts serving after it. Connections made in between wait in the listen backlog.
pub fn spawn_on(
    listener: std::net::TcpListener,
    config: EmulatorConfig,
) -> std::io::Result<EmulatorHandle> {
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let listener = TcpListener::from_std(listener)?;
    let (stop, stopped) = watch::channel(false);
    tokio::spawn(serve(listener, config, stopped));
    Ok(EmulatorHandle {
        addr,
        stop,
        thread_done: None,
    })
}

/// Like [`spawn`], for sync callers (CLI tests, the TUI): serves on its own thread with a
/// current-thread runtime. The address is bound before this returns.
pub fn spawn_background(config: EmulatorConfig) -> std::io::Result<EmulatorHandle> {
    spawn_background_on(std::net::TcpListener::bind(config.addr)?, config)
}

/// [`spawn_background`] on a listener bound beforehand. The TUI's sandbox serves this way: on a
/// thread of its own, so a panic in a handler is that thread's (the TUI's panic hook logs it and
/// the TUI goes on; tokio ends only the connection whose task panicked).
pub fn spawn_background_on(
    std_listener: std::net::TcpListener,
    config: EmulatorConfig,
) -> std::io::Result<EmulatorHandle> {
    std_listener.set_nonblocking(true)?;
    let addr = std_listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (stop, stopped) = watch::channel(false);
    let (done_tx, done_rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("ctask-emulator".into())
        .spawn(move || {
            runtime.block_on(async move {
                if let Ok(listener) = TcpListener::from_std(std_listener) {
                    serve(listener, config, stopped).await;
                }
            });
            drop(runtime);
            let _ = done_tx.send(());
        })?;
    Ok(EmulatorHandle {
        addr,
        stop,
        thread_done: Some(done_rx),
    })
}

async fn serve(listener: TcpListener, config: EmulatorConfig, stopped: watch::Receiver<bool>) {
    let state = AppState::new(config, stopped.clone());
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let mut signal = stopped;
    let _ = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            let _ = signal.wait_for(|stop| *stop).await;
        })
        .await;
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    // Test builds only: a way for the real-terminal tests to make a server thread panic.
    #[cfg(debug_assertions)]
    if uri.path() == "/_test/panic" && std::env::var_os("CTASK_TEST_EMULATOR_PANIC").is_some() {
        panic!("CTASK_TEST_EMULATOR_PANIC: forced panic on a server thread");
    }
    let _ = uri;
    ApiError::not_found_route()
}

/// The route table. Unknown paths and methods get 404 `APIG.0101`, like the gateway.
fn router(state: Shared) -> Router {
    const TASK: &str = "/v3/{project_id}/metadata/tasks/{task_id}";
    Router::new()
        .route(
            "/v3/auth/tokens",
            post(iam::tokens).get(iam::validate_token),
        )
        .route(
            "/v3.0/OS-CREDENTIAL/credentials/{access_key}",
            get(iam::access_key),
        )
        .route(
            "/v3/{project_id}/metadata/tasks/create",
            post(tasks::create),
        )
        .route(
            "/v3/{project_id}/metadata/tasks/search",
            post(tasks::search),
        )
        .route(
            TASK,
            get(tasks::show).put(tasks::update).delete(tasks::delete),
        )
        .route(
            "/v3/{project_id}/metadata/tasks/{task_id}/action",
            post(tasks::action),
        )
        .route(
            "/v1/{project_id}/data-connections",
            get(catalog::data_connections),
        )
        .route(
            "/v2/{project_id}/{connection_id}/databases",
            get(catalog::databases),
        )
        .route(
            "/v2/{project_id}/{connection_id}/schemas",
            get(catalog::schemas),
        )
        .route(
            "/v2/{project_id}/{connection_id}/datatables",
            get(catalog::tables),
        )
        .route(
            "/v1/{project_id}/workspaces/{instance_id}",
            get(catalog::workspaces),
        )
        // After routing, and for these routes only: unknown paths and the admin API are never
        // recorded (an unknown path's body is never even read).
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            observe::record_and_fault,
        ))
        .merge(admin::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            observe::observe,
        ))
        .with_state(state)
}
