//! Synthetic history rows for the History benches and `examples/history_fill.rs`, written through
//! the store's own `record_sent` / `record_answer` so the rows (and every index kept from them) are
//! what a real submit writes. Names are `task_NNNNNN`; profiles cycle prod, dev, sandbox; one row in
//! seven is rejected with `DLG.0818`, the rest are ok with a 32-hex task id that looks random, as
//! the service's do; the four rows whose number is 12,345 mod 25,000 carry `_zq` in their name, so
//! `q`, `zq` and `_zq` match almost nothing and `w` matches nothing at all. The WAL is checkpointed
//! at the end: a history that grew one submit at a time never holds one huge write-ahead log.

use ctask::store::history::{Answered, History, Outcome, Sent};

/// The name of row `i`.
pub fn name(i: usize) -> String {
    if i % 25_000 == 12_345 {
        format!("task_{i:06}_zq")
    } else {
        format!("task_{i:06}")
    }
}

/// The task id of row `i`: 32 hex digits from a fixed mix of `i` (splitmix64).
pub fn task_id(i: usize) -> String {
    let mix = |mut z: u64| {
        z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let i = i as u64;
    format!("{:016x}{:016x}", mix(2 * i), mix(2 * i + 1))
}

/// Appends `rows` rows in one transaction, then checkpoints the WAL.
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
            response_body: Some(format!("{{\"task_id\":\"{}\"}}", task_id(i))),
            task_id: (!rejected).then(|| task_id(i)),
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
    h.connection()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
}
