//! The emulator's own judgement of a create or update body (step 4 of the create call): valid JSON,
//! an object, every required field present with the right type, `task_config` an object. It
//! deliberately does not call `task::validate`, so a bug there cannot hide behind the emulator.

use serde_json::{Map, Value};

use super::errors::{ApiError, code};

/// The JSON type a body field must have when present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Str,
    /// A JSON integer within int32 (the SDK models' `int`, the API page's Integer, int32).
    Int,
    Obj,
    Arr,
}

impl Kind {
    fn fits(self, v: &Value) -> bool {
        match self {
            Kind::Str => v.is_string(),
            Kind::Int => v.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            Kind::Obj => v.is_object(),
            Kind::Arr => v.is_array(),
        }
    }

    fn what(self) -> &'static str {
        match self {
            Kind::Str => "a string",
            Kind::Int => "a 32-bit integer",
            Kind::Obj => "a JSON object",
            Kind::Arr => "an array",
        }
    }
}

// The field lists below follow the API page "Creating a Collection Task" (Table 3 body, Table 4
// `SchedulerInfo`, Table 5 `CustomMetadata`) and the official Python SDK's models of the same
// (huaweicloudsdkdataartsstudio v1 `MetadataCollectionTask`, `SchedulerInfo`, `CustomMetadata`:
// `str`, `int`, `object`, `list[...]`). The product's field catalog (`task::fields::FIELDS`) must
// say the same; `tests::emulator_and_field_catalog_agree` holds the two together.

/// Required by the API page (Table 3) and by `MetadataCollectionTask`'s constructor, except
/// `user_id`: the Terraform provider creates tasks without it and its acceptance test passes, so
/// the service takes the caller's.
const REQUIRED: &[(&str, Kind)] = &[
    ("name", Kind::Str),
    ("dir_id", Kind::Str),
    ("schedule_config", Kind::Obj),
    ("data_source_type", Kind::Str),
    ("task_config", Kind::Obj),
];

/// The optional fields of Table 3 / `MetadataCollectionTask` (null allowed).
const OPTIONAL: &[(&str, Kind)] = &[
    ("user_id", Kind::Str),
    ("id", Kind::Str),
    ("description", Kind::Str),
    ("create_time", Kind::Str),
    ("project_id", Kind::Str),
    ("parameter_config", Kind::Arr),
    ("update_time", Kind::Str),
    ("user_name", Kind::Str),
    ("path", Kind::Str),
    ("last_run_time", Kind::Str),
    ("start_time", Kind::Str),
    ("end_time", Kind::Str),
    ("next_run_time", Kind::Str),
    ("duty_person", Kind::Str),
    ("update_type", Kind::Str),
    ("data_source_workspace_id", Kind::Str),
];

/// `schedule_config`: Table 4 / SDK `SchedulerInfo`, all optional (`cron_expression` is required
/// for CRON, checked apart).
const SCHEDULE: &[(&str, Kind)] = &[
    ("cron_expression", Kind::Str),
    ("end_time", Kind::Str),
    ("max_time_out", Kind::Int),
    ("interval", Kind::Str),
    ("schedule_type", Kind::Str),
    ("start_time", Kind::Str),
    ("job_id", Kind::Int),
    ("enabled", Kind::Int),
];

/// Each `parameter_config` item: Table 5 / SDK `CustomMetadata`, an object of optional strings.
const CUSTOM_METADATA: &[(&str, Kind)] = &[
    ("description", Kind::Str),
    ("type", Kind::Str),
    ("task_id", Kind::Str),
];

fn missing(field: &str) -> ApiError {
    ApiError::bad_request(
        code::MISSING_FIELD,
        format!("The parameter '{field}' is required"),
    )
}

fn wrong(field: &str, what: &str) -> ApiError {
    ApiError::bad_request(
        code::WRONG_TYPE,
        format!("The parameter '{field}' must be {what}"),
    )
}

/// Parses and checks a task body; returns it as an object.
pub fn task_body(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        ApiError::bad_request(
            code::BAD_JSON,
            format!("The request body is not valid JSON: {e}"),
        )
    })?;
    let Value::Object(body) = value else {
        return Err(wrong("body", "a JSON object"));
    };
    for (field, kind) in REQUIRED {
        match body.get(*field) {
            None | Some(Value::Null) => return Err(missing(field)),
            Some(Value::String(s)) if *kind == Kind::Str && s.trim().is_empty() => {
                return Err(missing(field));
            }
            Some(v) if kind.fits(v) => {}
            Some(_) => return Err(wrong(field, kind.what())),
        }
    }
    check_optional(&body, OPTIONAL, "")?;
    if let Some(Value::Array(items)) = body.get("parameter_config") {
        for (i, item) in items.iter().enumerate() {
            let Value::Object(item) = item else {
                return Err(wrong(&format!("parameter_config[{i}]"), "a JSON object"));
            };
            check_optional(item, CUSTOM_METADATA, &format!("parameter_config[{i}]."))?;
        }
    }
    if let Some(Value::Object(schedule)) = body.get("schedule_config") {
        check_schedule(schedule)?;
    }
    Ok(body)
}

