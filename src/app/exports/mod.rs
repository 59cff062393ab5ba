//! Exports of a task that run elsewhere, for both front ends: the plain body, KooCLI's jsonInput
//! (and its `hcloud` line), a curl script (the token from `$CTASK_TOKEN`), complete programs on
//! Huawei's official SDKs (Python, Go, Java; AK/SK from `HUAWEICLOUD_SDK_AK`/`_SK`) and a Terraform
//! resource. None ever holds a secret: the target says where to send and how the profile signs in,
//! never with what. Pure text.

mod literal;
mod sdk;
mod terraform;

use crate::api::request::shell_quote;
use crate::app::context::Context;
use crate::store::history::Entry;
use crate::task::CollectionTask;
use crate::task::taskfile;

/// What a task can be exported as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Body,
    KooCli,
    Curl,
    Python,
    Go,
    Java,
    Terraform,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Body,
        Format::KooCli,
        Format::Curl,
        Format::Python,
        Format::Go,
        Format::Java,
        Format::Terraform,
    ];

    /// The word `--format` takes.
    pub fn word(self) -> &'static str {
        match self {
            Format::Body => "body",
            Format::KooCli => "koocli",
            Format::Curl => "curl",
            Format::Python => "python",
            Format::Go => "go",
            Format::Java => "java",
            Format::Terraform => "terraform",
        }
    }

    pub fn parse(word: &str) -> Option<Format> {
        let w = word.trim().to_ascii_lowercase();
        Format::ALL.into_iter().find(|f| f.word() == w)
    }

    /// The file name an export suggests.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Body => "task.json",
            Format::KooCli => "task.koocli.json",
            Format::Curl => "create_task.sh",
            Format::Python => "create_task.py",
            Format::Go => "main.go",
            Format::Java => "CreateCollectionTask.java",
            Format::Terraform => "task.tf",
        }
    }

    /// A program format named by a file's extension (`.py`, `.go`, `.java`, `.tf`, `.sh`): how the
    /// TUI's export and save prompts offer these formats without new keys.
    pub fn by_extension(path: &str) -> Option<Format> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "py" => Some(Format::Python),
            "go" => Some(Format::Go),
            "java" => Some(Format::Java),
            "tf" => Some(Format::Terraform),
            "sh" => Some(Format::Curl),
            _ => None,
        }
    }
}

/// How the profile signs in (only the kind: never a secret).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    Token,
    Iam,
    AkSk,
}

/// Where an export sends the task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportTarget {
    /// e.g. `https://dayu.cn-north-4.myhuaweicloud.com`.
    pub endpoint: String,
    pub project_id: String,
    pub workspace: String,
    pub auth: Auth,
}

impl ExportTarget {
    pub fn of(ctx: &Context) -> ExportTarget {
        let t = &ctx.session.target;
        ExportTarget {
            endpoint: t.endpoint.base.clone(),
            project_id: t.project_id.clone(),
            workspace: t.workspace.clone(),
            auth: auth_of(ctx.session.credentials.kind_name()),
        }
    }

    /// Where a history entry was sent.
    pub fn of_entry(e: &Entry) -> ExportTarget {
        ExportTarget {
            endpoint: e.sent.endpoint.trim_end_matches('/').to_string(),
            project_id: e.sent.project_id.clone(),
            workspace: e.sent.workspace.clone(),
            auth: auth_of(&e.sent.auth_kind),
        }
    }

    /// The TUI's target: its resolved profile when there is one, else the form's endpoint, project
    /// and workspace (signing in with a token).
    pub fn of_form(
        ctx: Option<&Context>,
        endpoint: &str,
        project_id: &str,
        workspace: &str,
    ) -> Self {
        match ctx {
            Some(c) => ExportTarget::of(c),
            None => ExportTarget {
                endpoint: endpoint.trim_end_matches('/').to_string(),
                project_id: project_id.to_string(),
                workspace: workspace.to_string(),
                auth: Auth::Token,
            },
        }
    }

