//! Network faults in the TUI, without a terminal: Ctrl-S through `update` gives the submit `Effect`,
//! the public effect runner sends it to the emulator (faults injected through its admin API) or to a
//! closed port, and the reply goes back through `update`. Each test proves the Response screen and
//! status line name the host and say what to try, the history row has the right outcome, and no
//! second create reached the emulator (exactly one retry for a 429). The hang test also proves input
//! keeps working while the submit is pending and a second Ctrl-S is refused.

use crate::support::{Env, env, listeners};
use ctask::tui::testkit::Outcome;
use ctask::tui::testkit::Screen;
use ctask::tui::testkit::{Driven, ctrl, saved_profile, start};
use serde_json::{Value, json};

/// Timeouts for faults that answer at once: generous, never reached.
const QUICK: &[&str] = &["--connect-timeout", "2", "--timeout", "10"];
/// Timeouts for the fault that never answers: short, so the suite stays fast.
const SHORT: &[&str] = &["--connect-timeout", "1", "--timeout", "1"];

/// A token profile `p` on the emulator with `timeouts`, a fault on the next `count` creates, and the
/// TUI on it with a name typed.
fn tui_with_fault(fault: Value, count: u32, timeouts: &[&str], name: &str) -> (Env, Driven) {
    let e = env();
    e.add_token("p", timeouts);
    e.fault(fault, count);
    let mut d = start(e.home.path(), &saved_profile("p", &e.emu.base_url()));
    d.type_text(name);
    (e, d)
}

/// What the user sees of a failed submit: the host in the status line and on the Response screen,
/// a hint, and `says` in the message. Returns the Response screen's text.
fn shows_host_and_hint(d: &mut Driven, o: &Outcome, host: &str, says: &str) -> String {
    let err = o.error.clone().expect("an error outcome");
    assert_eq!(err.host, host, "{err:?}");
    let hint = err.hint.clone().unwrap_or_default();
    assert!(!hint.is_empty(), "no hint: {err:?}");
    let status_line = d.s.notice.clone().map(|n| n.text).unwrap_or_default();
    assert!(status_line.contains(host), "{status_line}");
    let text = format!("{} {}", err.message, err.code.clone().unwrap_or_default());
    assert!(
        text.contains(says) || o.body.contains(says),
        "{says:?} not in {err:?}"
    );
    let screen = d.render(Screen::Response, 120, 40);
    assert!(screen.contains(host), "{screen}");
    assert!(screen.contains("Hint"), "{screen}");
    let first_hint_words: String = hint.chars().take(30).collect();
    assert!(screen.contains(&first_hint_words), "{screen}");
    screen
}

/// The one history row, with `outcome`.
fn one_row(e: &Env, outcome: &str) -> Value {
    let rows = e.history_rows();
    assert_eq!(rows.len(), 1, "one history row: {rows:#?}");
    assert_eq!(rows[0]["outcome"], outcome, "{:#}", rows[0]);
    assert_eq!(rows[0]["source"], "tui", "{:#}", rows[0]);
    rows[0].clone()
}

/// A fault answered at once: one create, a failed row, the host and a hint on screen.
fn answered_fault(fault: Value, name: &str, says: &str) -> Value {
    let (e, mut d) = tui_with_fault(fault, 5, QUICK, name);
    d.submit();
    let o = d.finish();
    assert!(o.task_id.is_none());
    shows_host_and_hint(&mut d, &o, &e.emu_host(), says);
    assert!(d.retries.is_empty(), "never retried: {:?}", d.retries);
    assert_eq!(e.creates().len(), 1, "no second create");
    one_row(&e, "failed")
}

