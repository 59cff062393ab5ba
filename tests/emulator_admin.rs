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
async fn the_recorder_stays_bounded_under_ten_30_mib_posts() {
    let h = start().await;
    let c = Client::new();
    let body = vec![b'x'; 30 * 1024 * 1024];
    for i in 0..10 {
        let r = c
            .post(format!("{}/nowhere/{i}", h.base_url()))
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert!(r.status().is_client_error(), "{}", r.status());
    }
    let listed = c
        .get(format!("{}/_emulator/requests", h.base_url()))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(
        listed.len() < 20 * 1024 * 1024,
        "the recorder keeps {} bytes for 300 MiB of posts",
        listed.len()
    );
    let rows: Value = serde_json::from_slice(&listed).unwrap();
    let last = rows
        .as_array()
        .and_then(|r| r.last())
        .cloned()
        .unwrap_or_default();
    assert!(
        last["body"].as_str().unwrap_or("").contains("truncated"),
        "{}",
        last["path"]
    );
}
