//! HTTP to DataArts and IAM: signing, the client, credentials and errors. Network only: no disk,
//! no terminal.

pub mod auth;
pub(crate) mod calls;
pub(crate) mod client;
pub(crate) mod error;
mod error_body;
pub(crate) mod pace;
pub(crate) mod report;
pub(crate) mod request;
pub(crate) mod retry;
pub(crate) mod secret;
pub(crate) mod session;
pub mod signer;
pub mod whoami;

pub use auth::{AkSk, Credentials, IamLogin, IamToken, MemoryCache, TokenCache};
pub use calls::{Page, SearchQuery, Target, TaskAction};
pub use client::{Client, ClientConfig, Response};
pub use error::{ApiError, ErrorShape, NetKind, NetworkError, ServiceError};
pub use pace::Pace;
pub use report::{headline, host_of};
pub use request::{Endpoint, HttpRequest, without_userinfo};
pub use retry::RetryNote;
pub use secret::Secret;
pub use session::{Attempt, Created, Probe, Session};
pub use whoami::{CallerUser, UserIdSource};
