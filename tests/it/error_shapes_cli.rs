//! Error shapes against the real binary: a loopback server answers every request with one of the error
//! shapes the official SDKs read (`errorCode/errorMsg`, `errors[]` with `details[]`, IAM's nested
//! `error` with an `encoded_authorization_message`); `ctask task show` prints the code, the message,
//! the details, the encoded message with the STS call that decodes it, and the request id, in text
//! and in `--json`, and never the profile's token.

use std::io::{Read, Write};
use std::net::TcpListener;

use crate::support::{self, env};
use serde_json::Value;

const ID: &str = "0123456789abcdef0123456789abcdef";

/// Answers every request on 127.0.0.1 with `status` and `body`, until the test process ends.
fn serve(status: &'static str, body: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for sock in listener.incoming() {
            let Ok(mut sock) = sock else { continue };
            let mut buf = [0u8; 64 * 1024];
            let _ = sock.read(&mut buf);
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nX-Request-Id: req-25\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = sock.write_all(head.as_bytes());
            let _ = sock.write_all(body.as_bytes());
        }
    });
    format!("http://{addr}")
}

#[test]
fn every_sdk_error_shape_is_shown_by_the_cli() {
    let e = env();
    let cases: [(&str, &str, &str, &[&str]); 3] = [
        (
            "400 Bad Request",
            r#"{"errorCode":"DLG.9999","errorMsg":"Internal error, please retry"}"#,
            "DLG.9999",
            &["Internal error, please retry"],
        ),
        (
            "400 Bad Request",
            r#"{"errors":[{"error_code":"DLG.2253","error_msg":"task not found"},{"error_code":"DLG.0001","error_msg":"second"}],"details":[{"code":"F.1","message":"id unknown"}]}"#,
            "DLG.2253",
            &["task not found", "DLG.0001: second", "F.1: id unknown"],
        ),
        (
            "403 Forbidden",
            r#"{"error":{"code":"IAM.0003","message":"denied by policy","title":"Forbidden","encoded_authorization_message":"EnCoDeD+token=="}}"#,
            "IAM.0003",
            &[
                "Forbidden: denied by policy",
                "EnCoDeD+token==",
                "/v5/decode-authorization-message",
            ],
        ),
    ];
    for (i, (status, body, code, shown)) in cases.iter().enumerate() {
        let name = format!("p{i}");
        e.add_token_at(&name, &serve(status, body), &[]);
        for json_out in [false, true] {
            let mut args = vec!["task", "show", ID, "--profile", name.as_str()];
            if json_out {
                args.push("--json");
            }
            let out = e.ctask().args(&args).output().unwrap();
            let text = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(4), "{args:?}: a rejection\n{text}");
            assert!(!text.contains("not a documented error"), "{args:?}\n{text}");
            assert!(text.contains(code), "{args:?}: code\n{text}");
            assert!(text.contains("req-25"), "{args:?}: request id\n{text}");
            for s in *shown {
                assert!(text.contains(s), "{args:?}: {s:?}\n{text}");
            }
            for secret in support::SECRETS {
                assert!(!text.contains(secret), "{args:?}: a secret shown\n{text}");
            }
            if json_out {
                let v: Value = serde_json::from_slice(&out.stdout)
                    .unwrap_or_else(|_| panic!("{args:?}: stdout is one JSON value\n{text}"));
                let err = v.get("error").unwrap_or(&v);
                assert_eq!(err["code"], *code, "{text}");
                assert_eq!(err["request_id"], "req-25", "{text}");
            }
        }
    }
}
