//! The one field catalog: every body field of the API page (Tables 3, 4, 5) described once, plus the
//! known `task_config` keys per data source type. Forms, validation messages, help and `ctask
//! validate` all read it. Pure data, no IO.

/// How a field is edited and checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Multiline,
    Integer,
    /// A list of known values; free text is always allowed.
    Choice,
    DateTime,
    Cron,
    /// An int32 that the form shows as on/off (`enabled`: 1 on, 0 off).
    Toggle,
    Json,
    /// An array of objects edited as rows (`parameter_config`).
    Rows,
}

/// Which form screen a field lives on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Task,
    Advanced,
    Schedule,
    Source,
    CustomMetadata,
}

/// One body field.
#[derive(Debug)]
pub struct Field {
    pub path: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub group: Group,
    pub help: &'static str,
    pub choices: &'static [&'static str],
}

const fn f(
    path: &'static str,
    label: &'static str,
    kind: Kind,
    required: bool,
    group: Group,
    help: &'static str,
) -> Field {
    Field {
        path,
        label,
        kind,
        required,
        group,
        help,
        choices: &[],
    }
}

/// Schedule types seen in official material; others are unconfirmed but accepted.
pub const SCHEDULE_TYPES: &[&str] = &["RUN_ONCE", "CRON"];

/// A data source type the console offers.
#[derive(Debug)]
pub struct SourceType {
    /// The `data_source_type` string, and the template file name.
    pub code: &'static str,
    pub label: &'static str,
    /// Confirmed in official material (only DLI is).
    pub confirmed: bool,
    /// Whether the console asks for a data connection for this type.
    pub needs_connection: bool,
}

const fn st(code: &'static str, label: &'static str, needs_connection: bool) -> SourceType {
    SourceType {
        code,
        label,
        confirmed: false,
        needs_connection,
    }
}

/// The console's data source types. Only `DLI` is confirmed as a wire value; the other codes are the
/// console's names written the way DLI is, and must be checked against a task made in the console.
pub const SOURCE_TYPES: &[SourceType] = &[
    SourceType {
        code: "DLI",
        label: "Data Lake Insight",
        confirmed: true,
        needs_connection: true,
    },
    st("DWS", "GaussDB(DWS)", true),
    st("HIVE", "MRS Hive", true),
    st("HBASE", "MRS HBase", true),
    st("MYSQL", "RDS MySQL", true),
    st("POSTGRESQL", "RDS PostgreSQL", true),
    st("ORACLE", "Oracle", true),
    st("OBS", "Object Storage Service", false),
    st("CSS", "Cloud Search Service", false),
    st("GES", "Graph Engine Service", false),
];

/// The `data_source_type` choices, derived from `SOURCE_TYPES` so the two never disagree.
const SOURCE_CODES: [&str; SOURCE_TYPES.len()] = {
    let mut codes = [""; SOURCE_TYPES.len()];
    let mut i = 0;
    while i < codes.len() {
        codes[i] = SOURCE_TYPES[i].code;
        i += 1;
    }
    codes
};

pub fn source_type(code: &str) -> Option<&'static SourceType> {
    SOURCE_TYPES
        .iter()
        .find(|s| s.code.eq_ignore_ascii_case(code))
}

const TIME_HELP: &str = "Accepted forms: yyyy-MM-ddTHH:mm:ss, optionally followed by Z, +08, +08:00 or \" +08\". \
Terraform sends \"2026-04-14T00:00:00 +08\" and DataArts Factory documents \"2018-10-22T23:59:59+08\"; \
which one Catalog requires is unconfirmed, so ctask sends exactly what you typed.";

