//! `ctask validate` and `ctask template` as a user runs them: real binary, real files, exit codes.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{Value, json};

const SEED: &str = include_str!("../../assets/examples/seed-example.json");

fn ctask() -> Command {
    let mut cmd = Command::cargo_bin("ctask").unwrap();
    cmd.env(
        "CTASK_HOME",
        std::env::temp_dir().join("ctask-cli-validate-unused"),
    );
    cmd
}

fn seed() -> Value {
    serde_json::from_str(SEED).unwrap()
}

fn validate_stdin(body: &str) -> assert_cmd::assert::Assert {
    ctask()
        .args(["validate", "-"])
        .write_stdin(body.to_string())
        .assert()
}

#[test]
fn seed_example_file_exits_0() {
    ctask()
        .args(["validate", "assets/examples/seed-example.json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ok (0 errors"));
}

#[test]
fn missing_name_exits_3_and_names_it() {
    let mut body = seed();
    body.as_object_mut().unwrap().remove("name");
    validate_stdin(&body.to_string())
        .code(3)
        .stdout(predicate::str::contains("error   name is required"));
}

#[test]
fn a_quartz_cron_with_both_day_fields_set_is_an_error_with_the_fix() {
    let mut body = seed();
    body["schedule_config"] =
        json!({"schedule_type": "CRON", "cron_expression": "0 0/15 9-23 * * MON-FRI"});
    validate_stdin(&body.to_string())
        .code(3)
        .stdout(predicate::str::contains(
            "error   schedule_config.cron_expression: Quartz refuses both day-of-month and day-of-week set: put ? in one of them, e.g. \"0 0/15 9-23 ? * MON-FRI\".",
        ));
}

#[test]
fn cron_without_expression_is_an_error_at_its_path() {
    let mut body = seed();
    body["schedule_config"] = json!({"schedule_type": "CRON"});
    validate_stdin(&body.to_string())
        .code(3)
        .stdout(predicate::str::contains(
            "error   schedule_config.cron_expression:",
        ));
}

#[test]
fn unix_cron_explains_quartz_and_quartz_forms_pass() {
    let mut body = seed();
    body["schedule_config"] = json!({"schedule_type": "CRON", "cron_expression": "*/5 * * * *"});
    validate_stdin(&body.to_string()).code(3).stdout(
        predicate::str::contains("5-field Unix cron").and(predicate::str::contains("6 fields")),
    );
    for expr in ["00 */15 9-23 * * ?", "0 0 12 ? * MON-FRI"] {
        body["schedule_config"]["cron_expression"] = json!(expr);
        validate_stdin(&body.to_string()).code(0);
    }
}

#[test]
fn max_time_out_ten_is_an_error_at_its_path() {
    let mut body = seed();
    body["schedule_config"]["max_time_out"] = json!("ten");
    let out = validate_stdin(&body.to_string()).code(3);
    out.stdout(predicate::str::contains(
        "error   schedule_config.max_time_out must be an integer",
    ));
}

#[test]
fn truncated_file_exits_2_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.json");
    std::fs::write(&path, &SEED[..300]).unwrap();
    ctask()
        .arg("validate")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::is_match(r"invalid JSON at line \d+, column \d+").unwrap());
}

#[test]
fn missing_file_and_wrong_shape_exit_2() {
    ctask()
        .args(["validate", "no/such/file.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
    validate_stdin("[1,2,3]")
        .code(2)
        .stderr(predicate::str::contains("array"));
}

#[test]
fn a_koocli_header_with_a_line_break_is_an_error_naming_the_header() {
    let koo = json!({
        "header": {"workspace": "w\r\nX-Evil: 1", "X-Language": "en-us"},
        "path": {"project_id": "p"},
        "body": seed(),
    });
    let out = validate_stdin(&koo.to_string())
        .code(3)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8_lossy(&out);
    assert!(
        out.contains("header.workspace")
            && out.contains("line break")
            && !out.contains("X-Language"),
        "{out}"
    );
    // A line break in a header's name is named too (escaped).
    let koo = json!({"header": {"X-A\nB": "v"}, "path": {"project_id": "p"}, "body": seed()});
    let out = validate_stdin(&koo.to_string())
        .code(3)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8_lossy(&out);
    assert!(out.contains("header.X-A\\nB"), "{out}");
    // Headers on one line are fine.
    let koo = json!({"header": {"workspace": "w", "X-Language": "en-us"}, "path": {"project_id": "p"}, "body": seed()});
    validate_stdin(&koo.to_string()).code(0);
}

#[test]
fn koocli_shape_validates_identically() {
    let mut body = seed();
    body["schedule_config"]["max_time_out"] = json!("ten");
    let koo = json!({"header": {"workspace": "w"}, "path": {"project_id": "p"}, "body": body});
    let plain_out = validate_stdin(&body.to_string())
        .code(3)
        .get_output()
        .stdout
        .clone();
    let koo_out = validate_stdin(&koo.to_string())
        .code(3)
        .get_output()
        .stdout
        .clone();
    assert_eq!(plain_out, koo_out);
    let json_out = ctask()
        .args(["validate", "-", "--json"])
        .write_stdin(koo.to_string())
        .assert()
        .code(3)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&json_out).unwrap();
    assert_eq!(v["shape"], "koocli");
    assert_eq!(v["valid"], false);
    assert!(
        v["issues"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["path"] == "schedule_config.max_time_out" && i["severity"] == "error")
    );
}

#[test]
fn every_template_validates_once_its_placeholders_are_replaced() {
    let list = ctask()
        .args(["template", "list"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let list = String::from_utf8(list).unwrap();
    let types: Vec<&str> = list
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(types.contains(&"DLI") && types.len() >= 10, "{list}");
    for t in types {
        let body = ctask()
            .args(["template", "show", t])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        let body = std::str::from_utf8(&body).unwrap();
        // The placeholders left in a template are errors, named at their fields (no template names
        // a user: an empty user_id is filled from the profile or IAM at submit)…
        assert!(!body.contains("user_id"), "{t}: {body}");
        if body.contains("\"<") {
            let out = validate_stdin(body).code(3).get_output().clone();
            let text = String::from_utf8_lossy(&out.stdout).to_string()
                + &String::from_utf8_lossy(&out.stderr);
            assert!(
                text.contains("data_connection_id") && text.contains("placeholder"),
                "{t}: {text}"
            );
        }
        // …and the same template with every `<…>` replaced validates.
        let filled = body
            .replace("<data connection id>", "c1")
            .replace("<data connection name>", "n1");
        assert!(!filled.contains("\"<"), "{t}: an unknown placeholder");
        validate_stdin(&filled).code(0);
    }
    ctask().args(["template", "show", "NOPE"]).assert().code(2);
}

#[test]
fn help_and_version() {
    ctask()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Exit codes"));
    ctask()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
    ctask().arg("--no-such-flag").assert().code(2);
}
