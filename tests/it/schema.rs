//! `ctask schema` and the `"$schema"` key as a user meets them, with the real binary: the printed
//! schema is the committed `docs/task.schema.json`, every template `template show` prints passes it
//! (checked by the `jsonschema` crate, a real validator), the files `ctask validate` rejects for a
//! schema-level reason it rejects too, and a file's `"$schema"` is read by every front end and sent
//! by none.

use std::path::Path;

use ctask::task::schema::SCHEMA_URL;
use serde_json::{Value, json};

use crate::support::{Env, env, seed_body};

fn schema(e: &Env) -> Value {
    let (code, out, err) = e.run(&["schema"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn validator(e: &Env) -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema(e)).expect("ctask schema compiles as draft 2020-12")
}

fn write(e: &Env, name: &str, text: &str) -> String {
    let p = e.home.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

/// `ctask validate --json FILE`: the exit code and the file's object.
fn validate(e: &Env, file: &str, strict: bool) -> (i32, Value) {
    let mut args = vec!["validate", "--json", file];
    if strict {
        args.push("--strict");
    }
    let (code, out, err) = e.run(&args);
    let v = serde_json::from_str(out.lines().next().unwrap_or_default())
        .unwrap_or_else(|x| panic!("{x}: {out}\n{err}"));
    (code, v)
}

#[test]
fn the_printed_schema_is_the_committed_file_and_output_keeps_an_existing_file() {
    let e = env();
    let (code, out, _) = e.run(&["schema"]);
    assert_eq!(code, 0);
    let committed = std::fs::read_to_string("docs/task.schema.json").unwrap();
    assert_eq!(
        out, committed,
        "docs/task.schema.json is stale: run `ctask schema --output docs/task.schema.json --force`"
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(v["$id"], SCHEMA_URL);
    assert!(SCHEMA_URL.ends_with("/docs/task.schema.json"));

    let file = e.home.path().join("task.schema.json");
    let f = file.to_str().unwrap();
    let (code, _, err) = e.run(&["schema", "--output", f]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("wrote") && err.contains("task.schema.json"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), committed);
    std::fs::write(&file, "mine").unwrap();
    let (code, _, err) = e.run(&["schema", "-o", f]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine", "kept");
    let (code, _, err) = e.run(&["schema", "-o", f, "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), committed);
}

#[test]
fn every_template_shown_names_its_schema_first_passes_it_and_validates_without_a_word_on_it() {
    let e = env();
    let v = validator(&e);
    let (_, list, _) = e.run(&["template", "list", "--json"]);
    let list: Value = serde_json::from_str(&list).unwrap();
    let types: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["type"].as_str().unwrap())
        .collect();
    assert_eq!(types.len(), 10);
    for t in types {
        let (code, out, err) = e.run(&["template", "show", t]);
        assert_eq!(code, 0, "{err}");
        let task: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(task.as_object().unwrap().keys().next().unwrap(), "$schema");
        assert_eq!(task["$schema"], SCHEMA_URL, "{t}");
        let errors: Vec<String> = v.iter_errors(&task).map(|x| x.to_string()).collect();
        assert!(errors.is_empty(), "{t}: {errors:?}");
        // `validate` reads the same text: placeholders are its only errors, and "$schema" is
        // neither an error nor a warning.
        let file = write(&e, &format!("{t}.json"), &out);
        let (_, report) = validate(&e, &file, false);
        for issue in report["issues"].as_array().unwrap() {
            let text = issue.to_string();
            assert!(!text.contains("$schema"), "{t}: {text}");
            if issue["severity"] == "error" {
                assert!(text.contains("placeholder"), "{t}: {text}");
            }
        }
        let (_, mine, _) = e.run(&["template", "show", t, "--schema-ref", "./task.schema.json"]);
        assert!(
            mine.starts_with("{\n  \"$schema\": \"./task.schema.json\",\n"),
            "{mine}"
        );
        assert_eq!(mine.replace("./task.schema.json", SCHEMA_URL), out);
    }
}

#[test]
fn a_schema_key_validates_clean_and_is_never_sent_by_submit_or_apply() {
    let e = env();
    e.add_token("tok", &["--default"]);
    let plain = seed_body("schema_key_plain");
    let mut with = plain.clone();
    with["$schema"] = json!(SCHEMA_URL);
    let plain_file = write(&e, "plain.json", &plain.to_string());
    let with_file = write(&e, "with.json", &with.to_string());
    let koo = json!({"$schema": "./task.schema.json", "header": {"workspace": "w"}, "body": with});
    let koo_file = write(&e, "koo.json", &koo.to_string());

    let (code, plain_report) = validate(&e, &plain_file, false);
    assert_eq!(code, 0);
    for file in [&with_file, &koo_file] {
        let (code, report) = validate(&e, file, false);
        assert_eq!(code, 0, "{report}");
        assert_eq!(report["valid"], true);
        assert_eq!(
            report["issues"], plain_report["issues"],
            "$schema adds no issue"
        );
    }
    let (_, report) = validate(&e, &koo_file, false);
    assert_eq!(
        report["shape"], "koocli",
        "a top-level $schema keeps a KooCLI file KooCLI's"
    );

    // The dry run shows the body the plain file would send.
    let dry = |file: &str| {
        let (code, out, err) = e.run(&["submit", file, "--dry-run", "--json"]);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<Value>(&out).unwrap()["body"].clone()
    };
    let body = dry(&with_file);
    assert!(body.get("$schema").is_none(), "{body}");
    assert_eq!(body, dry(&plain_file));
    assert!(dry(&koo_file).get("$schema").is_none());

    // Sent for real, by submit and by apply: the service never sees it.
    let (code, _, err) = e.run(&["submit", &with_file]);
    assert_eq!(code, 0, "{err}");
    let dir = e.home.path().join("batch");
    std::fs::create_dir_all(&dir).unwrap();
    let mut other = with.clone();
    other["name"] = json!("schema_key_applied");
    std::fs::write(dir.join("a.json"), other.to_string()).unwrap();
    let (code, _, err) = e.run(&["apply", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let creates = e.creates();
    assert_eq!(creates.len(), 2);
    for c in &creates {
        let sent = c["body"].as_str().unwrap();
        assert!(!sent.contains("$schema"), "{sent}");
    }
}

/// A file `ctask validate` rejects (exit 2 for what cannot be read as a task, 3 for a task with
/// errors) and the schema rejects too: every reason here is one JSON Schema can state (a wrong
/// JSON type, a missing or blank required field, an integer outside int32, an unreadable
/// date-time, a CRON schedule without its cron, a header holding a line break, a console length
/// limit under `--strict`). The samples are the ones `cli_validate`, `validate_tests` and
/// `hostile_cli` use. What the schema cannot judge, and `validate` does: a cron that is not
/// Quartz (its grammar), an end before its start (two values compared), a template placeholder
/// left in (the templates themselves must pass the schema), a date that does not exist (30
/// February), `10.0` for an int32 (an integer to JSON Schema, not to ctask), and text that is not
/// JSON at all (truncated, empty, not UTF-8: an editor's JSON parser says so before any schema);
/// `task::schema`'s tests pin each of those.
#[test]
fn what_validate_rejects_for_a_schema_level_reason_the_schema_rejects() {
    let e = env();
    let v = validator(&e);
    let seed = || seed_body("schema_bad");
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut b = seed();
        f(&mut b);
        b
    };
    let long_name = "n".repeat(70_000);
    let cases: Vec<(&str, Value, bool)> = vec![
        ("a top-level array", json!([1, 2, 3]), false),
        (
            "missing name",
            edit(&|b| {
                b.as_object_mut().unwrap().remove("name");
            }),
            false,
        ),
        ("blank name", edit(&|b| b["name"] = json!("   ")), false),
        ("name a number", edit(&|b| b["name"] = json!(42)), false),
        ("null dir_id", edit(&|b| b["dir_id"] = Value::Null), false),
        (
            "task_config an array",
            edit(&|b| b["task_config"] = json!(["a"])),
            false,
        ),
        (
            "schedule_config a string",
            edit(&|b| b["schedule_config"] = json!("nope")),
            false,
        ),
        (
            "max_time_out \"ten\"",
            edit(&|b| b["schedule_config"]["max_time_out"] = json!("ten")),
            false,
        ),
        (
            "max_time_out past int32",
            edit(&|b| b["schedule_config"]["max_time_out"] = json!(2_147_483_648i64)),
            false,
        ),
        (
            "CRON without cron_expression",
            edit(&|b| b["schedule_config"] = json!({"schedule_type": "CRON"})),
            false,
        ),
        (
            "unreadable start_time",
            edit(&|b| b["start_time"] = json!("14/04/2026")),
            false,
        ),
        (
            "parameter_config item a string",
            edit(&|b| b["parameter_config"] = json!(["x"])),
            false,
        ),
        (
            "KooCLI header value with a line break",
            json!({"header": {"workspace": "w\r\nX-Evil: 1"}, "path": {"project_id": "p"}, "body": seed()}),
            false,
        ),
        (
            "KooCLI header name with a line break",
            json!({"header": {"X-A\nB": "v"}, "path": {"project_id": "p"}, "body": seed()}),
            false,
        ),
        (
            "KooCLI body not an object",
            json!({"header": {"workspace": "w"}, "body": [1]}),
            false,
        ),
        (
            "KooCLI header not an object",
            json!({"header": "w", "body": seed()}),
            false,
        ),
        (
            "KooCLI workspace a number",
            json!({"header": {"workspace": 7}, "body": seed()}),
            false,
        ),
        (
            "a KooCLI body with a wrong type",
            json!({"body": edit(&|b| b["schedule_config"]["enabled"] = json!(true))}),
            false,
        ),
        // hostile_cli's name past 65,535 characters: a console-limit warning, so only --strict.
        (
            "a 70,000-character name",
            edit(&|b| b["name"] = json!(long_name)),
            true,
        ),
        (
            "a 256-character description",
            edit(&|b| b["description"] = json!("d".repeat(256))),
            true,
        ),
    ];
    for (i, (what, file, strict)) in cases.iter().enumerate() {
        let path = write(&e, &format!("bad{i}.json"), &file.to_string());
        let (code, _) = validate(&e, &path, *strict);
        assert!(
            code == 2 || code == 3,
            "validate should reject {what}: {code}"
        );
        assert!(!v.is_valid(file), "the schema should reject {what}");
    }
    // And where validate lets a hostile file through (control characters and bidi marks in a
    // name are only the naming warning), so does the schema.
    let evil = edit(&|b| b["name"] = json!("evil\u{1b}]52;c;AAAA\u{7}\u{202e}name"));
    let path = write(&e, "evil.json", &evil.to_string());
    assert_eq!(validate(&e, &path, false).0, 0);
    assert!(v.is_valid(&evil));
    assert!(Path::new(&path).exists());
}
