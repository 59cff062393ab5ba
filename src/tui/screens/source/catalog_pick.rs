//! The Source screen's catalog pickers (Ctrl-O): which listing a focused row wants, the modal that
//! shows it, the per-profile cache of listings, and writing a choice into `task_config`. Pure: the
//! listing itself is a `CatalogEffect` the runner answers with a `CatalogMsg` (see `catalog_io`).

use crossterm::event::KeyEvent;
use serde_json::{Map, Value};
use std::collections::HashMap;

use crate::app::Report;
use crate::app::catalog;
use crate::task::Typed;
pub use crate::tui::catalog_msg::{CatalogEffect, CatalogMsg, Listed, Query};
use crate::tui::form::Form;
use crate::tui::modal::{Handled, Modal};
use crate::tui::msg::{Effect, Msg};
use crate::tui::picker::{Outcome, Picker, merge};
use crate::tui::screen::Screen;
pub use crate::tui::screens::source::picker_modal::{Fills, PickerModal};
use crate::tui::screens::source::{self, SourceState};
use crate::tui::shell::Shell;
// The tests build whole states.
#[cfg(test)]
use crate::tui::state::AppState;

/// A listing larger than this (its text, in bytes) is not kept in the cache: it lives only while
/// its picker is open and is freed when the picker closes (F5 or opening it again lists again).
pub const CACHE_MAX_BYTES: usize = 8 * 1024 * 1024;

#[derive(Clone, Debug, Default)]
pub struct CatalogState {
    cache: HashMap<(String, Query), Listed>,
    generation: u64,
    /// The `data_source_type` last checked against the chosen connection.
    checked_type: Option<String>,
}

fn text_at<'a>(cfg: Option<&'a Map<String, Value>>, key: &str) -> &'a str {
    cfg.and_then(|c| c.get(key))
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
}

fn strings_at(cfg: Option<&Map<String, Value>>, key: &str) -> Vec<String> {
    match cfg.and_then(|c| c.get(key)) {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        Some(Value::String(t)) if !t.is_empty() => vec![t.clone()],
        _ => Vec::new(),
    }
}

fn source_type(form: &Form) -> String {
    match &form.task().data_source_type {
        Some(Typed::Valid(t)) => t.clone(),
        _ => String::new(),
    }
}

/// The task's connection: its id, else its name.
fn connection_of(form: &Form) -> Option<String> {
    let cfg = source::task_config(form);
    [
        text_at(cfg, "data_connection_id"),
        text_at(cfg, "data_connection_name"),
    ]
    .into_iter()
    .find(|t| !t.is_empty())
    .map(str::to_string)
}

/// The connection as a person knows it, for picker titles: its name, else its id.
fn connection_shown(form: &Form, connection: &str) -> String {
    let name = text_at(source::task_config(form), "data_connection_name");
    if name.is_empty() {
        connection.to_string()
    } else {
        name.to_string()
    }
}

/// Ctrl-O on Source: opens the picker the focused row wants.
pub fn open(cat: &mut CatalogState, src: &SourceState, sh: &mut Shell) -> Vec<Effect> {
    if sh.screen != Screen::Source || src.raw.is_some() {
        return Vec::new();
    }
    let key = source::row(sh.form, src.sel)
        .map(|(k, _)| k.clone())
        .unwrap_or_default();
    let need_connection = |sh: &mut Shell| {
        let c = connection_of(sh.form);
        if c.is_none() {
            sh.warn("choose a data connection first (Ctrl-O on data_connection_name)");
        }
        c
    };
    let (fills, query, title) = match key.as_str() {
        "data_connection_name" | "data_connection_id" => {
            let kind = catalog::connection_type(&source_type(sh.form)).map(str::to_string);
            let title = match &kind {
                Some(k) => format!("{k} data connections"),
                None => "data connections (all types)".to_string(),
            };
            (Fills::Connection, Query::Connections { kind }, title)
        }
        "databaseName" => {
            let Some(connection) = need_connection(sh) else {
                return Vec::new();
            };
            let title = format!("databases of {}", connection_shown(sh.form, &connection));
            (Fills::Databases, Query::Databases { connection }, title)
        }
        "tableName" => {
            let Some(connection) = need_connection(sh) else {
                return Vec::new();
            };
            let databases = strings_at(source::task_config(sh.form), "databaseName");
            if databases.is_empty() {
                let title = format!(
                    "a database of {}, then its tables",
                    connection_shown(sh.form, &connection)
                );
                (
                    Fills::DatabaseThenTables,
                    Query::Databases { connection },
                    title,
                )
            } else {
                let title = format!("tables of {}", databases.join(", "));
                (
                    Fills::Tables,
                    Query::Tables {
                        connection,
                        databases,
                    },
                    title,
                )
            }
        }
        _ => {
            sh.warn("Ctrl-O picks data_connection_name / _id, databaseName and tableName from the catalog");
            return Vec::new();
        }
    };
    let multi = matches!(fills, Fills::Databases | Fills::Tables);
    start(cat, sh, fills, query, Picker::loading(title, multi), false)
}

