//! The one support module of the integration tests: here a temp `CTASK_HOME`, an emulator on
//! loopback, profiles, seed tasks with unique names, faults, and the creates the emulator received;
//! in the submodules a hostile server, misbehaving listeners, the real terminal and the TUI without
//! one.

pub mod hostile;
pub mod listeners;
// A Unix pseudo-terminal: only the Unix-only tests drive one.
#[cfg(unix)]
pub mod pty;

use std::path::PathBuf;

use assert_cmd::Command;
use ctask::emulator::config::{
    SANDBOX_AK, SANDBOX_IAM_DOMAIN, SANDBOX_IAM_PASSWORD, SANDBOX_IAM_USER, SANDBOX_PROJECT_ID,
    SANDBOX_SK, SANDBOX_TOKEN, SANDBOX_WORKSPACE,
};
use ctask::emulator::{EmulatorConfig, EmulatorHandle, spawn_background};
use serde_json::{Value, json};
use tempfile::TempDir;

pub const SECRETS: &[&str] = &[SANDBOX_TOKEN, SANDBOX_IAM_PASSWORD, SANDBOX_SK];

pub struct Env {
    pub home: TempDir,
    pub emu: EmulatorHandle,
}

pub fn env_with(config: EmulatorConfig) -> Env {
    Env {
        home: tempfile::tempdir().unwrap(),
        emu: spawn_background(config).unwrap(),
    }
}

pub fn env() -> Env {
    env_with(EmulatorConfig::default())
}

pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// `POST {base}/_emulator/settings {"omit_task_config": omit}`: whether the emulator at `base`
/// leaves `task_config` out of its reads; returns the settings it answers with.
pub fn set_omit_task_config(base: &str, omit: bool) -> Value {
    let url = format!("{base}/_emulator/settings");
    rt().block_on(async {
        let r = reqwest::Client::new()
            .post(&url)
            .header("content-type", "application/json")
            .body(serde_json::json!({ "omit_task_config": omit }).to_string())
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "settings: {}", r.status());
        serde_json::from_str(&r.text().await.unwrap()).unwrap()
    })
}

impl Env {
    /// One call to the emulator as the sandbox's token user (`path` under `/v3/{project}`): the
    /// answer's body, for checking what the server holds without going through ctask.
    pub fn sandbox_call(&self, method: reqwest::Method, path: &str) -> String {
        let url = format!(
            "{}/v3/{}{path}",
            self.emu.base_url(),
            ctask::emulator::config::SANDBOX_PROJECT_ID
        );
        rt().block_on(async {
            reqwest::Client::new()
                .request(method, &url)
                .header("X-Auth-Token", SANDBOX_TOKEN)
                .header("workspace", ctask::emulator::config::SANDBOX_WORKSPACE)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        })
    }

    pub fn ctask(&self) -> Command {
        let mut c = Command::cargo_bin("ctask").unwrap();
        c.env("CTASK_HOME", self.home.path())
            .env("HOME", self.home.path())
            // A lost answer is searched for 1 s, not 15 (tests that need longer set it again).
            .env("CTASK_RECONCILE_SECS", "1");
        for v in [
            "HUAWEICLOUD_SDK_AK",
            "HUAWEICLOUD_SDK_SK",
            "HUAWEICLOUD_SDK_PROJECT_ID",
            "HUAWEICLOUD_SDK_SECURITY_TOKEN",
        ] {
            c.env_remove(v);
        }
        c
    }

    pub fn add(&self, name: &str, extra: &[&str], stdin: &str) {
        let base = self.emu.base_url();
        let mut args = vec![
            "profile",
            "add",
            name,
            "--endpoint",
            &base,
            "--project-id",
            SANDBOX_PROJECT_ID,
            "--workspace",
            SANDBOX_WORKSPACE,
        ];
        args.extend_from_slice(extra);
        self.ctask()
            .args(&args)
            .write_stdin(stdin)
            .assert()
            .success();
    }

    /// A token profile whose endpoint (and IAM) is `endpoint` instead of the emulator.
    pub fn add_token_at(&self, name: &str, endpoint: &str, extra: &[&str]) {
        let mut args = vec![
            "profile",
            "add",
            name,
            "--endpoint",
            endpoint,
            "--project-id",
            SANDBOX_PROJECT_ID,
            "--workspace",
            SANDBOX_WORKSPACE,
            "--auth",
            "token",
            "--token-stdin",
        ];
        args.extend_from_slice(extra);
        self.ctask()
            .args(&args)
            .write_stdin(SANDBOX_TOKEN)
            .assert()
            .success();
    }

