//! The SQLite file behind history and drafts: opened in WAL mode so two running copies of ctask can
//! write at once, upgraded by numbered migrations, and set aside (never deleted) when it is corrupt.
//! Disk only.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode};

/// A failure of the history and drafts database, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{}: {}", path.display(), explain(source))]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl DbError {
    pub fn sqlite(path: &Path, source: rusqlite::Error) -> Self {
        DbError::Sqlite {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn io(path: &Path, source: std::io::Error) -> Self {
        DbError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

fn explain(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => {
            "the disk is full: free some space; nothing already saved was lost".into()
        }
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            format!("cannot write the database ({e}): check the folder's permissions")
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            format!("the database stayed locked by another ctask ({e}): try again")
        }
        _ => e.to_string(),
    }
}

/// The `history_bigrams` text of a search text `$s` (an SQL expression): the hex of every
/// 2-character window and of the last character alone, space-separated (hex, so the `ascii`
/// tokenizer keeps every window whole, whatever characters it holds). A recursive CTE in a
/// subquery, which SQLite allows inside a trigger.
macro_rules! bigrams_of {
    ($s:literal) => {
        concat!(
            "(SELECT group_concat(hex(substr(",
            $s,
            ", n, 2)), ' ') FROM (WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < length(",
            $s,
            ")) SELECT n FROM p))"
        )
    };
}

/// Each entry upgrades the schema by one version (`PRAGMA user_version`). Never edit one that shipped.
const MIGRATIONS: &[&str] = &[
    // 1: history and drafts.
    "CREATE TABLE history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sent_at TEXT NOT NULL,
        answered_at TEXT,
        duration_ms INTEGER,
        source TEXT NOT NULL,
        profile TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        project_id TEXT NOT NULL,
        workspace TEXT NOT NULL,
        auth_kind TEXT NOT NULL,
        task_name TEXT NOT NULL,
        data_source_type TEXT NOT NULL,
        method TEXT NOT NULL,
        url TEXT NOT NULL,
        request_headers TEXT NOT NULL,
        request_body TEXT NOT NULL,
        status INTEGER,
        response_headers TEXT,
        response_body TEXT,
        task_id TEXT,
        error_code TEXT,
        error_message TEXT,
        request_id TEXT,
        outcome TEXT NOT NULL
    );
    -- A narrow copy of what the filter reads, so a filter scans small rows, not request bodies.
    CREATE TABLE history_index (
        id INTEGER PRIMARY KEY REFERENCES history(id) ON DELETE CASCADE,
        outcome TEXT NOT NULL,
        profile TEXT NOT NULL,
        search TEXT NOT NULL
    );
    CREATE TABLE drafts (
        name TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        meta TEXT NOT NULL DEFAULT '{}',
        updated_at TEXT NOT NULL
    );",
    // 2: finding rows still pending must not scan the whole history.
    "CREATE INDEX history_pending ON history_index(id) WHERE outcome = 'pending';",
    // 3: a filter finds its rows through an index instead of reading every `history_index` row
    // (`history_search.rs`). Contentless (the text stays in `history_index`); triggers on
    // `history_index` keep both in step with every write, whichever ctask makes it, and the rows
    // already there are indexed here, in the migration's transaction.
    concat!(
        "CREATE VIRTUAL TABLE history_trigrams USING fts5(
            search, content='', contentless_delete=1, tokenize='trigram case_sensitive 1');
        CREATE VIRTUAL TABLE history_bigrams USING fts5(
            grams, content='', contentless_delete=1, detail=none, tokenize='ascii', prefix='2');
        INSERT INTO history_trigrams(rowid, search) SELECT id, search FROM history_index;
        INSERT INTO history_bigrams(rowid, grams) SELECT id, ",
        bigrams_of!("search"),
        " FROM history_index;
        INSERT INTO history_trigrams(history_trigrams) VALUES ('optimize');
        INSERT INTO history_bigrams(history_bigrams) VALUES ('optimize');
        CREATE TRIGGER history_index_insert AFTER INSERT ON history_index BEGIN
            INSERT INTO history_trigrams(rowid, search) VALUES (new.id, new.search);
            INSERT INTO history_bigrams(rowid, grams) VALUES (new.id, ",
        bigrams_of!("new.search"),
        ");
        END;
        CREATE TRIGGER history_index_delete AFTER DELETE ON history_index BEGIN
            DELETE FROM history_trigrams WHERE rowid = old.id;
            DELETE FROM history_bigrams WHERE rowid = old.id;
        END;
        CREATE TRIGGER history_index_update AFTER UPDATE OF id, search ON history_index BEGIN
            DELETE FROM history_trigrams WHERE rowid = old.id;
            DELETE FROM history_bigrams WHERE rowid = old.id;
            INSERT INTO history_trigrams(rowid, search) VALUES (new.id, new.search);
            INSERT INTO history_bigrams(rowid, grams) VALUES (new.id, ",
        bigrams_of!("new.search"),
        ");
        END;"
    ),
];

/// An open database, and the path a corrupt predecessor was moved to, if one was.
pub struct Opened {
    pub conn: Connection,
    pub set_aside: Option<PathBuf>,
}

/// Opens (creating if needed) the database at `path`. A file that is not a database or is corrupt is
/// moved to `<name>.corrupt-<timestamp>-<unique>` with its WAL, and a fresh one is started. Several
/// ctask meeting the same corrupt file at once take turns under `<name>.lock`: the first sets it aside,
/// the others find the fresh one; the damaged original is never overwritten.
pub fn open(path: &Path) -> Result<Opened, DbError> {
    match open_patiently(path) {
        Ok(conn) => Ok(Opened {
            conn,
            set_aside: None,
        }),
        Err(e) if is_corruption(&e) => {
            let lock = PathBuf::from(format!("{}.lock", path.display()));
            let _held = super::locked::exclusive(&lock).map_err(|e| DbError::io(&lock, e))?;
            // Another ctask may have set it aside while this one waited.
            match open_patiently(path) {
                Ok(conn) => {
                    return Ok(Opened {
                        conn,
                        set_aside: None,
                    });
                }
                Err(e) if is_corruption(&e) => {}
                Err(e) => return Err(DbError::sqlite(path, e)),
            }
            let aside = set_aside(path)?;
            let conn = open_patiently(path).map_err(|e| DbError::sqlite(path, e))?;
            Ok(Opened {
                conn,
                set_aside: Some(aside),
            })
        }
        Err(e) => Err(DbError::sqlite(path, e)),
    }
}

/// How long opening waits for another ctask that holds the file (e.g. while it switches it to WAL or
/// runs WAL recovery, which SQLite reports as busy without calling the busy handler).
const OPEN_PATIENCE: Duration = Duration::from_secs(10);

fn open_patiently(path: &Path) -> rusqlite::Result<Connection> {
    let give_up = std::time::Instant::now() + OPEN_PATIENCE;
    loop {
        match open_and_migrate(path) {
            Err(e) if is_busy(&e) && std::time::Instant::now() < give_up => {
                std::thread::sleep(Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// How long a statement waits for another ctask's write lock before it gives up.
const BUSY_WAIT: Duration = Duration::from_secs(10);

fn open_and_migrate(path: &Path) -> rusqlite::Result<Connection> {
    create_private(path);
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_WAIT)?;
    // Reading the header first: garbage fails here with NotADatabase.
    conn.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))?;
    conn.execute_batch("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")?;
    // Quitting must be instant: the WAL is checkpointed as it grows, not on close.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )?;
    if migrate(&mut conn)? {
        // A migration may have written the whole history again (migration 3 indexes every row):
        // fold that WAL into the file now, so reads do not go through it. Another reader may hold
        // it back: then this waits a moment at most, and the WAL is folded later, as usual.
        conn.busy_timeout(Duration::from_millis(100))?;
        let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        conn.busy_timeout(BUSY_WAIT)?;
    }
    // Touch every table so a truncated file shows itself now rather than mid-session.
    conn.query_row(
        "SELECT count(*) FROM (SELECT id FROM history ORDER BY id DESC LIMIT 1)",
        [],
        |_| Ok(()),
    )?;
    conn.query_row("SELECT count(*) FROM drafts", [], |_| Ok(()))?;
    Ok(conn)
}

/// Creates a missing database file 0600 (history holds request and response bodies); SQLite gives
/// its WAL and SHM the same mode. An existing file is left as it is; a failure here shows up in open.
fn create_private(path: &Path) {
    let _ = crate::platform::create_with_mode(
        std::fs::OpenOptions::new().write(true).create_new(true),
        0o600,
    )
    .open(path);
}

/// Runs the migrations the file lacks, all in one transaction; true when it ran any.
fn migrate(conn: &mut Connection) -> rusqlite::Result<bool> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let from = usize::try_from(version).unwrap_or(0);
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from) {
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
    }
    tx.commit()?;
    Ok(from < MIGRATIONS.len())
}

fn is_corruption(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

/// Moves the database and its WAL and SHM to a name no other file has (called under the lock).
fn set_aside(path: &Path) -> Result<PathBuf, DbError> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.6fZ");
    let unique = &uuid::Uuid::new_v4().simple().to_string()[..8];
    let aside = path.with_extension(format!("corrupt-{stamp}-{unique}"));
    move_no_clobber(path, &aside)?;
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", path.display()));
        if side.exists() {
            let to = PathBuf::from(format!("{}{suffix}", aside.display()));
            move_no_clobber(&side, &to)?;
        }
    }
    Ok(aside)
}

/// `rename` that fails rather than replace an existing `to` (a hard link, then the old name goes).
fn move_no_clobber(from: &Path, to: &Path) -> Result<(), DbError> {
    std::fs::hard_link(from, to).map_err(|e| DbError::io(to, e))?;
    std::fs::remove_file(from).map_err(|e| DbError::io(from, e))
}

#[cfg(test)]
#[path = "db_tests.rs"]
mod tests;
