//! The task as a `huaweicloud_dataarts_catalog_metadata_task` resource of Huawei Cloud's Terraform
//! provider, valid for the provider's schema and written as `terraform fmt` writes it. Pure text.
//!
//! The schema rules follow `huaweicloud/services/dataarts/resource_huaweicloud_dataarts_catalog_metadata_task.go`
//! (`ResourceCatalogMetadataTask`, `metadataTaskScheduleConfigElemSchema`), its page
//! `docs/resources/dataarts_catalog_metadata_task.md` and its acceptance test, as read in
//! terraform-provider-huaweicloud at commit `bf955830a69776bc51c75ca4ca99965af238002d` (the copy
//! the reference index holds, in the fork `ruwenqiang123/terraform-provider-huaweicloud`); the
//! endpoint key follows `huaweicloud/config/endpoints.go` of `huaweicloud/terraform-provider-huaweicloud`
//! (commit `0036d654616cd47e2caf27cb51c5bb4945bcdf24`). `tests/data/terraform_dataarts_catalog_metadata_task_schema.json`
//! keeps that schema as data and `tests/it/export_terraform.rs` checks every template against it.

use serde_json::{Map, Value};

use super::ExportTarget;
use super::literal::{comment, hcl, hcl_str};
use crate::task::CollectionTask;
use crate::task::taskfile::body_value;

/// Body fields that are top-level arguments (`workspace_id` comes from the target). Source: the
/// schema's Required `name`, `dir_id`, `data_source_type` and Optional `description`; `user_id`,
/// `user_name`, `path`… are Computed only, so they are never written.
const TOP: &[&str] = &["name", "description", "dir_id", "data_source_type"];

/// The `schedule_config` block's arguments. Source: `metadataTaskScheduleConfigElemSchema`, where
/// `job_id` is Computed only (left out) and `schedule_type` is the one Required argument.
const SCHEDULE: &[&str] = &[
    "cron_expression",
    "end_time",
    "max_time_out",
    "interval",
    "schedule_type",
    "start_time",
    "enabled",
];

/// The `schedule_type` written when the task has none: the provider requires one, the API page
/// documents no default (SchedulerInfo.schedule_type is optional) and its own request example
/// sends `RUN_ONCE` (docs/api-notes.md section 2), so that is the value used.
pub const DEFAULT_SCHEDULE_TYPE: &str = "RUN_ONCE";

/// The provider's key for this service in its `endpoints` map. Source: `allServiceCatalog` in
/// `huaweicloud/config/endpoints.go` (`"dataarts": {Name: "dayu", …}`), the catalog the resource's
/// `cfg.NewServiceClient("dataarts", region)` uses; `GetServiceEndpoint` prefers `Endpoints[srv]`.
pub const ENDPOINT_KEY: &str = "dataarts";

