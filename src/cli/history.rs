//! `ctask history list|show|export|delete|resend`: the submissions kept in the history database.
//! A thin front end over `store::history`; resending goes through the same path as `ctask submit`.

use std::io::IsTerminal;
use std::path::Path;

use serde_json::Value;

use super::output::{Out, errln, outln};
use super::send::{self, Job};
use super::shared::{Runtime, confirm, find_entry, open_history, write_export};
use crate::app::exports::Format;
use crate::app::history::{resend_overrides, resend_warning, stored_task};
use crate::exit;
use crate::store::history::{Entry, Filter, History, Outcome};
use crate::store::{Paths, record};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Submissions, newest first
    List {
        /// How many rows at most
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Only this outcome: ok, rejected, failed, cancelled-unknown or pending
        #[arg(long, value_parser = parse_outcome)]
        outcome: Option<Outcome>,
        /// (`--profile`: only this profile's entries)
        #[arg(from_global)]
        profile: Option<String>,
        /// Text found in the name, task id, error code, profile or outcome
        #[arg(long)]
        search: Option<String>,
        /// Print JSON: every field of each row
        #[arg(long)]
        json: bool,
    },
    /// One submission with its request and response
    Show {
        /// The entry's id (the first column of `history list`)
        id: i64,
        /// Print one JSON object: every field of the row
        #[arg(long)]
        json: bool,
    },
    /// Print a submission's task as `ctask export --history ID` does (to where it was sent, no secret)
    Export {
        /// The entry's id
        id: i64,
        /// What to write: the plain request body, a KooCLI --cli-jsonInput file, a curl script
        /// (token from $CTASK_TOKEN), or a program: python, go, java (official SDKs) or terraform
        #[arg(long, value_parser = ["body", "kooCLI", "koocli", "curl", "python", "go", "java", "terraform"])]
        format: String,
        /// Write to this file instead of standard output (its full path is printed)
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<std::path::PathBuf>,
        /// Overwrite the --output file if it exists
        #[arg(long, requires = "output")]
        force: bool,
    },
    /// Delete a submission from the history
    Delete {
        /// The entry's id
        id: i64,
    },
    /// Send a submission's task again (asks first: a task with this name may already exist)
    Resend {
        /// The entry's id
        id: i64,
        /// (`--profile`: send with this profile instead of the one used before)
        #[arg(from_global)]
        profile: Option<String>,
        /// Do not ask for confirmation
        #[arg(long, short = 'y')]
        yes: bool,
        /// Print one JSON object (as `submit --json`)
        #[arg(long)]
        json: bool,
    },
}

fn parse_outcome(s: &str) -> Result<Outcome, String> {
    Outcome::parse(s).ok_or_else(|| {
        let all: Vec<&str> = Outcome::ALL.iter().map(|o| o.as_str()).collect();
        format!("unknown outcome {s:?}; one of {}", all.join(", "))
    })
}

pub fn run(out: &Out, rt: &Runtime, cmd: &Command) -> u8 {
    let fail = |message: &str| out.usage(false, message);
    let paths = match Paths::from_env() {
        Ok(p) => p,
        Err(e) => return fail(&e.to_string()),
    };
    let history = match open_history(out, &paths) {
        Ok(h) => h,
        Err(e) => return fail(&e),
    };
    match cmd {
        Command::List {
            limit,
            outcome,
            profile,
            search,
            json,
        } => {
            let filter = Filter {
                text: search.clone().unwrap_or_default(),
                outcome: *outcome,
                profile: profile.clone(),
            };
            list(out, &history, &filter, *limit, *json)
        }
        Command::Show { id, json } => with_entry(out, &history, *id, |e| show(out, e, *json)),
        Command::Export {
            id,
            format,
            output,
            force,
        } => with_entry(out, &history, *id, |e| {
            export(out, e, format, output.as_deref(), *force)
        }),
        Command::Delete { id } => match history.delete(*id) {
            Ok(true) => {
                outln!(out, "deleted history entry {id}");
                exit::OK
            }
            Ok(false) => fail(&format!("no history entry {id}")),
            Err(e) => fail(&e.to_string()),
        },
        Command::Resend {
            id,
            profile,
            yes,
            json,
        } => {
            let entry = match find_entry(&history, *id) {
                Ok(e) => e,
                Err(m) => return fail(&m),
            };
            drop(history);
            let _hold = out.hold();
            resend(out, rt, &entry, profile.clone(), *yes, *json)
        }
    }
}

fn with_entry(out: &Out, history: &History, id: i64, f: impl FnOnce(&Entry) -> u8) -> u8 {
    match find_entry(history, id) {
        Ok(e) => f(&e),
        Err(m) => out.usage(false, &m),
    }
}