    /// The region in a `dayu.{region}.…` endpoint, if it is one.
    pub fn region(&self) -> Option<String> {
        let host = self
            .endpoint
            .split("://")
            .nth(1)?
            .split(['/', ':'])
            .next()?;
        let mut parts = host.split('.');
        (parts.next()? == "dayu").then(|| parts.next().map(str::to_string))?
    }

    /// Whether the endpoint is not the one the Terraform provider and KooCLI derive from its region:
    /// `https://dayu.{region}.myhuaweicloud.com` (the provider's `GetServiceEndpoint`:
    /// `https://{Name}.{region}.{Cloud}/`, `Cloud` defaulting to myhuaweicloud.com).
    pub fn custom_endpoint(&self) -> bool {
        let clean = self
            .endpoint
            .trim()
            .trim_end_matches('/')
            .to_ascii_lowercase();
        match self.region() {
            Some(r) => {
                clean != format!("https://dayu.{}.myhuaweicloud.com", r.to_ascii_lowercase())
            }
            None => true,
        }
    }

    /// The create URL.
    pub fn url(&self) -> String {
        format!(
            "{}/v3/{}/metadata/tasks/create",
            self.endpoint,
            crate::api::signer::encode(&self.project_id)
        )
    }
}

fn auth_of(kind: &str) -> Auth {
    match kind {
        "aksk" => Auth::AkSk,
        "iam" => Auth::Iam,
        _ => Auth::Token,
    }
}

/// An export: the text to write, and what to tell the user beside it (never in the file's place).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    pub text: String,
    pub notes: Vec<String>,
}

/// `task` as `format` for `target`. `file` is the name the export is written to (for the KooCLI line).
pub fn render(task: &CollectionTask, target: &ExportTarget, format: Format, file: &str) -> Export {
    let mut notes = Vec::new();
    let text = match format {
        Format::Body => taskfile::to_body(task),
        Format::KooCli => {
            notes.push(koocli_line(target, file));
            taskfile::to_koocli(task, &target.workspace, &target.project_id)
        }
        Format::Curl => {
            if target.auth == Auth::AkSk {
                notes.push(AKSK_CURL.into());
            }
            curl(task, target)
        }
        Format::Python => sdk::python(task, target),
        Format::Go => sdk::go(task, target),
        Format::Java => sdk::java(task, target),
        Format::Terraform => {
            let (text, left_out) = terraform::resource(task, target);
            if !left_out.is_empty() {
                notes.push(format!(
                    "not arguments of huaweicloud_dataarts_catalog_metadata_task, left out: {}",
                    left_out.join(", ")
                ));
            }
            text
        }
    };
    Export { text, notes }
}

/// The export a save prompt's file name asks for by its extension (`.py`, `.go`, `.java`, `.tf`,
/// `.sh`), if it names one: the TUI's Review screen (F5) offers every format this way.
pub fn by_path(task: &CollectionTask, target: &ExportTarget, path: &str) -> Option<String> {
    let format = Format::by_extension(path)?;
    Some(render(task, target, format, path).text)
}

const AKSK_CURL: &str = "this profile signs with AK/SK (SDK-HMAC-SHA256), which curl cannot do; the script \
     sends an IAM token from $CTASK_TOKEN instead. For AK/SK use --format python (or go, java)";

/// The `hcloud` line that sends a jsonInput file: `--cli-region` when the endpoint names a region,
/// and `--cli-endpoint` when the endpoint is not the one KooCLI derives from that region.
pub fn koocli_line(target: &ExportTarget, file: &str) -> String {
    let region = target.region();
    let mut options = region
        .as_deref()
        .map(|r| format!(" --cli-region={r}"))
        .unwrap_or_default();
    if target.custom_endpoint() {
        options.push_str(&format!(
            " --cli-endpoint={}",
            shell_quote(&koocli_endpoint(&target.endpoint))
        ));
    }
    format!(
        "hcloud DataArtsStudio CreateTask{options} --cli-jsonInput={}",
        shell_quote(file)
    )
}

