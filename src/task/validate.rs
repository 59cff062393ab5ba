//! `validate`: every rule a task must pass before it is sent, each issue with a path, a severity and a
//! message that says what to do. Errors block a submit; warnings do not. Driven by the field catalog.
//! Pure, no IO.

use std::fmt::{self, Write as _};
use std::ops::Range;

use serde::Serialize;
use serde_json::Value;

use super::cron;
use super::datetime::{self, ApiTime};
use super::fields::{self, Field, Kind};
use super::model::{CollectionTask, CustomMetadata, Slot, path};
use super::typed::{Typed, json_type_name};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub path: String,
    pub severity: Severity,
    pub message: String,
}

impl Issue {
    fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Issue {
            path: path.into(),
            severity: Severity::Error,
            message: message.into(),
        }
    }

    fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Issue {
            path: path.into(),
            severity: Severity::Warning,
            message: message.into(),
        }
    }

    /// The issue with its path said once: the message as it is when it names the path first
    /// ("user_id is empty: …"), else `path: message`.
    pub fn located(&self) -> String {
        let message = self
            .message
            .strip_prefix(self.path.as_str())
            .and_then(|rest| rest.strip_prefix(": "))
            .unwrap_or(&self.message);
        if message
            .strip_prefix(self.path.as_str())
            .is_some_and(|rest| rest.starts_with(' '))
        {
            message.to_string()
        } else {
            format!("{}: {message}", self.path)
        }
    }
}

pub fn has_errors(issues: &[Issue]) -> bool {
    issues.iter().any(|i| i.severity == Severity::Error)
}

const INT32_RANGE: &str = "-2147483648 to 2147483647";
/// A template placeholder looks like `<IAM user id>`.
pub fn is_placeholder(s: &str) -> bool {
    s.len() > 2 && s.starts_with('<') && s.ends_with('>')
}

/// A placeholder left in a field is an error: sending it would create a task with that text. The
/// message names the field and what to put there (the placeholder says it).
fn placeholder_issue(path: &str, s: &str) -> Issue {
    let what = s.trim_start_matches('<').trim_end_matches('>');
    Issue::error(
        path,
        format!("{path} still holds the template placeholder {s}: put your {what} there."),
    )
}

/// Checks a task against the API page and the console's rules.
pub fn validate(task: &CollectionTask) -> Vec<Issue> {
    validate_reusing(task, Vec::new())
}

/// `validate`, given the issues of an earlier validation of the same task (the form's, before an
/// edit): a per-key warning (unknown `task_config` or body key) that comes out the same is moved
/// from `previous` instead of formatted again, so a keystroke on a task with 1,000 unknown keys
/// allocates no message for them. The result is the same as `validate`'s.
pub fn validate_reusing(task: &CollectionTask, previous: Vec<Issue>) -> Vec<Issue> {
    validate_keeping(task, previous, None).0
}

/// Whether a change at `path` can change the source part's issues (those `check_source` finds:
/// they read `task_config` and `data_source_type` only).
pub fn in_source_part(path: &str) -> bool {
    path.starts_with("task_config") || path == "data_source_type"
}

