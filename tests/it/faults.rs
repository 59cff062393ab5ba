//! Network faults, end to end: the real `ctask submit` against the emulator's injected faults and
//! against local listeners that fail below HTTP (closed port, unknown host, untrusted TLS, full
//! backlog). Each test proves one fault gives a message naming the host with a hint, the right exit
//! code, a history row with the right outcome, and no second create. Loopback only; short timeouts.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};

use crate::support::{Env, env, is_task_id, listeners};

/// Timeouts for faults that answer at once: generous, never reached.
const QUICK: &[&str] = &["--connect-timeout", "2", "--timeout", "10"];
/// Timeouts for faults that never answer: short, so the suite stays fast.
const SHORT: &[&str] = &["--connect-timeout", "1", "--timeout", "1"];

/// What one faulty submit must show.
struct Expect<'a> {
    fault: &'a str,
    host: String,
    code: i32,
    outcome: &'a str,
    /// Words the error's first line must hold (besides the host).
    says: &'a [&'a str],
}

/// Submits a fresh seed task with `profile`, then checks the message, exit code and history row.
/// Returns the history row and stderr, and prints a line of the closing-note table.
fn submit_and_check(e: &Env, profile: &str, want: &Expect, creates: usize) -> (Value, String) {
    let file = e.seed(&format!("fault_{profile}"), |_| {});
    let (code, out, err) = e.submit(&file, &["--profile", profile]);
    assert_eq!(code, want.code, "{}: exit code\n{out}\n{err}", want.fault);
    let first = err
        .lines()
        .find(|l| {
            !l.starts_with("ctask: retry")
                && !l.starts_with("ctask: gave up")
                && !l.starts_with("ctask: the answer was lost")
                && !l.starts_with("ctask: a search by name")
        })
        .unwrap_or_default()
        .to_string();
    assert!(
        first.contains(&want.host),
        "{}: first line does not name {}:\n{err}",
        want.fault,
        want.host
    );
    for w in want.says {
        assert!(
            first.contains(w),
            "{}: {w:?} missing in:\n{err}",
            want.fault
        );
    }
    assert!(
        err.lines().any(|l| l.trim_start().starts_with("hint: ")),
        "{}: no hint:\n{err}",
        want.fault
    );
    let rows = e.history_rows();
    assert_eq!(rows.len(), 1, "{}: one history row: {rows:#?}", want.fault);
    let row = rows[0].clone();
    assert_eq!(row["outcome"], want.outcome, "{}: {row:#}", want.fault);
    eprintln!(
        "| {} | `{}` | {} | {} | {} |",
        want.fault, first, code, want.outcome, creates
    );
    (row, err)
}

/// After a fault where the create may have reached the service, the hint says to check first.
fn says_check_first(err: &str) {
    let hint = err
        .lines()
        .find(|l| l.trim_start().starts_with("hint: "))
        .unwrap_or_default();
    assert!(
        hint.contains("check whether the task was created")
            || hint.contains("may have been created")
            || hint.contains("may or may not have been created"),
        "{err}"
    );
}

/// A token profile on the emulator with `timeouts`, a fault on the next `count` creates.
fn emulator_with_fault(fault: Value, count: u32, timeouts: &[&str]) -> Env {
    let e = env();
    e.add_token("p", timeouts);
    e.fault(fault, count);
    e
}

fn expect<'a>(
    e: &Env,
    fault: &'a str,
    code: i32,
    outcome: &'a str,
    says: &'a [&'a str],
) -> Expect<'a> {
    Expect {
        fault,
        host: e.emu_host(),
        code,
        outcome,
        says,
    }
}

/// A fault met after the create left: exit 5, a `failed` row, the create received exactly once,
/// and a hint to check before sending again. Returns the history row.
fn sent_once_and_failed(fault: Value, timeouts: &[&str], label: &str, says: &[&str]) -> Value {
    let e = emulator_with_fault(fault, 5, timeouts);
    let want = expect(&e, label, 5, "failed", says);
    let (row, err) = submit_and_check(&e, "p", &want, 1);
    assert_eq!(e.creates().len(), 1, "{label}: never resent");
    says_check_first(&err);
    assert!(
        err.contains("searching for a task named")
            && err.contains("a search by name found no task"),
        "{label}: the lost answer is settled by a search:\n{err}"
    );
    row
}

#[test]
fn refused_connection_is_retried_then_reported_with_the_port_and_nothing_sent() {
    let e = env();
    let port = listeners::closed_port();
    e.add_token_at("p", &format!("http://127.0.0.1:{port}"), QUICK);
    let want = Expect {
        fault: "refused connection",
        host: format!("127.0.0.1:{port}"),
        code: 5,
        outcome: "failed",
        says: &["refused"],
    };
    let (row, err) = submit_and_check(&e, "p", &want, 0);
    assert!(row["status"].is_null());
    assert!(
        err.contains("retry 3 of 3") && err.contains("gave up after 3 retries"),
        "{err}"
    );
}

#[test]
fn unknown_host_is_a_dns_failure_naming_the_host() {
    let e = env();
    e.add_token_at("p", "https://ctask-fault-test.invalid", QUICK);
    let want = Expect {
        fault: "unknown host",
        host: "ctask-fault-test.invalid".into(),
        code: 5,
        outcome: "failed",
        says: &["resolve"],
    };
    submit_and_check(&e, "p", &want, 0);
}

