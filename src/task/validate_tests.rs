//! One test per validation rule, each starting from the seed example and changing one thing.

use serde_json::{Value, json};

use super::*;

fn seed() -> Value {
    serde_json::from_str(include_str!("../../assets/examples/seed-example.json")).unwrap()
}

fn check(body: Value) -> Vec<Issue> {
    validate(&serde_json::from_value(body).unwrap())
}

fn with(edit: impl FnOnce(&mut Value)) -> Vec<Issue> {
    let mut body = seed();
    edit(&mut body);
    check(body)
}

fn at<'a>(issues: &'a [Issue], path: &str, severity: Severity) -> &'a Issue {
    issues
        .iter()
        .find(|i| i.path == path && i.severity == severity)
        .unwrap_or_else(|| panic!("no {severity:?} at {path}: {issues:#?}"))
}

fn errors(issues: &[Issue]) -> Vec<&Issue> {
    issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .collect()
}

#[test]
fn seed_example_has_no_errors() {
    let issues = check(seed());
    assert!(errors(&issues).is_empty(), "{issues:#?}");
    // Its name has spaces: a console rule, so only a warning.
    at(&issues, "name", Severity::Warning);
}

#[test]
fn each_required_field_missing_is_an_error_naming_it() {
    // user_id is not required (the Terraform provider sends none): missing, it is a warning.
    let issues = with(|b| {
        b.as_object_mut().unwrap().remove("user_id");
    });
    assert!(
        at(&issues, "user_id", Severity::Warning)
            .message
            .contains("caller")
    );
    assert!(
        !issues
            .iter()
            .any(|i| i.path == "user_id" && i.severity == Severity::Error)
    );
    for key in [
        "name",
        "dir_id",
        "schedule_config",
        "data_source_type",
        "task_config",
    ] {
        let issues = with(|b| {
            b.as_object_mut().unwrap().remove(key);
        });
        let e = at(&issues, key, Severity::Error);
        assert!(e.message.contains(key), "{e:?}");
    }
}

#[test]
fn blank_and_null_required_fields_are_errors() {
    let issues = with(|b| b["name"] = json!("   "));
    assert!(
        at(&issues, "name", Severity::Error)
            .message
            .contains("blank")
    );
    let issues = with(|b| b["dir_id"] = Value::Null);
    at(&issues, "dir_id", Severity::Error);
}

#[test]
fn task_config_must_be_an_object() {
    let issues = with(|b| b["task_config"] = json!(["a"]));
    assert!(
        at(&issues, "task_config", Severity::Error)
            .message
            .contains("JSON object")
    );
}

#[test]
fn wrong_types_are_errors_at_their_path() {
    let issues = with(|b| b["schedule_config"]["max_time_out"] = json!("ten"));
    at(&issues, "schedule_config.max_time_out", Severity::Error);
    let issues = with(|b| b["name"] = json!(42));
    assert!(
        at(&issues, "name", Severity::Error)
            .message
            .contains("string")
    );
    let issues = with(|b| b["schedule_config"] = json!("daily"));
    at(&issues, "schedule_config", Severity::Error);
    let issues = with(|b| b["schedule_config"]["enabled"] = json!(true));
    at(&issues, "schedule_config.enabled", Severity::Error);
    let issues = with(|b| b["schedule_config"]["job_id"] = json!("12"));
    assert!(
        at(&issues, "schedule_config.job_id", Severity::Error)
            .message
            .contains("without quotes")
    );
}

#[test]
fn integers_outside_int32_are_errors() {
    let issues = with(|b| b["schedule_config"]["max_time_out"] = json!(2_147_483_648i64));
    assert!(
        at(&issues, "schedule_config.max_time_out", Severity::Error)
            .message
            .contains("int32")
    );
    let issues = with(|b| b["schedule_config"]["max_time_out"] = json!(2_147_483_647i64));
    assert!(errors(&issues).is_empty());
}

#[test]
fn parameter_config_items_are_checked() {
    let issues = with(|b| b["parameter_config"] = json!([{"type": 1}, "x"]));
    at(&issues, "parameter_config[0].type", Severity::Error);
    at(&issues, "parameter_config[1]", Severity::Error);
    let issues = with(|b| b["parameter_config"] = json!({"type": "a"}));
    at(&issues, "parameter_config", Severity::Error);
}