/// The resource text and the body fields that are not arguments of the resource.
pub fn resource(task: &CollectionTask, t: &ExportTarget) -> (String, Vec<String>) {
    let body = body_value(task);
    let fields = body.as_object().cloned().unwrap_or_default();
    let mut left_out: Vec<String> = fields
        .keys()
        .filter(|k| !TOP.contains(&k.as_str()) && *k != "schedule_config" && *k != "task_config")
        .cloned()
        .collect();
    let name = task.text("name").unwrap_or_default();
    let mut s = format!(
        "# Create Collection Task {} with Huawei Cloud's Terraform provider (exported by ctask).\n\
         # Credentials come from the provider's own configuration (e.g. HW_ACCESS_KEY / HW_SECRET_KEY);\n\
         # none is written here. Project {}; endpoint {}.\n",
        comment(name),
        comment(&t.project_id),
        comment(&t.endpoint)
    );
    s.push_str("terraform {\n  required_providers {\n    huaweicloud = {\n      source = \"huaweicloud/huaweicloud\"\n    }\n  }\n}\n\n");
    s.push_str(&provider(t));
    s.push_str(&format!(
        "\nresource \"huaweicloud_dataarts_catalog_metadata_task\" {} {{\n  workspace_id = {}\n",
        hcl_str(&resource_label(name)),
        hcl_str(&t.workspace)
    ));
    for k in TOP {
        if let Some(v) = fields.get(*k) {
            s.push_str(&format!("  {k} = {}\n", hcl(v, 2, 1)));
        }
    }
    let schedule = match fields.get("schedule_config") {
        Some(Value::Object(sc)) => sc.clone(),
        _ => Map::new(),
    };
    s.push_str(&schedule_block(&schedule, &mut left_out));
    if is_scheduled(&schedule) {
        // Source: the schema's Optional `terminal_before_modify` (Bool): with it, update and delete
        // first stop a task whose `enabled` is 1 (`stopCatalogMetadataTask`), else the service
        // refuses with DLG.2206; the acceptance test's second step sets it.
        s.push_str(
            "\n  # Stop the schedule before an update or a delete (else the service refuses, DLG.2206).\n  \
             terminal_before_modify = true\n",
        );
    }
    // Source: `task_config` is Required (String, JSON), sent through `utils.StringToJson`.
    let tc = fields
        .get("task_config")
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));
    s.push_str(&format!(
        "\n  task_config = jsonencode({})\n",
        hcl(&tc, 2, 1)
    ));
    // Source: the docs' Import section: the service may not return `task_config` on a read, and
    // the page recommends `ignore_changes = [task_config]`.
    s.push_str(
        "\n  # The service may not return task_config when the task is read (the provider's import\n  \
         # note), which would show a change on every plan. Remove this block to manage it here.\n  \
         lifecycle {\n    ignore_changes = [task_config]\n  }\n}\n",
    );
    if !left_out.is_empty() {
        s.push_str(&format!(
            "# Not arguments of this resource, left out: {}\n",
            left_out.join(", ")
        ));
    }
    (fmt_align(&s), left_out)
}

/// The `provider "huaweicloud"` block: the region of a `dayu.{region}.…` endpoint, and the
/// endpoint itself under `endpoints` when it is not the region's default.
fn provider(t: &ExportTarget) -> String {
    let region = t.region();
    let mut s = String::from("provider \"huaweicloud\" {\n");
    match &region {
        Some(r) => s.push_str(&format!("  region = {}\n", hcl_str(r))),
        // Source: the provider's `region` is Required with a DefaultFunc reading HW_REGION_NAME
        // (`huaweicloud/provider.go`).
        None => s.push_str(
            "  # The endpoint names no region: the provider reads it from HW_REGION_NAME.\n",
        ),
    }
    if t.custom_endpoint() {
        // Source: `flattenProviderEndpoints` (provider.go) adds "https://" and a trailing "/"
        // itself; the trailing "/" is written here so the URL reads as the provider will use it.
        s.push_str(&format!(
            "  # Not the region's default DataArts endpoint: the provider's override for this service.\n  \
             endpoints = {{\n    {ENDPOINT_KEY} = {}\n  }}\n",
            hcl_str(&format!("{}/", t.endpoint.trim_end_matches('/')))
        ));
    }
    s.push_str("}\n");
    s
}

/// The `schedule_config` block, always present with a `schedule_type` (both Required in the schema).
fn schedule_block(sc: &Map<String, Value>, left_out: &mut Vec<String>) -> String {
    let mut s = String::from("\n  schedule_config {\n");
    if !sc.contains_key("schedule_type") {
        s.push_str(&format!(
            "    # The task sets none; the provider requires one. RUN_ONCE is the API page's own example.\n    \
             schedule_type = {}\n",
            hcl_str(DEFAULT_SCHEDULE_TYPE)
        ));
    }
    for (k, v) in sc {
        if SCHEDULE.contains(&k.as_str()) {
            s.push_str(&format!("    {k} = {}\n", hcl(v, 2, 2)));
        } else {
            left_out.push(format!("schedule_config.{k}"));
        }
    }
    s.push_str("  }\n");
    s
}