#[test]
fn hang_times_out_keeps_input_working_refuses_a_second_submit_and_is_not_resent() {
    let (e, mut d) = tui_with_fault(json!({"kind": "hang"}), 5, SHORT, "tui_hang");
    d.submit();
    assert!(d.s.in_flight.is_some());
    // While pending: typing edits the form, a second Ctrl-S sends nothing.
    d.type_text("_more");
    assert_eq!(d.s.task().text("name"), Some("tui_hang_more"));
    let fx = d.send(ctrl('s'));
    assert!(
        fx.is_empty(),
        "a second submit while one is pending: {fx:?}"
    );
    let warn = d.s.notice.clone().unwrap();
    assert!(
        warn.warn && warn.text.contains("already in flight"),
        "{warn:?}"
    );
    let o = d.finish();
    assert!(o.status.is_none());
    shows_host_and_hint(&mut d, &o, &e.emu_host(), "no answer in time");
    assert_eq!(e.creates().len(), 1, "a timeout is never resent");
    one_row(&e, "failed");
}

#[test]
fn html_503_names_the_host_and_is_not_resent() {
    let row = answered_fault(
        json!({"kind": "status", "status": 503, "body": "html"}),
        "tui_503",
        "503",
    );
    assert_eq!(row["status"], 503);
}

#[test]
fn empty_502_names_the_host_and_is_not_resent() {
    let row = answered_fault(
        json!({"kind": "status", "status": 502, "body": "empty"}),
        "tui_502",
        "502",
    );
    assert_eq!(row["status"], 502);
}

#[test]
fn malformed_json_is_an_unexpected_answer_and_not_resent() {
    answered_fault(
        json!({"kind": "malformed_json"}),
        "tui_malformed",
        "not the expected JSON",
    );
}

#[test]
fn truncated_json_is_an_unexpected_answer_and_not_resent() {
    answered_fault(
        json!({"kind": "truncated_json"}),
        "tui_truncated",
        "not the expected JSON",
    );
}

#[test]
fn reset_mid_body_is_reported_and_not_resent() {
    answered_fault(json!({"kind": "reset"}), "tui_reset", "closed");
}

#[test]
fn ten_mib_answer_is_capped_and_not_resent() {
    let row = answered_fault(
        json!({"kind": "large", "bytes": 10 * 1024 * 1024}),
        "tui_large",
        "1 MiB",
    );
    let kept = row["response_body"].to_string().len();
    assert!(
        kept <= 1024 * 1024 + 1024,
        "history keeps at most 1 MiB: {kept}"
    );
}

#[test]
fn throttle_then_success_retries_once_shows_the_retry_and_records_ok() {
    let (e, mut d) = tui_with_fault(json!({"kind": "throttle"}), 1, QUICK, "tui_throttle");
    d.submit();
    let o = d.finish();
    let id = o.task_id.clone().expect("created after one retry");
    assert_eq!(d.retries.len(), 1, "{:?}", d.retries);
    assert!(
        d.retries[0].contains("retry 1 of 3") && d.retries[0].contains("429"),
        "{:?}",
        d.retries
    );
    assert_eq!(e.creates().len(), 2, "one throttled create and one retry");
    let row = one_row(&e, "ok");
    assert_eq!(row["task_id"].as_str(), Some(id.as_str()));
}

#[test]
fn refused_connection_is_retried_then_names_the_port_and_nothing_reaches_the_emulator() {
    let e = env();
    let port = listeners::closed_port();
    let base = format!("http://127.0.0.1:{port}");
    e.add_token_at("p", &base, QUICK);
    let mut d = start(e.home.path(), &saved_profile("p", &base));
    d.type_text("tui_refused");
    d.submit();
    let o = d.finish();
    assert!(o.status.is_none());
    shows_host_and_hint(&mut d, &o, &format!("127.0.0.1:{port}"), "refused");
    assert_eq!(d.retries.len(), 3, "{:?}", d.retries);
    assert!(d.retries[2].contains("retry 3 of 3"), "{:?}", d.retries);
    assert!(e.creates().is_empty());
    let row = one_row(&e, "failed");
    assert!(row["status"].is_null());
}
