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