/// A task the service schedules: a CRON type, or `enabled` 1 (the value the provider's update and
/// delete check before they stop the task).
fn is_scheduled(sc: &Map<String, Value>) -> bool {
    let cron = sc
        .get("schedule_type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.eq_ignore_ascii_case("CRON"));
    let enabled = match sc.get("enabled") {
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        Some(Value::String(s)) => s.trim() == "1",
        _ => false,
    };
    cron || enabled
}

/// A readable, valid and stable resource label for any task name. Terraform's names start with a
/// letter or `_` and hold letters, digits, `_` and `-` (Terraform's "Resource Blocks" docs; HCL's
/// identifier syntax). ASCII letters, digits, `_` and `-` are kept and every other run of
/// characters becomes one `_`; a name that lost non-ASCII characters (e.g. CJK) gets `_<8 hex of
/// its FNV-1a hash>` so two such names do not collide, and one with no ASCII part is `task_<hash>`.
pub fn resource_label(name: &str) -> String {
    let mut ascii = String::new();
    let mut lossy = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            ascii.push(c);
        } else {
            lossy |= !c.is_ascii();
            if !ascii.ends_with('_') {
                ascii.push('_');
            }
        }
    }
    let mut label = ascii.trim_matches('_').to_string();
    if lossy || label.is_empty() {
        let hash = format!("{:08x}", fnv1a(name));
        label = if label.is_empty() {
            format!("task_{hash}")
        } else {
            format!("{label}_{hash}")
        };
    }
    if !label.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        label.insert_str(0, "task_");
    }
    label
}

/// 32-bit FNV-1a: a stable hash with no dependency (the label must not change between versions).
fn fnv1a(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// `terraform fmt`'s alignment: in each run of consecutive lines that are single-line attributes
/// (`key = value`, the value not opening a bracket that ends on a later line), the `=` signs line
/// up one space after the longest key, counted in characters. Any other line (a comment, a block
/// header or end, a blank line, an attribute whose value spans lines) ends the run. Source:
/// hashicorp/hcl `hclwrite/format.go` (`formatCells`), checked against `terraform fmt` 1.11.4.
pub fn fmt_align(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let mut run = Vec::new();
        while let Some(attr) = lines.get(i + run.len()).and_then(|l| single_attr(l)) {
            if run.first().is_some_and(|(indent, _, _)| *indent != attr.0) {
                break;
            }
            run.push(attr);
        }
        if run.is_empty() {
            out.push(lines[i].trim_end().to_string());
            i += 1;
            continue;
        }
        let width = run
            .iter()
            .map(|(_, k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        for (indent, key, value) in &run {
            let pad = " ".repeat(width - key.chars().count());
            out.push(format!("{indent}{key}{pad} = {value}"));
        }
        i += run.len();
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// A single-line attribute split into indentation, key (an identifier or a quoted string) and value.
fn single_attr(line: &str) -> Option<(&str, &str, &str)> {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let key_len = key_len(trimmed)?;
    let (key, rest) = trimmed.split_at(key_len);
    let value = rest.trim_start_matches(' ').strip_prefix('=')?.trim_start();
    if value.is_empty() || value.starts_with('=') || value.ends_with(['{', '[', '(']) {
        return None;
    }
    Some((indent, key, value.trim_end()))
}

/// The length of the identifier or quoted string `s` starts with.
fn key_len(s: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    match chars.next()? {
        (_, '"') => {
            let mut escaped = false;
            for (i, c) in chars {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => return Some(i + 1),
                    _ => {}
                }
            }
            None
        }
        (_, c) if c.is_ascii_alphabetic() || c == '_' => Some(
            s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(s.len()),
        ),
        _ => None,
    }
}
