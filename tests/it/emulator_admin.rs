//! The emulator's admin API refuses what a web page could send (a foreign `Origin`, a non-loopback
//! `Host`, a body not declared `application/json`), bounds every fault parameter (400 `EMU.0008`,
//! and the emulator lives on), and the request recorder stays bounded under huge bodies. The real
//! emulator over loopback.

use ctask::emulator::{self, EmulatorConfig, EmulatorHandle};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn start() -> EmulatorHandle {
    emulator::spawn(EmulatorConfig::default()).await.unwrap()
}

fn faults(h: &EmulatorHandle) -> String {
    format!("{}/_emulator/faults", h.base_url())
}

const SPEC: &str = r#"{"fault":{"kind":"delay","ms":1}}"#;

#[tokio::test]
async fn requests_a_web_page_could_send_are_refused() {
    let h = start().await;
    let c = Client::new();
    let post = |ct: &str, extra: Option<(&str, &str)>| {
        let mut r = c.post(faults(&h)).header("content-type", ct).body(SPEC);
        if let Some((k, v)) = extra {
            r = r.header(k, v);
        }
        r.send()
    };
    let plain = post("text/plain", Some(("origin", "https://evil.example")))
        .await
        .unwrap();
    assert!(plain.status().is_client_error(), "{}", plain.status());
    let plain = post("text/plain", None).await.unwrap();
    assert_eq!(plain.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let foreign = post("application/json", Some(("origin", "http://evil.example")))
        .await
        .unwrap();
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    let rebound = post("application/json", Some(("host", "evil.example:80")))
        .await
        .unwrap();
    assert_eq!(rebound.status(), StatusCode::FORBIDDEN);
    let list = c
        .get(format!("{}/_emulator/requests", h.base_url()))
        .header("origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), StatusCode::FORBIDDEN);
    let own = format!("http://{}", h.addr());
    let ok = post("application/json; charset=utf-8", Some(("origin", &own)))
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::CREATED);
    let ok = post("application/json", Some(("host", "localhost")))
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn out_of_range_fault_parameters_get_400_and_the_emulator_lives() {
    let h = start().await;
    let c = Client::new();
    for fault in [
        json!({"kind": "large", "bytes": usize::MAX}),
        json!({"kind": "large", "bytes": 1u64 << 40}),
        json!({"kind": "delay", "ms": u64::MAX}),
    ] {
        let r = c
            .post(faults(&h))
            .header("content-type", "application/json")
            .body(json!({ "fault": fault }).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{fault}");
        let body = r.text().await.unwrap();
        assert!(body.contains("EMU.0008"), "{body}");
    }
    let alive = c
        .get(format!("{}/_emulator/requests", h.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(alive.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_fault_queue_is_capped_in_rules_and_in_text() {
    let h = start().await;
    let c = Client::new();
    let post = |body: String| {
        c.post(faults(&h))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let refused = |r: reqwest::Response, what: &'static str| async move {
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{what}");
        let body = r.text().await.unwrap();
        assert!(body.contains("EMU.0008") && body.contains(what), "{body}");
    };
    // Text that would make a pending rule big.
    let long = "x".repeat(4096);
    let r = post(json!({"path_contains": long, "fault": {"kind": "hang"}}).to_string())
        .await
        .unwrap();
    refused(r, "2048 bytes").await;
    let r = post(json!({"method": long, "fault": {"kind": "hang"}}).to_string())
        .await
        .unwrap();
    refused(r, "16 bytes").await;
    let r = post(format!(
        r#"{{"fault":{{"kind":"hang"}},"pad":"{}"}}"#,
        "y".repeat(100_000)
    ))
    .await
    .unwrap();
    refused(r, "at most 16384 bytes").await;
    // At most 1000 rules pending; the 1001st names the cap, and clearing makes room again.
    let spec = json!({"path_contains": "/never", "fault": {"kind": "hang"}}).to_string();
    for i in 0..1000 {
        let r = post(spec.clone()).await.unwrap();
        assert_eq!(r.status(), StatusCode::CREATED, "rule {i}");
    }
    let r = post(spec.clone()).await.unwrap();
    refused(r, "at most 1000 fault rules").await;
    let cleared = c.delete(faults(&h)).send().await.unwrap();
    assert_eq!(cleared.status(), StatusCode::NO_CONTENT);
    assert_eq!(post(spec).await.unwrap().status(), StatusCode::CREATED);
}

#[tokio::test]
async fn unknown_paths_are_not_recorded_and_unauthenticated_bodies_are_kept_short() {
    let h = start().await;
    let c = Client::new();
    let body = vec![b'x'; 30 * 1024 * 1024];
    for i in 0..3 {
        // The emulator may answer 404 before the body is all sent, and close: either is fine.
        if let Ok(r) = c
            .post(format!("{}/nowhere/{i}", h.base_url()))
            .body(body.clone())
            .send()
            .await
        {
            assert_eq!(r.status(), StatusCode::NOT_FOUND);
        }
    }
    let create = format!(
        "{}/v3/{}/metadata/tasks/create",
        h.base_url(),
        emulator::SANDBOX_PROJECT_ID
    );
    for _ in 0..3 {
        let r = c
            .post(&create)
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let listed = c
        .get(format!("{}/_emulator/requests", h.base_url()))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let rows: Value = serde_json::from_slice(&listed).unwrap();
    let rows = rows.as_array().unwrap();
    assert!(
        rows.iter()
            .all(|r| !r["path"].as_str().unwrap_or("").contains("nowhere")),
        "an unknown path was recorded"
    );
    assert_eq!(rows.len(), 3, "{}", listed.len());
    for r in rows {
        let b = r["body"].as_str().unwrap_or("");
        assert!(
            b.len() < 2048 && b.ends_with("truncated]"),
            "{} bytes",
            b.len()
        );
    }
}

/// `VmRSS` of a process, in KiB.
#[cfg(target_os = "linux")]
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap()
}

/// `ctask emulator` as people run it: ten 30 MiB POSTs to an unknown path raise its resident
/// memory by less than 100 MiB (it was 44 → 500 MiB when every body was read and kept).
#[cfg(target_os = "linux")] // resident memory read from /proc
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_30_mib_posts_to_an_unknown_path_raise_the_emulators_rss_by_under_100_mib() {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ctask"))
        .args(["emulator", "--addr", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let stdout = child.stdout.take().unwrap();
    let _child = Kill(child);
    let mut line = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_string();
    let c = Client::new();
    // One request first, so the server's own start-up allocations are in the baseline.
    let _ = c.get(format!("{url}/warm-up")).send().await;
    let before = rss_kib(pid);
    let body = vec![b'x'; 30 * 1024 * 1024];
    // Concurrently, as a page or a script would: 10 × 30 MiB at once.
    let sends = (0..10).map(|i| {
        let (c, url, body) = (c.clone(), url.clone(), body.clone());
        tokio::spawn(async move { c.post(format!("{url}/nowhere/{i}")).body(body).send().await })
    });
    for s in sends {
        if let Ok(Ok(r)) = s.await {
            assert_eq!(r.status(), StatusCode::NOT_FOUND);
        }
    }
    let after = rss_kib(pid);
    let alive = c
        .get(format!("{url}/_emulator/requests"))
        .send()
        .await
        .unwrap();
    assert_eq!(alive.status(), StatusCode::OK);
    eprintln!("ctask emulator RSS: {before} KiB before, {after} KiB after 10 x 30 MiB");
    assert!(
        after.saturating_sub(before) < 100 * 1024,
        "RSS grew from {before} KiB to {after} KiB"
    );
}
