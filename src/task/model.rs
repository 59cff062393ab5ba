//! The wire types of "Create Collection Task", exactly as the API page's Tables 3, 4 and 5 give them.
//! Every field is optional here so that a half-typed task can be held and validated; `validate`
//! decides what is required. Pure, no IO.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::typed::Typed;

/// `task_config`: a free JSON object whose key order is kept (serde_json `preserve_order`).
pub type TaskConfig = Map<String, Value>;

/// The request body of `POST /v3/{project_id}/metadata/tasks/create` (the SDKs' `MetadataCollectionTask`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CollectionTask {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dir_id: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_config: Option<Typed<SchedulerInfo>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_config: Option<Typed<Vec<Typed<CustomMetadata>>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_run_time: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_run_time: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duty_person: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_type: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_source_type: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_config: Option<Typed<TaskConfig>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_source_workspace_id: Option<Typed<String>>,
    /// Keys the API page does not list. Kept so nothing the user wrote is dropped; validation warns.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Table 4 `SchedulerInfo`: all optional; `max_time_out`, `job_id` and `enabled` are int32.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SchedulerInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cron_expression: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_time_out: Option<Typed<i32>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_type: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<Typed<i32>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<Typed<i32>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Table 5 `CustomMetadata`: three optional strings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomMetadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Typed<String>>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<Typed<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<Typed<String>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a scalar field holds, seen through the catalog path (`"schedule_config.max_time_out"`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Slot<'a> {
    Absent,
    Text(&'a str),
    Int(i32),
    /// Present and of the right container type (object or array).
    Structured,
    /// Present but of the wrong JSON type.
    Invalid(&'a Value),
}

fn text_slot(f: &Option<Typed<String>>) -> Slot<'_> {
    match f {
        None => Slot::Absent,
        Some(Typed::Valid(s)) => Slot::Text(s),
        Some(Typed::Invalid(v)) => Slot::Invalid(v),
    }
}

fn int_slot(f: &Option<Typed<i32>>) -> Slot<'_> {
    match f {
        None => Slot::Absent,
        Some(Typed::Valid(n)) => Slot::Int(*n),
        Some(Typed::Invalid(v)) => Slot::Invalid(v),
    }
}

fn structured_slot<T>(f: &Option<Typed<T>>) -> Slot<'_> {
    match f {
        None => Slot::Absent,
        Some(Typed::Valid(_)) => Slot::Structured,
        Some(Typed::Invalid(v)) => Slot::Invalid(v),
    }
}

