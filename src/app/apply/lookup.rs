//! Which of the names `apply` was given already exist on the server, through the search API (as
//! `app::tasks` lists and `app::reconcile` finds). One unfiltered page says how many tasks the
//! workspace holds; when reading them all takes fewer calls than one name search per file, the whole
//! workspace is listed (pages in parallel), else each name is searched. Every listing pages under
//! `app::paging`'s guard. Network only; the session's client paces every call.

use std::collections::{HashMap, HashSet};

use futures::stream::{self, StreamExt};
use serde_json::Value;

use crate::api::Session;
use crate::app::paging::Guard;
use crate::app::tasks::{self, Failed, Filter, PAGE, text};

/// The server's tasks whose names are among `names`, by exact name. Only those are kept as pages
/// arrive; the pages of the whole listing count against one `paging::Guard` (each name search
/// has its own, in `tasks::list`), so a lying `total_records` cannot page forever.
pub async fn existing(
    session: &Session,
    names: &HashSet<String>,
    concurrency: usize,
) -> Result<HashMap<String, Value>, Failed> {
    let concurrency = concurrency.max(1);
    let all = Filter::default();
    let capped = |error| Failed {
        error: Box::new(error),
        host: session.error_host(true),
    };
    let mut found = HashMap::new();
    let mut keep = |tasks: Vec<Value>| {
        for t in tasks {
            if names.contains(text(&t, "name")) {
                found.insert(text(&t, "name").to_string(), t);
            }
        }
    };
    let first = tasks::page(session, &all, 0, PAGE).await?;
    let mut guard = Guard::default();
    let full = first.tasks.len() >= PAGE as usize;
    let more = guard
        .take(first.bytes, first.tasks.iter().map(tasks::task_key), full)
        .map_err(capped)?;
    let pages_left = first
        .total
        .saturating_sub(first.tasks.len() as u64)
        .div_ceil(u64::from(PAGE));
    keep(first.tasks);
    if !more || pages_left == 0 {
        return Ok(found);
    }
    if pages_left <= names.len() as u64 {
        let mut pages = stream::iter(1..=pages_left)
            .map(|n| {
                let all = &all;
                let offset = u32::try_from(n * u64::from(PAGE)).unwrap_or(u32::MAX);
                async move { tasks::page(session, all, offset, PAGE).await }
            })
            .buffer_unordered(concurrency);
        while let Some(page) = pages.next().await {
            let page = page?;
            guard
                .take(page.bytes, page.tasks.iter().map(tasks::task_key), false)
                .map_err(capped)?;
            keep(page.tasks);
        }
    } else {
        let mut hits = stream::iter(names.iter())
            .map(|name| async move {
                let f = Filter {
                    name: Some(name.clone()),
                    ..Filter::default()
                };
                tasks::list(session, &f).await.map(|l| l.tasks)
            })
            .buffer_unordered(concurrency);
        while let Some(tasks) = hits.next().await {
            keep(tasks?);
        }
    }
    Ok(found)
}
