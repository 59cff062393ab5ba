//! Which of the names `apply` was given already exist on the server, through the search API (as
//! `app::tasks` lists and `app::reconcile` finds). One unfiltered page says how many tasks the
//! workspace holds; when reading them all takes fewer calls than one name search per file, the whole
//! workspace is listed (pages in parallel), else each name is searched. Network only; the session's
//! client paces every call.

use std::collections::{HashMap, HashSet};

use futures::stream::{self, StreamExt, TryStreamExt};
use serde_json::Value;

use crate::api::Session;
use crate::app::tasks::{self, Failed, Filter, PAGE, text};

/// The server's tasks whose names are among `names`, by exact name.
pub async fn existing(
    session: &Session,
    names: &HashSet<String>,
    concurrency: usize,
) -> Result<HashMap<String, Value>, Failed> {
    let concurrency = concurrency.max(1);
    let all = Filter::default();
    let first = tasks::page(session, &all, 0, PAGE).await?;
    let mut found = Vec::new();
    let pages_left = first
        .total
        .saturating_sub(first.tasks.len() as u64)
        .div_ceil(u64::from(PAGE));
    let short = first.tasks.len() < PAGE as usize;
    found.extend(first.tasks);
    if !short && pages_left > 0 {
        if pages_left <= names.len() as u64 {
            let pages: Vec<Vec<Value>> = stream::iter(1..=pages_left)
                .map(|n| {
                    let all = &all;
                    let offset = u32::try_from(n * u64::from(PAGE)).unwrap_or(u32::MAX);
                    async move {
                        tasks::page(session, all, offset, PAGE)
                            .await
                            .map(|l| l.tasks)
                    }
                })
                .buffer_unordered(concurrency)
                .try_collect()
                .await?;
            found.extend(pages.into_iter().flatten());
        } else {
            let hits: Vec<Vec<Value>> = stream::iter(names.iter())
                .map(|name| async move {
                    let f = Filter {
                        name: Some(name.clone()),
                        ..Filter::default()
                    };
                    tasks::list(session, &f).await.map(|l| l.tasks)
                })
                .buffer_unordered(concurrency)
                .try_collect()
                .await?;
            found.extend(hits.into_iter().flatten());
        }
    }
    Ok(found
        .into_iter()
        .filter(|t| names.contains(text(t, "name")))
        .map(|t| (text(&t, "name").to_string(), t))
        .collect())
}
