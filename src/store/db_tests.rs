//! The database file against real SQLite in a temp dir: modes, and the migrations of an old file.

use super::*;

#[cfg(unix)]
#[test]
fn a_new_database_and_its_wal_and_shm_are_0600_in_a_0755_folder() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = dir.path().join("ctask.db");
    let opened = open(&path).unwrap();
    opened
        .conn
        .execute(
            "INSERT INTO drafts (name, body, updated_at) VALUES ('a', '{}', 'now')",
            [],
        )
        .unwrap();
    for f in ["ctask.db", "ctask.db-wal", "ctask.db-shm"] {
        let mode = std::fs::metadata(dir.path().join(f))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{f}");
    }
}

/// A database as a ctask from before the filter indexes left it (schema version 2), holding
/// `names` as answered rows written by that ctask's statements.
fn version_2(path: &Path, names: &[&str]) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA journal_mode=WAL").unwrap();
    for sql in &MIGRATIONS[..2] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch("PRAGMA user_version = 2").unwrap();
    for (i, name) in names.iter().enumerate() {
        conn.execute(
            "INSERT INTO history (sent_at, source, profile, endpoint, project_id, workspace,
               auth_kind, task_name, data_source_type, method, url, request_headers, request_body,
               outcome, task_id)
             VALUES ('2026-11-28T10:00:00.000Z', 'cli', 'prod', 'e', 'p', 'w', 'token', ?1, 'DLI',
               'POST', 'u', '{}', '{}', 'ok', ?2)",
            rusqlite::params![name, format!("{i:032x}")],
        )
        .unwrap();
        let search = format!("{name}\u{1f}prod\u{1f}ok\u{1f}{i:032x}\u{1f}").to_lowercase();
        conn.execute(
            "INSERT INTO history_index (id, outcome, profile, search) VALUES (?1, 'ok', 'prod', ?2)",
            rusqlite::params![conn.last_insert_rowid(), search],
        )
        .unwrap();
    }
}

fn names_found(path: &Path, text: &str) -> Vec<String> {
    let (h, _) = crate::store::history::History::open(path).unwrap();
    let f = crate::store::history::Filter {
        text: text.into(),
        ..Default::default()
    };
    h.page(&f, None, 100)
        .unwrap()
        .into_iter()
        .map(|r| r.task_name)
        .collect()
}

fn user_version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_old_database_gets_its_filter_indexes_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ctask.db");
    version_2(&path, &["Orders_Sync", "billing", "Orders_Daily"]);
    assert_eq!(
        names_found(&path, "orders"),
        ["Orders_Daily", "Orders_Sync"]
    );
    assert_eq!(user_version(&path), MIGRATIONS.len() as i64);
    assert_eq!(names_found(&path, "b"), ["billing"]);
    assert_eq!(names_found(&path, "_s"), ["Orders_Sync"]);
    assert_eq!(names_found(&path, "0001"), ["billing"]);
    assert!(names_found(&path, "w").is_empty());
}

#[test]
fn a_migration_that_fails_leaves_the_old_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ctask.db");
    version_2(&path, &["kept"]);
    // Something in the way of migration 3's first table: the migration must fail whole.
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE history_trigrams (x)")
        .unwrap();
    assert!(open(&path).is_err());
    let conn = Connection::open(&path).unwrap();
    assert_eq!(user_version(&path), 2);
    let objects: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name LIKE 'history_bigrams%' OR type = 'trigger'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(objects, 0, "nothing of migration 3 was kept");
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM history_index", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 1);
}

#[test]
fn a_database_from_a_newer_ctask_opens_and_keeps_its_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ctask.db");
    drop(open(&path).unwrap());
    let later = MIGRATIONS.len() as i64 + 5;
    Connection::open(&path)
        .unwrap()
        .execute_batch(&format!("PRAGMA user_version = {later}"))
        .unwrap();
    let (h, aside) = crate::store::history::History::open(&path).unwrap();
    assert!(aside.is_none());
    h.record_sent(&crate::store::history::Sent {
        task_name: "new_one".into(),
        ..Default::default()
    })
    .unwrap();
    drop(h);
    assert_eq!(user_version(&path), later);
    assert_eq!(names_found(&path, "ne"), ["new_one"]);
}