    /// `ctask history list --json`, newest first.
    pub fn history_rows(&self) -> Vec<Value> {
        let out = self
            .ctask()
            .args(["history", "list", "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "history list failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }

    /// The emulator's `host:port`, as messages name it.
    pub fn emu_host(&self) -> String {
        self.emu.addr().to_string()
    }

    pub fn add_token(&self, name: &str, extra: &[&str]) {
        let mut a = vec!["--auth", "token", "--token-stdin"];
        a.extend_from_slice(extra);
        self.add(name, &a, SANDBOX_TOKEN);
    }

    /// Profiles `tok`, `iam` and `ak`: one per kind of credential, all pointed at the emulator.
    pub fn add_every_kind(&self) {
        self.add_token("tok", &[]);
        let iam = [
            "--auth",
            "iam",
            "--iam-user",
            SANDBOX_IAM_USER,
            "--iam-domain",
            SANDBOX_IAM_DOMAIN,
            "--password-stdin",
        ];
        self.add("iam", &iam, SANDBOX_IAM_PASSWORD);
        self.add(
            "ak",
            &["--auth", "aksk", "--ak", SANDBOX_AK, "--sk-stdin"],
            SANDBOX_SK,
        );
    }

    /// The seed example with a unique name (the emulator rejects duplicate names), optionally edited.
    pub fn seed(&self, name: &str, edit: impl FnOnce(&mut Value)) -> PathBuf {
        let mut v = seed_body(name);
        edit(&mut v);
        // The file is named after the task, less what a file name cannot hold on every platform.
        let file: String = name
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let p = self.home.path().join(format!("{file}.json"));
        std::fs::write(&p, v.to_string()).unwrap();
        p
    }

    pub fn submit(&self, file: &std::path::Path, extra: &[&str]) -> (i32, String, String) {
        let mut args = vec!["submit".into(), file.to_string_lossy().into_owned()];
        args.extend(extra.iter().map(|a| a.to_string()));
        self.run(&args)
    }

    /// Runs `ctask ARGS`, asserting no secret reaches its output; returns exit code, stdout, stderr.
    pub fn run<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> (i32, String, String) {
        self.run_with(args, &[])
    }

    /// `run` with more environment variables (e.g. a longer `CTASK_RECONCILE_SECS`).
    pub fn run_with<S: AsRef<std::ffi::OsStr>>(
        &self,
        args: &[S],
        vars: &[(&str, &str)],
    ) -> (i32, String, String) {
        let out = self
            .ctask()
            .envs(vars.iter().copied())
            .args(args)
            .output()
            .unwrap();
        let (so, se) = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        for s in SECRETS {
            assert!(
                !so.contains(s) && !se.contains(s),
                "secret in output:\n{so}\n{se}"
            );
        }
        (out.status.code().unwrap_or(-1), so, se)
    }

    pub fn fault(&self, fault: Value, count: u32) {
        self.fault_at("POST", "/metadata/tasks/create", fault, count);
    }

    /// The next `count` `method` requests whose path contains `path` get `fault`.
    pub fn fault_at(&self, method: &str, path: &str, fault: Value, count: u32) {
        let url = format!("{}/_emulator/faults", self.emu.base_url());
        let body = json!({"method": method, "path_contains": path, "count": count, "fault": fault});
        rt().block_on(async {
            let r = reqwest::Client::new()
                .post(&url)
                .header("content-type", "application/json")
                .body(body.to_string())
                .send()
                .await
                .unwrap();
            assert!(
                r.status().is_success(),
                "fault not accepted: {}",
                r.status()
            );
        });
    }

    /// Every request the emulator received, oldest first.
    pub fn requests(&self) -> Vec<Value> {
        let url = format!("{}/_emulator/requests", self.emu.base_url());
        rt().block_on(async {
            serde_json::from_str(&reqwest::get(&url).await.unwrap().text().await.unwrap()).unwrap()
        })
    }

    pub fn creates(&self) -> Vec<Value> {
        self.requests()
            .into_iter()
            .filter(|r| {
                r["path"]
                    .as_str()
                    .unwrap_or("")
                    .ends_with("/metadata/tasks/create")
            })
            .collect()
    }
}

/// The seed example (the API page's "Example Requests") named `name`.
pub fn seed_body(name: &str) -> Value {
    let text = std::fs::read_to_string("assets/examples/seed-example.json").unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["name"] = json!(name);
    v
}

pub fn is_task_id(s: &str) -> bool {
    let s = s.trim();
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Names the test that a process started by [`own_process`] is for.
const OWN_PROCESS: &str = "CTASK_TEST_OWN_PROCESS";

/// For the few tests that cannot share the one test process: one that sets something process-wide
/// for good (a tracing subscriber, a panic hook), or reads something every test adds to (the peak
/// memory of all the children this process has waited for). Called first thing with
/// `module_path!()` and the test's own name: in a process started for that test alone it returns
/// `true` and the test goes on; otherwise it starts this executable again for that one test only,
/// asserts that it ran and passed, and returns `false`, and the test returns at once.
pub fn own_process(module: &str, test: &str) -> bool {
    // `module_path!()` is `it::it::secrets`; the harness calls the test `it::secrets::NAME`.
    let module = module.split_once("::").map_or("", |(_, m)| m);
    let name = format!("{module}::{test}");
    if std::env::var_os(OWN_PROCESS).is_some_and(|v| v == name.as_str()) {
        return true;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([name.as_str(), "--exact", "--test-threads=1"])
        .env(OWN_PROCESS, &name)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Indented, so that the harness's lines in it ("test … FAILED", "test result: …") are never
    // taken for this run's own (`.ci/windows.sh` counts those).
    let quoted: String = text.lines().map(|l| format!("    | {l}\n")).collect();
    assert!(
        out.status.success() && text.contains("test result: ok. 1 passed"),
        "{name}, run in a process of its own:\n{quoted}"
    );
    false
}