fn start(
    cat: &mut CatalogState,
    sh: &mut Shell,
    fills: Fills,
    query: Query,
    mut picker: Picker,
    fresh: bool,
) -> Vec<Effect> {
    picker.page = usize::from(sh.size.1.saturating_sub(12)).max(1);
    cat.generation += 1;
    let generation = cat.generation;
    let profile = sh.profile.to_string();
    let cached = (!fresh)
        .then(|| cat.cache.get(&(profile, query.clone())).cloned())
        .flatten();
    let mut modal = PickerModal {
        picker,
        fills,
        query: query.clone(),
        generation,
        data: None,
    };
    let fx = match (cached, sh.context().cloned()) {
        (Some(listed), _) => {
            fill(&mut modal, listed);
            Vec::new()
        }
        (None, Some(context)) => {
            vec![Effect::Catalog(CatalogEffect::List {
                generation,
                context,
                query,
            })]
        }
        (None, None) => {
            let why = sh
                .context_error
                .unwrap_or("the profile is still being resolved");
            modal.picker.set_error(Report {
                message: format!("cannot list: {why}"),
                ..Default::default()
            });
            Vec::new()
        }
    };
    sh.open(Modal::Picker(Box::new(modal)));
    fx
}

fn fill(m: &mut PickerModal, listed: Listed) {
    let items = match &listed {
        Listed::Connections(c) => c
            .iter()
            .map(|c| format!("{}  ({}, {})", c.name, c.kind, c.id))
            .collect(),
        Listed::Databases(d) | Listed::Tables(d) => d.clone(),
    };
    m.picker.set_items(items);
    m.data = Some(listed);
}

/// Keys while a picker is open: all of them go to it.
pub fn key(cat: &mut CatalogState, sh: &mut Shell, mut m: PickerModal, k: &KeyEvent) -> Handled {
    match m.picker.key(k) {
        Outcome::Stay => Handled::stay(Modal::Picker(Box::new(m))),
        Outcome::Cancel => Handled::close(vec![Effect::Catalog(CatalogEffect::Cancel {
            generation: m.generation,
        })]),
        Outcome::Refresh => {
            let picker = Picker::loading(m.picker.title.clone(), m.picker.multi);
            let mut fx = vec![Effect::Catalog(CatalogEffect::Cancel {
                generation: m.generation,
            })];
            fx.extend(start(cat, sh, m.fills, m.query, picker, true));
            Handled::close(fx)
        }
        Outcome::Accept(chosen) => Handled::close(accept(cat, sh, m, &chosen)),
    }
}

