//! The catalog listings a task form picks from: data connections, databases, schemas and tables,
//! each paged through the API (`limit` ≤ 1000, `offset`) until complete, for the CLI's `ctask catalog`
//! and the TUI's pickers. A connection is named by its name or its id. Network through `api::Session`.

use serde_json::Value;

use super::paging::{self, Guard};
use crate::api::{ApiError, Page, Session};

/// The service returns at most this many items per call.
pub const PAGE_LIMIT: u32 = 1000;

/// A data connection as the picker and `ctask catalog connections` show it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Connection {
    pub id: String,
    pub name: String,
    /// `dw_type` as the service sends it (`DLI`, `DWS`, …).
    #[serde(rename = "type")]
    pub kind: String,
    pub description: String,
}

/// A table: its database, its schema (DWS, PostgreSQL) and its name.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Table {
    pub database: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub name: String,
    pub id: String,
}

impl Table {
    /// How `task_config.tableName` writes it: `db.table`, or `db.schema.table` under a schema.
    pub fn qualified(&self) -> String {
        match &self.schema {
            Some(s) => format!("{}.{s}.{}", self.database, self.name),
            None => format!("{}.{}", self.database, self.name),
        }
    }
}

/// The connection type (`type` filter, `dw_type`) for a task's `data_source_type`, where ctask knows
/// it (the emulator's fixtures carry these); `None`: list every connection.
pub fn connection_type(data_source_type: &str) -> Option<&'static str> {
    match data_source_type.trim().to_ascii_uppercase().as_str() {
        "DLI" => Some("DLI"),
        "DWS" => Some("DWS"),
        "HIVE" => Some("HIVE"),
        "MYSQL" => Some("MYSQL"),
        "POSTGRESQL" => Some("POSTGRESQL"),
        _ => None,
    }
}

fn text(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// Calls `page_call(page)` from offset 0 until the listing is complete, under a `paging::Guard`,
/// and returns every item of `list_key` as `item` makes it, keyed by the first of `keys` (each
/// page's JSON is dropped once read). Complete: when the answer states a total (`total_key`, a
/// whole number), once that many items have come, or at an empty page or a page of nothing new (a
/// service may send fewer than the `limit` asked per page: the API page of the data-connection list
/// gives its per-page `count` a maximum of 50); without a total, at a short page as well.
async fn all_pages<T, F>(
    session: &Session,
    list_key: &str,
    total_key: &str,
    keys: &[&str],
    page_call: F,
    item: impl Fn(&Value) -> T,
) -> Result<Vec<T>, ApiError>
where
    F: Fn(&Page) -> crate::api::HttpRequest,
{
    let mut out: Vec<T> = Vec::new();
    let mut guard = Guard::default();
    loop {
        let page = Page {
            limit: Some(PAGE_LIMIT),
            offset: Some(u32::try_from(out.len()).unwrap_or(u32::MAX)),
        };
        let (body, bytes) = session.call_json_sized(page_call(&page)).await?;
        let items: &[Value] = match body.get(list_key) {
            Some(Value::Array(a)) => a,
            Some(Value::Null) | None => &[],
            Some(_) => {
                return Err(ApiError::BadResponse {
                    status: 200,
                    reason: format!("'{list_key}' is not a list"),
                    excerpt: String::new(),
                    request_id: None,
                });
            }
        };
        let full = items.len() >= PAGE_LIMIT as usize;
        let more = guard.take(bytes, items.iter().map(|v| paging::key(v, keys)), full)?;
        let fresh = guard.last_was_new();
        if fresh {
            out.extend(items.iter().map(&item));
        }
        let total = body.get(total_key).and_then(Value::as_u64);
        if !wants_more(total, fresh, out.len(), more) {
            return Ok(out);
        }
    }
}

/// Whether a listing asks for the next page, given the stated total (if any), whether the last page
/// held anything new, the items so far, and the guard's verdict (`more`: a full page of new items).
/// A stated total outranks a short page (a service may cap its pages below the `limit` asked); the
/// guard's caps bound a total that lies. Without a total, only a full page asks for more.
fn wants_more(total: Option<u64>, fresh: bool, have: usize, more: bool) -> bool {
    match total {
        Some(total) => fresh && (have as u64) < total,
        None => more,
    }
}

/// Every data connection, of `kind` when given.
pub async fn connections(
    session: &Session,
    kind: Option<&str>,
) -> Result<Vec<Connection>, ApiError> {
    let t = &session.target;
    // SDK `ListDataconnectionsResponse`: `total_size` is the total; `count` is this page's
    // records and `max_records` the workspace's quota of 50 (API page "查询数据连接列表"), so
    // neither is read as a total. Without `total_size`, a short page ends the listing.
    all_pages(
        session,
        "data_connection_lists",
        "total_size",
        &["dw_id", "dw_name"],
        |p| t.data_connections(None, kind, p),
        |c| Connection {
            id: text(c, "dw_id"),
            name: text(c, "dw_name"),
            kind: text(c, "dw_type"),
            description: text(c, "description"),
        },
    )
    .await
}

/// The connection whose id or name is `name_or_id` (an id wins over a name).
pub async fn find_connection(session: &Session, name_or_id: &str) -> Result<Connection, ApiError> {
    let all = connections(session, None).await?;
    pick_connection(&all, name_or_id).cloned().ok_or_else(|| {
        ApiError::Setup(format!(
            "no data connection is named or has the id '{name_or_id}' (ctask catalog connections lists them)"
        ))
    })
}

/// The connection in `all` with this id, else this name.
pub fn pick_connection<'a>(all: &'a [Connection], name_or_id: &str) -> Option<&'a Connection> {
    all.iter()
        .find(|c| c.id == name_or_id)
        .or_else(|| all.iter().find(|c| c.name == name_or_id))
}

