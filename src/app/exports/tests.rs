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
