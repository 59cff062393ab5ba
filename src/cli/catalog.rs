//! `ctask catalog connections|databases|schemas|tables`: the live catalog a task picks from, paged
//! through the API until complete (`app::catalog`), as an aligned table or `--json`. Errors and exit
//! codes through `app::report`.

use serde_json::{Value, json};

use super::output::{Out, err, out};
use super::shared::{Common, Runtime};
use crate::api::ApiError;
use crate::app::report::{error_json, error_text, exit_code};
use crate::app::{Context, catalog};
use crate::exit;
use crate::store::{Overrides, Paths};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Data connections (of one type with --type)
    Connections {
        /// Connection type, e.g. DLI, DWS
        #[arg(long = "type", value_name = "TYPE")]
        kind: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Databases of a data connection (its name or id)
    Databases {
        /// The data connection's name or id
        connection: String,
        #[command(flatten)]
        common: Common,
    },
    /// Schemas of a database (DWS, PostgreSQL)
    Schemas {
        /// The data connection's name or id
        connection: String,
        /// The database
        database: String,
        #[command(flatten)]
        common: Common,
    },
    /// Tables of a database (whose name contains --filter TEXT, case-insensitive)
    Tables {
        /// The data connection's name or id
        connection: String,
        /// The database
        database: String,
        /// Only tables whose name contains TEXT (case-insensitive)
        #[arg(long, value_name = "TEXT")]
        filter: Option<String>,
        #[command(flatten)]
        common: Common,
    },
}

impl Command {
    fn common(&self) -> &Common {
        match self {
            Command::Connections { common, .. }
            | Command::Databases { common, .. }
            | Command::Schemas { common, .. }
            | Command::Tables { common, .. } => common,
        }
    }
}

/// What a listing prints: column titles and rows, and the JSON.
struct Listing {
    heads: &'static [&'static str],
    rows: Vec<Vec<String>>,
    json: Value,
}

pub fn run(out: &Out, rt: &Runtime, cmd: &Command) -> u8 {
    let common = cmd.common();
    let fail = |code: u8, message: &str| out.fail(common.json, "usage", message, code);
    let paths = match Paths::from_env() {
        Ok(p) => p,
        Err(e) => return fail(exit::USAGE, &e.to_string()),
    };
    let ctx = match Context::resolve(&paths, common.profile.as_deref(), &Overrides::default()) {
        Ok(c) => c,
        Err(e) => return fail(exit::USAGE, &e.to_string()),
    };
    out.warnings(&ctx.warnings);
    let Some(rt) = rt.get() else {
        return fail(exit::FAILED, "cannot start the async runtime");
    };
    match rt.block_on(list(&ctx, cmd, common.json)) {
        Ok(l) => {
            if common.json {
                out.json(&l.json);
            } else {
                out!(out, "{}", table(l.heads, l.rows));
            }
            exit::OK
        }
        Err(e) => {
            if common.json {
                out.json(
                    &json!({"ok": false, "error": error_json(&e), "exit_code": exit_code(&e)}),
                );
            } else {
                err!(out, "{}", error_text(&e, &ctx.error_host(true)));
            }
            exit_code(&e)
        }
    }
}

/// The listing as rows (cells already cut to `table::MAX_CELL`) or, for `--json`, as JSON.
async fn list(ctx: &Context, cmd: &Command, json_out: bool) -> Result<Listing, ApiError> {
    let s = &ctx.session;
    Ok(match cmd {
        Command::Connections { kind, .. } => {
            let all = catalog::connections(s, kind.as_deref()).await?;
            Listing {
                heads: &["NAME", "ID", "TYPE", "DESCRIPTION"],
                rows: all
                    .iter()
                    .map(|c| {
                        vec![
                            cell(&c.name),
                            cell(&c.id),
                            cell(&c.kind),
                            cell(&c.description),
                        ]
                    })
                    .collect(),
                json: if json_out { json!(all) } else { Value::Null },
            }
        }
        Command::Databases { connection, .. } => {
            let c = catalog::find_connection(s, connection).await?;
            let all = catalog::databases(s, &c.id).await?;
            Listing {
                heads: &["DATABASE"],
                rows: all.iter().map(|d| vec![cell(d)]).collect(),
                json: if json_out {
                    json!({"connection": c, "databases": all})
                } else {
                    Value::Null
                },
            }
        }
        Command::Schemas {
            connection,
            database,
            ..
        } => {
            let c = catalog::find_connection(s, connection).await?;
            let all = catalog::schemas(s, &c.id, database).await?;
            Listing {
                heads: &["SCHEMA"],
                rows: all.iter().map(|d| vec![cell(d)]).collect(),
                json: if json_out {
                    json!({"connection": c, "database": database, "schemas": all})
                } else {
                    Value::Null
                },
            }
        }
        Command::Tables {
            connection,
            database,
            filter,
            ..
        } => {
            let c = catalog::find_connection(s, connection).await?;
            let all = catalog::tables(s, &c.id, database, filter.as_deref()).await?;
            Listing {
                heads: &["TABLE", "SCHEMA", "ID"],
                rows: all
                    .iter()
                    .map(|t| {
                        vec![
                            cell(&t.name),
                            cell(t.schema.as_deref().unwrap_or_default()),
                            cell(&t.id),
                        ]
                    })
                    .collect(),
                json: if json_out {
                    json!({"connection": c, "database": database, "count": all.len(), "tables": all})
                } else {
                    Value::Null
                },
            }
        }
    })
}

/// A table cell: escaped and cut to `table::MAX_CELL` columns, so a listing of fat names holds
/// only what is shown.
fn cell(s: &str) -> String {
    super::table::fit(s, super::table::MAX_CELL)
}

/// Columns padded to their widest cell; an empty listing says so.
fn table(heads: &[&str], rows: Vec<Vec<String>>) -> String {
    if rows.is_empty() {
        return "(none)\n".to_string();
    }
    let mut all = vec![heads.iter().map(|h| (*h).to_string()).collect::<Vec<_>>()];
    all.extend(rows);
    super::table::render(&all, super::table::MAX_CELL)
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_align() {
        let t = super::table(
            &["A", "B"],
            vec![
                vec!["long".into(), "x".into()],
                vec!["s".into(), "y".into()],
            ],
        );
        assert_eq!(t, "A     B\nlong  x\ns     y\n");
        assert_eq!(super::table(&["A"], vec![]), "(none)\n");
    }
}
