//! What `ctask apply` prints: the files with errors, the plan table, progress on stderr (an
//! indicatif bar on a terminal, plain lines otherwise, nothing but notes under `--json`) and the
//! summary table or JSON. Text only; the work is `app::apply`'s.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{Value, json};

use crate::app::words::{count, has};

use super::output::{Out, errln, out};
use super::table::{MAX_CELL, fit};
use super::text::escape_controls;
use crate::app::apply::{Class, Entry, Outcome, Prepared, Progress};
use crate::exit;

/// Every file with its issues; exit 3 (nothing was sent).
pub fn invalid(out: &Out, json_out: bool, files: &[Prepared]) -> u8 {
    let bad = files.iter().filter(|f| f.has_errors()).count();
    if json_out {
        let list: Vec<Value> = files
            .iter()
            .map(|f| json!({"file": f.path, "name": f.name(), "valid": !f.has_errors(), "issues": f.issues}))
            .collect();
        out.json(
            &json!({"ok": false, "error": {"kind": "invalid", "message": format!("{bad} of {} {} errors; nothing was sent", count(files.len(), "file"), has(bad))},
                   "files": list, "exit_code": exit::INVALID}),
        );
    } else {
        for f in files.iter().filter(|f| !f.issues.is_empty()) {
            errln!(out, "{}:", f.path);
            for i in &f.issues {
                errln!(out, "  {}", super::output::issue_line(i));
            }
        }
        errln!(
            out,
            "ctask: {bad} of {} {} errors; nothing was sent",
            count(files.len(), "file"),
            has(bad)
        );
    }
    exit::INVALID
}

/// `cannot compare task_config: the service did not return it`, for an entry whose read left out
/// a field the file sets.
fn uncompared(e: &Entry) -> Option<String> {
    (!e.uncompared.is_empty()).then(|| {
        format!(
            "cannot compare {}: the service did not return it",
            e.uncompared.join(", ")
        )
    })
}

/// `detail` followed by the entry's `uncompared` note, `; ` between them.
fn with_uncompared(detail: String, e: &Entry) -> String {
    match (detail.is_empty(), uncompared(e)) {
        (_, None) => detail,
        (true, Some(note)) => note,
        (false, Some(note)) => format!("{detail}; {note}"),
    }
}

fn detail(e: &Entry) -> String {
    let s = match &e.class {
        Class::Differs { fields, .. } => fields.join(", "),
        Class::Duplicate { others } => format!("same name as {}", others.join(", ")),
        _ => String::new(),
    };
    with_uncompared(s, e)
}

/// The line under a table when some reads left out a field the files set (a table cell may be cut
/// at `MAX_CELL`; this line never is), e.g. `cannot compare task_config of 2 tasks: …`.
fn uncompared_line(entries: &[Entry]) -> Option<String> {
    let hit: Vec<&Entry> = entries
        .iter()
        .filter(|e| !e.uncompared.is_empty())
        .collect();
    let mut fields: Vec<&str> = hit
        .iter()
        .flat_map(|e| e.uncompared.iter().map(String::as_str))
        .collect();
    fields.sort_unstable();
    fields.dedup();
    (!hit.is_empty()).then(|| {
        format!(
            "ctask: cannot compare {} of {}: the service did not return it, so only their other fields were compared (a task is never updated for it alone)",
            fields.join(", "),
            count(hit.len(), "task")
        )
    })
}

/// Lines of aligned columns (the last column is not padded; cells cut at `table::MAX_CELL`).
fn table(rows: &[Vec<String>]) -> String {
    super::table::render(rows, super::table::MAX_CELL)
}

/// `N to create, N unchanged, N differ…`.
pub fn plan_counts(entries: &[Entry], update: bool) -> String {
    let n = |w: &str| entries.iter().filter(|e| e.class.word() == w).count();
    let differs = n("differs");
    let mut s = format!(
        "plan: {}: {} to create, {} unchanged, {differs} {}",
        count(entries.len(), "file"),
        n("create"),
        n("unchanged"),
        if differs == 1 { "differs" } else { "differ" }
    );
    if differs > 0 {
        s.push_str(if update {
            " (to update)"
        } else {
            " (left as they are; --update updates them)"
        });
    }
    s
}

