//! "Did my create land?": when a create's answer is lost after the request may have reached the
//! service (a timeout, a reset, a 5xx, an unreadable answer), ctask never sends it again. It searches
//! for the task's name instead, with backoff, for up to a window (15 s unless `CTASK_RECONCILE_SECS`
//! says otherwise), and settles the attempt: found, not found, or unknown (the search itself failed).
//! Network only.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::api::calls::json_body;
use crate::api::{ApiError, NetKind, SearchQuery, Session};

/// The default search window.
pub const WINDOW: Duration = Duration::from_secs(15);
const FIRST_WAIT: Duration = Duration::from_millis(250);
const MAX_WAIT: Duration = Duration::from_secs(2);
/// Search pages read per look (100 tasks each; the name filter is a substring match).
const PAGES: u32 = 10;

/// What the search found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Settled {
    /// The task exists: the create landed.
    Found(String),
    /// No task of that name appeared within the window.
    NotFound,
    /// The search could not be made; the task may or may not exist.
    Unknown(String),
}

/// Whether a create that ended in `e` may have reached the service: the request left and the answer
/// is missing or says the server failed. A refused connection, a name that did not resolve, a TLS
/// failure or a 4xx prove it did not act.
pub fn may_have_landed(e: &ApiError) -> bool {
    match e {
        ApiError::Service(s) => s.status >= 500,
        ApiError::BadResponse { .. } => true,
        ApiError::Network(n) => {
            !n.unconnected && matches!(n.kind, NetKind::Timeout | NetKind::Reset | NetKind::Other)
        }
        ApiError::Setup(_) => false,
    }
}

/// The window from `CTASK_RECONCILE_SECS` (seconds, 0 to 600), else `WINDOW`.
pub fn window() -> Duration {
    std::env::var("CTASK_RECONCILE_SECS")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && (0.0..=600.0).contains(s))
        .map_or(WINDOW, Duration::from_secs_f64)
}

/// Searches for a task named exactly `name` until found or `window` has passed.
pub async fn settle(session: &Session, name: &str, window: Duration) -> Settled {
    let started = Instant::now();
    let mut wait = FIRST_WAIT;
    loop {
        match find_by_name(session, name).await {
            Ok(Some(id)) => return Settled::Found(id),
            Ok(None) => {}
            Err(e) => return Settled::Unknown(e.to_string()),
        }
        let left = window.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Settled::NotFound;
        }
        tokio::time::sleep(wait.min(left)).await;
        wait = (wait * 2).min(MAX_WAIT);
    }
}

/// The id of the task named exactly `name` in the session's workspace, if there is one.
pub async fn find_by_name(session: &Session, name: &str) -> Result<Option<String>, ApiError> {
    const LIMIT: u32 = 100;
    for page in 0..PAGES {
        let q = SearchQuery {
            name: Some(name.to_string()),
            limit: Some(LIMIT),
            offset: Some(page * LIMIT),
            ..SearchQuery::default()
        };
        let (_, resp) = session
            .execute(session.target.search(&q), &mut |_| {})
            .await?;
        let body = json_body(&resp)?;
        let tasks = body
            .get("resources")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let hit = tasks
            .iter()
            .find(|t| t.get("name").and_then(Value::as_str) == Some(name));
        if let Some(id) = hit.and_then(|t| t.get("id")).and_then(Value::as_str) {
            return Ok(Some(id.to_string()));
        }
        if tasks.len() < LIMIT as usize {
            break;
        }
    }
    Ok(None)
}
