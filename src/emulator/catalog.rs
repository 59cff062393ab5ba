//! The read-only Catalog routes a task form needs for its pickers: data connections, databases,
//! schemas, tables (docs/api-notes.md section 5, with limit and offset) and workspaces, served from the
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

/// What `ListDataconnectionsResponse.max_records` states: a workspace holds at most 50 data
/// connections (API page "查询数据连接列表", Table 4: `max_records` minimum 50, maximum 50).
pub const CONNECTION_QUOTA: usize = 50;

/// `GET /v1/{project_id}/data-connections?name&type&limit&offset`
///
/// Shape: the official Python SDK's `ListDataconnectionsResponse` (huaweicloudsdkdataartsstudio v1)
/// `{count, max_records, total_size, data_connection_lists: [ApigDataSourceView]}`. Per the API
/// page "查询数据连接列表": `count` is this page's records (never a total), `max_records` the
/// workspace's quota. `total_size` is in the SDK model only ("connections created in the
/// workspace"); here it counts what the `name`/`type` filter matches (whether the service counts
/// before the filter is unconfirmed).
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
            // SDK `ApigDataSourceView`: `create_user` names the creator (no `owner` key) and
            // `create_time` is a number, epoch ms (the API page: Number, 时间戳). `agent_id` and
            // `agent_name` are left out: no fixture connection goes through a CDM agent.
            json!({
                "dw_id": c.id, "dw_name": c.name, "dw_type": c.kind,
                "create_user": state.config.iam_user, "create_time": c.create_time,
                "qualified_name": format!("{}@{}", c.name, c.kind), "description": c.description,
            })
        })
        .collect();
    Ok(Json(json!({
        "count": list.len(),
        "max_records": CONNECTION_QUOTA,
        "total_size": hits.len(),
        "data_connection_lists": list,
    }))
    .into_response())
}

/// `GET /v2/{project_id}/{connection_id}/databases?limit&offset`
///
/// Shape: SDK `ListDatabasesResponse` `{total_count, dw_id, databases: [DatabasesList
/// {database_name, description}]}`.
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
    Ok(Json(json!({
        "total_count": conn.databases.len(),
        "dw_id": conn.id,
        "databases": list,
    }))
    .into_response())
}

/// `GET /v2/{project_id}/{connection_id}/schemas?database_name&limit&offset` (empty for types
/// without schemas).
///
/// Shape: SDK `ListSchemasResponse` `{total_count, dw_id, database, schemas: [SchemasList
/// {schema_name, description}]}` (the fixtures give schemas no description: empty).
pub async fn schemas(
    State(state): State<Shared>,
    Path((project, connection)): Path<(String, String)>,
    call: Call,
) -> Result<Response, ApiError> {
    authorize(&state, &call, &project)?;
    let page = Page::from_query(&call)?;
    let conn = find_connection(&connection)?;
    let db = find_database(conn, &call)?;
    let list: Vec<Value> = page
        .slice(&db.schemas)
        .iter()
        .map(|s| json!({ "schema_name": s, "description": "" }))
        .collect();
    Ok(Json(json!({
        "total_count": db.schemas.len(),
        "dw_id": conn.id,
        "database": db.name,
        "schemas": list,
    }))
    .into_response())
}

/// `GET /v2/{project_id}/{connection_id}/datatables?database_name&table_name&limit&offset`
/// (`table_name` filters by substring; `schema_name` narrows to one schema).
///
/// Shape: SDK `ListDataTablesResponse` `{total_count, tables: [TablesList]}`. Of `TablesList` the
/// emulator fills what its fixtures know: `table_name`, `table_id`, `dw_id`, `dw_name`, `dw_type`,
/// `database_name`, `schema_name` (under a schema only), `description`, `project_id`. The model has
/// no `table_type`; `columns`, `life_cycle`, `user_*`, `create_time`, `table_size`, `is_valid`,
/// `extra_setting`, `partitioned` are left out rather than made up.
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
                "dw_id": conn.id,
                "dw_name": conn.name,
                "dw_type": conn.kind,
                "database_name": db.name,
                "description": "",
                "project_id": state.config.project_id,
            });
            if let Some(s) = schema {
                t["schema_name"] = s.into();
            }
            t
        })
        .collect();
    Ok(Json(json!({ "total_count": hits.len(), "tables": list })).into_response())
}

/// `ListManagerWorkSpaces`' documented default `limit` (API page "获取工作空间列表": 默认20).
pub const WORKSPACE_DEFAULT_LIMIT: usize = 20;

/// When the sandbox's workspaces say they were made (epoch ms): a fixed instant, so answers repeat.
const WORKSPACE_CREATED: i64 = 1_661_327_200_000;

/// `GET /v1/{project_id}/workspaces/{instance_id}?limit&offset` (no `workspace` header).
///
/// Shape: the official Python SDK's `ListManagerWorkSpacesResponse` `{count, total_page, data:
/// [Workspacebody]}`; `total_page` is the pages at the asked `limit` (default 20, API page
/// "获取工作空间列表"); `count` the workspaces in all (the page's wording, "用户记录数", is
/// unclear). `Workspacebody.is_default` is an integer: 0 private, 1 default, 2 public;
/// `create_time`/`update_time` are numbers (epoch ms). The first configured workspace is the
/// default one, the others private. `bad_record_location_name`/`job_log_location_name` (OBS paths)
/// are left out: the emulator has no OBS.
pub async fn workspaces(
    State(state): State<Shared>,
    Path((project, instance)): Path<(String, String)>,
    call: Call,
) -> Result<Response, ApiError> {
    let who = authenticate(&state, &call)?;
    check_project(&who, &project)?;
    let page = Page::from_query_or(&call, WORKSPACE_DEFAULT_LIMIT)?;
    let cfg = &state.config;
    let all: Vec<Value> = cfg
        .workspaces
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let (name, is_default) = if i == 0 {
                ("sandbox".to_string(), 1)
            } else {
                (format!("workspace_{i}"), 0)
            };
            json!({
                "id": id, "name": name, "description": "", "is_default": is_default,
                "owner_name": cfg.iam_user, "project_id": cfg.project_id,
                // The emulator's IAM reports the user id as the domain id too (iam.rs).
                "domain_id": cfg.user_id, "instance_id": instance,
                "create_time": WORKSPACE_CREATED, "create_user": cfg.iam_user,
                "update_time": WORKSPACE_CREATED, "update_user": cfg.iam_user,
                "member_num": 1, "eps_id": "0",
            })
        })
        .collect();
    Ok(Json(json!({
        "count": all.len(),
        "total_page": page.pages(all.len()),
        "data": page.slice(&all),
    }))
    .into_response())
}