/// The plan, on stdout (`to_stderr`: when a duplicate stops the run).
pub fn plan(out: &Out, json_out: bool, profile: &str, entries: &[Entry], to_stderr: bool) {
    if json_out {
        let files: Vec<Value> = entries
            .iter()
            .map(|e| {
                let mut v = json!({"file": e.path, "name": e.name(), "plan": e.class.word(),
                                   "task_id": e.class.task_id()});
                match &e.class {
                    Class::Differs { fields, .. } => v["fields"] = json!(fields),
                    Class::Duplicate { others } => v["same_name_as"] = json!(others),
                    _ => {}
                }
                if !e.uncompared.is_empty() {
                    v["cannot_compare"] = json!(e.uncompared);
                }
                v
            })
            .collect();
        let ok = !entries
            .iter()
            .any(|e| matches!(e.class, Class::Duplicate { .. }));
        out.json(
            &json!({"ok": ok, "plan": true, "profile": profile, "files": files,
               "exit_code": if ok { exit::OK } else { exit::INVALID }}),
        );
        return;
    }
    let mut rows = vec![vec![
        "FILE".to_string(),
        "NAME".into(),
        "PLAN".into(),
        "TASK ID".into(),
        "DETAIL".into(),
    ]];
    for e in entries {
        rows.push(vec![
            e.path.clone(),
            e.name().to_string(),
            e.class.word().to_string(),
            e.class.task_id().unwrap_or("-").to_string(),
            detail(e),
        ]);
    }
    let text = table(&rows);
    if to_stderr {
        errln!(out, "{}", text.trim_end());
    } else {
        out!(out, "{text}");
        errln!(
            out,
            "ctask: {} (profile {profile}); nothing was sent",
            plan_counts(entries, false)
        );
    }
    if let Some(line) = uncompared_line(entries) {
        errln!(out, "{line}");
    }
}

/// What the run measured.
pub struct Stats {
    pub elapsed: Duration,
    /// Catalog requests sent (searches, creates, updates).
    pub requests: u64,
    /// The rate they left at (`Pace::measured`).
    pub measured: Option<f64>,
    /// The rate asked for.
    pub rate: f64,
    pub slowdowns: u32,
    pub interrupted: bool,
}

/// The summary's DETAIL cell: what happened, then the entry's `uncompared` note.
fn outcome_detail(e: &Entry, o: &Outcome) -> String {
    let s = match o {
        Outcome::Created {
            reconciled: true, ..
        } => "the answer was lost; a search by name found it".into(),
        Outcome::Differs { fields, .. } => format!("differs: {} (--update)", fields.join(", ")),
        Outcome::Failed { report, .. } => {
            let mut s = report.message.clone();
            if let Some(c) = &report.code {
                s = format!("{c}: {s}");
            }
            if let Some(h) = &report.hint {
                s.push_str(&format!(" ({h})"));
            }
            if let Some(r) = &report.request_id {
                s.push_str(&format!(" [request id {r}]"));
            }
            s
        }
        Outcome::NotStarted => "interrupted before it started; nothing was sent".into(),
        _ => String::new(),
    };
    with_uncompared(s, e)
}

