//! The wire types of "Create Collection Task", exactly as the API page's Tables 3, 4 and 5 give them,
//! and the field catalog, both from one table (`body_table!`): a field is one row. Every field is
//! optional here so that a half-typed task can be held and validated; `validate` decides what is
//! required. Pure, no IO.

use serde_json::{Map, Value};

use super::fields::{Field, Group, Kind, SCHEDULE_TYPES, SOURCE_CODES, TIME_HELP, spec};
use super::typed::Typed;

/// `task_config`: a free JSON object whose key order is kept (serde_json `preserve_order`).
pub type TaskConfig = Map<String, Value>;

body_table! {
    /// The request body of `POST /v3/{project_id}/metadata/tasks/create` (the SDKs'
    /// `MetadataCollectionTask`), the API page's Table 3.
    struct CollectionTask, paths body, at "" {
        id: String => spec(
            "Task ID", Kind::Text, Group::Advanced,
            "Task ID. Leave empty on create: the service assigns one and returns it as task_id.",
        ),
        name: String => spec(
            "Name", Kind::Text, Group::Task,
            "Task name. The console allows letters, digits and _ (at most 62 characters); it must be unique in the workspace.",
        ).required().max_chars(62),
        description: String => spec(
            "Description", Kind::Multiline, Group::Task,
            "Task description. The console allows at most 255 characters.",
        ).max_chars(255),
        user_id: String => spec(
            "User ID", Kind::Text, Group::Task,
            "User ID (32 hex characters, from IAM). Optional: when empty, Ctrl-S (or ctask submit) fills in your IAM user id from the profile's credentials (an IAM login's token, a token's validation, or the access key's owner) and says which; when IAM cannot tell, the service takes the caller's user, as the Terraform provider relies on.",
        ),
        create_time: String => spec(
            "Creation time", Kind::Text, Group::Advanced,
            "Creation time. Set by the service; leave empty on create.",
        ),
        project_id: String => spec(
            "Project ID (body)", Kind::Text, Group::Advanced,
            "Product ID (body field). The project used for the call comes from the profile and goes in the URL.",
        ),
        dir_id: String => spec(
            "Directory ID", Kind::Text, Group::Task,
            "Directory ID. \"0\" is the root directory. No public API lists the collection-task directory tree.",
        ).required(),
        schedule_config: SchedulerInfo => spec(
            "Schedule", Kind::Json, Group::Schedule,
            "Scheduling information (SchedulerInfo).",
        ).required(),
        parameter_config: Vec<Typed<CustomMetadata>> => spec(
            "Custom metadata", Kind::Rows, Group::CustomMetadata,
            "User-defined metadata information: a list of {description, type, task_id}.",
        ),
        update_time: String => spec(
            "Modification time", Kind::Text, Group::Advanced,
            "Modification time. Set by the service; leave empty on create.",
        ),
        user_name: String => spec(
            "User name", Kind::Text, Group::Task,
            "User name.",
        ),
        path: String => spec(
            "Path", Kind::Text, Group::Advanced,
            "Path.",
        ),
        last_run_time: String => spec(
            "Last run time", Kind::Text, Group::Advanced,
            "Last execution time. Set by the service.",
        ),
        start_time: String => spec(
            "Start time", Kind::DateTime, Group::Advanced,
            TIME_HELP,
        ),
        end_time: String => spec(
            "End time", Kind::DateTime, Group::Advanced,
            TIME_HELP,
        ),
        next_run_time: String => spec(
            "Next run time", Kind::Text, Group::Advanced,
            "Next execution time. Set by the service.",
        ),
        duty_person: String => spec(
            "Owner", Kind::Text, Group::Task,
            "Owner (duty person).",
        ),
        update_type: String => spec(
            "Update type", Kind::Text, Group::Advanced,
            "Modification type.",
        ),
        data_source_type: String => spec(
            "Data source type", Kind::Choice, Group::Task,
            "Data source type. DLI is confirmed; the other console types are offered as a starting point and any text is allowed.",
        ).required().choices(&SOURCE_CODES),
        task_config: TaskConfig => spec(
            "Task config", Kind::Json, Group::Source,
            "Task information, a Map(String, Object): the key is the attribute name, the value the attribute value.",
        ).required(),
        data_source_workspace_id: String => spec(
            "Source workspace ID", Kind::Text, Group::Task,
            "Workspace ID of the data source.",
        ),
    }
    /// Table 4 `SchedulerInfo`: all optional; `max_time_out`, `job_id` and `enabled` are int32. The
    /// Schedule form shows them in `form_rank` order, the type first.
    struct SchedulerInfo, paths schedule, at "schedule_config." {
        cron_expression: String => spec(
            "Cron expression", Kind::Cron, Group::Schedule,
            "Quartz cron: 6 fields \"sec min hour day-of-month month day-of-week\" (a 7th, year, is unconfirmed), e.g. \"00 */15 9-23 * * ?\". Required when the type is CRON.",
        ).cron_only().form_rank(2),
        end_time: String => spec(
            "Schedule end", Kind::DateTime, Group::Schedule,
            TIME_HELP,
        ).cron_only().form_rank(5),
        max_time_out: i32 => spec(
            "Max timeout", Kind::Integer, Group::Schedule,
            "Maximum timeout interval (int32). The official example uses 10, Terraform 60.",
        ).form_rank(6),
        interval: String => spec(
            "Interval", Kind::Text, Group::Schedule,
            "Interval, a human string that must agree with the cron, e.g. \"15 minutes\" or \"1 hours\".",
        ).cron_only().form_rank(3),
        schedule_type: String => spec(
            "Schedule type", Kind::Choice, Group::Schedule,
            "Scheduling type. RUN_ONCE and CRON are confirmed; other text is sent as typed.",
        ).choices(SCHEDULE_TYPES).form_rank(1),
        start_time: String => spec(
            "Schedule start", Kind::DateTime, Group::Schedule,
            TIME_HELP,
        ).cron_only().form_rank(4),
        job_id: i32 => spec(
            "Job ID", Kind::Integer, Group::Schedule,
            "Job ID (int32).",
        ).form_rank(8),
        enabled: i32 => spec(
            "Enabled", Kind::Toggle, Group::Schedule,
            "Enabled (int32): 1 schedule on, 0 off. On read the service returns a status instead (3 scheduling, 5 paused).",
        ).cron_only().form_rank(7),
    }
    /// Table 5 `CustomMetadata`: three optional strings.
    struct CustomMetadata, paths custom, at "parameter_config[]." {
        description: String => spec(
            "Description", Kind::Text, Group::CustomMetadata,
            "Description.",
        ),
        kind as "type": String => spec(
            "Type", Kind::Text, Group::CustomMetadata,
            "Type.",
        ),
        task_id: String => spec(
            "Task ID", Kind::Text, Group::CustomMetadata,
            "Task ID.",
        ),
    }
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

/// How a field's type is read and written by path: a string is text, an int32 an integer, anything
/// else a structure (an object or an array) read as a whole.
trait Wire: Sized {
    fn slot(f: &Option<Typed<Self>>) -> Slot<'_> {
        match f {
            None => Slot::Absent,
            Some(Typed::Valid(_)) => Slot::Structured,
            Some(Typed::Invalid(v)) => Slot::Invalid(v),
        }
    }

    fn text_mut(_: &mut Option<Typed<Self>>) -> Option<&mut Option<Typed<String>>> {
        None
    }

    fn int_mut(_: &mut Option<Typed<Self>>) -> Option<&mut Option<Typed<i32>>> {
        None
    }
}