/// `validate_reusing`, where the caller may hand back the source part's issues (those of
/// `task_config` and `data_source_type`, the costly part of a big task) from the last validation
/// when it knows neither changed since: they are put back in their place instead of found again.
/// Returns the issues and where the source part's are in them, to hand back next time.
pub fn validate_keeping(
    task: &CollectionTask,
    previous: Vec<Issue>,
    source: Option<Vec<Issue>>,
) -> (Vec<Issue>, Range<usize>) {
    let mut again = Recycle::new(previous);
    let mut out = Vec::with_capacity(again.old.len());
    for field in fields::in_form_order()
        .iter()
        .filter(|f| !f.path.contains("[]"))
    {
        check_field(field, task.slot(field.path), &mut out);
    }
    check_user(task, &mut out);
    check_parameter_config(task, &mut out);
    check_naming(task, &mut out);
    check_schedule(task, &mut out);
    check_time_order(task, "start_time", "end_time", &mut out);
    check_time_order(
        task,
        "schedule_config.start_time",
        "schedule_config.end_time",
        &mut out,
    );
    let start = out.len();
    match source {
        Some(kept) => out.extend(kept),
        None => check_source(task, &mut again, &mut out),
    }
    let source_part = start..out.len();
    for key in task.extra.keys() {
        out.push(again.warning(
            format_args!("{key}"),
            format_args!("\"{key}\" is not a field of the Create Collection Task API; it is sent as is. Check the spelling or remove it."),
        ));
    }
    if let Some(s) = task.schedule() {
        for key in s.extra.keys() {
            out.push(again.warning(
                format_args!("schedule_config.{key}"),
                format_args!("\"{key}\" is not a SchedulerInfo field; it is sent as is. Check the spelling or remove it."),
            ));
        }
    }
    (out, source_part)
}

/// The issues of an earlier validation, offered again in their order.
struct Recycle {
    old: Vec<Option<Issue>>,
    /// Where the next match is looked for first.
    at: usize,
    /// Searches of the whole rest left (a miss costs one; so a task with nothing to reuse stays
    /// linear).
    searches: u8,
}

impl Recycle {
    fn new(previous: Vec<Issue>) -> Self {
        Recycle {
            old: previous.into_iter().map(Some).collect(),
            at: 0,
            searches: 4,
        }
    }

    /// A warning at `path` saying `message`: the earlier one when it is the same, else a new one.
    fn warning(&mut self, path: fmt::Arguments<'_>, message: fmt::Arguments<'_>) -> Issue {
        let same = |i: &Option<Issue>| {
            i.as_ref().is_some_and(|i| {
                i.severity == Severity::Warning
                    && equals(&i.path, path)
                    && equals(&i.message, message)
            })
        };
        let near = (self.at..self.old.len().min(self.at + 2)).find(|&k| same(&self.old[k]));
        let found = near.or_else(|| {
            if self.searches == 0 {
                return None;
            }
            self.searches -= 1;
            (self.at..self.old.len()).find(|&k| same(&self.old[k]))
        });
        if let Some(k) = found
            && let Some(issue) = self.old[k].take()
        {
            self.at = k + 1;
            return issue;
        }
        Issue::warning(fmt::format(path), fmt::format(message))
    }
}

/// Whether `args` would print exactly `s`, without printing it anywhere.
fn equals(s: &str, args: fmt::Arguments<'_>) -> bool {
    struct Rest<'a>(&'a str);
    impl fmt::Write for Rest<'_> {
        fn write_str(&mut self, part: &str) -> fmt::Result {
            self.0 = self.0.strip_prefix(part).ok_or(fmt::Error)?;
            Ok(())
        }
    }
    let mut rest = Rest(s);
    fmt::Write::write_fmt(&mut rest, args).is_ok() && rest.0.is_empty()
}

/// An empty `user_id` is a warning, not an error: the Terraform provider creates tasks without one
/// (its schema has `user_id` computed only, and its acceptance test passes), so the service takes the
/// caller's IAM user. At submit the front ends fill it from IAM first (`Plan::wants_user_id`). A
/// placeholder is an error (`check_field`).
fn check_user(task: &CollectionTask, out: &mut Vec<Issue>) {
    let empty = match task.slot("user_id") {
        Slot::Absent => true,
        Slot::Text(s) => s.trim().is_empty(),
        _ => false,
    };
    if empty {
        out.push(Issue::warning(
            "user_id",
            "user_id is empty: at submit ctask fills in your IAM user id from the profile's credentials, saying where it came from; if IAM cannot tell, the task goes without it and the service takes the caller's user.",
        ));
    }
}