/// Each of `fields` present in `object` (and not null) has its type; errors name `prefix` + field.
fn check_optional(
    object: &Map<String, Value>,
    fields: &[(&str, Kind)],
    prefix: &str,
) -> Result<(), ApiError> {
    for (field, kind) in fields {
        match object.get(*field) {
            None | Some(Value::Null) => {}
            Some(v) if kind.fits(v) => {}
            Some(_) => return Err(wrong(&format!("{prefix}{field}"), kind.what())),
        }
    }
    Ok(())
}

fn check_schedule(schedule: &Map<String, Value>) -> Result<(), ApiError> {
    check_optional(schedule, SCHEDULE, "schedule_config.")?;
    let cron = schedule.get("schedule_type").and_then(Value::as_str) == Some("CRON");
    let expr = schedule
        .get("cron_expression")
        .and_then(Value::as_str)
        .is_some_and(|s| !s.trim().is_empty());
    if cron && !expr {
        return Err(missing("schedule_config.cron_expression"));
    }
    Ok(())
}

/// A CRON schedule with `enabled: 1` starts scheduled.
pub fn starts_scheduled(body: &Map<String, Value>) -> bool {
    let schedule = body.get("schedule_config");
    let get = |k: &str| schedule.and_then(|s| s.get(k));
    get("schedule_type").and_then(Value::as_str) == Some("CRON")
        && get("enabled").and_then(Value::as_i64) == Some(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../assets/examples/seed-example.json");

    fn code_of(body: &str) -> &'static str {
        task_body(body.as_bytes()).unwrap_err().code
    }

    #[test]
    fn seed_example_passes() {
        assert!(task_body(SEED.as_bytes()).is_ok());
    }

    #[test]
    fn failures_name_the_field() {
        let mut v: Value = serde_json::from_str(SEED).unwrap();
        v.as_object_mut().unwrap().remove("name");
        let e = task_body(v.to_string().as_bytes()).unwrap_err();
        assert_eq!(e.code, code::MISSING_FIELD);
        assert!(e.message.contains("'name'"), "{}", e.message);

        v["name"] = "x".into();
        v["task_config"] = "[]".into();
        assert_eq!(code_of(&v.to_string()), code::WRONG_TYPE);
        v["task_config"] = serde_json::json!({});
        v["schedule_config"] = serde_json::json!({"schedule_type": "CRON", "enabled": 1});
        let e = task_body(v.to_string().as_bytes()).unwrap_err();
        assert!(e.message.contains("cron_expression"));
        v["schedule_config"] = serde_json::json!({"max_time_out": "10"});
        assert_eq!(code_of(&v.to_string()), code::WRONG_TYPE);
        assert_eq!(code_of("{\"name\":"), code::BAD_JSON);
        assert_eq!(code_of("[]"), code::WRONG_TYPE);
        v["schedule_config"] = serde_json::json!({});
        v["parameter_config"] = serde_json::json!([{"type": "a"}, "x"]);
        let e = task_body(v.to_string().as_bytes()).unwrap_err();
        assert!(e.message.contains("'parameter_config[1]'"), "{}", e.message);
        v["parameter_config"] = serde_json::json!([{"type": 1}]);
        let e = task_body(v.to_string().as_bytes()).unwrap_err();
        assert!(
            e.message
                .contains("'parameter_config[0].type' must be a string"),
            "{}",
            e.message
        );
    }

    // ---- the emulator against the product's field catalog ----

    use std::collections::BTreeMap;

    use crate::task::fields::{FIELDS, Kind as Edit};
    use crate::task::model::{CollectionTask, Slot};

    /// Every field the emulator checks, by the catalog's path: its JSON type and whether required.
    fn emulator_fields() -> BTreeMap<String, (Kind, bool)> {
        let top = REQUIRED
            .iter()
            .map(|(f, k)| (f.to_string(), (*k, true)))
            .chain(OPTIONAL.iter().map(|(f, k)| (f.to_string(), (*k, false))));
        let schedule = SCHEDULE
            .iter()
            .map(|(f, k)| (format!("schedule_config.{f}"), (*k, false)));
        let metadata = CUSTOM_METADATA
            .iter()
            .map(|(f, k)| (format!("parameter_config[].{f}"), (*k, false)));
        top.chain(schedule).chain(metadata).collect()
    }

    /// The JSON type the field catalog's kinds hold (the match is exhaustive, so a new kind must
    /// say its type here).
    fn json_type(kind: Edit) -> Kind {
        match kind {
            Edit::Text | Edit::Multiline | Edit::Choice | Edit::DateTime | Edit::Cron => Kind::Str,
            Edit::Integer | Edit::Toggle => Kind::Int,
            Edit::Json => Kind::Obj,
            Edit::Rows => Kind::Arr,
        }
    }

    /// Every field of the catalog: its JSON type and whether required.
    fn catalog_fields() -> BTreeMap<String, (Kind, bool)> {
        FIELDS
            .iter()
            .map(|f| (f.path.to_string(), (json_type(f.kind), f.required)))
            .collect()
    }

    /// One value of each JSON type (`None`: a type no field has).
    fn probes() -> Vec<(Value, Option<Kind>)> {
        vec![
            (Value::from("x"), Some(Kind::Str)),
            (Value::from(1), Some(Kind::Int)),
            (serde_json::json!({}), Some(Kind::Obj)),
            (serde_json::json!([]), Some(Kind::Arr)),
            (Value::Bool(true), None),
            (Value::from(1.5), None),
        ]
    }

    /// The seed example with `value` at a catalog path (`None`: the field taken out).
    fn seed_with(path: &str, value: Option<Value>) -> Value {
        let mut body: Value = serde_json::from_str(SEED).unwrap();
        let (parent, field) = if let Some(f) = path.strip_prefix("schedule_config.") {
            (&mut body["schedule_config"], f)
        } else if let Some(f) = path.strip_prefix("parameter_config[].") {
            body["parameter_config"] = serde_json::json!([{}]);
            (&mut body["parameter_config"][0], f)
        } else {
            (&mut body, path)
        };
        let parent = parent.as_object_mut().unwrap();
        match value {
            Some(v) => parent.insert(field.to_string(), v),
            None => parent.remove(field),
        };
        body
    }

    /// Whether the product's wire model (`task::model`) holds `body`'s value at `path` as valid.
    fn model_takes(path: &str, body: Value) -> bool {
        let task: CollectionTask = serde_json::from_value(body).unwrap();
        let slot = match path.strip_prefix("parameter_config[].") {
            Some(f) => {
                let items = task.parameter_config.as_ref().and_then(|p| p.valid());
                match items.and_then(|i| i.first()).and_then(|m| m.valid()) {
                    Some(m) => m.slot(f),
                    None => Slot::Absent,
                }
            }
            None => task.slot(path),
        };
        !matches!(slot, Slot::Absent | Slot::Invalid(_))
    }

    /// The emulator (`REQUIRED`, `OPTIONAL`, `SCHEDULE`, `CUSTOM_METADATA`, as `task_body` applies
    /// them) and the product (`task::fields::FIELDS`, read through `task::model`) know the same
    /// fields, require the same ones, and give each the same JSON type. Both follow the API page's
    /// Tables 3-5 and the SDK's `MetadataCollectionTask`, `SchedulerInfo`, `CustomMetadata`; a field
    /// added to one side only fails here.
    #[test]
    fn emulator_and_field_catalog_agree() {
        let emulator = emulator_fields();
        let catalog = catalog_fields();
        let only_emulator: Vec<_> = emulator
            .keys()
            .filter(|k| !catalog.contains_key(*k))
            .collect();
        let only_catalog: Vec<_> = catalog
            .keys()
            .filter(|k| !emulator.contains_key(*k))
            .collect();
        assert!(
            only_emulator.is_empty() && only_catalog.is_empty(),
            "fields the emulator checks but the catalog lacks: {only_emulator:?}; \
             fields of the catalog the emulator does not check: {only_catalog:?}"
        );
        let differ: Vec<String> = emulator
            .iter()
            .filter(|(k, v)| catalog[*k] != **v)
            .map(|(k, v)| format!("{k}: emulator {v:?}, catalog {:?}", catalog[k]))
            .collect();
        assert!(
            differ.is_empty(),
            "(JSON type, required) differ: {differ:#?}"
        );

        for (path, (kind, required)) in &emulator {
            for (value, of) in probes() {
                let fits = of == Some(*kind);
                let judged = task_body(seed_with(path, Some(value.clone())).to_string().as_bytes());
                match &judged {
                    Ok(_) => assert!(fits, "the emulator takes {value} for {path} ({kind:?})"),
                    Err(e) => {
                        assert!(
                            !fits,
                            "the emulator refuses {value} for {path}: {}",
                            e.message
                        );
                        assert_eq!(e.code, code::WRONG_TYPE, "{path} = {value}: {}", e.message);
                    }
                }
                assert_eq!(
                    model_takes(path, seed_with(path, Some(value.clone()))),
                    fits,
                    "task::model on {path} = {value} (the catalog says {kind:?})"
                );
            }
            let judged = task_body(seed_with(path, None).to_string().as_bytes());
            match (judged, required) {
                (Ok(_), false) => {}
                (Err(e), true) => assert_eq!(e.code, code::MISSING_FIELD, "{path}: {}", e.message),
                (Ok(_), true) => panic!("the emulator takes a body without {path}"),
                (Err(e), false) => panic!("without {path}, optional: {}", e.message),
            }
        }
    }
}
