//! The pure half of `ctask apply`: every file turned into a `Plan` (profile defaults, validation)
//! with its own problems listed, duplicate names found, and each task classified against the server's
//! copy of the same name: `create`, `unchanged`, `differs` (with the fields) or `duplicate-in-input`.
//! No IO: the files were read and the server's tasks fetched by the caller.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::app::context::Context;
use crate::app::plan::Plan;
use crate::app::tasks::{SERVER_ONLY, not_returned, pull_body, text};
use crate::task::taskfile::{TaskFile, body_value};
use crate::task::{Issue, Severity};

/// One input file, prepared: its plan when it could be read, and everything wrong with it.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub path: String,
    pub plan: Option<Plan>,
    /// Read errors, a file that targets another workspace or project, and validation issues.
    pub issues: Vec<Issue>,
}

impl Prepared {
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(|i| i.severity == Severity::Error)
    }

    pub fn name(&self) -> &str {
        self.plan.as_ref().map(Plan::name).unwrap_or_default()
    }
}

/// What applying a file would do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Class {
    /// No task of this name on the server.
    Create,
    /// The server's task has every field the file sets, with the same values.
    Unchanged { id: String },
    /// The server's task differs in these fields (dotted paths).
    Differs { id: String, fields: Vec<String> },
    /// Another input file has the same name (an error: nothing is sent).
    Duplicate { others: Vec<String> },
}

impl Class {
    /// The word the plan table and `--json` use.
    pub fn word(&self) -> &'static str {
        match self {
            Class::Create => "create",
            Class::Unchanged { .. } => "unchanged",
            Class::Differs { .. } => "differs",
            Class::Duplicate { .. } => "duplicate-in-input",
        }
    }

    pub fn task_id(&self) -> Option<&str> {
        match self {
            Class::Unchanged { id } | Class::Differs { id, .. } => Some(id),
            _ => None,
        }
    }
}

/// A valid file and what applying it would do.
#[derive(Clone, Debug)]
pub struct Entry {
    pub path: String,
    pub plan: Plan,
    pub class: Class,
    /// Fields the file sets that the server's copy did not return, so were not compared: the
    /// provider's import note says the service may not return `task_config`. Such a field never
    /// makes a task `differs` (an `--update` would PUT it on every run).
    pub uncompared: Vec<String>,
}

impl Entry {
    pub fn name(&self) -> &str {
        self.plan.name()
    }
}

fn error(path: &str, message: String) -> Issue {
    Issue {
        path: path.to_string(),
        severity: Severity::Error,
        message,
    }
}

/// Turns each read file into a plan for `ctx` (`prepare_one` each): the tests' shortcut.
#[cfg(test)]
pub fn prepare(
    ctx: &Context,
    files: Vec<(String, Result<TaskFile, String>)>,
    now: DateTime<Utc>,
) -> Vec<Prepared> {
    files
        .into_iter()
        .map(|(path, read)| prepare_one(ctx, path, read, now))
        .collect()
}

/// One read file as a plan for `ctx`; the file itself is not kept (the plan holds the task and its
/// request). A file whose KooCLI header names another workspace or project than the profile's is
/// an error (one run sends to one workspace), and so is a header holding a line break.
pub fn prepare_one(
    ctx: &Context,
    path: String,
    read: Result<TaskFile, String>,
    now: DateTime<Utc>,
) -> Prepared {
    let target = &ctx.session.target;
    let file = match read {
        Ok(f) => f,
        Err(message) => {
            return Prepared {
                path,
                plan: None,
                issues: vec![error("file", message)],
            };
        }
    };
    let mut issues = crate::task::taskfile::header_issues(&file);
    let mismatch = [
        (
            "header.workspace",
            file.workspace.as_deref(),
            &target.workspace,
        ),
        (
            "path.project_id",
            file.project_id.as_deref(),
            &target.project_id,
        ),
    ];
    for (key, theirs, ours) in mismatch {
        if let Some(theirs) = theirs.filter(|t| !t.is_empty() && *t != ours.as_str()) {
            issues.push(error(
                key,
                format!(
                    "the file targets {theirs:?} but profile {:?} uses {ours:?}; one apply sends to one workspace and project",
                    ctx.profile
                ),
            ));
        }
    }
    let plan = Plan::new(ctx, file.task, now);
    issues.extend(plan.issues.iter().cloned());
    Prepared {
        path,
        plan: Some(plan),
        issues,
    }
}

/// Classifies every prepared file (all free of errors) against `server`, the server's tasks by exact
/// name. Two files with one name are both `Duplicate`.
pub fn classify(prepared: Vec<Prepared>, server: &HashMap<String, Value>) -> Vec<Entry> {
    let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
    for p in &prepared {
        by_name
            .entry(p.name().to_string())
            .or_default()
            .push(p.path.clone());
    }
    prepared
        .into_iter()
        .filter_map(|p| {
            let plan = p.plan?;
            let name = plan.name().to_string();
            let same: Vec<String> = by_name
                .get(&name)
                .map(|v| v.iter().filter(|o| **o != p.path).cloned().collect())
                .unwrap_or_default();
            let mut uncompared = Vec::new();
            let class = if !same.is_empty() {
                Class::Duplicate { others: same }
            } else {
                match server.get(&name) {
                    None => Class::Create,
                    Some(task) => {
                        let id = text(task, "id").to_string();
                        let mut want = desired(&plan);
                        if let Some(m) = want.as_object_mut() {
                            for f in not_returned(task) {
                                if m.shift_remove(f).is_some() {
                                    uncompared.push(f.to_string());
                                }
                            }
                        }
                        let fields = differences(&want, &pull_body(task));
                        if fields.is_empty() {
                            Class::Unchanged { id }
                        } else {
                            Class::Differs { id, fields }
                        }
                    }
                }
            };
            Some(Entry {
                path: p.path,
                plan,
                class,
                uncompared,
            })
        })
        .collect()
}

/// The body a plan would send, without the fields only the server sets.
pub fn desired(plan: &Plan) -> Value {
    let mut body = body_value(&plan.task);
    if let Some(m) = body.as_object_mut() {
        for f in SERVER_ONLY {
            m.remove(*f);
        }
    }
    body
}

/// The dotted paths where `server` does not hold what `desired` sets. Only the fields the file sets
/// count (the server may add its own); objects are compared key by key, anything else whole, numbers
/// by value (`1` equals `1.0`).
pub fn differences(desired: &Value, server: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk("", desired, server, &mut out);
    out
}

fn walk(prefix: &str, want: &Value, have: &Value, out: &mut Vec<String>) {
    match (want, have) {
        (Value::Object(w), Value::Object(h)) => {
            for (k, wv) in w {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                match h.get(k) {
                    Some(hv) => walk(&path, wv, hv, out),
                    None if wv.is_null() => {}
                    None => out.push(path),
                }
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        _ => out.push(if prefix.is_empty() {
            "(body)".into()
        } else {
            prefix.to_string()
        }),
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
