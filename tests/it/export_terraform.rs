//! The Terraform export of every built-in template, checked against the provider's schema for
//! `huaweicloud_dataarts_catalog_metadata_task`, which `tests/data/terraform_dataarts_catalog_metadata_task_schema.json`
//! keeps as data (with the repository, file and commit it was read from): every argument and block
//! exists, none is computed-only, every required one is there, values have the schema's type, and
//! the provider block uses only its `region` and `endpoints` (with the service's key). Each export
//! is also run through `terraform fmt -check` when a `terraform` binary is installed (it needs no
//! provider download; `terraform validate` would, so it is not run here).

use std::collections::BTreeMap;
use std::process::Command;

use ctask::app::exports::{Auth, ExportTarget, Format, render};
use ctask::task::{CollectionTask, taskfile, templates};
use serde_json::{Value, json};

const SCHEMA: &str = include_str!("../data/terraform_dataarts_catalog_metadata_task_schema.json");

/// One parsed HCL body: attributes (name → the value's text) and nested blocks.
#[derive(Debug, Default)]
struct Body {
    attrs: BTreeMap<String, String>,
    blocks: Vec<Block>,
}

#[derive(Debug)]
struct Block {
    kind: String,
    labels: Vec<String>,
    body: Body,
}

/// Bracket depth change of a line, outside string literals.
fn depth(line: &str) -> i32 {
    let (mut d, mut in_str, mut esc) = (0, false, false);
    for c in line.chars() {
        match c {
            _ if esc => esc = false,
            '\\' if in_str => esc = true,
            '"' => in_str = !in_str,
            '{' | '[' | '(' if !in_str => d += 1,
            '}' | ']' | ')' if !in_str => d -= 1,
            _ => {}
        }
    }
    d
}

/// A parser for the subset of HCL the export writes (blocks, `key = value` with values that may
/// span lines, `#` comments); anything else fails the test.
fn parse(lines: &mut std::iter::Peekable<std::str::Lines<'_>>) -> Body {
    let mut body = Body::default();
    while let Some(raw) = lines.next() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line == "}" {
            return body;
        }
        if let Some((key, value)) = line.split_once(" = ").filter(|(k, _)| !k.contains('"')) {
            let mut value = value.trim().to_string();
            let mut d = depth(&value);
            while d > 0 {
                let next = lines.next().expect("an unclosed value");
                d += depth(next);
                value.push('\n');
                value.push_str(next.trim());
            }
            let old = body.attrs.insert(key.trim().to_string(), value);
            assert!(old.is_none(), "{key} twice");
        } else if let Some(head) = line.strip_suffix('{') {
            let mut words = head.split_whitespace();
            let kind = words.next().expect("a block type").to_string();
            let labels = words.map(|l| l.trim_matches('"').to_string()).collect();
            let inner = parse(lines);
            body.blocks.push(Block {
                kind,
                labels,
                body: inner,
            });
        } else {
            panic!("not HCL this test knows: {raw:?}");
        }
    }
    body
}

