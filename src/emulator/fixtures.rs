//! The catalog data the emulator serves (data connections, databases, schemas, tables), embedded
//! from `assets/emulator/` and parsed on first use only, so `spawn` stays cheap for the TUI's first
//! frame. Read-only after parsing.

use std::sync::OnceLock;

use axum::http::StatusCode;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::errors::{ApiError, code};

const CONNECTIONS: &str = include_str!("../../assets/emulator/connections.json");
const WAREHOUSE_TABLES: &str = include_str!("../../assets/emulator/warehouse_tables.json");

#[derive(Clone, Debug, Deserialize)]
pub struct Connection {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub description: String,
    pub create_time: i64,
    pub databases: Vec<Database>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Database {
    pub name: String,
    pub description: String,
    /// Schemas (DWS, PostgreSQL); tables are then named `schema.table`.
    #[serde(default)]
    pub schemas: Vec<String>,
    #[serde(default)]
    pub tables: Vec<String>,
    /// Another fixture file holding the table names (a JSON array).
    #[serde(default)]
    tables_file: Option<String>,
}

impl Database {
    /// `(schema, table)` for a stored table name.
    pub fn split(name: &str) -> (Option<&str>, &str) {
        match name.split_once('.') {
            Some((schema, table)) => (Some(schema), table),
            None => (None, name),
        }
    }
}

/// A stable 32-hex id for a table, so repeated listings agree.
pub fn table_id(connection: &str, database: &str, table: &str) -> String {
    let digest = Sha256::digest(format!("{connection}/{database}/{table}").as_bytes());
    hex::encode(&digest[..16])
}

fn parse() -> Result<Vec<Connection>, String> {
    let mut all: Vec<Connection> =
        serde_json::from_str(CONNECTIONS).map_err(|e| format!("connections.json: {e}"))?;
    for db in all.iter_mut().flat_map(|c| c.databases.iter_mut()) {
        match db.tables_file.take().as_deref() {
            None => {}
            Some("warehouse_tables") => {
                db.tables = serde_json::from_str(WAREHOUSE_TABLES)
                    .map_err(|e| format!("warehouse_tables.json: {e}"))?;
            }
            Some(other) => return Err(format!("unknown tables_file {other}")),
        }
    }
    Ok(all)
}

/// Every fixture connection, parsed once.
pub fn connections() -> Result<&'static [Connection], ApiError> {
    static CATALOG: OnceLock<Result<Vec<Connection>, String>> = OnceLock::new();
    match CATALOG.get_or_init(parse) {
        Ok(all) => Ok(all),
        Err(e) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            code::FIXTURE,
            format!("emulator fixture is broken: {e}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures_parse_with_the_seed_connection_and_the_big_database() {
        let all = connections().unwrap();
        let dli = all.iter().find(|c| c.name == "dli_test").unwrap();
        assert_eq!(dli.id, "14bb947454e64de784eadaab759081e8");
        assert_eq!(dli.kind, "DLI");
        let big = dli
            .databases
            .iter()
            .find(|d| d.name == "warehouse")
            .unwrap();
        assert_eq!(big.tables.len(), 5000);
        assert!(all.len() >= 4);
        assert_eq!(table_id("a", "b", "c").len(), 32);
    }
}