/// Every body field, in the order of the API page.
pub const FIELDS: &[Field] = &[
    f(
        "id",
        "Task ID",
        Kind::Text,
        false,
        Group::Advanced,
        "Task ID. Leave empty on create: the service assigns one and returns it as task_id.",
    ),
    f(
        "name",
        "Name",
        Kind::Text,
        true,
        Group::Task,
        "Task name. The console allows letters, digits and _ (at most 62 characters); it must be unique in the workspace.",
    ),
    f(
        "description",
        "Description",
        Kind::Multiline,
        false,
        Group::Task,
        "Task description. The console allows at most 255 characters.",
    ),
    f(
        "user_id",
        "User ID",
        Kind::Text,
        false,
        Group::Task,
        "User ID (32 hex characters, from IAM). Optional: when empty, Ctrl-S (or ctask submit) fills in your IAM user id from the profile's credentials (an IAM login's token, a token's validation, or the access key's owner) and says which; when IAM cannot tell, the service takes the caller's user, as the Terraform provider relies on.",
    ),
    f(
        "create_time",
        "Creation time",
        Kind::Text,
        false,
        Group::Advanced,
        "Creation time. Set by the service; leave empty on create.",
    ),
    f(
        "project_id",
        "Project ID (body)",
        Kind::Text,
        false,
        Group::Advanced,
        "Product ID (body field). The project used for the call comes from the profile and goes in the URL.",
    ),
    f(
        "dir_id",
        "Directory ID",
        Kind::Text,
        true,
        Group::Task,
        "Directory ID. \"0\" is the root directory. No public API lists the collection-task directory tree.",
    ),
    f(
        "schedule_config",
        "Schedule",
        Kind::Json,
        true,
        Group::Schedule,
        "Scheduling information (SchedulerInfo).",
    ),
    f(
        "parameter_config",
        "Custom metadata",
        Kind::Rows,
        false,
        Group::CustomMetadata,
        "User-defined metadata information: a list of {description, type, task_id}.",
    ),
    f(
        "update_time",
        "Modification time",
        Kind::Text,
        false,
        Group::Advanced,
        "Modification time. Set by the service; leave empty on create.",
    ),
    f(
        "user_name",
        "User name",
        Kind::Text,
        false,
        Group::Task,
        "User name.",
    ),
    f("path", "Path", Kind::Text, false, Group::Advanced, "Path."),
    f(
        "last_run_time",
        "Last run time",
        Kind::Text,
        false,
        Group::Advanced,
        "Last execution time. Set by the service.",
    ),
    f(
        "start_time",
        "Start time",
        Kind::DateTime,
        false,
        Group::Advanced,
        TIME_HELP,
    ),
    f(
        "end_time",
        "End time",
        Kind::DateTime,
        false,
        Group::Advanced,
        TIME_HELP,
    ),
    f(
        "next_run_time",
        "Next run time",
        Kind::Text,
        false,
        Group::Advanced,
        "Next execution time. Set by the service.",
    ),
    f(
        "duty_person",
        "Owner",
        Kind::Text,
        false,
        Group::Task,
        "Owner (duty person).",
    ),
    f(
        "update_type",
        "Update type",
        Kind::Text,
        false,
        Group::Advanced,
        "Modification type.",
    ),
    Field {
        choices: &SOURCE_CODES,
        ..f(
            "data_source_type",
            "Data source type",
            Kind::Choice,
            true,
            Group::Task,
            "Data source type. DLI is confirmed; the other console types are offered as a starting point and any text is allowed.",
        )
    },
    f(
        "task_config",
        "Task config",
        Kind::Json,
        true,
        Group::Source,
        "Task information, a Map(String, Object): the key is the attribute name, the value the attribute value.",
    ),
    f(
        "data_source_workspace_id",
        "Source workspace ID",
        Kind::Text,
        false,
        Group::Task,
        "Workspace ID of the data source.",
    ),
    Field {
        choices: SCHEDULE_TYPES,
        ..f(
            "schedule_config.schedule_type",
            "Schedule type",
            Kind::Choice,
            false,
            Group::Schedule,
            "Scheduling type. RUN_ONCE and CRON are confirmed; other text is sent as typed.",
        )
    },
    f(
        "schedule_config.cron_expression",
        "Cron expression",
        Kind::Cron,
        false,
        Group::Schedule,
        "Quartz cron: 6 fields \"sec min hour day-of-month month day-of-week\" (a 7th, year, is unconfirmed), e.g. \"00 */15 9-23 * * ?\". Required when the type is CRON.",
    ),
    f(
        "schedule_config.interval",
        "Interval",
        Kind::Text,
        false,
        Group::Schedule,
        "Interval, a human string that must agree with the cron, e.g. \"15 minutes\" or \"1 hours\".",
    ),
    f(
        "schedule_config.start_time",
        "Schedule start",
        Kind::DateTime,
        false,
        Group::Schedule,
        TIME_HELP,
    ),
    f(
        "schedule_config.end_time",
        "Schedule end",
        Kind::DateTime,
        false,
        Group::Schedule,
        TIME_HELP,
    ),
    f(
        "schedule_config.max_time_out",
        "Max timeout",
        Kind::Integer,
        false,
        Group::Schedule,
        "Maximum timeout interval (int32). The official example uses 10, Terraform 60.",
    ),
    f(
        "schedule_config.enabled",
        "Enabled",
        Kind::Toggle,
        false,
        Group::Schedule,
        "Enabled (int32): 1 schedule on, 0 off. On read the service returns a status instead (3 scheduling, 5 paused).",
    ),
    f(
        "schedule_config.job_id",
        "Job ID",
        Kind::Integer,
        false,
        Group::Schedule,
        "Job ID (int32).",
    ),
    f(
        "parameter_config[].description",
        "Description",
        Kind::Text,
        false,
        Group::CustomMetadata,
        "Description.",
    ),
    f(
        "parameter_config[].type",
        "Type",
        Kind::Text,
        false,
        Group::CustomMetadata,
        "Type.",
    ),
    f(
        "parameter_config[].task_id",
        "Task ID",
        Kind::Text,
        false,
        Group::CustomMetadata,
        "Task ID.",
    ),
];

