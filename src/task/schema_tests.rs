//! The generated schema: its shape follows the catalog and the wire types, and a real validator
//! (the `jsonschema` dev-dependency) agrees with `validate` where the schema can judge.

use serde_json::{Map, Value, json};

use super::*;
use crate::task::model::{CollectionTask, CustomMetadata, SchedulerInfo};
use crate::task::typed::Typed;
use crate::task::validate::{Severity, validate};
use crate::task::{datetime, taskfile, templates};

/// The console's limits, as the catalog has them.
fn max_chars(path: &str) -> usize {
    crate::task::fields::field(path)
        .and_then(|f| f.max_chars)
        .unwrap()
}

const SEED: &str = include_str!("../../assets/examples/seed-example.json");
const COMMITTED: &str = include_str!("../../docs/task.schema.json");

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema()).expect("the schema compiles")
}

fn seed() -> Value {
    serde_json::from_str(SEED).unwrap()
}

fn with(edit: impl FnOnce(&mut Value)) -> Value {
    let mut v = seed();
    edit(&mut v);
    v
}

/// Whether `validate` has an error for this file.
fn ctask_rejects(v: &Value) -> bool {
    let file = taskfile::parse(&v.to_string()).unwrap();
    validate(&file.task)
        .iter()
        .chain(&taskfile::header_issues(&file))
        .any(|i| i.severity == Severity::Error)
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

fn some<T>() -> Option<Typed<T>> {
    Some(Typed::Invalid(json!(true)))
}

/// Every field of the wire types set, so serde writes every name (a field added to a struct
/// without the schema knowing fails to compile here, since the literals name every field).
fn full_task() -> Value {
    let schedule = SchedulerInfo {
        cron_expression: some(),
        end_time: some(),
        max_time_out: some(),
        interval: some(),
        schedule_type: some(),
        start_time: some(),
        job_id: some(),
        enabled: some(),
        extra: Map::new(),
    };
    let meta = CustomMetadata {
        description: some(),
        kind: some(),
        task_id: some(),
        extra: Map::new(),
    };
    let task = CollectionTask {
        id: some(),
        name: some(),
        description: some(),
        user_id: some(),
        create_time: some(),
        project_id: some(),
        dir_id: some(),
        schedule_config: Some(Typed::Valid(schedule)),
        parameter_config: Some(Typed::Valid(vec![Typed::Valid(meta)])),
        update_time: some(),
        user_name: some(),
        path: some(),
        last_run_time: some(),
        start_time: some(),
        end_time: some(),
        next_run_time: some(),
        duty_person: some(),
        update_type: some(),
        data_source_type: some(),
        task_config: some(),
        data_source_workspace_id: some(),
        extra: Map::new(),
    };
    serde_json::to_value(&task).unwrap()
}

#[test]
fn the_body_s_properties_are_the_catalog_s_fields_and_the_wire_type_s_names() {
    let s = schema();
    let mut props = s["$defs"]["task"]["properties"].clone();
    props
        .as_object_mut()
        .unwrap()
        .shift_remove("$schema")
        .unwrap();
    let mut catalog: Vec<String> = body_fields().map(|f| f.path.to_string()).collect();
    catalog.sort();
    let wire = full_task();
    assert_eq!(keys(&props), catalog, "schema against catalog");
    assert_eq!(keys(&props), keys(&wire), "schema against CollectionTask");
    assert_eq!(
        keys(&s["$defs"]["schedule_config"]["properties"]),
        keys(&wire["schedule_config"]),
        "schedule_config against SchedulerInfo"
    );
    assert_eq!(
        keys(&s["$defs"]["custom_metadata"]["properties"]),
        keys(&wire["parameter_config"][0]),
        "custom_metadata against CustomMetadata"
    );
    // The required set is the validator's: user_id is not in it.
    let mut required: Vec<&str> = s["$defs"]["task"]["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    required.sort_unstable();
    let mut missing_errors: Vec<String> = validate(&CollectionTask::default())
        .into_iter()
        .filter(|i| i.severity == Severity::Error && i.message.contains("is required"))
        .map(|i| i.path)
        .collect();
    missing_errors.sort();
    assert_eq!(required, missing_errors);
    assert!(!required.contains(&"user_id"));
}

#[test]
fn every_field_carries_the_catalog_s_help_and_every_source_type_its_keys() {
    let s = schema();
    for f in body_fields() {
        assert_eq!(
            s["$defs"]["task"]["properties"][f.path]["description"], f.help,
            "{}",
            f.path
        );
    }
    assert_eq!(
        s["$defs"]["schedule_config"]["properties"]["cron_expression"]["description"],
        fields::field("schedule_config.cron_expression")
            .unwrap()
            .help
    );
    let by_source = s["$defs"]["task"]["allOf"].as_array().unwrap();
    assert_eq!(by_source.len(), SOURCE_TYPES.len());
    for st in SOURCE_TYPES {
        let def = &s["$defs"][format!("task_config_{}", st.code)];
        let mut known: Vec<String> = fields::config_keys(st.code)
            .map(|(k, _)| k.key.to_string())
            .collect();
        known.sort();
        assert_eq!(keys(&def["properties"]), known, "{}", st.code);
        assert!(
            def.get("additionalProperties").is_none(),
            "unknown keys stay allowed"
        );
        let help = &def["properties"]["alive_object_policy"]["description"];
        let confirmed = help.as_str().unwrap().contains("Confirmed for DLI");
        assert_eq!(confirmed, st.code == "DLI", "{}", st.code);
    }
    assert_eq!(
        s["$defs"]["task"]["properties"]["data_source_type"]["examples"]
            .as_array()
            .unwrap()
            .len(),
        SOURCE_TYPES.len()
    );
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    assert_eq!(
        COMMITTED,
        schema_text(),
        "docs/task.schema.json is stale: run `ctask schema --output docs/task.schema.json --force`"
    );
}

#[test]
fn templates_and_the_seed_example_pass_in_both_shapes() {
    let v = validator();
    for (code, text) in templates::TEMPLATES {
        let body: Value = serde_json::from_str(text).unwrap();
        let errors: Vec<String> = v.iter_errors(&body).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{code}: {errors:?}");
        let with_ref: Value =
            serde_json::from_str(&with_schema_ref(text, SCHEMA_URL).unwrap()).unwrap();
        assert!(v.is_valid(&with_ref), "{code} with $schema");
        let koo = json!({"$schema": "s", "header": {"workspace": "w"}, "path": {"project_id": "p"}, "body": with_ref});
        assert!(v.is_valid(&koo), "{code} as KooCLI");
    }
    assert!(v.is_valid(&seed()));
}

#[test]
fn what_validate_calls_an_error_the_schema_rejects_where_it_can_judge() {
    let v = validator();
    let cases: Vec<(&str, Value)> = vec![
        (
            "missing name",
            with(|b| {
                b.as_object_mut().unwrap().remove("name");
            }),
        ),
        ("blank name", with(|b| b["name"] = json!("   "))),
        ("null dir_id", with(|b| b["dir_id"] = Value::Null)),
        (
            "missing task_config",
            with(|b| {
                b.as_object_mut().unwrap().remove("task_config");
            }),
        ),
        (
            "task_config an array",
            with(|b| b["task_config"] = json!(["a"])),
        ),
        ("name a number", with(|b| b["name"] = json!(42))),
        (
            "schedule a string",
            with(|b| b["schedule_config"] = json!("daily")),
        ),
        (
            "max_time_out a string",
            with(|b| b["schedule_config"]["max_time_out"] = json!("ten")),
        ),
        (
            "max_time_out outside int32",
            with(|b| b["schedule_config"]["max_time_out"] = json!(2_147_483_648i64)),
        ),
        (
            "enabled a boolean",
            with(|b| b["schedule_config"]["enabled"] = json!(true)),
        ),
        (
            "parameter_config item types",
            with(|b| b["parameter_config"] = json!([{"type": 1}])),
        ),
        (
            "parameter_config item not an object",
            with(|b| b["parameter_config"] = json!(["x"])),
        ),
        (
            "parameter_config an object",
            with(|b| b["parameter_config"] = json!({"type": "a"})),
        ),
        (
            "CRON without cron_expression",
            with(|b| b["schedule_config"] = json!({"schedule_type": "CRON"})),
        ),
        (
            "CRON with a blank cron_expression",
            with(|b| {
                b["schedule_config"] = json!({"schedule_type": " CRON", "cron_expression": " "})
            }),
        ),
        (
            "start_time unreadable",
            with(|b| b["start_time"] = json!("14/04/2026")),
        ),
        (
            "schedule end_time unreadable",
            with(|b| b["schedule_config"]["end_time"] = json!("soon")),
        ),
        (
            "KooCLI header with a line break",
            json!({"header": {"workspace": "w\r\nX-Evil: 1"}, "body": seed()}),
        ),
        (
            "KooCLI header name with a line break",
            json!({"header": {"X-A\nB": "v"}, "body": seed()}),
        ),
    ];
    for (what, file) in &cases {
        assert!(ctask_rejects(file), "validate should reject: {what}");
        assert!(!v.is_valid(file), "the schema should reject: {what}");
    }
    // validate errors no schema can judge: they need the cron's grammar, two fields' values
    // compared, a calendar, or the JSON text (10.0 is an integer to JSON Schema, not to serde).
    let beyond: Vec<(&str, Value)> = vec![
        (
            "a Unix cron",
            with(|b| {
                b["schedule_config"] =
                    json!({"schedule_type": "CRON", "cron_expression": "*/5 * * * *"})
            }),
        ),
        (
            "end before start",
            with(|b| {
                b["start_time"] = json!("2026-04-14T00:00:00");
                b["end_time"] = json!("2026-04-13T00:00:00");
            }),
        ),
        (
            "a placeholder",
            with(|b| b["task_config"]["data_connection_id"] = json!("<data connection id>")),
        ),
        (
            "30 February",
            with(|b| b["start_time"] = json!("2026-02-30T00:00:00")),
        ),
        (
            "an integer written 10.0",
            with(|b| b["schedule_config"]["max_time_out"] = json!(10.0)),
        ),
    ];
    for (what, file) in &beyond {
        assert!(ctask_rejects(file), "validate should reject: {what}");
        assert!(
            v.is_valid(file),
            "the schema now judges {what}: move it to the cases above"
        );
    }
}

#[test]
fn warnings_stay_open_but_the_console_s_lengths_are_kept() {
    let v = validator();
    // Only warnings in validate, and open here: unknown keys, free source and schedule types, odd
    // shapes of known keys, the naming rule, a toggle other than 0/1.
    for (what, file) in [
        ("unknown body key", with(|b| b["colour"] = json!(1))),
        (
            "unknown schedule key",
            with(|b| b["schedule_config"]["every"] = json!(1)),
        ),
        (
            "unknown task_config key",
            with(|b| b["task_config"]["mystery"] = json!(1)),
        ),
        (
            "free source type",
            with(|b| b["data_source_type"] = json!("KAFKA")),
        ),
        (
            "free schedule type",
            with(|b| b["schedule_config"]["schedule_type"] = json!("WEEKLY")),
        ),
        (
            "known key in an odd shape",
            with(|b| b["task_config"]["databaseName"] = json!("db")),
        ),
        ("name with a space", with(|b| b["name"] = json!("a b"))),
        (
            "enabled 3",
            with(|b| b["schedule_config"]["enabled"] = json!(3)),
        ),
    ] {
        assert!(!ctask_rejects(&file), "{what}");
        assert!(v.is_valid(&file), "{what}");
    }
    // The console's limits: warnings in validate (errors with --strict), rejected here.
    for (what, file) in [
        (
            "name too long",
            with(|b| b["name"] = json!("n".repeat(max_chars("name") + 1))),
        ),
        (
            "description too long",
            with(|b| b["description"] = json!("d".repeat(max_chars("description") + 1))),
        ),
    ] {
        let task = taskfile::parse(&file.to_string()).unwrap().task;
        assert!(
            validate(&task)
                .iter()
                .any(|i| i.severity == Severity::Warning && i.message.contains("at most")),
            "{what}"
        );
        assert!(!v.is_valid(&file), "{what}");
    }
    let at_limit = with(|b| {
        b["name"] = json!("界".repeat(max_chars("name")));
        b["description"] = json!("d".repeat(max_chars("description")));
    });
    assert!(v.is_valid(&at_limit), "limits count characters");
}

#[test]
fn the_date_time_pattern_is_never_stricter_than_datetime_parse() {
    let v = validator();
    let accepted = [
        "2026-04-14T00:00:00",
        "2026-04-14T00:00:00Z",
        "2026-04-14T00:00:00 Z",
        "2026-04-14T00:00:00+08",
        "2026-04-14T00:00:00-08",
        "2026-04-14T00:00:00+08:00",
        "2026-04-14T00:00:00+0800",
        "2026-04-14T00:00:00 +08",
        "2026-04-14T23:59:59+14:00",
        "2026-04-14T23:59:60",
        "2026-04-14T00:00:00 ",
        "   ",
        "",
    ];
    let refused = [
        "14/04/2026",
        "2026-04-14",
        "2026-04-14 00:00:00",
        "2026-04-14T00:00",
        "2026-04-14T24:00:00",
        "2026-13-14T00:00:00",
        "2026-04-14T00:00:00+15",
        "2026-04-14T00:00:00+08:0",
        "2026-04-14T00:00:00+8",
        "2026-04-14T00:00:00  +08",
        "2026-04-14T00:00:00X",
        "2026-04-14T00:00:00+08:00Z",
        " 2026-04-14T00:00:00",
        "2026-04-14T00:00:00+08 ",
    ];
    let schema_ok = |t: &str| v.is_valid(&with(|b| b["start_time"] = json!(t)));
    let parse_ok = |t: &str| t.trim().is_empty() || datetime::parse(t).is_ok();
    for t in accepted {
        assert!(parse_ok(t) && schema_ok(t), "{t:?}");
    }
    for t in refused {
        assert!(!parse_ok(t) && !schema_ok(t), "{t:?}");
    }
}

#[test]
fn the_source_type_s_keys_apply_as_validate_reads_the_type() {
    let s = schema();
    let rule = |code: &str| {
        s["$defs"]["task"]["allOf"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| {
                r["then"]["properties"]["task_config"]["$ref"].as_str()
                    == Some(&format!("#/$defs/task_config_{code}"))
            })
            .cloned()
            .unwrap()
    };
    let dli = jsonschema::draft202012::new(&rule("DLI")["if"]).unwrap();
    for text in ["DLI", "dli", " Dli "] {
        assert!(dli.is_valid(&json!({"data_source_type": text})), "{text}");
        assert!(fields::source_type(text.trim()).is_some_and(|s| s.code == "DLI"));
    }
    for text in ["DLIX", "XDLI", "D L I"] {
        assert!(!dli.is_valid(&json!({"data_source_type": text})), "{text}");
    }
}

#[test]
fn with_schema_ref_puts_the_key_first_and_keeps_the_rest_as_it_was() {
    let text = templates::template_text("DLI").unwrap();
    let out = with_schema_ref(text, "./task.schema.json").unwrap();
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("{"));
    assert_eq!(lines.next(), Some("  \"$schema\": \"./task.schema.json\","));
    let rest: Vec<&str> = lines.collect();
    let original: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rest, original, "the template's own text follows unchanged");
    // A $schema already there is replaced, not doubled.
    let again = with_schema_ref(&out, "other").unwrap();
    assert_eq!(again.matches("$schema").count(), 1);
    assert!(again.contains("\"$schema\": \"other\""));
    assert_eq!(with_schema_ref("[1]", "x"), None);
}