/// Every database of a connection (by id).
pub async fn databases(session: &Session, connection_id: &str) -> Result<Vec<String>, ApiError> {
    let t = &session.target;
    // SDK `ListDatabasesResponse`: `total_count` is the total.
    all_pages(
        session,
        "databases",
        "total_count",
        &["database_name"],
        |p| t.databases(connection_id, p),
        |d| text(d, "database_name"),
    )
    .await
}

/// Every schema of a database (DWS, PostgreSQL; other types have none).
pub async fn schemas(
    session: &Session,
    connection_id: &str,
    database: &str,
) -> Result<Vec<String>, ApiError> {
    let t = &session.target;
    // SDK `ListSchemasResponse`: `total_count` is the total.
    all_pages(
        session,
        "schemas",
        "total_count",
        &["schema_name"],
        |p| t.schemas(connection_id, database, p),
        |s| text(s, "schema_name"),
    )
    .await
}

/// Every table of a database whose name contains `filter` (the service filters, case-insensitive).
pub async fn tables(
    session: &Session,
    connection_id: &str,
    database: &str,
    filter: Option<&str>,
) -> Result<Vec<Table>, ApiError> {
    let t = &session.target;
    let filter = filter.filter(|f| !f.is_empty());
    // SDK `ListDataTablesResponse`: `total_count` is the total.
    all_pages(
        session,
        "tables",
        "total_count",
        &["table_id"],
        |p| t.tables(connection_id, database, filter, p),
        |v| Table {
            database: Some(text(v, "database_name"))
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| database.to_string()),
            schema: Some(text(v, "schema_name")).filter(|s| !s.is_empty()),
            name: text(v, "table_name"),
            id: text(v, "table_id"),
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stated_total_outranks_a_short_page_but_not_a_page_of_nothing_new() {
        // 50 of 120 came on a page capped at 50 (short of the 1000 asked): ask on.
        assert!(wants_more(Some(120), true, 50, false));
        assert!(!wants_more(Some(120), true, 120, false), "all came");
        assert!(!wants_more(Some(120), false, 50, false), "nothing new");
        assert!(!wants_more(Some(0), false, 0, false), "empty");
        // No total (e.g. a connections answer without `total_size`): the page decides.
        assert!(wants_more(None, true, 1000, true));
        assert!(!wants_more(None, true, 50, false));
    }

    #[test]
    fn types_map_where_known_and_tables_qualify() {
        assert_eq!(connection_type("dli"), Some("DLI"));
        assert_eq!(connection_type("OBS"), None);
        assert_eq!(connection_type("whatever"), None);
        let t = Table {
            database: "gaussdb".into(),
            schema: Some("finance".into()),
            name: "ledger".into(),
            id: String::new(),
        };
        assert_eq!(t.qualified(), "gaussdb.finance.ledger");
        let all = vec![
            Connection {
                id: "a1".into(),
                name: "x".into(),
                kind: "DLI".into(),
                description: String::new(),
            },
            Connection {
                id: "x".into(),
                name: "y".into(),
                kind: "DWS".into(),
                description: String::new(),
            },
        ];
        assert_eq!(
            pick_connection(&all, "x").map(|c| c.name.as_str()),
            Some("y")
        );
        assert_eq!(
            pick_connection(&all, "a1").map(|c| c.name.as_str()),
            Some("x")
        );
        assert!(pick_connection(&all, "z").is_none());
    }
}
