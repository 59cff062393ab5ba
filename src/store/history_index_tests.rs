//! The filter indexes against the rows: after every kind of write (a pending row, its answer, a
//! settled row, a delete, a row written by an older ctask, a migration of an old file), a filter
//! of any length returns exactly the rows the plain scan of `history_index` returned before the
//! indexes existed, in the same order. Real SQLite in a temp dir.

use super::tests::{ok, open, sent};
use super::*;

/// The filter as it was before the indexes: every `history_index` row read, newest first.
fn scanned(h: &History, text: &str) -> Vec<i64> {
    let Some(needle) = super::super::history_search::needle(text) else {
        return all_ids(h);
    };
    let mut stmt = h
        .connection()
        .prepare("SELECT id FROM history_index WHERE instr(search, ?1) > 0 ORDER BY id DESC")
        .unwrap();
    stmt.query_map([needle], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The first column of every row `sql` selects.
fn column<T: rusqlite::types::FromSql>(h: &History, sql: &str) -> Vec<T> {
    let mut stmt = h.connection().prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn all_ids(h: &History) -> Vec<i64> {
    column(h, "SELECT id FROM history ORDER BY id DESC")
}

/// Every row `page` returns for `text`, read in pages of `per` (so the keyset is used too).
fn paged(h: &History, text: &str, per: usize) -> Vec<i64> {
    let f = Filter {
        text: text.into(),
        ..Filter::default()
    };
    let mut out = Vec::new();
    let mut before = None;
    loop {
        let rows = h.page(&f, before, per).unwrap();
        out.extend(rows.iter().map(|r| r.id));
        if rows.len() < per {
            return out;
        }
        before = rows.last().map(|r| r.id);
    }
}

/// Patterns of 1 to 6 characters cut from every row's search text, and some that match nothing
/// or hold what FTS5 queries treat specially.
fn patterns(h: &History) -> Vec<String> {
    let texts: Vec<String> = column(h, "SELECT search FROM history_index");
    let mut out: Vec<String> = [
        "w",
        "zz",
        "qqq",
        "nomatch",
        "\"",
        "*",
        "\"*",
        "^x",
        "-",
        "a OR b",
        "NEAR(a b)",
        "(",
        "ab",
        " AND ",
        "%",
        "_",
        "\\_",
        "ok",
        "OK",
        "p",
        "é",
        "数",
        "ss",
        "İ",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for t in texts {
        let chars: Vec<char> = t.chars().collect();
        for len in 1..=6 {
            for start in (0..chars.len().saturating_sub(len - 1)).step_by(5) {
                out.push(chars[start..start + len].iter().collect());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The indexes hold exactly the rows of `history_index`, and every pattern finds what the scan
/// finds.
fn assert_in_step(h: &History) {
    for fts in ["history_trigrams", "history_bigrams"] {
        let stray: Vec<i64> = column(
            h,
            &format!("SELECT rowid FROM {fts} EXCEPT SELECT id FROM history_index"),
        );
        assert!(
            stray.is_empty(),
            "{fts} holds rows that are gone: {stray:?}"
        );
    }
    let pats = patterns(h);
    assert!(pats.len() > 50, "too few patterns to tell: {}", pats.len());
    for p in &pats {
        assert_eq!(paged(h, p, 3), scanned(h, p), "pattern {p:?}");
    }
}

const NAMES: &[&str] = &[
    "Orders_Sync",
    "orders-sync-2",
    "ÉTÉ_données",
    "数据采集_任务",
    "a\"quote\"",
    "star*name",
    "NEAR(x) AND y",
    "100%_done",
    "x",
    "Straße_İstanbul",
    "pending_jobs",
];

#[test]
fn filters_of_every_length_follow_inserts_answers_settles_and_deletes() {
    let (_d, h) = open();
    let mut ids = Vec::new();
    for (i, name) in NAMES.iter().enumerate() {
        let id = h
            .record_sent(&sent(name, ["prod", "dev", "PROD-EU"][i % 3]))
            .unwrap();
        ids.push(id);
    }
    // Every row pending: found by "pending", not by a task id.
    assert_in_step(&h);
    assert_eq!(paged(&h, "pend", 100).len(), NAMES.len());

    // Answers: ok with a task id, rejected with an error code; the rest stay pending.
    for (i, id) in ids.iter().enumerate().take(8) {
        let mut a = ok(&format!("{:032x}", 0xabc0 + i));
        if i % 3 == 0 {
            a.outcome = Some(Outcome::Rejected);
            a.task_id = None;
            a.error_code = Some("DLG.0818".into());
        }
        h.record_answer(*id, &a).unwrap();
    }
    assert_in_step(&h);
    assert_eq!(paged(&h, "abc1", 100), vec![ids[1]]);
    assert_eq!(paged(&h, "pending", 100), vec![ids[10], ids[9], ids[8]]);

    // Settled as cancelled-unknown (a process that died waiting).
    assert_eq!(h.settle_stale("2026-11-28T11:00:00Z").unwrap(), 3);
    assert_in_step(&h);
    assert_eq!(paged(&h, "pending", 100), vec![ids[10]], "only the name");

    // Deleted: gone from both indexes (the cascade from `history` fires the trigger).
    assert!(h.delete(ids[1]).unwrap());
    assert!(h.delete(ids[10]).unwrap());
    assert_in_step(&h);
    assert!(paged(&h, "abc1", 100).is_empty());
    assert!(paged(&h, "pending", 100).is_empty());
}

#[test]
fn rows_written_by_an_older_ctask_are_indexed_by_the_triggers() {
    let (_d, h) = open();
    let kept = h.record_sent(&sent("kept", "prod")).unwrap();
    // The statements of a ctask from before the indexes, which knows nothing of them.
    let c = h.connection();
    c.execute(
        "INSERT INTO history (sent_at, source, profile, endpoint, project_id, workspace, auth_kind,
           task_name, data_source_type, method, url, request_headers, request_body, outcome)
         VALUES ('2026-11-28T10:00:00.000Z', 'cli', 'old', 'e', 'p', 'w', 'token', 'Legacy_Task',
           'DLI', 'POST', 'u', '{}', '{}', 'pending')",
        [],
    )
    .unwrap();
    let id = c.last_insert_rowid();
    c.execute(
        "INSERT INTO history_index (id, outcome, profile, search)
         VALUES (?1, 'pending', 'old', ?2)",
        params![id, search_text(&["Legacy_Task", "old", "pending"])],
    )
    .unwrap();
    c.execute(
        "UPDATE history_index SET outcome = 'ok', search = ?2 WHERE id = ?1",
        params![id, search_text(&["Legacy_Task", "old", "ok", "feed01"])],
    )
    .unwrap();
    assert_in_step(&h);
    for p in ["y", "fe", "legacy", "FEED01"] {
        assert_eq!(paged(&h, p, 10), vec![id], "{p:?}");
    }
    assert_eq!(paged(&h, "pending", 10), vec![kept]);
}

#[test]
fn a_page_is_full_even_when_an_index_entry_has_lost_its_row() {
    let (_d, h) = open();
    let ids: Vec<i64> = (0..5)
        .map(|i| h.record_sent(&sent(&format!("job_{i}"), "p")).unwrap())
        .collect();
    // A `history` row deleted with foreign keys off (by hand, or an old sqlite3 shell) leaves its
    // `history_index` row and index entries behind.
    let c = h.connection();
    c.execute_batch("PRAGMA foreign_keys=OFF").unwrap();
    c.execute("DELETE FROM history WHERE id = ?1", [ids[3]])
        .unwrap();
    c.execute_batch("PRAGMA foreign_keys=ON").unwrap();
    for text in ["", "j", "jo", "job"] {
        let f = Filter {
            text: text.into(),
            ..Filter::default()
        };
        let page: Vec<i64> = h.page(&f, None, 2).unwrap().iter().map(|r| r.id).collect();
        assert_eq!(page, vec![ids[4], ids[2]], "{text:?}");
    }
}
