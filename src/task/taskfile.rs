//! Task files: the plain request body (the API page's "Example Requests") and KooCLI's
//! `--cli-jsonInput` shape (`{"header":{"workspace"},"path":{"project_id"},"body":{…}}`), told apart
//! automatically. A top-level `"$schema"` (an editor's, see `schema.rs`) is dropped here, for every
//! front end. Works on text; reading the file or stdin is the caller's job. Pure, no IO.

use serde_json::{Map, Value, json};
use thiserror::Error;

use super::model::CollectionTask;
use super::schema::SCHEMA_KEY;
use super::typed::{self, json_type_name};
use super::validate::{Issue, Severity};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// The request body alone.
    Body,
    /// KooCLI's `--cli-jsonInput` file.
    KooCli,
}

/// A task read from a file, with what a KooCLI file says about where to send it.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskFile {
    pub task: CollectionTask,
    pub shape: Shape,
    pub workspace: Option<String>,
    pub project_id: Option<String>,
    /// The KooCLI `header` entries whose name or value holds a CR or LF, by name as written.
    /// `header_issues` makes them errors: a header is one line (reqwest refuses it, and the Java
    /// export of such a workspace would not compile).
    pub broken_headers: Vec<String>,
}

#[derive(Debug, Error, PartialEq)]
pub enum FileError {
    #[error("the file is empty: expected a JSON object with the task")]
    Empty,
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{0}")]
    Shape(String),
}

const KOOCLI_KEYS: &[&str] = &["header", "path", "query", "body"];

/// Parses a task file, detecting its shape.
pub fn parse(text: &str) -> Result<TaskFile, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(FileError::Empty);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| FileError::Syntax {
        line: e.line(),
        column: e.column(),
        message: syntax_message(&e),
    })?;
    let Value::Object(mut top) = value else {
        return Err(FileError::Shape(format!(
            "the file holds {}, but a task file is a JSON object: the request body {{\"name\": …}}, \
             or KooCLI's {{\"header\": …, \"path\": …, \"body\": {{…}}}}",
            json_type_name(&value)
        )));
    };
    // The editor's `"$schema"` is no part of the task, in either shape: dropped before the shape
    // is told (so it never makes a KooCLI file a body) and from a KooCLI file's body too.
    top.shift_remove(SCHEMA_KEY);
    if is_koocli(&top) {
        let workspace = string_at(&top, "header", "workspace")?;
        let project_id = string_at(&top, "path", "project_id")?;
        let body = top.remove("body").unwrap_or(Value::Null);
        let Value::Object(body) = body else {
            return Err(FileError::Shape(format!(
                "this KooCLI jsonInput file's \"body\" is {}; it must be an object with the task",
                json_type_name(&body)
            )));
        };
        Ok(TaskFile {
            task: task_from(body)?,
            shape: Shape::KooCli,
            workspace,
            project_id,
            broken_headers: broken_headers(&top),
        })
    } else {
        Ok(TaskFile {
            task: task_from(top)?,
            shape: Shape::Body,
            workspace: None,
            project_id: None,
            broken_headers: Vec::new(),
        })
    }
}

fn broken_headers(top: &Map<String, Value>) -> Vec<String> {
    let breaks = |t: &str| t.contains(['\r', '\n']);
    match top.get("header") {
        Some(Value::Object(h)) => h
            .iter()
            .filter(|(k, v)| breaks(k) || v.as_str().is_some_and(breaks))
            .map(|(k, _)| k.clone())
            .collect(),
        _ => Vec::new(),
    }
}

/// What is wrong with the file around the task: a KooCLI header whose name or value holds a line
/// break is an error at `header.NAME` (the name escaped).
pub fn header_issues(file: &TaskFile) -> Vec<Issue> {
    file.broken_headers
        .iter()
        .map(|name| {
            let shown = name.escape_debug().to_string();
            Issue {
                path: format!("header.{shown}"),
                severity: Severity::Error,
                message: format!(
                    "the header \"{shown}\" holds a line break (CR or LF) in its name or value; an \
                     HTTP header is one line: remove it"
                ),
            }
        })
        .collect()
}

fn syntax_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    // serde_json appends " at line L column C"; the line and column are reported separately.
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    }
}

fn is_koocli(top: &Map<String, Value>) -> bool {
    top.contains_key("body") && top.keys().all(|k| KOOCLI_KEYS.contains(&k.as_str()))
}

fn string_at(
    top: &Map<String, Value>,
    section: &str,
    key: &str,
) -> Result<Option<String>, FileError> {
    let Some(sec) = top.get(section) else {
        return Ok(None);
    };
    let Value::Object(sec) = sec else {
        return Err(FileError::Shape(format!(
            "this KooCLI jsonInput file's \"{section}\" is {}; it must be an object",
            json_type_name(sec)
        )));
    };
    match sec.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(v) => Err(FileError::Shape(format!(
            "\"{section}.{key}\" is {}; it must be a string",
            json_type_name(v)
        ))),
    }
}

/// The body as a task. `task_config`, the part that grows (thousands of keys, tables by the ten
/// thousand), is moved into the task as it is: through serde it would be copied twice (the
/// `flatten` of unknown keys buffers every field, then `Typed` converts it again).
fn task_from(mut body: Map<String, Value>) -> Result<CollectionTask, FileError> {
    body.shift_remove(SCHEMA_KEY);
    let config = body.shift_remove("task_config");
    let mut task: CollectionTask = serde_json::from_value(Value::Object(body))
        .map_err(|e| FileError::Shape(format!("the task cannot be read: {e}")))?;
    task.task_config = config.and_then(typed::object);
    Ok(task)
}

/// The request body, pretty-printed as the API page shows it.
pub fn to_body(task: &CollectionTask) -> String {
    pretty(&body_value(task))
}

pub fn body_value(task: &CollectionTask) -> Value {
    serde_json::to_value(task).unwrap_or_else(|_| Value::Object(Map::new()))
}

/// The same task as a KooCLI `--cli-jsonInput` file.
pub fn to_koocli(task: &CollectionTask, workspace: &str, project_id: &str) -> String {
    pretty(&json!({
        "header": { "workspace": workspace },
        "path": { "project_id": project_id },
        "body": body_value(task),
    }))
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
#[path = "taskfile_tests.rs"]
mod tests;