impl CollectionTask {
    /// The value at a catalog path; unknown paths read as absent.
    pub fn slot(&self, path: &str) -> Slot<'_> {
        if let Some(rest) = path.strip_prefix("schedule_config.") {
            return match self.schedule() {
                Some(s) => s.slot(rest),
                None => Slot::Absent,
            };
        }
        match path {
            "id" => text_slot(&self.id),
            "name" => text_slot(&self.name),
            "description" => text_slot(&self.description),
            "user_id" => text_slot(&self.user_id),
            "create_time" => text_slot(&self.create_time),
            "project_id" => text_slot(&self.project_id),
            "dir_id" => text_slot(&self.dir_id),
            "schedule_config" => structured_slot(&self.schedule_config),
            "parameter_config" => structured_slot(&self.parameter_config),
            "update_time" => text_slot(&self.update_time),
            "user_name" => text_slot(&self.user_name),
            "path" => text_slot(&self.path),
            "last_run_time" => text_slot(&self.last_run_time),
            "start_time" => text_slot(&self.start_time),
            "end_time" => text_slot(&self.end_time),
            "next_run_time" => text_slot(&self.next_run_time),
            "duty_person" => text_slot(&self.duty_person),
            "update_type" => text_slot(&self.update_type),
            "data_source_type" => text_slot(&self.data_source_type),
            "task_config" => structured_slot(&self.task_config),
            "data_source_workspace_id" => text_slot(&self.data_source_workspace_id),
            _ => Slot::Absent,
        }
    }

    /// A mutable handle on a top-level or `schedule_config.` string field, creating the schedule if needed.
    pub fn text_field_mut(&mut self, path: &str) -> Option<&mut Option<Typed<String>>> {
        if let Some(rest) = path.strip_prefix("schedule_config.") {
            return self.schedule_mut()?.text_field_mut(rest);
        }
        Some(match path {
            "id" => &mut self.id,
            "name" => &mut self.name,
            "description" => &mut self.description,
            "user_id" => &mut self.user_id,
            "create_time" => &mut self.create_time,
            "project_id" => &mut self.project_id,
            "dir_id" => &mut self.dir_id,
            "update_time" => &mut self.update_time,
            "user_name" => &mut self.user_name,
            "path" => &mut self.path,
            "last_run_time" => &mut self.last_run_time,
            "start_time" => &mut self.start_time,
            "end_time" => &mut self.end_time,
            "next_run_time" => &mut self.next_run_time,
            "duty_person" => &mut self.duty_person,
            "update_type" => &mut self.update_type,
            "data_source_type" => &mut self.data_source_type,
            "data_source_workspace_id" => &mut self.data_source_workspace_id,
            _ => return None,
        })
    }

    /// A mutable handle on an int32 field (only `schedule_config.` has them).
    pub fn int_field_mut(&mut self, path: &str) -> Option<&mut Option<Typed<i32>>> {
        self.schedule_mut()?
            .int_field_mut(path.strip_prefix("schedule_config.")?)
    }

    pub fn text(&self, path: &str) -> Option<&str> {
        match self.slot(path) {
            Slot::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn schedule(&self) -> Option<&SchedulerInfo> {
        self.schedule_config.as_ref().and_then(Typed::valid)
    }

    /// The schedule, created empty when absent; `None` only when it holds a non-object value.
    pub fn schedule_mut(&mut self) -> Option<&mut SchedulerInfo> {
        self.schedule_config
            .get_or_insert_with(|| Typed::Valid(SchedulerInfo::default()))
            .valid_mut()
    }

    pub fn config(&self) -> Option<&TaskConfig> {
        self.task_config.as_ref().and_then(Typed::valid)
    }
}

impl SchedulerInfo {
    pub fn slot(&self, field: &str) -> Slot<'_> {
        match field {
            "cron_expression" => text_slot(&self.cron_expression),
            "end_time" => text_slot(&self.end_time),
            "max_time_out" => int_slot(&self.max_time_out),
            "interval" => text_slot(&self.interval),
            "schedule_type" => text_slot(&self.schedule_type),
            "start_time" => text_slot(&self.start_time),
            "job_id" => int_slot(&self.job_id),
            "enabled" => int_slot(&self.enabled),
            _ => Slot::Absent,
        }
    }

    fn text_field_mut(&mut self, field: &str) -> Option<&mut Option<Typed<String>>> {
        Some(match field {
            "cron_expression" => &mut self.cron_expression,
            "end_time" => &mut self.end_time,
            "interval" => &mut self.interval,
            "schedule_type" => &mut self.schedule_type,
            "start_time" => &mut self.start_time,
            _ => return None,
        })
    }

    fn int_field_mut(&mut self, field: &str) -> Option<&mut Option<Typed<i32>>> {
        Some(match field {
            "max_time_out" => &mut self.max_time_out,
            "job_id" => &mut self.job_id,
            "enabled" => &mut self.enabled,
            _ => return None,
        })
    }
}

impl CustomMetadata {
    pub fn slot(&self, field: &str) -> Slot<'_> {
        match field {
            "description" => text_slot(&self.description),
            "type" => text_slot(&self.kind),
            "task_id" => text_slot(&self.task_id),
            _ => Slot::Absent,
        }
    }
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