/// Presence, type and format of one catalog field.
fn check_field(field: &Field, slot: Slot<'_>, out: &mut Vec<Issue>) {
    let path = field.path;
    match slot {
        Slot::Absent => {
            if field.required {
                out.push(Issue::error(
                    path,
                    format!("{path} is required: fill in {}.", field.label),
                ));
            }
        }
        Slot::Text(s) if s.trim().is_empty() => {
            if field.required {
                out.push(Issue::error(
                    path,
                    format!("{path} is required and is blank: fill in {}.", field.label),
                ));
            }
        }
        Slot::Text(s) => {
            if field.kind == Kind::DateTime
                && let Err(e) = datetime::parse(s)
            {
                out.push(Issue::error(path, format!("{path}: {e}.")));
            }
            if is_placeholder(s) {
                out.push(placeholder_issue(path, s));
            }
        }
        Slot::Int(n) => {
            if field.kind == Kind::Toggle && n != 0 && n != 1 {
                out.push(Issue::warning(
                    path,
                    format!("{path} is {n}: on create use 1 (schedule on) or 0 (off)."),
                ));
            }
        }
        Slot::Structured => {}
        Slot::Invalid(v) => out.push(Issue::error(path, wrong_type(field, v))),
    }
}

fn wrong_type(field: &Field, v: &Value) -> String {
    let path = field.path;
    let got = json_type_name(v);
    match field.kind {
        Kind::Integer | Kind::Toggle => match v {
            Value::Number(n) if n.is_i64() || n.is_u64() => {
                format!("{path} is {n}, outside int32 ({INT32_RANGE}): use a smaller number.")
            }
            Value::String(s) if s.trim().parse::<i64>().is_ok() => {
                format!(
                    "{path} must be a JSON integer, not a string: write {} without quotes.",
                    s.trim()
                )
            }
            _ => format!("{path} must be an integer ({INT32_RANGE}), got {got} {v}."),
        },
        Kind::Json if path == "task_config" => {
            format!(
                "task_config must be a JSON object of key/value pairs, got {got}: wrap it in {{ }}."
            )
        }
        Kind::Json => format!("{path} must be a JSON object, got {got}."),
        Kind::Rows => {
            format!("{path} must be an array of objects {{description, type, task_id}}, got {got}.")
        }
        _ => format!("{path} must be a string, got {got} {v}: put the value in quotes."),
    }
}

fn check_parameter_config(task: &CollectionTask, out: &mut Vec<Issue>) {
    let Some(Typed::Valid(items)) = &task.parameter_config else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        match item {
            Typed::Invalid(v) => out.push(Issue::error(
                format!("parameter_config[{i}]"),
                format!("parameter_config[{i}] must be an object {{description, type, task_id}}, got {}.", json_type_name(v)),
            )),
            Typed::Valid(meta) => check_metadata(i, meta, out),
        }
    }
}

fn check_metadata(i: usize, meta: &CustomMetadata, out: &mut Vec<Issue>) {
    for name in ["description", "type", "task_id"] {
        if let Slot::Invalid(v) = meta.slot(name) {
            out.push(Issue::error(
                format!("parameter_config[{i}].{name}"),
                format!(
                    "parameter_config[{i}].{name} must be a string, got {} {v}.",
                    json_type_name(v)
                ),
            ));
        }
    }
}

fn check_naming(task: &CollectionTask, out: &mut Vec<Issue>) {
    let max = |path: &str| {
        fields::field(path)
            .and_then(|f| f.max_chars)
            .unwrap_or(usize::MAX)
    };
    let (name_max, description_max) = (max(path::body::name), max(path::body::description));
    if let Some(name) = task.text(path::body::name).filter(|n| !n.trim().is_empty()) {
        let len = name.chars().count();
        if !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            out.push(Issue::warning(
                "name",
                "The console allows only letters, digits and _ in a name. The API may accept this one; \
                 rename it if the task must be edited in the console.",
            ));
        }
        if len > name_max {
            out.push(Issue::warning(
                "name",
                format!("The name has {len} characters; the console allows at most {name_max}. Shorten it."),
            ));
        }
    }
    if let Some(d) = task.text(path::body::description) {
        let len = d.chars().count();
        if len > description_max {
            out.push(Issue::warning(
                "description",
                format!("The description has {len} characters; the console allows at most {description_max}. Shorten it."),
            ));
        }
    }
}