impl Wire for String {
    fn slot(f: &Option<Typed<Self>>) -> Slot<'_> {
        match f {
            None => Slot::Absent,
            Some(Typed::Valid(s)) => Slot::Text(s),
            Some(Typed::Invalid(v)) => Slot::Invalid(v),
        }
    }

    fn text_mut(f: &mut Option<Typed<Self>>) -> Option<&mut Option<Typed<String>>> {
        Some(f)
    }
}

impl Wire for i32 {
    fn slot(f: &Option<Typed<Self>>) -> Slot<'_> {
        match f {
            None => Slot::Absent,
            Some(Typed::Valid(n)) => Slot::Int(*n),
            Some(Typed::Invalid(v)) => Slot::Invalid(v),
        }
    }

    fn int_mut(f: &mut Option<Typed<Self>>) -> Option<&mut Option<Typed<i32>>> {
        Some(f)
    }
}

impl Wire for SchedulerInfo {}
impl Wire for Vec<Typed<CustomMetadata>> {}
impl Wire for TaskConfig {}

impl CollectionTask {
    /// The value at a catalog path; unknown paths read as absent.
    pub fn slot(&self, path: &str) -> Slot<'_> {
        match path.strip_prefix("schedule_config.") {
            Some(rest) => self.schedule().map_or(Slot::Absent, |s| s.own_slot(rest)),
            None => self.own_slot(path),
        }
    }

    /// A mutable handle on a top-level or `schedule_config.` string field, creating the schedule if needed.
    pub fn text_field_mut(&mut self, path: &str) -> Option<&mut Option<Typed<String>>> {
        match path.strip_prefix("schedule_config.") {
            Some(rest) => self.schedule_mut()?.own_text_mut(rest),
            None => self.own_text_mut(path),
        }
    }

    /// A mutable handle on an int32 field (only `schedule_config.` has them).
    pub fn int_field_mut(&mut self, path: &str) -> Option<&mut Option<Typed<i32>>> {
        self.schedule_mut()?
            .own_int_mut(path.strip_prefix("schedule_config.")?)
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
    /// One of its fields by wire name (`"cron_expression"`).
    pub fn slot(&self, field: &str) -> Slot<'_> {
        self.own_slot(field)
    }
}

impl CustomMetadata {
    /// One of its fields by wire name (`"type"`).
    pub fn slot(&self, field: &str) -> Slot<'_> {
        self.own_slot(field)
    }
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
