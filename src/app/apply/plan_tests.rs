use super::*;
use crate::store::FormDefaults;
use crate::task::taskfile;
use serde_json::json;

fn ctx() -> Context {
    Context::sandbox(
        "http://127.0.0.1:9",
        "p1",
        "w1",
        "t",
        FormDefaults::default(),
    )
    .unwrap()
}

fn seed(name: &str) -> Value {
    let text = include_str!("../../../assets/examples/seed-example.json");
    let mut v: Value = serde_json::from_str(text).unwrap();
    v["name"] = json!(name);
    v
}

fn file(v: &Value) -> Result<TaskFile, String> {
    taskfile::parse(&v.to_string()).map_err(|e| e.to_string())
}

/// The task as the emulator reads it back: server fields added, CRON `enabled` as a status.
fn on_server(v: &Value, id: &str) -> Value {
    let mut t = v.clone();
    t["id"] = json!(id);
    t["project_id"] = json!("p1");
    t["create_time"] = json!("2026-01-01T00:00:00.000Z");
    t["update_time"] = json!("2026-01-01T00:00:00.000Z");
    t
}

#[test]
fn a_task_read_back_from_the_server_is_unchanged_and_an_edit_differs_by_field() {
    let a = seed("a");
    let b = seed("b");
    let mut c = seed("c");
    let prepared = prepare(
        &ctx(),
        vec![
            ("a.json".into(), file(&a)),
            ("b.json".into(), file(&b)),
            ("c.json".into(), file(&c)),
        ],
        Utc::now(),
    );
    assert!(prepared.iter().all(|p| !p.has_errors()), "{prepared:#?}");
    c["description"] = json!("server side edit");
    c["schedule_config"]["max_time_out"] = json!(99);
    let server: HashMap<String, Value> = [
        ("a".to_string(), on_server(&a, "ida")),
        ("c".to_string(), on_server(&c, "idc")),
    ]
    .into_iter()
    .collect();
    let entries = classify(prepared, &server);
    let classes: Vec<&Class> = entries.iter().map(|e| &e.class).collect();
    assert_eq!(classes[0], &Class::Unchanged { id: "ida".into() });
    assert_eq!(classes[1], &Class::Create);
    match classes[2] {
        Class::Differs { id, fields } => {
            assert_eq!(id, "idc");
            assert_eq!(
                fields,
                &vec![
                    "description".to_string(),
                    "schedule_config.max_time_out".to_string()
                ]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn two_files_with_one_name_are_both_duplicates() {
    let a = seed("same");
    let prepared = prepare(
        &ctx(),
        vec![("x.json".into(), file(&a)), ("y.json".into(), file(&a))],
        Utc::now(),
    );
    let entries = classify(prepared, &HashMap::new());
    assert_eq!(
        entries[0].class,
        Class::Duplicate {
            others: vec!["y.json".into()]
        }
    );
    assert_eq!(entries[1].class.word(), "duplicate-in-input");
}

#[test]
fn read_errors_and_another_workspace_are_issues_of_the_file() {
    let koocli =
        json!({"header": {"workspace": "other"}, "path": {"project_id": "p1"}, "body": seed("k")});
    let prepared = prepare(
        &ctx(),
        vec![
            ("bad.json".into(), Err("bad.json: invalid JSON".into())),
            ("k.json".into(), file(&koocli)),
        ],
        Utc::now(),
    );
    assert!(prepared[0].has_errors() && prepared[0].plan.is_none());
    assert!(prepared[1].has_errors());
    assert!(
        prepared[1].issues[0].message.contains("\"other\""),
        "{:?}",
        prepared[1].issues
    );
}

#[test]
fn differences_count_only_what_the_file_sets() {
    let want = json!({"a": 1, "o": {"x": "1", "y": [1, 2]}, "n": null});
    let have = json!({"a": 1.0, "o": {"x": "1", "y": [1, 2], "extra": true}, "server": 5});
    assert!(differences(&want, &have).is_empty());
    let have = json!({"a": 2, "o": {"y": [2, 1]}});
    assert_eq!(differences(&want, &have), vec!["a", "o.x", "o.y"]);
    assert_eq!(differences(&json!(1), &json!(2)), vec!["(body)"]);
}

#[test]
fn a_read_without_task_config_compares_the_rest_and_says_so() {
    let (a, mut b) = (seed("a"), seed("b"));
    let prepared = prepare(
        &ctx(),
        vec![("a.json".into(), file(&a)), ("b.json".into(), file(&b))],
        Utc::now(),
    );
    let mut read_a = on_server(&a, "ida");
    read_a.as_object_mut().unwrap().remove("task_config");
    b["description"] = json!("server side edit");
    let mut read_b = on_server(&b, "idb");
    read_b["task_config"] = Value::Null;
    let server: HashMap<String, Value> = [("a".to_string(), read_a), ("b".to_string(), read_b)]
        .into_iter()
        .collect();
    let entries = classify(prepared, &server);
    assert_eq!(entries[0].class, Class::Unchanged { id: "ida".into() });
    assert_eq!(
        entries[1].class,
        Class::Differs {
            id: "idb".into(),
            fields: vec!["description".into()]
        }
    );
    for e in &entries {
        assert_eq!(e.uncompared, ["task_config"], "{}", e.path);
    }
}