fn check_schedule(task: &CollectionTask, out: &mut Vec<Issue>) {
    let Some(s) = task.schedule() else { return };
    let kind = match s.slot("schedule_type") {
        Slot::Text(t) => t.trim(),
        _ => "",
    };
    if !kind.is_empty() && !fields::SCHEDULE_TYPES.contains(&kind) {
        out.push(Issue::warning(
            "schedule_config.schedule_type",
            format!(
                "\"{kind}\" is not a confirmed schedule type (RUN_ONCE, CRON); it is sent as typed."
            ),
        ));
    }
    let cron_path = "schedule_config.cron_expression";
    let cron_text = match s.slot("cron_expression") {
        Slot::Text(t) if !t.trim().is_empty() => Some(t),
        _ => None,
    };
    let Some(expr) = cron_text else {
        if kind == "CRON" {
            out.push(Issue::error(
                cron_path,
                format!(
                    "A CRON schedule needs cron_expression. {}.",
                    cron::QUARTZ_FORM
                ),
            ));
        }
        return;
    };
    if kind == "RUN_ONCE" {
        out.push(Issue::warning(
            cron_path,
            "A RUN_ONCE schedule ignores cron_expression: clear it, or set schedule_type to CRON.",
        ));
    }
    match cron::parse(expr) {
        Err(e) => out.push(Issue::error(cron_path, e)),
        Ok(q) => {
            // Quartz refuses an expression with both day fields set ("Support for specifying both
            // a day-of-week AND a day-of-month parameter is not implemented"), so the service
            // cannot schedule it: an error, with the fix.
            if q.both_days_set {
                out.push(Issue::error(
                    cron_path,
                    format!(
                        "Quartz refuses both day-of-month and day-of-week set: put ? in one of them, e.g. \"{}\".",
                        cron::with_one_day_field(expr)
                    ),
                ));
            }
            check_interval(s.slot("interval"), &q, out);
        }
    }
}

fn check_interval(interval: Slot<'_>, q: &cron::Quartz, out: &mut Vec<Issue>) {
    let Slot::Text(text) = interval else { return };
    if text.trim().is_empty() {
        return;
    }
    let path = "schedule_config.interval";
    let suggestion = q.suggested_interval().unwrap_or_default();
    match (cron::interval_secs(text), q.typical_gap_secs()) {
        (None, _) => out.push(Issue::warning(
            path,
            format!("Cannot read interval \"{text}\": write a number and a unit, e.g. \"{suggestion}\"."),
        )),
        (Some(secs), Some(gap)) if !cron::interval_agrees(secs, gap) => out.push(Issue::warning(
            path,
            format!("interval \"{text}\" disagrees with the cron, which runs every {suggestion}: set it to \"{suggestion}\"."),
        )),
        _ => {}
    }
}

fn check_time_order(task: &CollectionTask, start: &str, end: &str, out: &mut Vec<Issue>) {
    let read = |p| task.text(p).and_then(|t| datetime::parse(t).ok());
    let (Some(a), Some(b)): (Option<ApiTime>, Option<ApiTime>) = (read(start), read(end)) else {
        return;
    };
    if b.is_before(&a) {
        out.push(Issue::error(
            end,
            format!("{end} is earlier than {start}: move it after the start."),
        ));
    }
}