#[test]
fn cron_schedule_needs_an_expression() {
    let issues = with(|b| b["schedule_config"] = json!({"schedule_type": "CRON"}));
    at(&issues, "schedule_config.cron_expression", Severity::Error);
}

#[test]
fn unix_cron_is_an_error_explaining_quartz() {
    let issues = with(|b| {
        b["schedule_config"] = json!({"schedule_type": "CRON", "cron_expression": "*/5 * * * *"})
    });
    let e = at(&issues, "schedule_config.cron_expression", Severity::Error);
    assert!(
        e.message.contains("6 fields") && e.message.contains("second"),
        "{e:?}"
    );
}

#[test]
fn quartz_crons_are_accepted() {
    for expr in [
        "00 */15 9-23 * * ?",
        "0 0 12 ? * MON-FRI",
        "0 0 12 L * ?",
        "0 0 12 ? * 6#3 2027",
    ] {
        let issues = with(|b| {
            b["schedule_config"] = json!({"schedule_type": "CRON", "cron_expression": expr})
        });
        assert!(errors(&issues).is_empty(), "{expr}: {issues:#?}");
    }
}

#[test]
fn invalid_quartz_is_an_error() {
    let issues = with(|b| {
        b["schedule_config"] = json!({"schedule_type": "CRON", "cron_expression": "0 0 25 * * ?"})
    });
    at(&issues, "schedule_config.cron_expression", Severity::Error);
}

#[test]
fn unreadable_date_times_are_errors() {
    let issues = with(|b| b["start_time"] = json!("14/04/2026"));
    assert!(
        at(&issues, "start_time", Severity::Error)
            .message
            .contains("yyyy-MM-ddTHH:mm:ss")
    );
    let issues = with(|b| b["schedule_config"]["end_time"] = json!("soon"));
    at(&issues, "schedule_config.end_time", Severity::Error);
    let issues = with(|b| {
        b["start_time"] = json!("2026-04-14T00:00:00 +08");
        b["end_time"] = json!("2026-05-14T00:00:00+08:00");
    });
    assert!(errors(&issues).is_empty(), "{issues:#?}");
}

#[test]
fn end_before_start_is_an_error() {
    let issues = with(|b| {
        b["schedule_config"]["start_time"] = json!("2026-04-14T00:00:00+08");
        b["schedule_config"]["end_time"] = json!("2026-04-13T00:00:00+08");
    });
    at(&issues, "schedule_config.end_time", Severity::Error);
    let issues = with(|b| {
        b["start_time"] = json!("2026-04-14T00:00:00Z");
        b["end_time"] = json!("2026-04-13T23:00:00Z");
    });
    at(&issues, "end_time", Severity::Error);
}

#[test]
fn console_naming_rule_is_only_a_warning() {
    let issues = with(|b| b["name"] = json!("a".repeat(63)));
    assert!(
        at(&issues, "name", Severity::Warning)
            .message
            .contains("62")
    );
    assert!(errors(&issues).is_empty());
    let issues = with(|b| b["name"] = json!("采集_任务_1"));
    assert!(
        !issues.iter().any(|i| i.path == "name"),
        "letters include CJK: {issues:#?}"
    );
}

#[test]
fn long_description_is_a_warning() {
    let issues = with(|b| b["description"] = json!("d".repeat(256)));
    at(&issues, "description", Severity::Warning);
    let issues = with(|b| b["description"] = json!("d".repeat(255)));
    assert!(!issues.iter().any(|i| i.path == "description"));
}

#[test]
fn cron_on_run_once_is_a_warning() {
    let issues = with(|b| b["schedule_config"]["cron_expression"] = json!("0 0 2 * * ?"));
    at(
        &issues,
        "schedule_config.cron_expression",
        Severity::Warning,
    );
    assert!(errors(&issues).is_empty());
}

#[test]
fn interval_disagreeing_with_cron_is_a_warning() {
    let sched = |interval: &str| {
        with(
            |b| b["schedule_config"] = json!({"schedule_type": "CRON", "cron_expression": "00 */15 9-23 * * ?", "interval": interval}),
        )
    };
    let w = sched("1 hours");
    assert!(
        at(&w, "schedule_config.interval", Severity::Warning)
            .message
            .contains("15 minutes")
    );
    assert!(
        !sched("15 minutes")
            .iter()
            .any(|i| i.path == "schedule_config.interval")
    );
    at(
        &sched("every so often"),
        "schedule_config.interval",
        Severity::Warning,
    );
}

