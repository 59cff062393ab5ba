use super::*;
use crate::task::taskfile;

fn task() -> CollectionTask {
    let text = include_str!("../../../assets/examples/seed-example.json");
    taskfile::parse(text).unwrap().task
}

fn target(auth: Auth) -> ExportTarget {
    ExportTarget {
        endpoint: "https://dayu.cn-north-4.myhuaweicloud.com".into(),
        project_id: "proj".into(),
        workspace: "ws".into(),
        auth,
    }
}

#[test]
fn every_format_names_the_target_and_no_credential() {
    for f in Format::ALL {
        let e = render(&task(), &target(Auth::Token), f, f.file_name());
        assert!(!e.text.is_empty(), "{f:?}");
        if !matches!(f, Format::Body) {
            assert!(e.text.contains("ws"), "{f:?}: {}", e.text);
        }
        for leak in ["X-Auth-Token: ey", "Signature=", "password"] {
            assert!(!e.text.contains(leak), "{f:?}");
        }
        assert_eq!(Format::parse(f.word()), Some(f));
    }
}

#[test]
fn curl_reads_the_token_from_the_environment_and_aksk_says_to_use_python() {
    let e = render(&task(), &target(Auth::Token), Format::Curl, "x.sh");
    assert!(
        e.text.contains("\"X-Auth-Token: $CTASK_TOKEN\""),
        "{}",
        e.text
    );
    assert!(
        e.text
            .contains("'https://dayu.cn-north-4.myhuaweicloud.com/v3/proj/metadata/tasks/create'")
    );
    assert!(e.notes.is_empty());
    // It fails visibly on an HTTP error and prints the request id, with any curl.
    for part in [
        "-w '%{http_code}'",
        "-D \"$dir/headers\"",
        "2??) ;;",
        "exit 22",
        "grep -i '^x-request-id:'",
    ] {
        assert!(e.text.contains(part), "{part}: {}", e.text);
    }
    assert!(!e.text.contains("--fail-with-body") && !e.text.contains("%header{"));
    let e = render(&task(), &target(Auth::AkSk), Format::Curl, "x.sh");
    assert!(e.notes[0].contains("--format python"), "{:?}", e.notes);
}

#[test]
fn koocli_gives_the_hcloud_line_and_terraform_the_documented_arguments() {
    let e = render(&task(), &target(Auth::Token), Format::KooCli, "t.json");
    assert_eq!(
        e.notes,
        vec!["hcloud DataArtsStudio CreateTask --cli-region=cn-north-4 --cli-jsonInput='t.json'"]
    );
    let e = render(&task(), &target(Auth::Token), Format::Terraform, "t.tf");
    assert!(
        e.text
            .contains("resource \"huaweicloud_dataarts_catalog_metadata_task\""),
        "{}",
        e.text
    );
    assert!(e.text.contains("task_config = jsonencode({"), "{}", e.text);
    assert!(e.text.contains("  schedule_config {\n"), "{}", e.text);
    assert!(e.text.contains("region = \"cn-north-4\""), "{}", e.text);
    assert!(e.notes[0].contains("user_id"), "{:?}", e.notes);
}

#[test]
fn program_formats_use_the_sdk_names() {
    let t = target(Auth::AkSk);
    let py = render(&task(), &t, Format::Python, "").text;
    assert!(
        py.contains("from huaweicloudsdkdataartsstudio.v1 import")
            && py.contains("client.create_task(request)")
    );
    assert!(py.contains("WORKSPACE = \"ws\""));
    let go = render(&task(), &t, Format::Go, "").text;
    assert!(go.contains(
        "client.CreateTask(&model.CreateTaskRequest{Workspace: workspace, Body: &task})"
    ));
    let java = render(&task(), &t, Format::Java, "").text;
    assert!(
        java.contains("client.createTask(request)") && java.contains("withWorkspace(WORKSPACE)")
    );
    assert_eq!(Format::by_extension("a/b.PY"), Some(Format::Python));
    assert_eq!(Format::by_extension("x.json"), None);
    assert_eq!(t.region().as_deref(), Some("cn-north-4"));
}

fn task_with(edit: impl FnOnce(&mut serde_json::Value)) -> CollectionTask {
    let text = include_str!("../../../assets/examples/seed-example.json");
    let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
    edit(&mut v);
    taskfile::parse(&v.to_string()).unwrap().task
}

fn at(endpoint: &str) -> ExportTarget {
    ExportTarget {
        endpoint: endpoint.into(),
        ..target(Auth::AkSk)
    }
}

#[test]
fn koocli_carries_a_custom_endpoint_and_not_the_default_one() {
    let line = |e: &str| koocli_line(&at(e), "t.json");
    assert_eq!(
        line("https://dayu.cn-north-4.myhuaweicloud.com/"),
        "hcloud DataArtsStudio CreateTask --cli-region=cn-north-4 --cli-jsonInput='t.json'"
    );
    // Another cloud's host for the region: both, the host bare as KooCLI's docs write it.
    assert_eq!(
        line("https://dayu.eu-west-101.myhuaweicloud.eu"),
        "hcloud DataArtsStudio CreateTask --cli-region=eu-west-101 \
         --cli-endpoint='dayu.eu-west-101.myhuaweicloud.eu' --cli-jsonInput='t.json'"
    );
    // No region in the endpoint (the emulator): the endpoint alone, its scheme kept.
    assert_eq!(
        line("http://127.0.0.1:8787"),
        "hcloud DataArtsStudio CreateTask --cli-endpoint='http://127.0.0.1:8787' --cli-jsonInput='t.json'"
    );
}

