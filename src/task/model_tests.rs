//! Round trips of the wire types: nothing typed is lost, absent fields stay absent.

use serde_json::{Value, json};

use super::*;

const SEED: &str = include_str!("../../assets/examples/seed-example.json");

#[test]
fn seed_example_round_trips() {
    let task: CollectionTask = serde_json::from_str(SEED).unwrap();
    let out = serde_json::to_value(&task).unwrap();
    let mut expected: Value = serde_json::from_str(SEED).unwrap();
    // `"id": null` is accepted on input and left out on output, like every absent optional field.
    expected.as_object_mut().unwrap().remove("id");
    assert_eq!(out, expected);
    let again: CollectionTask = serde_json::from_value(out).unwrap();
    assert_eq!(again, task);
}

#[test]
fn task_config_key_order_is_kept() {
    let task: CollectionTask = serde_json::from_str(SEED).unwrap();
    let keys: Vec<&str> = task.config().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys[..3],
        ["data_connection_name", "data_connection_id", "databaseName"]
    );
}

#[test]
fn wrong_types_are_kept_as_typed() {
    let task: CollectionTask = serde_json::from_value(
        json!({"schedule_config": {"max_time_out": "ten"}, "name": 5, "extra_key": 1}),
    )
    .unwrap();
    assert_eq!(
        task.slot("schedule_config.max_time_out"),
        Slot::Invalid(&json!("ten"))
    );
    assert_eq!(task.slot("name"), Slot::Invalid(&json!(5)));
    let out = serde_json::to_value(&task).unwrap();
    assert_eq!(out["schedule_config"]["max_time_out"], json!("ten"));
    assert_eq!(out["extra_key"], json!(1));
}

#[test]
fn all_21_fields_serialise_in_page_order() {
    let mut task = CollectionTask::default();
    let text_paths: Vec<&str> = crate::task::fields::FIELDS
        .iter()
        .filter(|f| !f.path.contains('.') && !f.path.contains('['))
        .map(|f| f.path)
        .collect();
    assert_eq!(text_paths.len(), 21);
    for path in &text_paths {
        if let Some(slot) = task.text_field_mut(path) {
            *slot = Some(Typed::Valid(path.to_string()));
        }
    }
    task.schedule_config = Some(Typed::Valid(SchedulerInfo::default()));
    task.parameter_config = Some(Typed::Valid(vec![]));
    task.task_config = Some(Typed::Valid(TaskConfig::new()));
    let out = serde_json::to_value(&task).unwrap();
    let keys: Vec<&str> = out
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, text_paths);
}

/// A value of the kind a catalog field holds.
fn sample(f: &crate::task::fields::Field) -> Value {
    use crate::task::fields::Kind;
    match f.kind {
        Kind::Integer | Kind::Toggle => json!(1),
        Kind::Json => json!({}),
        Kind::Rows => json!([]),
        _ => json!("x"),
    }
}

/// The one-row claim: for each struct of the body, the catalog's paths under its prefix, the serde
/// names a full body round-trips through, and `WIRE_NAMES` are the same names in the same order. A
/// catalog entry without a struct field would land in `extra`; a struct field without an entry
/// would be missing from the body.
#[test]
fn the_catalog_and_the_structs_serde_names_are_one_list() {
    use crate::task::fields::FIELDS;
    let names = |prefix: &str| -> Vec<(&'static str, Value)> {
        FIELDS
            .iter()
            .filter_map(|f| {
                let rest = f.path.strip_prefix(prefix)?;
                (!rest.contains(['.', '['])).then(|| (rest, sample(f)))
            })
            .collect()
    };
    fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(
        fields: &[(&str, Value)],
    ) -> Vec<String> {
        let body: serde_json::Map<String, Value> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        let typed: T = serde_json::from_value(Value::Object(body)).unwrap();
        let out = serde_json::to_value(&typed).unwrap();
        out.as_object().unwrap().keys().cloned().collect()
    }
    let top = names("");
    assert_eq!(top.len(), 21);
    let catalog: Vec<&str> = top.iter().map(|(k, _)| *k).collect();
    assert_eq!(round_trip::<CollectionTask>(&top), catalog);
    assert_eq!(CollectionTask::WIRE_NAMES, catalog);

    let schedule = names("schedule_config.");
    let catalog: Vec<&str> = schedule.iter().map(|(k, _)| *k).collect();
    assert_eq!(catalog.len(), 8);
    assert_eq!(round_trip::<SchedulerInfo>(&schedule), catalog);
    assert_eq!(SchedulerInfo::WIRE_NAMES, catalog);

    let custom = names("parameter_config[].");
    let catalog: Vec<&str> = custom.iter().map(|(k, _)| *k).collect();
    assert_eq!(catalog, ["description", "type", "task_id"]);
    assert_eq!(round_trip::<CustomMetadata>(&custom), catalog);
    assert_eq!(CustomMetadata::WIRE_NAMES, catalog);
    assert_eq!(path::custom::kind, "parameter_config[].type");
    assert_eq!(path::schedule::enabled, "schedule_config.enabled");
}

/// The order the body sends its fields in is the API page's (Tables 3, 4 and 5) and the official
/// SDK models': a reordered row would change every request's bytes.
#[test]
fn the_body_sends_its_fields_in_the_api_pages_order() {
    assert_eq!(
        CollectionTask::WIRE_NAMES,
        [
            "id",
            "name",
            "description",
            "user_id",
            "create_time",
            "project_id",
            "dir_id",
            "schedule_config",
            "parameter_config",
            "update_time",
            "user_name",
            "path",
            "last_run_time",
            "start_time",
            "end_time",
            "next_run_time",
            "duty_person",
            "update_type",
            "data_source_type",
            "task_config",
            "data_source_workspace_id",
        ]
    );
    assert_eq!(
        SchedulerInfo::WIRE_NAMES,
        [
            "cron_expression",
            "end_time",
            "max_time_out",
            "interval",
            "schedule_type",
            "start_time",
            "job_id",
            "enabled",
        ]
    );
    let form: Vec<&str> = crate::task::fields::in_form_order()
        .iter()
        .filter_map(|f| f.path.strip_prefix("schedule_config."))
        .collect();
    assert_eq!(
        form,
        [
            "schedule_type",
            "cron_expression",
            "interval",
            "start_time",
            "end_time",
            "max_time_out",
            "enabled",
            "job_id",
        ]
    );
}