#[test]
fn unknown_task_config_key_is_a_warning() {
    let issues = with(|b| b["task_config"]["databaseNames"] = json!(["x"]));
    let w = at(&issues, "task_config.databaseNames", Severity::Warning);
    assert!(w.message.contains("DLI"), "{w:?}");
    // A key only meaningful with a data connection is unknown for OBS.
    let issues = with(|b| b["data_source_type"] = json!("OBS"));
    at(&issues, "task_config.data_connection_id", Severity::Warning);
}

#[test]
fn free_text_source_type_is_allowed_with_a_warning() {
    let issues = with(|b| b["data_source_type"] = json!("CLICKHOUSE"));
    at(&issues, "data_source_type", Severity::Warning);
    assert!(errors(&issues).is_empty());
}

#[test]
fn odd_values_for_known_keys_are_warnings() {
    let issues = with(|b| b["task_config"]["tableName"] = json!(["ygy"]));
    at(&issues, "task_config.tableName", Severity::Warning);
    let issues = with(|b| b["task_config"]["enableDataProfile"] = json!("yes"));
    at(&issues, "task_config.enableDataProfile", Severity::Warning);
}

#[test]
fn template_placeholders_are_errors_naming_what_to_put() {
    let issues = with(|b| b["task_config"]["data_connection_id"] = json!("<data connection id>"));
    let msg = &at(&issues, "task_config.data_connection_id", Severity::Error).message;
    assert!(
        msg.contains("placeholder") && msg.contains("data connection id"),
        "{msg}"
    );
    let issues = with(|b| b["user_id"] = json!("<IAM user id>"));
    let msg = &at(&issues, "user_id", Severity::Error).message;
    assert!(msg.contains("put your IAM user id there"), "{msg}");
}

#[test]
fn unknown_fields_and_odd_toggles_are_warnings() {
    let issues = with(|b| b["nmae"] = json!("typo"));
    at(&issues, "nmae", Severity::Warning);
    let issues = with(|b| b["schedule_config"]["enabled"] = json!(3));
    at(&issues, "schedule_config.enabled", Severity::Warning);
    let issues = with(|b| b["schedule_config"]["schedul_type"] = json!("CRON"));
    at(&issues, "schedule_config.schedul_type", Severity::Warning);
}

#[test]
fn unconfirmed_schedule_type_is_a_warning() {
    let issues = with(|b| b["schedule_config"]["schedule_type"] = json!("DAILY"));
    at(&issues, "schedule_config.schedule_type", Severity::Warning);
}

/// Reusing an earlier validation's issues gives what a fresh validation gives, whatever changed.
#[test]
fn validate_reusing_matches_validate_after_any_edit() {
    let mut task = crate::task::templates::template("DLI").unwrap_or_default();
    let cfg = |t: &CollectionTask| match t.task_config.as_ref() {
        Some(Typed::Valid(c)) => c.clone(),
        _ => serde_json::Map::new(),
    };
    let mut c = cfg(&task);
    for i in 0..20 {
        c.insert(format!("k{i}"), Value::String(format!("v{i}")));
    }
    task.task_config = Some(Typed::Valid(c));
    let mut issues = validate(&task);
    type Edit = Box<dyn Fn(&mut CollectionTask)>;
    let edits: Vec<Edit> = vec![
        Box::new(|_| {}),
        Box::new(|t| t.name = Some(Typed::Valid("a b".into()))),
        Box::new(|t| {
            if let Some(Typed::Valid(c)) = t.task_config.as_mut() {
                c.shift_remove("k3");
                c.insert("k3x".into(), Value::String("<x>".into()));
            }
        }),
        Box::new(|t| t.data_source_type = Some(Typed::Valid("NOPE".into()))),
        Box::new(|t| t.data_source_type = Some(Typed::Valid("DLI".into()))),
        Box::new(|t| {
            t.extra.insert("zz".into(), Value::Null);
        }),
    ];
    for edit in edits {
        edit(&mut task);
        let fresh = validate(&task);
        issues = validate_reusing(&task, issues);
        assert_eq!(issues, fresh);
    }
}