#[test]
fn terraform_follows_the_provider_schema_and_fmt() {
    let t = task_with(|b| b["schedule_config"] = serde_json::json!({"max_time_out": 10}));
    let (text, left_out) = terraform::resource(&t, &target(Auth::Token));
    // schedule_type is Required: the API page's example value when the task has none.
    assert!(
        text.contains("    schedule_type = \"RUN_ONCE\"\n"),
        "{text}"
    );
    assert!(left_out.contains(&"user_id".to_string()), "{left_out:?}");
    assert!(!text.contains("  user_id"), "{text}");
    assert!(!text.contains("terminal_before_modify"), "{text}");
    assert!(text.contains("ignore_changes = [task_config]"), "{text}");
    assert!(
        !text.contains("endpoints"),
        "the region's default endpoint: {text}"
    );
    assert_eq!(terraform::fmt_align(&text), text);
    // A scheduled task stops before a change; a custom endpoint goes under the provider's key.
    let t = task_with(|b| {
        b["schedule_config"] = serde_json::json!({
            "schedule_type": "CRON", "cron_expression": "00 */15 9-23 * * ?", "enabled": 1
        })
    });
    let (text, _) = terraform::resource(&t, &at("http://127.0.0.1:8787"));
    assert!(text.contains("  terminal_before_modify = true\n"), "{text}");
    assert!(
        text.contains("  endpoints = {\n    dataarts = \"http://127.0.0.1:8787/\"\n  }"),
        "{text}"
    );
    assert!(text.contains("HW_REGION_NAME"), "{text}");
    assert!(
        text.contains("    cron_expression = \"00 */15 9-23 * * ?\"\n")
            && text.contains("    schedule_type   = \"CRON\"\n"),
        "aligned as terraform fmt does: {text}"
    );
}

#[test]
fn terraform_labels_are_readable_valid_and_stable() {
    use terraform::resource_label as label;
    assert_eq!(label("dli_metadata_collection"), "dli_metadata_collection");
    let cjk = label("元数据采集_05");
    assert!(
        cjk.starts_with("task_05_") && cjk.len() == "task_05_".len() + 8,
        "{cjk}"
    );
    assert_eq!(cjk, label("元数据采集_05"));
    assert_ne!(cjk, label("数据采集_05"));
    let only = label("销售");
    assert!(only.starts_with("task_") && only.len() == 13, "{only}");
    assert_eq!(label("my task (v2)"), "my_task_v2");
    for name in ["", "9lives", "-x", "a b", "名", "\"}", "x${y}"] {
        let l = label(name);
        assert!(
            l.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
            "{name:?} -> {l}"
        );
    }
}

#[test]
fn fmt_align_lines_up_runs_and_leaves_the_rest() {
    let text = "a {\n  x = 1\n  long_name = \"v\"\n  # c\n  y = [\n    1,\n  ]\n  \"库\" = {},\n  \"abcdef\" = 2\n}\n";
    assert_eq!(
        terraform::fmt_align(text),
        "a {\n  x         = 1\n  long_name = \"v\"\n  # c\n  y = [\n    1,\n  ]\n  \"库\"      = {},\n  \"abcdef\" = 2\n}\n"
    );
}

#[test]
fn go_and_java_take_a_security_token_and_say_which_failure() {
    let t = target(Auth::AkSk);
    let go = render(&task(), &t, Format::Go, "").text;
    for part in [
        "WithSecurityToken(token)",
        "os.Getenv(\"HUAWEICLOUD_SDK_SECURITY_TOKEN\")",
        "credentials.SafeBuild()",
        "WithCredential(auth).\n\t\tSafeBuild()",
        "var answer *sdkerr.ServiceResponseError",
        "answer.RequestId",
        "return 5",
        "return 4",
        "*sdkerr.ConnectionError",
        "*sdkerr.RequestTimeoutError",
    ] {
        assert!(go.contains(part), "{part}: {go}");
    }
    assert!(!go.contains("Build())") && !go.contains(".Build()"), "{go}");
    let java = render(&task(), &t, Format::Java, "").text;
    for part in [
        "auth.withSecurityToken(token)",
        "System.getenv(\"HUAWEICLOUD_SDK_SECURITY_TOKEN\")",
        "catch (ServiceResponseException e)",
        "e.getRequestId()",
        "catch (ConnectionException | RequestTimeoutException e)",
        "import com.huaweicloud.sdk.core.exception.ConnectionException;",
        "import com.huaweicloud.sdk.core.exception.RequestTimeoutException;",
    ] {
        assert!(java.contains(part), "{part}: {java}");
    }
}
