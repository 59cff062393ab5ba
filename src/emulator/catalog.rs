//! The read-only Catalog routes a task form needs for its pickers: data connections, databases,
//! schemas, tables (api-notes.md section 5, with limit and offset) and workspaces, served from the
//! fixtures. Same checks as the task routes: credentials, workspace, project.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::auth::{Call, authenticate, authorize, check_project};
use super::errors::{ApiError, code};
use super::fixtures::{Connection, Database, connections, table_id};
use super::paging::Page;
use super::state::Shared;

fn find_connection(id: &str) -> Result<&'static Connection, ApiError> {
    connections()?.iter().find(|c| c.id == id).ok_or_else(|| {
        ApiError::bad_request(
            code::NO_CONNECTION,
            format!("The data connection {id} does not exist"),
        )
    })
}

fn find_database<'a>(conn: &'a Connection, call: &Call) -> Result<&'a Database, ApiError> {
    let Some(name) = call.param("database_name").filter(|s| !s.is_empty()) else {
        return Err(ApiError::bad_request(
            code::MISSING_FIELD,
            "The parameter 'database_name' is required",
        ));
    };
    conn.databases
        .iter()
        .find(|d| d.name == name)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                code::NO_DATABASE,
                format!(
                    "The database {name} does not exist in data connection {}",
                    conn.name
                ),
            )
        })
}

fn contains_ci(haystack: &str, needle: Option<&str>) -> bool {
    needle.is_none_or(|n| haystack.to_lowercase().contains(&n.to_lowercase()))
}

/// `GET /v1/{project_id}/data-connections?name&type&limit&offset`
pub async fn data_connections(
    State(state): State<Shared>,
    Path(project): Path<String>,
    call: Call,
) -> Result<Response, ApiError> {
    authorize(&state, &call, &project)?;
    let page = Page::from_query(&call)?;
    let kind = call.param("type").filter(|s| !s.is_empty());
    let hits: Vec<&Connection> = connections()?
        .iter()
        .filter(|c| contains_ci(&c.name, call.param("name")))
        .filter(|c| kind.is_none_or(|k| c.kind.eq_ignore_ascii_case(k)))
        .collect();
    let list: Vec<Value> = page
        .slice(&hits)
        .iter()
        .map(|c| {
            json!({
                "dw_id": c.id, "dw_name": c.name, "dw_type": c.kind,
                "description": c.description, "create_time": c.create_time,
                "owner": state.config.iam_user, "qualified_name": format!("{}@{}", c.name, c.kind),
            })
        })
        .collect();
    Ok(Json(json!({ "data_connection_lists": list, "total_size": hits.len() })).into_response())
}

/// `GET /v2/{project_id}/{connection_id}/databases?limit&offset`
pub async fn databases(
    State(state): State<Shared>,
    Path((project, connection)): Path<(String, String)>,
    call: Call,
) -> Result<Response, ApiError> {
    authorize(&state, &call, &project)?;
    let page = Page::from_query(&call)?;
    let conn = find_connection(&connection)?;
    let list: Vec<Value> = page
        .slice(&conn.databases)
        .iter()
        .map(|d| json!({ "database_name": d.name, "description": d.description }))
        .collect();
    Ok(Json(json!({ "databases": list, "total_count": conn.databases.len() })).into_response())
}

/// `GET /v2/{project_id}/{connection_id}/schemas?database_name&limit&offset` (empty for types
/// without schemas).
pub async fn schemas(
    State(state): State<Shared>,
    Path((project, connection)): Path<(String, String)>,
    call: Call,
) -> Result<Response, ApiError> {
    authorize(&state, &call, &project)?;
    let page = Page::from_query(&call)?;
    let db = find_database(find_connection(&connection)?, &call)?;
    let list: Vec<Value> = page
        .slice(&db.schemas)
        .iter()
        .map(|s| json!({ "schema_name": s }))
        .collect();
    Ok(Json(json!({ "schemas": list, "total_count": db.schemas.len() })).into_response())
}

/// `GET /v2/{project_id}/{connection_id}/datatables?database_name&table_name&limit&offset`
/// (`table_name` filters by substring; `schema_name` narrows to one schema).
pub async fn tables(
    State(state): State<Shared>,
    Path((project, connection)): Path<(String, String)>,
    call: Call,
) -> Result<Response, ApiError> {
    authorize(&state, &call, &project)?;
    let page = Page::from_query(&call)?;
    let conn = find_connection(&connection)?;
    let db = find_database(conn, &call)?;
    let want_schema = call.param("schema_name").filter(|s| !s.is_empty());
    let hits: Vec<&String> = db
        .tables
        .iter()
        .filter(|full| {
            let (schema, table) = Database::split(full);
            contains_ci(table, call.param("table_name"))
                && want_schema.is_none_or(|w| schema == Some(w))
        })
        .collect();
    let list: Vec<Value> = page
        .slice(&hits)
        .iter()
        .map(|full| {
            let (schema, table) = Database::split(full);
            let mut t = json!({
                "table_name": table,
                "table_id": table_id(&conn.id, &db.name, full),
                "database_name": db.name,
                "table_type": "MANAGED_TABLE",
                "description": "",
            });
            if let Some(s) = schema {
                t["schema_name"] = s.into();
            }
            t
        })
        .collect();
    Ok(Json(json!({ "tables": list, "total_count": hits.len() })).into_response())
}

/// `GET /v1/{project_id}/workspaces/{instance_id}?limit&offset` (no `workspace` header).
pub async fn workspaces(
    State(state): State<Shared>,
    Path((project, _instance)): Path<(String, String)>,
    call: Call,
) -> Result<Response, ApiError> {
    let who = authenticate(&state, &call)?;
    check_project(&who, &project)?;
    let page = Page::from_query(&call)?;
    let all: Vec<Value> = state
        .config
        .workspaces
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let name = if i == 0 {
                "sandbox".to_string()
            } else {
                format!("workspace_{i}")
            };
            json!({ "id": id, "name": name, "is_default": i == 0 })
        })
        .collect();
    Ok(Json(json!({ "data": page.slice(&all), "total_count": all.len() })).into_response())
}