fn accept(cat: &mut CatalogState, sh: &mut Shell, m: PickerModal, chosen: &[usize]) -> Vec<Effect> {
    let items = m.picker.items();
    let names: Vec<String> = chosen
        .iter()
        .filter_map(|&i| items.get(i).cloned())
        .collect();
    match (m.fills, &m.data, &m.query) {
        (Fills::Connection, Some(Listed::Connections(all)), _) => {
            let Some(c) = chosen.first().and_then(|&i| all.get(i)) else {
                return Vec::new();
            };
            set(
                sh.form,
                "data_connection_name",
                Value::String(c.name.clone()),
            );
            set(sh.form, "data_connection_id", Value::String(c.id.clone()));
            sh.notify(format!("data connection {} ({})", c.name, c.id));
        }
        (Fills::DatabaseThenTables, _, Query::Databases { connection }) => {
            let query = Query::Tables {
                connection: connection.clone(),
                databases: names.clone(),
            };
            let title = format!("tables of {}", names.join(", "));
            return start(
                cat,
                sh,
                Fills::Tables,
                query,
                Picker::loading(title, true),
                false,
            );
        }
        (Fills::Databases, _, _) | (Fills::Tables, _, _) => {
            let key = if m.fills == Fills::Databases {
                "databaseName"
            } else {
                "tableName"
            };
            let old = strings_at(source::task_config(sh.form), key);
            let merged = merge(&old, names);
            let added = merged.len() - old.len();
            set(
                sh.form,
                key,
                Value::Array(merged.into_iter().map(Value::String).collect()),
            );
            sh.notify(format!("{key}: {added} added"));
        }
        _ => {}
    }
    Vec::new()
}

fn set(form: &mut Form, key: &str, v: Value) {
    form.edit(|task| {
        let cfg = task
            .task_config
            .get_or_insert_with(|| Typed::Valid(Map::new()));
        if let Some(map) = cfg.valid_mut() {
            map.insert(key.to_string(), v);
        }
    });
    form.touched.insert("task_config".into());
}

/// A listing's answer or a spinner tick.
pub fn reply(cat: &mut CatalogState, sh: &mut Shell, msg: CatalogMsg) -> Vec<Effect> {
    match msg {
        CatalogMsg::Spin { generation } => {
            if let Some(m) = sh
                .modals()
                .picker_mut()
                .filter(|m| m.generation == generation)
            {
                m.picker.tick();
            }
        }
        CatalogMsg::Listed {
            generation,
            profile,
            query,
            result,
        } => {
            if let Ok(listed) = &result
                && listed.bytes() <= CACHE_MAX_BYTES
            {
                cat.cache.insert((profile, query), listed.clone());
            }
            if let Some(m) = sh
                .modals()
                .picker_mut()
                .filter(|m| m.generation == generation)
            {
                match result {
                    Ok(listed) => fill(m, listed),
                    Err(r) => m.picker.set_error(r),
                }
            }
            check_type(cat, sh);
        }
    }
    Vec::new()
}

/// After every update: when `data_source_type` changed, a known connection of another type is
/// flagged (the connections come from any listing already made, else one is asked for).
pub fn after(cat: &mut CatalogState, sh: &mut Shell) -> Vec<Effect> {
    let now = source_type(sh.form);
    if cat.checked_type.as_deref() == Some(now.as_str()) {
        return Vec::new();
    }
    if cat.checked_type.is_none() {
        cat.checked_type = Some(now);
        return Vec::new();
    }
    cat.checked_type = Some(now);
    if connection_of(sh.form).is_none() || check_type(cat, sh) {
        return Vec::new();
    }
    let Some(context) = sh.context().cloned() else {
        return Vec::new();
    };
    cat.generation += 1;
    let query = Query::Connections { kind: None };
    vec![Effect::Catalog(CatalogEffect::List {
        generation: cat.generation,
        context,
        query,
    })]
}

/// Warns when the task's connection is known and its type is not the task's. True when known.
fn check_type(cat: &CatalogState, sh: &mut Shell) -> bool {
    let Some(conn) = connection_of(sh.form) else {
        return false;
    };
    let key = (sh.profile.to_string(), Query::Connections { kind: None });
    let Some(Listed::Connections(all)) = cat.cache.get(&key) else {
        return false;
    };
    let Some(c) = catalog::pick_connection(all, &conn).cloned() else {
        return false;
    };
    let ty = source_type(sh.form);
    if let Some(want) = catalog::connection_type(&ty)
        && !c.kind.eq_ignore_ascii_case(want)
    {
        sh.warn(format!(
            "⚠ data connection {} is a {} connection, but data_source_type is {ty}: pick another (Ctrl-O)",
            c.name, c.kind
        ));
    }
    true
}

/// For the runner: a message for the loop.
pub fn msg(m: CatalogMsg) -> Msg {
    Msg::Catalog(m)
}

#[cfg(test)]
#[path = "catalog_pick_tests.rs"]
mod tests;
