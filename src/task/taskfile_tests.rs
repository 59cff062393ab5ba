//! Task files: both shapes, told apart; syntax errors with line and column; wrong shapes named.

use super::*;
use crate::task::validate;

const SEED: &str = include_str!("../../assets/examples/seed-example.json");

#[test]
fn plain_body_is_detected() {
    let f = parse(SEED).unwrap();
    assert_eq!(f.shape, Shape::Body);
    assert_eq!(f.task.text("name"), Some("Test collection 110"));
    assert_eq!(f.workspace, None);
}

#[test]
fn koocli_shape_is_detected_and_validates_identically() {
    let plain = parse(SEED).unwrap();
    let koo_text = to_koocli(&plain.task, "ws1", "proj1");
    let koo = parse(&koo_text).unwrap();
    assert_eq!(koo.shape, Shape::KooCli);
    assert_eq!(koo.workspace.as_deref(), Some("ws1"));
    assert_eq!(koo.project_id.as_deref(), Some("proj1"));
    assert_eq!(koo.task, plain.task);
    assert_eq!(validate(&koo.task), validate(&plain.task));
}

#[test]
fn body_round_trips_through_text() {
    let plain = parse(SEED).unwrap();
    assert_eq!(parse(&to_body(&plain.task)).unwrap().task, plain.task);
}

#[test]
fn truncated_json_reports_line_and_column() {
    let err = parse(&SEED[..200]).unwrap_err();
    match err {
        FileError::Syntax { line, column, .. } => assert!(line > 1 && column > 0),
        e => panic!("{e:?}"),
    }
    let text = parse("{\n  \"name\": \"x\",,\n}").unwrap_err().to_string();
    assert!(text.contains("line 2, column"), "{text}");
}

#[test]
fn wrong_shapes_are_named() {
    let e = parse("[1, 2]").unwrap_err().to_string();
    assert!(e.contains("an array") && e.contains("JSON object"), "{e}");
    let e = parse("\"task\"").unwrap_err().to_string();
    assert!(e.contains("a string"), "{e}");
    let e = parse(r#"{"header": {}, "body": [1]}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("\"body\" is an array"), "{e}");
    let e = parse(r#"{"header": {"workspace": 7}, "body": {}}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("header.workspace"), "{e}");
    assert_eq!(parse("  \n").unwrap_err(), FileError::Empty);
}

#[test]
fn a_body_with_its_own_body_field_is_not_koocli() {
    let f = parse(r#"{"name": "x", "body": {}}"#).unwrap();
    assert_eq!(f.shape, Shape::Body);
}

#[test]
fn byte_order_mark_is_ignored() {
    let with_bom = format!("\u{feff}{SEED}");
    assert_eq!(parse(&with_bom).unwrap().task, parse(SEED).unwrap().task);
}

#[test]
fn a_moved_task_config_reads_as_serde_would_read_it() {
    for config in [
        r#"{"b": 1, "a": [1, 2], "tableName": ["t1"]}"#,
        r#"["not", "an", "object"]"#,
        r#""text""#,
        "null",
        "{}",
    ] {
        let text = format!(
            r#"{{"zeta": 1, "name": "n", "task_config": {config}, "alpha": {{"x": 1}}, "dir_id": 7}}"#
        );
        let by_serde: CollectionTask = serde_json::from_str(&text).unwrap();
        let read = parse(&text).unwrap().task;
        assert_eq!(read, by_serde, "task_config {config}");
        assert_eq!(to_body(&read), to_body(&by_serde), "task_config {config}");
    }
    let no_config = parse(r#"{"name": "n"}"#).unwrap().task;
    assert_eq!(no_config.task_config, None);
}

#[test]
fn a_schema_key_is_dropped_in_both_shapes_and_never_warned_about() {
    let plain = parse(SEED).unwrap();
    let mut body: Value = serde_json::from_str(SEED).unwrap();
    body["$schema"] = json!("./task.schema.json");
    let with = parse(&body.to_string()).unwrap();
    assert_eq!(with.shape, Shape::Body);
    assert_eq!(with.task, plain.task, "nothing of $schema is kept");
    assert!(with.task.extra.is_empty());
    assert!(!to_body(&with.task).contains("$schema"));
    assert!(
        validate(&with.task)
            .iter()
            .all(|i| !i.path.contains("schema"))
    );
    // At the top of a KooCLI file it must not turn the file into a body, and in its body it is
    // dropped as well.
    let koo = json!({"$schema": "x", "header": {"workspace": "w"}, "body": body});
    let koo = parse(&koo.to_string()).unwrap();
    assert_eq!(koo.shape, Shape::KooCli);
    assert_eq!(koo.workspace.as_deref(), Some("w"));
    assert_eq!(koo.task, plain.task);
    // Only the key named exactly so.
    body["$Schema"] = json!("x");
    let other = parse(&body.to_string()).unwrap();
    assert!(other.task.extra.contains_key("$Schema"));
}
