//! Synthetic history rows for the History benches and `examples/history_fill.rs`, written through
//! the store's own `record_sent` / `record_answer` so the rows (and every index kept from them) are
//! what a real submit writes. Names are `task_NNNNNN`; profiles cycle prod, dev, sandbox; one row in
//! seven is rejected with `DLG.0818`, the rest are ok with a 32-hex task id; the four rows whose
//! number ends in 12345 mod 25,000 carry `_zq` in their name, so `q`, `zq` and `_zq` match almost
//! nothing and `w` matches nothing at all.

use ctask::store::history::{Answered, History, Outcome, Sent};

/// The name of row `i`.
pub fn name(i: usize) -> String {
    if i % 25_000 == 12_345 {
        format!("task_{i:06}_zq")
    } else {
        format!("task_{i:06}")
    }
}

/// Appends `rows` rows in one transaction.
pub fn fill(h: &History, rows: usize) {
    let body = ctask::task::templates::template("DLI")
        .map(|t| ctask::task::taskfile::to_body(&t))
        .unwrap_or_default();
    h.connection().execute_batch("BEGIN").expect("begin");
    for i in 0..rows {
        let name = name(i);
        let sent = Sent {
            sent_at: format!("2026-11-{:02}T10:00:00.000Z", 1 + i % 28),
            source: "bench".into(),
            profile: ["prod", "dev", "sandbox"][i % 3].into(),
            endpoint: "https://dayu.cn-north-4.myhuaweicloud.com".into(),
            project_id: "p".into(),
            workspace: "w".into(),
            auth_kind: "token".into(),
            task_name: name.clone(),
            data_source_type: "DLI".into(),
            method: "POST".into(),
            url: "https://dayu.cn-north-4.myhuaweicloud.com/v3/p/metadata/tasks/create".into(),
            request_headers: r#"{"X-Auth-Token":"****"}"#.into(),
            request_body: body.replace(
                "\"name\": \"dli_collection\"",
                &format!("\"name\": \"{name}\""),
            ),
        };
        let id = h.record_sent(&sent).expect("record_sent");
        let rejected = i % 7 == 0;
        let answer = Answered {
            answered_at: sent.sent_at.clone(),
            duration_ms: 40 + (i % 50) as i64,
            status: Some(if rejected { 400 } else { 200 }),
            response_body: Some(format!("{{\"task_id\":\"{i:032x}\"}}")),
            task_id: (!rejected).then(|| format!("{i:032x}")),
            error_code: rejected.then(|| "DLG.0818".to_string()),
            outcome: Some(if rejected {
                Outcome::Rejected
            } else {
                Outcome::Ok
            }),
            ..Answered::default()
        };
        h.record_answer(id, &answer).expect("record_answer");
    }
    h.connection().execute_batch("COMMIT").expect("commit");
}