#[test]
fn self_signed_certificate_is_a_tls_failure_and_no_request_is_made() {
    let e = env();
    let tls = listeners::TlsServer::start();
    e.add_token_at("p", &format!("https://127.0.0.1:{}", tls.port), QUICK);
    let want = Expect {
        fault: "TLS failure (self-signed)",
        host: format!("127.0.0.1:{}", tls.port),
        code: 5,
        outcome: "failed",
        says: &["TLS"],
    };
    submit_and_check(&e, "p", &want, 0);
    assert_eq!(tls.handshakes.load(Ordering::SeqCst), 0);
}

#[test]
fn full_backlog_gives_a_connect_timeout_without_retry() {
    let Some(backlog) = listeners::FullBacklog::start() else {
        eprintln!("skipped: this kernel accepts every handshake on a full backlog");
        return;
    };
    let e = env();
    e.add_token_at("p", &format!("http://127.0.0.1:{}", backlog.port), SHORT);
    let want = Expect {
        fault: "connect timeout",
        host: format!("127.0.0.1:{}", backlog.port),
        code: 5,
        // The total timeout fired: ctask cannot tell whether the request left, and the search that
        // would settle it times out too, so the honest outcome is unknown, with the command to check.
        outcome: "unknown",
        says: &["no answer in time"],
    };
    let started = std::time::Instant::now();
    let (_, err) = submit_and_check(&e, "p", &want, 0);
    assert!(err.contains("check with `ctask task list --name"), "{err}");
    assert!(started.elapsed().as_secs() < 10, "no retry after a timeout");
}

#[test]
fn server_that_never_answers_times_out_and_is_not_resent() {
    let hang = json!({"kind": "hang"});
    sent_once_and_failed(
        hang,
        SHORT,
        "accepts, never answers",
        &["no answer in time"],
    );
}

#[test]
fn trickling_body_hits_the_total_timeout_and_the_search_finds_the_task() {
    // The service created the task and then sent its answer too slowly: the answer is lost, the
    // search by name finds the task, and the create is reported (exit 0) without a second send.
    let e = emulator_with_fault(json!({"kind": "trickle", "bytes_per_sec": 10}), 5, SHORT);
    let file = e.seed("fault_trickle", |_| {});
    let (code, out, err) = e.submit(&file, &["--profile", "p"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let id = out.trim();
    assert!(is_task_id(id), "{out}");
    assert!(err.contains("a search by name found it"), "{err}");
    assert_eq!(e.creates().len(), 1, "never resent");
    let rows = e.history_rows();
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0]["outcome"], "ok");
    assert_eq!(rows[0]["task_id"], id);
    let note = rows[0]["error_message"].as_str().unwrap_or_default();
    assert!(note.starts_with("reconciled"), "{note}");
}

#[test]
fn reset_mid_body_is_reported_and_not_resent() {
    sent_once_and_failed(
        json!({"kind": "reset"}),
        QUICK,
        "reset mid-body",
        &["closed"],
    );
}

fn status_fault(label: &str, status: u16, body: &str) -> Value {
    let fault = json!({"kind": "status", "status": status, "body": body});
    sent_once_and_failed(fault, QUICK, label, &[status.to_string().as_str()])
}

#[test]
fn html_500_is_a_server_failure_with_an_excerpt() {
    assert_eq!(status_fault("500 with HTML", 500, "html")["status"], 500);
}

#[test]
fn html_503_is_a_server_failure_with_an_excerpt() {
    assert_eq!(status_fault("503 with HTML", 503, "html")["status"], 503);
}

#[test]
fn empty_502_is_a_server_failure_saying_the_body_is_empty() {
    assert_eq!(status_fault("502, empty body", 502, "empty")["status"], 502);
}

#[test]
fn malformed_json_is_an_unexpected_answer_and_not_resent() {
    let fault = json!({"kind": "malformed_json"});
    sent_once_and_failed(fault, QUICK, "malformed JSON", &["not the expected JSON"]);
}

#[test]
fn truncated_json_is_an_unexpected_answer_and_not_resent() {
    let fault = json!({"kind": "truncated_json"});
    sent_once_and_failed(fault, QUICK, "truncated JSON", &["not the expected JSON"]);
}

#[test]
fn ten_mib_answer_is_capped_and_reported_without_resending() {
    let fault = json!({"kind": "large", "bytes": 10 * 1024 * 1024});
    let row = sent_once_and_failed(fault, QUICK, "10 MiB body", &["1 MiB"]);
    let kept = row["response_body"].to_string().len();
    assert!(
        kept <= 1024 * 1024 + 1024,
        "history keeps at most 1 MiB: {kept}"
    );
}

#[test]
fn throttle_then_success_retries_exactly_once_and_records_ok() {
    let e = emulator_with_fault(json!({"kind": "throttle"}), 1, QUICK);
    let file = e.seed("fault_throttle", |_| {});
    let (code, out, err) = e.submit(&file, &["--profile", "p"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(is_task_id(&out), "{out}");
    let first = err.lines().next().unwrap_or_default();
    assert!(
        first.contains("retry 1 of 3") && first.contains("429"),
        "{err}"
    );
    assert_eq!(e.creates().len(), 2, "one throttled create and one retry");
    let rows = e.history_rows();
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0]["outcome"], "ok");
    assert_eq!(rows[0]["task_id"].as_str(), Some(out.trim()));
    eprintln!("| 429 then success | `{first}` | 0 | ok | 2 |");
}
