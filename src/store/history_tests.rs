//! History against a real SQLite file in a temp dir.

use super::*;

pub(super) fn sent(name: &str, profile: &str) -> Sent {
    Sent {
        sent_at: "2026-11-28T10:00:00.000Z".into(),
        source: "cli".into(),
        profile: profile.into(),
        endpoint: "http://127.0.0.1:1".into(),
        project_id: "p".into(),
        workspace: "w".into(),
        auth_kind: "token".into(),
        task_name: name.into(),
        data_source_type: "DLI".into(),
        method: "POST".into(),
        url: "http://127.0.0.1:1/v3/p/metadata/tasks/create".into(),
        request_headers: r#"{"x-auth-token":"******"}"#.into(),
        request_body: format!(r#"{{"name":"{name}"}}"#),
    }
}

pub(super) fn ok(task_id: &str) -> Answered {
    Answered {
        answered_at: "2026-11-28T10:00:01.000Z".into(),
        duration_ms: 12,
        status: Some(200),
        task_id: Some(task_id.into()),
        outcome: Some(Outcome::Ok),
        ..Answered::default()
    }
}

pub(super) fn open() -> (tempfile::TempDir, History) {
    let dir = tempfile::tempdir().unwrap();
    let (h, aside) = History::open(&dir.path().join("ctask.db")).unwrap();
    assert!(aside.is_none());
    (dir, h)
}

#[test]
fn a_row_is_pending_until_answered() {
    let (_d, h) = open();
    let id = h.record_sent(&sent("t1", "prod")).unwrap();
    assert_eq!(h.get(id).unwrap().unwrap().outcome, Outcome::Pending);
    h.record_answer(id, &ok("8a9480ed8353e491018354b87f63009e"))
        .unwrap();
    let e = h.get(id).unwrap().unwrap();
    assert_eq!(e.outcome, Outcome::Ok);
    assert_eq!(
        e.answered.task_id.as_deref(),
        Some("8a9480ed8353e491018354b87f63009e")
    );
    assert_eq!(e.sent.request_headers, r#"{"x-auth-token":"******"}"#);
}

#[test]
fn pages_newest_first_and_filters() {
    let (_d, h) = open();
    for i in 0..30 {
        let id = h
            .record_sent(&sent(
                &format!("task_{i}"),
                if i % 2 == 0 { "prod" } else { "dev" },
            ))
            .unwrap();
        let mut a = ok(&format!("{i:032x}"));
        if i % 3 == 0 {
            a.outcome = Some(Outcome::Rejected);
            a.error_code = Some("DLG.0818".into());
            a.task_id = None;
        }
        h.record_answer(id, &a).unwrap();
    }
    let first = h.page(&Filter::default(), None, 10).unwrap();
    assert_eq!(first.len(), 10);
    assert_eq!(first[0].task_name, "task_29");
    let next = h.page(&Filter::default(), Some(first[9].id), 10).unwrap();
    assert_eq!(next[0].task_name, "task_19");
    let dlg = Filter {
        text: "dlg.0818".into(),
        ..Filter::default()
    };
    assert_eq!(h.page(&dlg, None, 100).unwrap().len(), 10);
    let dev_ok = Filter {
        outcome: Some(Outcome::Ok),
        profile: Some("dev".into()),
        ..Filter::default()
    };
    assert!(
        h.page(&dev_ok, None, 100)
            .unwrap()
            .iter()
            .all(|s| s.profile == "dev" && s.outcome == Outcome::Ok)
    );
    let by_id = Filter {
        text: format!("{:032x}", 7),
        ..Filter::default()
    };
    assert_eq!(h.page(&by_id, None, 100).unwrap()[0].task_name, "task_7");
    let literal = Filter {
        text: "task\\_1%".into(),
        ..Filter::default()
    };
    assert!(
        h.page(&literal, None, 100).unwrap().is_empty(),
        "filter characters are literal"
    );
}

#[test]
fn delete_and_settle_stale() {
    let (_d, h) = open();
    let a = h.record_sent(&sent("a", "p")).unwrap();
    let b = h.record_sent(&sent("b", "p")).unwrap();
    assert!(h.delete(a).unwrap());
    assert!(h.get(a).unwrap().is_none());
    assert_eq!(h.settle_stale("2026-11-28T09:00:00Z").unwrap(), 0);
    assert_eq!(h.settle_stale("2026-11-28T11:00:00Z").unwrap(), 1);
    assert_eq!(
        h.get(b).unwrap().unwrap().outcome,
        Outcome::CancelledUnknown
    );
    let f = Filter {
        text: "cancelled".into(),
        ..Filter::default()
    };
    assert_eq!(h.page(&f, None, 10).unwrap().len(), 1);
}

#[test]
fn settling_keeps_names_and_profiles_holding_pending_searchable() {
    let (_d, h) = open();
    let id = h
        .record_sent(&sent("Pending_Orders_sync", "pending-prod"))
        .unwrap();
    assert_eq!(h.settle_stale("2026-11-28T11:00:00Z").unwrap(), 1);
    for text in ["pending_orders", "pending-prod", "cancelled-unknown"] {
        let f = Filter {
            text: text.into(),
            ..Filter::default()
        };
        let found: Vec<i64> = h.page(&f, None, 10).unwrap().iter().map(|s| s.id).collect();
        assert_eq!(found, vec![id], "{text:?} no longer finds the row");
    }
    let f = Filter {
        text: "cancelled-unknown_orders".into(),
        ..Filter::default()
    };
    assert!(
        h.page(&f, None, 10).unwrap().is_empty(),
        "the name was rewritten"
    );
}

#[test]
fn response_body_is_capped() {
    let (_d, h) = open();
    let id = h.record_sent(&sent("big", "p")).unwrap();
    let mut a = ok("x");
    a.response_body = Some("é".repeat(BODY_CAP));
    h.record_answer(id, &a).unwrap();
    let body = h.get(id).unwrap().unwrap().answered.response_body.unwrap();
    assert!(body.len() <= BODY_CAP);
}

#[test]
fn corrupt_file_is_set_aside_and_a_fresh_one_started() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ctask.db");
    std::fs::write(
        &path,
        b"this is not a database, just text that a crash left behind",
    )
    .unwrap();
    let (h, aside) = History::open(&path).unwrap();
    let aside = aside.expect("set aside");
    assert!(aside.exists() && aside.to_string_lossy().contains("corrupt-"));
    assert_eq!(std::fs::read(&aside).unwrap()[..7], *b"this is");
    assert_eq!(h.count().unwrap(), 0);
}

#[test]
fn truncated_database_is_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ctask.db");
    {
        let (h, _) = History::open(&path).unwrap();
        for i in 0..500 {
            h.record_sent(&sent(&format!("t{i}"), "p")).unwrap();
        }
        h.connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    let len = std::fs::metadata(&path).unwrap().len();
    let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    f.set_len(len / 3).unwrap();
    drop(f);
    let (h, aside) = History::open(&path).unwrap();
    assert!(aside.is_some(), "a truncated file must be noticed");
    assert_eq!(h.count().unwrap(), 0);
}

#[test]
fn two_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ctask.db");
    History::open(&path).unwrap();
    let threads: Vec<_> = (0..2)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                let (h, _) = History::open(&path).unwrap();
                for i in 0..50 {
                    let id = h.record_sent(&sent(&format!("w{t}_{i}"), "p")).unwrap();
                    h.record_answer(id, &ok("x")).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(History::open(&path).unwrap().0.count().unwrap(), 100);
}

#[test]
fn writes_nest_inside_a_callers_transaction() {
    let (_d, h) = open();
    h.connection().execute_batch("BEGIN").unwrap();
    for i in 0..10 {
        let id = h.record_sent(&sent(&format!("bulk_{i}"), "p")).unwrap();
        h.record_answer(id, &ok("x")).unwrap();
    }
    h.connection().execute_batch("COMMIT").unwrap();
    assert_eq!(h.count().unwrap(), 10);
}

#[test]
fn a_row_never_answered_says_so_instead_of_0_ms() {
    let (_d, h) = open();
    let id = h.record_sent(&sent("t", "p")).unwrap();
    let e = h.get(id).unwrap().unwrap();
    assert_eq!(e.answered.waited(), "never answered");
    h.record_answer(id, &ok("x")).unwrap();
    let w = h.get(id).unwrap().unwrap().answered.waited();
    assert!(
        w.starts_with("answered 2026-11-28T10:00:01.000Z in "),
        "{w}"
    );
}