fn check_source(task: &CollectionTask, again: &mut Recycle, out: &mut Vec<Issue>) {
    if let Some(config) = task.config() {
        // One path buffer for every key: a path is only copied into an issue that needs it.
        let mut path = String::from("task_config.");
        for (key, value) in config {
            path.truncate("task_config.".len());
            path.push_str(key);
            placeholders_in(&mut path, value, out);
        }
    }
    let Some(source) = task
        .text("data_source_type")
        .map(str::trim)
        .filter(|s| !s.is_empty())
    else {
        return;
    };
    let Some(known) = fields::source_type(source) else {
        out.push(Issue::warning(
            "data_source_type",
            format!(
                "\"{source}\" is not one of the known types ({}); it is sent as typed.",
                known_codes()
            ),
        ));
        return;
    };
    let Some(config) = task.config() else { return };
    for (key, value) in config {
        let Some((ck, _)) = fields::config_keys(source).find(|(c, _)| c.key == key) else {
            out.push(again.warning(
                format_args!("task_config.{key}"),
                format_args!("\"{key}\" is not a task_config key known for {}: check it against a task made in the console.", known.code),
            ));
            continue;
        };
        check_config_value(ck.key, value, out);
    }
}

/// Every placeholder string inside a `task_config` value, at its path (array items by index).
/// `path` is a buffer the caller reuses; it is the same when this returns.
fn placeholders_in(path: &mut String, value: &Value, out: &mut Vec<Issue>) {
    let len = path.len();
    match value {
        Value::String(s) if is_placeholder(s) => out.push(placeholder_issue(path, s)),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                if !matches!(v, Value::String(s) if !is_placeholder(s)) {
                    let _ = write!(path, "[{i}]");
                    placeholders_in(path, v, out);
                    path.truncate(len);
                }
            }
        }
        Value::Object(m) => {
            for (k, v) in m {
                path.push('.');
                path.push_str(k);
                placeholders_in(path, v, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// The JSON shape seen in official material for a known `task_config` key (also said in the
/// schema's descriptions of the keys).
#[derive(Clone, Copy)]
pub enum ValueShape {
    Strings,
    Boolean,
    Text,
}

impl ValueShape {
    pub fn of(key: &str) -> Self {
        match key {
            "databaseName" | "tableName" => ValueShape::Strings,
            "enableDataProfile"
            | "enableDataClassification"
            | "enable_table_filter_by_regex"
            | "unique" => ValueShape::Boolean,
            _ => ValueShape::Text,
        }
    }

    fn matches(self, v: &Value) -> bool {
        match (self, v) {
            (ValueShape::Strings, Value::Array(items)) => items.iter().all(Value::is_string),
            (ValueShape::Boolean, Value::Bool(_)) | (ValueShape::Text, Value::String(_)) => true,
            _ => false,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            ValueShape::Strings => "an array of strings",
            ValueShape::Boolean => "a boolean",
            ValueShape::Text => "a string",
        }
    }
}

/// Known keys get the shape official material shows; they are warnings, since the API page leaves
/// `task_config` free.
fn check_config_value(key: &str, value: &Value, out: &mut Vec<Issue>) {
    let path = format!("task_config.{key}");
    let shape = ValueShape::of(key);
    if !shape.matches(value) {
        let msg = format!(
            "{path} is usually {}, here it is {}.",
            shape.describe(),
            json_type_name(value)
        );
        out.push(Issue::warning(&path, msg));
        return;
    }
    match value {
        Value::Array(_) if key == "tableName" => check_table_names(value, out),
        _ => {}
    }
}

fn check_table_names(value: &Value, out: &mut Vec<Issue>) {
    let Value::Array(items) = value else { return };
    let bad: Vec<&str> = items
        .iter()
        .filter_map(Value::as_str)
        .filter(|t| !t.contains('.'))
        .collect();
    if let Some(first) = bad.first() {
        out.push(Issue::warning(
            "task_config.tableName",
            format!("{} tableName entries are not \"db.table\" (first: \"{first}\"): prefix each with its database.", bad.len()),
        ));
    }
}

fn known_codes() -> String {
    fields::SOURCE_TYPES
        .iter()
        .map(|s| s.code)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