/// The summary table (or JSON) of every file's outcome, and the counts and measured rate on stderr.
pub fn summary(
    out: &Out,
    json_out: bool,
    profile: &str,
    entries: &[Entry],
    outcomes: &[Outcome],
    stats: &Stats,
    code: u8,
) {
    let secs = stats.elapsed.as_secs_f64();
    let measured = stats.measured.unwrap_or(0.0);
    let tally = |w: &str| outcomes.iter().filter(|o| o.word() == w).count();
    if json_out {
        let files: Vec<Value> = entries
            .iter()
            .zip(outcomes)
            .map(|(e, o)| {
                let mut v = json!({"file": e.path, "name": e.name(), "plan": e.class.word(),
                                   "outcome": o.word(), "task_id": o.task_id()});
                match o {
                    Outcome::Created { reconciled, .. } => v["reconciled"] = json!(reconciled),
                    Outcome::Differs { fields, .. } => v["fields"] = json!(fields),
                    Outcome::Failed { report, exit } => {
                        v["error"] = json!({"code": report.code, "message": report.message,
                            "hint": report.hint, "request_id": report.request_id, "host": report.host});
                        v["exit_code"] = json!(exit);
                    }
                    _ => {}
                }
                if !e.uncompared.is_empty() {
                    v["cannot_compare"] = json!(e.uncompared);
                }
                v
            })
            .collect();
        out.json(
            &json!({"ok": code == exit::OK, "profile": profile, "files": files,
                   "created": tally("created"), "unchanged": tally("unchanged"), "updated": tally("updated"),
                   "differs": tally("differs"), "failed": tally("failed"), "not_started": tally("not-started"),
                   "interrupted": stats.interrupted, "elapsed_ms": stats.elapsed.as_millis() as u64,
                   "requests": stats.requests, "requests_per_sec": (measured * 100.0).round() / 100.0,
                   "rate_limit": stats.rate, "slowdowns": stats.slowdowns, "exit_code": code}),
        );
        return;
    }
    let mut rows = vec![vec![
        "FILE".to_string(),
        "NAME".into(),
        "RESULT".into(),
        "TASK ID".into(),
        "DETAIL".into(),
    ]];
    for (e, o) in entries.iter().zip(outcomes) {
        rows.push(vec![
            e.path.clone(),
            e.name().to_string(),
            o.word().to_string(),
            o.task_id().unwrap_or("-").to_string(),
            outcome_detail(e, o),
        ]);
    }
    out!(out, "{}", table(&rows));
    errln!(
        out,
        "ctask: {}: {} created, {} unchanged, {} updated, {} {}, {} failed, {} not started",
        count(outcomes.len(), "file"),
        tally("created"),
        tally("unchanged"),
        tally("updated"),
        tally("differs"),
        if tally("differs") == 1 {
            "differs"
        } else {
            "differ"
        },
        tally("failed"),
        tally("not-started")
    );
    errln!(
        out,
        "ctask: {} in {secs:.2} s ({measured:.1}/s; limit {}/s{}), profile {profile}",
        count(stats.requests, "request"),
        stats.rate,
        if stats.slowdowns > 0 {
            format!(
                ", slowed down {} by throttling",
                count(stats.slowdowns, "time")
            )
        } else {
            String::new()
        }
    );
    if tally("differs") > 0 {
        errln!(
            out,
            "ctask: {} {} and {}; --update updates them",
            count(tally("differs"), "task"),
            if tally("differs") == 1 {
                "exists"
            } else {
                "exist"
            },
            if tally("differs") == 1 {
                "differs"
            } else {
                "differ"
            }
        );
    }
    if let Some(line) = uncompared_line(entries) {
        errln!(out, "{line}");
    }
    if tally("failed") + tally("not-started") > 0 {
        errln!(
            out,
            "ctask: not every file is in place; running the same apply again creates only what is still missing"
        );
    }
}

/// Progress on stderr: a bar on a terminal, plain lines otherwise; under `--json` only notes.
pub struct CliProgress {
    out: Out,
    bar: Option<ProgressBar>,
    json: bool,
    done: usize,
    total: usize,
}

impl CliProgress {
    pub fn new(out: &Out, json: bool, total: usize) -> CliProgress {
        let bar = (!json && total > 0 && out.stderr_is_terminal()).then(|| {
            let b = ProgressBar::new(total as u64);
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {elapsed} {msg}")
            {
                b.set_style(style.progress_chars("=> "));
            }
            b.enable_steady_tick(Duration::from_millis(120));
            b
        });
        CliProgress {
            out: out.clone(),
            bar,
            json,
            done: 0,
            total,
        }
    }

    fn line(&self, text: &str) {
        match &self.bar {
            Some(b) => b.println(format!("ctask: {}", escape_controls(text))),
            None => errln!(self.out, "ctask: {text}"),
        }
    }
}

impl Progress for CliProgress {
    fn started(&mut self, _path: &str, name: &str, what: &str) {
        if let Some(b) = &self.bar {
            b.set_message(format!("{what} {}", fit(name, MAX_CELL)));
        }
    }

    fn finished(&mut self, path: &str, name: &str, outcome: &Outcome) {
        let work = !matches!(outcome, Outcome::Unchanged { .. } | Outcome::Differs { .. });
        if !work {
            return;
        }
        self.done += 1;
        if let Some(b) = &self.bar {
            b.inc(1);
        }
        if self.json || matches!(outcome, Outcome::NotStarted) {
            return;
        }
        let id = outcome.task_id().unwrap_or("-");
        let name = fit(name, MAX_CELL);
        let extra = match outcome {
            Outcome::Failed { report, .. } => format!(": {}", report.message),
            _ => String::new(),
        };
        if self.bar.is_none() {
            self.line(&format!(
                "[{}/{}] {} {name} {id} ({path}){extra}",
                self.done,
                self.total,
                outcome.word()
            ));
        } else if !extra.is_empty() {
            self.line(&format!("{} {name} ({path}){extra}", outcome.word()));
        }
    }

    fn note(&mut self, text: &str) {
        self.line(text);
    }
}

impl Drop for CliProgress {
    fn drop(&mut self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