/// The `--cli-endpoint` value. Source: KooCLI's "Specifying a Domain Name" page (hcli_05_18), whose
/// examples pass a bare host (`--cli-endpoint="iot-mqtts.ap-southeast-1.myhuaweicloud.com"`): an
/// `https://` endpoint is written that way; any other scheme (the emulator's `http://`) is kept,
/// since a bare host would mean https. Whether KooCLI accepts a scheme is unconfirmed.
fn koocli_endpoint(endpoint: &str) -> String {
    let e = endpoint.trim().trim_end_matches('/');
    match e.get(..8) {
        Some(p) if p.eq_ignore_ascii_case("https://") => e[8..].to_string(),
        _ => e.to_string(),
    }
}

/// A shell script with one runnable curl command; the token comes from `$CTASK_TOKEN`.
///
/// It fails visibly: the status is captured with `-w '%{http_code}'` and anything but 2xx exits 22
/// (curl's own `--fail` code), after printing the answer's body. `--fail-with-body` would say the
/// same but needs curl 7.76 (2021) and `%header{…}` needs 7.84, while `-w '%{http_code}'` and `-D
/// FILE` work with any curl still around: the headers go to a temporary file and the
/// `X-Request-Id` (the id Huawei support asks for) is printed on stderr, whatever the outcome.
fn curl(task: &CollectionTask, t: &ExportTarget) -> String {
    let body = serde_json::to_string(&taskfile::body_value(task)).unwrap_or_default();
    let mut s = String::from("#!/bin/sh\n");
    s.push_str(&format!(
        "# Create Collection Task {} (exported by ctask). The IAM token comes from $CTASK_TOKEN;\n\
         # nothing secret is written here. Prints the answer on stdout and its X-Request-Id on\n\
         # stderr; exits non-zero when the request fails (curl's own code, or 22 for an HTTP error).\n",
        literal::comment(task.text("name").unwrap_or_default())
    ));
    if t.auth == Auth::AkSk {
        s.push_str("# The profile signs with AK/SK, which curl cannot do: use `ctask export --format python`.\n");
    }
    s.push_str(": \"${CTASK_TOKEN:?set CTASK_TOKEN to an IAM token (X-Subject-Token)}\"\n");
    s.push_str(SCRIPT_TEMP);
    s.push_str(&format!(
        "status=$(curl -sS -X POST {} \\\n  -H \"X-Auth-Token: $CTASK_TOKEN\" \\\n  -H {} \\\n  -H {} \\\n  \
         -D \"$dir/headers\" -o \"$dir/body\" -w '%{{http_code}}' \\\n  --data-binary {})\n",
        shell_quote(&t.url()),
        shell_quote(&format!("workspace: {}", t.workspace)),
        shell_quote("Content-Type: application/json;charset=UTF-8"),
        shell_quote(&body)
    ));
    s.push_str(SCRIPT_VERDICT);
    s
}

/// The curl script's temporary folder for the answer's headers and body, removed on exit.
const SCRIPT_TEMP: &str = "dir=$(mktemp -d) || exit 1\n\
trap 'rm -rf \"$dir\"' EXIT\n\
trap 'exit 130' HUP INT TERM\n";

/// After curl: its own failure (no answer) keeps its code; the body goes to stdout, the request id
/// to stderr, and a status other than 2xx exits 22.
const SCRIPT_VERDICT: &str = "code=$?\n\
[ -f \"$dir/body\" ] && cat \"$dir/body\" && echo\n\
request_id=$(tr -d '\\r' < \"$dir/headers\" 2>/dev/null | grep -i '^x-request-id:' | tail -n 1 | sed 's/^[^:]*:[[:space:]]*//')\n\
echo \"X-Request-Id: ${request_id:-(none)}\" >&2\n\
if [ \"$code\" -ne 0 ]; then\n  echo \"curl failed (exit $code): no answer was read\" >&2\n  exit \"$code\"\nfi\n\
case \"$status\" in\n  2??) ;;\n  *) echo \"HTTP $status: the task was not created\" >&2; exit 22 ;;\nesac\n";

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
