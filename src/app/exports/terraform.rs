//! The task as a `huaweicloud_dataarts_catalog_metadata_task` resource of Huawei Cloud's Terraform
//! provider, with the provider's documented arguments only: `workspace_id`, `name`, `dir_id`,
//! `description`, `data_source_type`, a `schedule_config` block (`cron_expression`, `end_time`,
//! `max_time_out`, `interval`, `schedule_type`, `start_time`, `enabled`) and
//! `task_config = jsonencode(…)`. Other body fields are reported as left out. Pure text.

use serde_json::{Map, Value};

use super::ExportTarget;
use super::literal::{comment, hcl, hcl_str};
use crate::task::CollectionTask;
use crate::task::taskfile::body_value;

const TOP: &[&str] = &["name", "description", "dir_id", "data_source_type"];
const SCHEDULE: &[&str] = &[
    "cron_expression",
    "end_time",
    "max_time_out",
    "interval",
    "schedule_type",
    "start_time",
    "enabled",
];

/// A Terraform name for the resource: letters, digits and `_`, not starting with a digit.
fn resource_name(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, "task_");
    }
    s
}

/// The resource text and the body fields that are not arguments of the resource.
pub fn resource(task: &CollectionTask, t: &ExportTarget) -> (String, Vec<String>) {
    let body = body_value(task);
    let empty = Map::new();
    let fields = body.as_object().unwrap_or(&empty);
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
    if let Some(region) = t.region() {
        s.push_str(&format!(
            "provider \"huaweicloud\" {{\n  region = {}\n}}\n\n",
            hcl_str(&region)
        ));
    }
    s.push_str(&format!(
        "resource \"huaweicloud_dataarts_catalog_metadata_task\" {} {{\n  workspace_id = {}\n",
        hcl_str(&resource_name(name)),
        hcl_str(&t.workspace)
    ));
    for k in TOP {
        if let Some(v) = fields.get(*k) {
            s.push_str(&format!("  {k} = {}\n", hcl(v, 2, 1)));
        }
    }
    if let Some(Value::Object(sc)) = fields.get("schedule_config") {
        s.push_str("\n  schedule_config {\n");
        for (k, v) in sc {
            if SCHEDULE.contains(&k.as_str()) {
                s.push_str(&format!("    {k} = {}\n", hcl(v, 2, 2)));
            } else {
                left_out.push(format!("schedule_config.{k}"));
            }
        }
        s.push_str("  }\n");
    }
    if let Some(tc) = fields.get("task_config") {
        s.push_str(&format!(
            "\n  task_config = jsonencode({})\n",
            hcl(tc, 2, 1)
        ));
    }
    s.push_str("}\n");
    if !left_out.is_empty() {
        s.push_str(&format!(
            "# Not arguments of this resource, left out: {}\n",
            left_out.join(", ")
        ));
    }
    (s, left_out)
}