fn list(out: &Out, history: &History, filter: &Filter, limit: usize, json_out: bool) -> u8 {
    let fail = |message: &str| out.usage(false, message);
    let rows = match history.page(filter, None, limit) {
        Ok(r) => r,
        Err(e) => return fail(&e.to_string()),
    };
    if json_out {
        let mut full = Vec::with_capacity(rows.len());
        for r in &rows {
            match history.get(r.id) {
                Ok(Some(e)) => full.push(entry_json(&e)),
                Ok(None) => {}
                Err(e) => return fail(&e.to_string()),
            }
        }
        out.json(&Value::Array(full));
        return exit::OK;
    }
    outln!(
        out,
        "{}",
        list_line([
            "id",
            "sent (UTC)",
            "profile",
            "name",
            "type",
            "outcome",
            "task id / error",
            "ms"
        ])
    );
    for r in rows {
        let id_or_error = r.task_id.or(r.error_code).unwrap_or_default();
        let ms = r.duration_ms.map_or(String::new(), |d| d.to_string());
        let sent = r.sent_at.get(..19).unwrap_or(&r.sent_at).replace('T', " ");
        outln!(
            out,
            "{}",
            list_line([
                &r.id.to_string(),
                &sent,
                &r.profile,
                &r.task_name,
                &r.data_source_type,
                r.outcome.as_str(),
                &id_or_error,
                &ms
            ])
        );
    }
    exit::OK
}

/// The columns of `history list`, each cut with `…` and padded to its width by display width
/// (the id and the duration right-aligned).
fn list_line(cells: [&str; 8]) -> String {
    use super::table::{pad, pad_left};
    const WIDTHS: [usize; 8] = [6, 19, 12, 28, 6, 17, 32, 7];
    let mut line = String::new();
    for (i, (c, w)) in cells.iter().zip(WIDTHS).enumerate() {
        if i > 0 {
            line.push_str("  ");
        }
        line.push_str(&if i == 0 || i == 7 {
            pad_left(c, w, w)
        } else {
            pad(c, w, w)
        });
    }
    line.trim_end().to_string()
}

/// Every field, with the stored JSON texts (headers, bodies) parsed back when they are JSON.
fn entry_json(e: &Entry) -> Value {
    let mut v = serde_json::to_value(e).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        for key in [
            "request_headers",
            "request_body",
            "response_headers",
            "response_body",
        ] {
            if let Some(Value::String(text)) = map.get(key)
                && let Ok(parsed) = serde_json::from_str::<Value>(text)
            {
                map.insert(key.to_string(), parsed);
            }
        }
    }
    v
}

fn pretty(text: &str) -> String {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| text.to_string())
}

fn show(out: &Out, e: &Entry, json_out: bool) -> u8 {
    if json_out {
        out.json(&entry_json(e));
        return exit::OK;
    }
    let a = &e.answered;
    outln!(
        out,
        "history entry {}  ({} via {})",
        e.id,
        e.outcome.as_str(),
        e.sent.source
    );
    outln!(out, "sent       {}   {}", e.sent.sent_at, a.waited());
    outln!(
        out,
        "profile    {} ({} auth)",
        e.sent.profile,
        e.sent.auth_kind
    );
    outln!(out, "endpoint   {}", e.sent.endpoint);
    outln!(
        out,
        "project    {}   workspace {}",
        e.sent.project_id,
        e.sent.workspace
    );
    outln!(
        out,
        "task       {} ({})",
        e.sent.task_name,
        e.sent.data_source_type
    );
    if let Some(id) = &a.task_id {
        outln!(out, "task id    {id}");
    }
    if a.error_code.is_some() || a.error_message.is_some() {
        let code = a.error_code.as_deref().unwrap_or("-");
        outln!(
            out,
            "error      {code}: {}",
            a.error_message.as_deref().unwrap_or("")
        );
    }
    outln!(
        out,
        "request id {}",
        a.request_id.as_deref().unwrap_or("(none)")
    );
    outln!(out, "\n{}", record::request_of(e).display_masked());
    match a.status {
        Some(status) => outln!(
            out,
            "HTTP {status}\n{}",
            pretty(a.response_body.as_deref().unwrap_or(""))
        ),
        None => outln!(out, "(no answer)"),
    }
    exit::OK
}

fn export(out: &Out, e: &Entry, format: &str, output: Option<&Path>, force: bool) -> u8 {
    let Some(f) = Format::parse(format) else {
        return out.usage(false, &format!("unknown export format {format:?}"));
    };
    let name = output.map_or(f.file_name().to_string(), |p| p.display().to_string());
    match crate::app::history::export(e, f, &name) {
        Ok(export) => write_export(out, &export, output, force),
        Err(m) => out.usage(false, &m),
    }
}

fn resend(
    out: &Out,
    rt: &Runtime,
    e: &Entry,
    profile: Option<String>,
    yes: bool,
    json_out: bool,
) -> u8 {
    let file = match stored_task(e) {
        Ok(f) => f,
        Err(m) => return out.usage(false, &m),
    };
    let warning = resend_warning(e);
    let asked = || {
        std::io::stdin().is_terminal() && confirm(out, &format!("{warning}. Send it again? [y/N] "))
    };
    if !yes && !asked() {
        errln!(
            out,
            "ctask: {warning}; nothing was sent (pass --yes to send without asking)"
        );
        return exit::USAGE;
    }
    // The same place as before, unless another profile is asked for.
    let overrides = resend_overrides(e, profile.is_some());
    send::execute(
        out,
        rt,
        Job {
            label: format!("history entry {}", e.id),
            task: file.task,
            profile: profile.or_else(|| Some(e.sent.profile.clone())),
            overrides,
            dry_run: false,
            json: json_out,
        },
    )
}