pub fn field(path: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.path == path)
}

/// A `task_config` key known for some source types.
#[derive(Debug)]
pub struct ConfigKey {
    pub key: &'static str,
    pub help: &'static str,
    /// Seen in official material for DLI.
    pub confirmed_for_dli: bool,
    /// Only meaningful for types that use a data connection.
    pub needs_connection: bool,
}

const fn k(key: &'static str, needs_connection: bool, help: &'static str) -> ConfigKey {
    ConfigKey {
        key,
        help,
        confirmed_for_dli: true,
        needs_connection,
    }
}

/// Every `task_config` key seen in official material (all for DLI).
pub const CONFIG_KEYS: &[ConfigKey] = &[
    k(
        "data_connection_id",
        true,
        "ID of the data connection to collect from.",
    ),
    k(
        "data_connection_name",
        true,
        "Name of that data connection.",
    ),
    // Sent by the Terraform provider's acceptance test for
    // `huaweicloud_dataarts_catalog_metadata_task`.
    k(
        "data_connection_create_time",
        true,
        "Creation time of that data connection (epoch milliseconds), as the Terraform provider sends it.",
    ),
    k(
        "databaseName",
        true,
        "Array of database names; empty means all databases.",
    ),
    k(
        "tableName",
        true,
        "Array of \"db.table\"; none listed for a database means all its tables.",
    ),
    k(
        "alive_object_policy",
        false,
        "Update behaviour for objects that still exist: an opaque numeric string (\"3\", \"4\", \"10\", \"11\" seen; no public mapping).",
    ),
    k(
        "deleted_object_policy",
        false,
        "Behaviour for objects dropped at the source: an opaque numeric string (\"3\", \"4\", \"10\", \"11\" seen; no public mapping).",
    ),
    k(
        "enableDataProfile",
        false,
        "Boolean: also profile the data.",
    ),
    k(
        "enableDataClassification",
        false,
        "Boolean: also classify the data.",
    ),
    k(
        "enable_table_filter_by_regex",
        false,
        "Boolean: treat tableName entries as regular expressions.",
    ),
    k(
        "sampling",
        false,
        "With profiling: the sampling amount, e.g. \"10\".",
    ),
    k(
        "queue",
        false,
        "With profiling on DLI: the DLI queue, e.g. \"default\".",
    ),
    k("unique", false, "With profiling: boolean."),
];

/// The keys known for a source type, and whether they are confirmed for it.
pub fn config_keys(source: &str) -> impl Iterator<Item = (&'static ConfigKey, bool)> {
    let known = source_type(source);
    let is_dli = known.is_some_and(|s| s.code == "DLI");
    let with_connection = known.is_none_or(|s| s.needs_connection);
    CONFIG_KEYS
        .iter()
        .filter(move |c| with_connection || !c.needs_connection)
        .map(move |c| (c, is_dli && c.confirmed_for_dli))
}

/// Help for one `task_config` key under a source type, saying whether it is confirmed.
pub fn config_key_help(source: &str, key: &str) -> Option<String> {
    let (c, confirmed) = config_keys(source).find(|(c, _)| c.key == key)?;
    let status = if confirmed {
        "Confirmed for DLI."
    } else {
        "Only a starting point for this type (seen for DLI): check it against a task made in the console."
    };
    Some(format!("{} {status}", c.help))
}
