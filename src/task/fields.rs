//! The field catalog's types (`Field`, `Kind`, `Group`) and the entry builder the body table's rows
//! use (`spec`), the data source types, and the known `task_config` keys per data source type. The
//! entries themselves are `FIELDS`, made by the one table in `model.rs`. Pure data, no IO.

pub use super::model::FIELDS;

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
    /// The most characters the console allows (a warning beyond it).
    pub max_chars: Option<usize>,
    /// Meaningful only for a CRON schedule (dimmed for RUN_ONCE).
    pub cron_only: bool,
    /// Where the form shows it among its group (0: catalog order, before any ranked field).
    pub form_rank: u8,
}

/// A catalog entry as a body table row gives it; the table adds its path.
pub const fn spec(label: &'static str, kind: Kind, group: Group, help: &'static str) -> Field {
    Field {
        path: "",
        label,
        kind,
        required: false,
        group,
        help,
        choices: &[],
        max_chars: None,
        cron_only: false,
        form_rank: 0,
    }
}

impl Field {
    pub const fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub const fn choices(mut self, choices: &'static [&'static str]) -> Field {
        self.choices = choices;
        self
    }

    pub const fn max_chars(mut self, n: usize) -> Field {
        self.max_chars = Some(n);
        self
    }

    pub const fn cron_only(mut self) -> Field {
        self.cron_only = true;
        self
    }

    pub const fn form_rank(mut self, rank: u8) -> Field {
        self.form_rank = rank;
        self
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
pub(super) const SOURCE_CODES: [&str; SOURCE_TYPES.len()] = {
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

pub(super) const TIME_HELP: &str = "Accepted forms: yyyy-MM-ddTHH:mm:ss, optionally followed by Z, +08, +08:00 or \" +08\". \
Terraform sends \"2026-04-14T00:00:00 +08\" and DataArts Factory documents \"2018-10-22T23:59:59+08\"; \
which one Catalog requires is unconfirmed, so ctask sends exactly what you typed.";

/// The catalog in the order the forms show it, which is the order `validate` reports in: the body's
/// own fields, then the schedule's by `form_rank` (its type first), then custom metadata's.
pub fn in_form_order() -> &'static [&'static Field] {
    static ORDER: std::sync::OnceLock<Vec<&'static Field>> = std::sync::OnceLock::new();
    ORDER.get_or_init(|| {
        let section = |f: &Field| {
            if f.path.starts_with("schedule_config.") {
                1
            } else if f.path.starts_with("parameter_config[].") {
                2
            } else {
                0
            }
        };
        let mut fields: Vec<&'static Field> = FIELDS.iter().collect();
        fields.sort_by_key(|f| (section(f), f.form_rank));
        fields
    })
}

/// The catalog entry at a path (validation asks once per issue and keystroke: a map, made once).
pub fn field(path: &str) -> Option<&'static Field> {
    static BY_PATH: std::sync::OnceLock<std::collections::HashMap<&str, &Field>> =
        std::sync::OnceLock::new();
    BY_PATH
        .get_or_init(|| FIELDS.iter().map(|f| (f.path, f)).collect())
        .get(path)
        .copied()
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
