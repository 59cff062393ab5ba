//! The emulator's own judgement of a create or update body (step 4 of the create call): valid JSON,
//! an object, every required field present with the right type, `task_config` an object. It
//! deliberately does not call `task::validate`, so a bug there cannot hide behind the emulator.

use serde_json::{Map, Value};

use super::errors::{ApiError, code};

#[derive(Clone, Copy)]
enum Kind {
    Str,
    Obj,
}

/// Required by the API page (Table 3), except `user_id`: the Terraform provider creates tasks
/// without it and its acceptance test passes, so the service takes the caller's.
const REQUIRED: &[(&str, Kind)] = &[
    ("name", Kind::Str),
    ("dir_id", Kind::Str),
    ("schedule_config", Kind::Obj),
    ("data_source_type", Kind::Str),
    ("task_config", Kind::Obj),
];

/// Optional strings of Table 3 (null allowed).
const OPTIONAL_STRINGS: &[&str] = &[
    "user_id",
    "id",
    "description",
    "create_time",
    "project_id",
    "update_time",
    "user_name",
    "path",
    "last_run_time",
    "start_time",
    "end_time",
    "next_run_time",
    "duty_person",
    "update_type",
    "data_source_workspace_id",
];

const SCHEDULE_STRINGS: &[&str] = &[
    "cron_expression",
    "end_time",
    "interval",
    "schedule_type",
    "start_time",
];
const SCHEDULE_INTS: &[&str] = &["max_time_out", "job_id", "enabled"];

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
        match (body.get(*field), kind) {
            (None | Some(Value::Null), _) => return Err(missing(field)),
            (Some(Value::String(s)), Kind::Str) if s.trim().is_empty() => {
                return Err(missing(field));
            }
            (Some(Value::String(_)), Kind::Str) | (Some(Value::Object(_)), Kind::Obj) => {}
            (Some(_), Kind::Str) => return Err(wrong(field, "a string")),
            (Some(_), Kind::Obj) => return Err(wrong(field, "a JSON object")),
        }
    }
    for field in OPTIONAL_STRINGS {
        if !matches!(
            body.get(*field),
            None | Some(Value::Null | Value::String(_))
        ) {
            return Err(wrong(field, "a string"));
        }
    }
    if !matches!(
        body.get("parameter_config"),
        None | Some(Value::Null | Value::Array(_))
    ) {
        return Err(wrong("parameter_config", "an array"));
    }
    if let Some(Value::Object(schedule)) = body.get("schedule_config") {
        check_schedule(schedule)?;
    }
    Ok(body)
}

fn check_schedule(schedule: &Map<String, Value>) -> Result<(), ApiError> {
    for field in SCHEDULE_STRINGS {
        if !matches!(
            schedule.get(*field),
            None | Some(Value::Null | Value::String(_))
        ) {
            return Err(wrong(&format!("schedule_config.{field}"), "a string"));
        }
    }
    for field in SCHEDULE_INTS {
        let ok = match schedule.get(*field) {
            None | Some(Value::Null) => true,
            Some(v) => v.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        };
        if !ok {
            return Err(wrong(
                &format!("schedule_config.{field}"),
                "a 32-bit integer",
            ));
        }
    }
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
    }
}