fn is_identifier(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Checks `value` (the attribute's HCL text) against the schema's type.
fn check_type(name: &str, spec: &Value, value: &str) {
    let ok = match spec["type"].as_str().unwrap() {
        "string" if spec["json"] == true => {
            value.starts_with("jsonencode(") && value.ends_with(')')
        }
        "string" => value.starts_with('"') && value.ends_with('"'),
        "number" if spec["int"] == true => value.parse::<i64>().is_ok(),
        "number" => value.parse::<f64>().is_ok(),
        "bool" => value == "true" || value == "false",
        other => panic!("{name}: a type this test does not know: {other}"),
    };
    assert!(ok, "{name} = {value} is not a {}", spec["type"]);
}

/// Checks a body against a schema object (`{attribute: spec}`, blocks in `blocks`).
fn check_body(what: &str, body: &Body, attrs: &Value, blocks: &Value, meta: &[&str]) {
    let attrs = attrs.as_object().unwrap();
    for (name, value) in &body.attrs {
        let spec = attrs
            .get(name)
            .unwrap_or_else(|| panic!("{what}: {name} is not an argument of the schema"));
        assert!(
            spec["required"] == true || spec["optional"] == true,
            "{what}: {name} is computed only: it cannot be set"
        );
        assert!(spec["internal"] != true, "{what}: {name} is internal");
        check_type(&format!("{what}.{name}"), spec, value);
    }
    for (name, spec) in attrs {
        if spec["required"] == true {
            assert!(
                body.attrs.contains_key(name),
                "{what}: the required {name} is missing"
            );
        }
    }
    let blocks = blocks.as_object().cloned().unwrap_or_default();
    for b in &body.blocks {
        if meta.contains(&b.kind.as_str()) {
            continue;
        }
        let spec = blocks
            .get(&b.kind)
            .unwrap_or_else(|| panic!("{what}: no block {} in the schema", b.kind));
        let count = body.blocks.iter().filter(|x| x.kind == b.kind).count() as u64;
        assert!(
            count <= spec["max_items"].as_u64().unwrap_or(u64::MAX),
            "{what}: {count} {} blocks",
            b.kind
        );
        check_body(
            &format!("{what}.{}", b.kind),
            &b.body,
            &spec["attributes"],
            &json!({}),
            &[],
        );
    }
    for (name, spec) in &blocks {
        if spec["required"] == true {
            assert!(
                body.blocks.iter().any(|b| &b.kind == name),
                "{what}: the required block {name} is missing"
            );
        }
    }
}

/// Checks one export against the schema data.
fn check(export: &str, schema: &Value) {
    let top = parse(&mut export.lines().peekable());
    assert!(top.attrs.is_empty(), "{export}");
    let kinds: Vec<&str> = top.blocks.iter().map(|b| b.kind.as_str()).collect();
    assert_eq!(kinds, ["terraform", "provider", "resource"], "{export}");
    // The provider block: its own arguments only, and the service's key in `endpoints`.
    let provider = &top.blocks[1];
    assert_eq!(
        provider.labels,
        [schema["provider"]["name"].as_str().unwrap()]
    );
    let args = schema["provider"]["arguments"].as_object().unwrap();
    for (name, value) in &provider.body.attrs {
        assert!(
            args.contains_key(name),
            "provider argument {name}: {export}"
        );
        if name == "endpoints" {
            let key = value
                .lines()
                .nth(1)
                .and_then(|l| l.split_once(" = "))
                .map(|(k, _)| k.trim())
                .unwrap();
            assert!(
                schema["provider"]["endpoint_keys"].get(key).is_some(),
                "endpoints key {key}: {export}"
            );
        }
    }
    let resource = &top.blocks[2];
    assert_eq!(resource.labels.len(), 2, "{export}");
    assert_eq!(resource.labels[0], schema["resource"].as_str().unwrap());
    assert!(is_identifier(&resource.labels[1]), "{export}");
    let meta: Vec<&str> = schema["meta_arguments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    check_body(
        "resource",
        &resource.body,
        &schema["attributes"],
        &schema["blocks"],
        &meta,
    );
    let lifecycle = resource
        .body
        .blocks
        .iter()
        .find(|b| b.kind == "lifecycle")
        .expect("a lifecycle block");
    assert_eq!(lifecycle.body.attrs["ignore_changes"], "[task_config]");
}

/// Runs `terraform fmt -check` on the export when terraform is installed.
fn fmt_check(export: &str, dir: &std::path::Path, name: &str) -> bool {
    let file = dir.join(format!("{name}.tf"));
    std::fs::write(&file, export).unwrap();
    let out = match Command::new("terraform")
        .args(["fmt", "-check", "-diff", "-no-color"])
        .arg(&file)
        .env("TF_CLI_CONFIG_FILE", dir.join("none.tfrc"))
        .output()
    {
        Ok(o) => o,
        Err(_) => return false,
    };
    assert!(
        out.status.success(),
        "terraform fmt would change {name}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

fn target(endpoint: &str) -> ExportTarget {
    ExportTarget {
        endpoint: endpoint.into(),
        project_id: "df1b2db7f98b778921e37fe91e633a7f".into(),
        workspace: "73d1294a9d8f3efb695a87df0b274385".into(),
        auth: Auth::AkSk,
    }
}

/// The template with `edit` applied to its body.
fn variant(code: &str, edit: impl FnOnce(&mut Value)) -> CollectionTask {
    let mut v: Value = serde_json::from_str(templates::template_text(code).unwrap()).unwrap();
    edit(&mut v);
    taskfile::parse(&v.to_string()).unwrap().task
}

#[test]
fn the_terraform_export_of_every_template_fits_the_provider_schema() {
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    assert_eq!(
        schema["source"]["schema_commit"].as_str().map(str::len),
        Some(40),
        "the schema data names the commit it was read from"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut formatted = 0;
    let targets = [
        target("https://dayu.cn-north-4.myhuaweicloud.com"),
        target("http://127.0.0.1:8787"),
    ];
    assert!(!templates::TEMPLATES.is_empty());
    for (code, _) in templates::TEMPLATES {
        let tasks = [
            ("template", templates::template(code).unwrap()),
            (
                "cron",
                variant(code, |v| {
                    v["schedule_config"] = json!({
                        "schedule_type": "CRON", "cron_expression": "00 */15 9-23 * * ?",
                        "interval": "15 minutes", "enabled": 1, "max_time_out": 60,
                        "start_time": "2026-04-14T00:00:00 +08", "job_id": 7
                    });
                    v["name"] = json!("元数据采集_05");
                }),
            ),
            (
                "no_schedule_type",
                variant(code, |v| {
                    v["schedule_config"] = json!({"max_time_out": 10});
                }),
            ),
        ];
        for (kind, task) in &tasks {
            for (i, t) in targets.iter().enumerate() {
                let e = render(task, t, Format::Terraform, "task.tf");
                check(&e.text, &schema);
                assert!(!e.text.contains("user_id ="), "{}", e.text);
                if *kind == "cron" {
                    assert!(
                        e.text.contains("terminal_before_modify = true"),
                        "{}",
                        e.text
                    );
                    assert!(e.text.contains(" \"task_05_"), "{}", e.text);
                    assert!(
                        e.notes[0].contains("schedule_config.job_id"),
                        "{:?}",
                        e.notes
                    );
                }
                if *kind == "no_schedule_type" {
                    assert!(
                        e.text.contains("schedule_type = \"RUN_ONCE\""),
                        "{}",
                        e.text
                    );
                }
                assert_eq!(e.text.contains("dataarts = "), i == 1, "{}", e.text);
                if fmt_check(&e.text, dir.path(), &format!("{code}_{kind}_{i}")) {
                    formatted += 1;
                }
            }
        }
    }
    if formatted == 0 {
        eprintln!(
            "SKIPPED terraform fmt -check: no terraform binary (alignment is checked by the \
             unit tests of app::exports)"
        );
    }
}
