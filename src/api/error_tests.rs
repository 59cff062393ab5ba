//! Unit tests of error parsing and network classification.

use super::*;

fn parse(status: u16, body: &str) -> ServiceError {
    parse_error_body(status, body.as_bytes(), Some("req-1".into()))
}

#[test]
fn shape_error_code_documented() {
    let e = parse(
        400,
        r#"{"error_code":"DLG.0818","error_msg":"Workspace does not exist"}"#,
    );
    assert_eq!(e.shape, ErrorShape::ErrorCode);
    assert_eq!(e.code.as_deref(), Some("DLG.0818"));
    assert_eq!(e.message, "Workspace does not exist");
    assert!(e.hint.unwrap().contains("workspace id"));
    assert_eq!(e.request_id.as_deref(), Some("req-1"));
}

#[test]
fn shape_errors_list_live_service() {
    let e = parse(
        400,
        r#"{"errors":[{"error_code":"DAYU.1005","error_msg":"no conn"},{"error_code":"X","error_msg":"y"}]}"#,
    );
    assert_eq!(e.shape, ErrorShape::ErrorsList);
    assert_eq!(e.code.as_deref(), Some("DAYU.1005"));
    assert_eq!(e.message, "no conn [details: X: y]");
    assert_eq!(e.details().len(), 1);
    assert!(e.hint.unwrap().contains("data connection"));
}

#[test]
fn shape_code_message_and_apigw_prefix() {
    let e = parse(
        401,
        r#"{"code":"APIGW.0301","message":"Incorrect IAM authentication information"}"#,
    );
    assert_eq!(e.shape, ErrorShape::CodeMessage);
    assert_eq!(e.code.as_deref(), Some("APIGW.0301"));
    assert!(e.hint.unwrap().contains("AK/SK"));
    let e = parse(404, r#"{"code":"APIG.0101","message":"not found"}"#);
    assert!(e.hint.unwrap().contains("endpoint"));
}

#[test]
fn shape_iam() {
    let e = parse(
        401,
        r#"{"error":{"code":401,"message":"The username or password is wrong.","title":"Unauthorized"}}"#,
    );
    assert_eq!(e.shape, ErrorShape::Iam);
    assert_eq!(e.code.as_deref(), Some("401"));
    assert_eq!(
        e.message,
        "Unauthorized: The username or password is wrong."
    );
    assert!(e.hint.unwrap().contains("password"));
}

#[test]
fn shape_unparsed_html_empty_truncated() {
    let e = parse(503, "<html>\n<body>Service   Unavailable</body></html>");
    assert_eq!(e.shape, ErrorShape::Unparsed);
    assert_eq!(
        &*e.excerpt,
        "<html> <body>Service Unavailable</body></html>"
    );
    let msg = ApiError::Service(e).to_string();
    assert!(msg.contains("HTTP 503"), "{msg}");
    let e = parse(502, "");
    assert!(ApiError::Service(e).to_string().contains("(empty body)"));
    let e = parse(500, r#"{"error_code":"DLG.08"#);
    assert_eq!(e.shape, ErrorShape::Unparsed);
    let long = "x".repeat(5000);
    assert!(parse(500, &long).excerpt.chars().count() <= EXCERPT_CHARS + 1);
}

#[test]
fn throttle_429_gets_hint_without_code() {
    let e = parse(429, "");
    assert!(e.hint.unwrap().contains("50 requests"));
    let e = parse(429, r#"{"error_code":"APIG.0308","error_msg":"throttled"}"#);
    assert!(e.hint.unwrap().contains("throttled"));
}

#[test]
fn a_taken_name_gets_the_rename_hint_by_code_or_by_message() {
    let e = parse(
        400,
        r#"{"error_code":"EMU.0004","error_msg":"A collection task named 'x' already exists in this workspace"}"#,
    );
    assert!(e.hint.unwrap().contains("rename"));
    let e = parse(
        400,
        r#"{"error_code":"DLM.4094","error_msg":"The task name already exists."}"#,
    );
    assert!(e.hint.unwrap().contains("Tasks tab"));
    assert!(
        parse(400, r#"{"error_code":"X.1","error_msg":"bad"}"#)
            .hint
            .is_none()
    );
    assert!(
        !parse(503, r#"{"error_msg":"already exists"}"#)
            .hint
            .unwrap()
            .contains("rename"),
        "a 5xx keeps its may-or-may-not hint"
    );
}

#[test]
fn rejection_is_4xx_only() {
    assert!(ApiError::Service(parse(400, "{}")).is_rejection());
    assert!(!ApiError::Service(parse(503, "")).is_rejection());
}

#[derive(Debug)]
struct Wrap(&'static str, Box<dyn StdError + Send + Sync>);
impl fmt::Display for Wrap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}
impl StdError for Wrap {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(self.1.as_ref())
    }
}

fn wrapped(kind: io::ErrorKind, msg: &str) -> Wrap {
    Wrap(
        "error sending request",
        Box::new(io::Error::new(kind, msg.to_string())),
    )
}

#[test]
fn classify_from_io_kinds() {
    let e = wrapped(io::ErrorKind::ConnectionRefused, "refused");
    assert_eq!(classify(&e, false), NetKind::Refused);
    let e = wrapped(io::ErrorKind::ConnectionReset, "reset by peer");
    assert_eq!(classify(&e, false), NetKind::Reset);
    let e = wrapped(io::ErrorKind::UnexpectedEof, "eof");
    assert_eq!(classify(&e, false), NetKind::Reset);
    let e = wrapped(io::ErrorKind::Other, "anything");
    assert_eq!(classify(&e, true), NetKind::Timeout);
}

#[test]
fn classify_from_messages() {
    let e = wrapped(
        io::ErrorKind::Other,
        "dns error: failed to lookup address information",
    );
    assert_eq!(classify(&e, false), NetKind::Dns);
    let e = wrapped(
        io::ErrorKind::InvalidData,
        "invalid peer certificate: UnknownIssuer",
    );
    assert_eq!(classify(&e, false), NetKind::Tls);
    let e = wrapped(
        io::ErrorKind::Other,
        "connection closed before message completed",
    );
    assert_eq!(classify(&e, false), NetKind::Reset);
    let e = wrapped(io::ErrorKind::Other, "something odd");
    assert_eq!(classify(&e, false), NetKind::Other);
}

#[test]
fn network_messages_name_the_host_and_say_what_to_try() {
    for kind in [
        NetKind::Dns,
        NetKind::Refused,
        NetKind::Tls,
        NetKind::Timeout,
        NetKind::Reset,
    ] {
        let e = ApiError::Network(NetworkError {
            kind,
            host: "dayu.cn-north-4.myhuaweicloud.com:443".into(),
            detail: "x".into(),
            unconnected: false,
        });
        assert!(e.to_string().contains("dayu.cn-north-4.myhuaweicloud.com"));
        assert!(!e.hint().unwrap().is_empty());
    }
}

#[test]
fn chain_detail_joins_without_repeats() {
    let e = wrapped(io::ErrorKind::Other, "inner");
    assert_eq!(chain_detail(&e), "error sending request: inner");
}

#[test]
fn every_error_has_a_message_even_html_empty_and_redirects() {
    for (status, body) in [
        (503, "<html><body>Service Unavailable</body></html>"),
        (502, ""),
        (302, ""),
        (301, "<a href=\"https://x\">moved</a>"),
        (400, r#"{"error_code":"DLG.0818"}"#),
    ] {
        let e = parse(status, body);
        assert!(!e.message.trim().is_empty(), "{status} {body:?}");
    }
    let e = parse(302, "");
    assert!(e.message.contains("redirect"), "{}", e.message);
    assert!(e.hint.unwrap().contains("endpoint"));
    assert!(ApiError::Service(e).to_string().contains("redirect"));
}

#[test]
fn a_413_never_says_the_task_may_have_been_created() {
    for body in [
        "",
        r#"{"error_code":"APIG.0201","error_msg":"Request entity too large"}"#,
    ] {
        let hint = parse(413, body).hint.unwrap();
        assert!(hint.contains("no task was created"), "{hint}");
        assert!(
            !hint.contains("check whether the task was created"),
            "{hint}"
        );
    }
}

// Every shape an official SDK (or the Terraform provider) reads.

#[test]
fn shape_camel_case_is_decoded_not_undocumented() {
    let e = parse(
        400,
        r#"{"errorCode":"DLG.9999","errorMsg":"Internal error, please retry"}"#,
    );
    assert_eq!(e.shape, ErrorShape::CamelCase);
    assert_eq!(e.code.as_deref(), Some("DLG.9999"));
    assert_eq!(e.message, "Internal error, please retry");
    let line = ApiError::Service(e).to_string();
    assert_eq!(line, "HTTP 400 DLG.9999: Internal error, please retry");
    assert!(!line.contains("not a documented error"), "{line}");
    // A code alone, or a message alone, is still this shape.
    let e = parse(500, r#"{"errorCode":"DLG.9999"}"#);
    assert_eq!(e.shape, ErrorShape::CamelCase);
    assert_eq!(e.message, "(the error body gave no message)");
    assert_eq!(e.shape.to_string(), "errorCode");
}

#[test]
fn sdk_order_error_code_first_then_code_message() {
    // All three SDKs try error_code/error_msg before code/message.
    let e = parse(
        400,
        r#"{"code":"C","message":"m","error_code":"DLG.1","error_msg":"first"}"#,
    );
    assert_eq!(
        (e.shape, e.code.as_deref(), e.message.as_str()),
        (ErrorShape::ErrorCode, Some("DLG.1"), "first")
    );
    // error_code beats errors[] too.
    let e = parse(
        400,
        r#"{"errors":[{"error_code":"B","error_msg":"b"}],"error_code":"A","error_msg":"a"}"#,
    );
    assert_eq!(e.code.as_deref(), Some("A"));
}

#[test]
fn nested_objects_are_searched_like_the_sdks_but_bounded() {
    let e = parse(
        400,
        r#"{"result":{"error_code":"DLG.0818","error_msg":"no workspace"}}"#,
    );
    assert_eq!(e.shape, ErrorShape::ErrorCode);
    assert_eq!(e.code.as_deref(), Some("DLG.0818"));
    assert!(e.hint.unwrap().contains("workspace id"));
    // IAM nesting without a title, and with a title only.
    let e = parse(
        403,
        r#"{"error":{"code":"IAM.0003","message":"Forbidden"}}"#,
    );
    assert_eq!(
        (e.shape, e.message.as_str()),
        (ErrorShape::Iam, "Forbidden")
    );
    let e = parse(401, r#"{"error":{"title":"Unauthorized"}}"#);
    assert_eq!(e.message, "Unauthorized");
    // `error` that is not an IAM object is searched like any nested object.
    let e = parse(400, r#"{"error":{"error_code":"X.1","error_msg":"inner"}}"#);
    assert_eq!(
        (e.shape, e.code.as_deref()),
        (ErrorShape::ErrorCode, Some("X.1"))
    );
    // Deeper than the bound: not searched, shown as an undocumented body.
    let mut deep = r#"{"error_code":"DEEP","error_msg":"m"}"#.to_string();
    for _ in 0..10 {
        deep = format!(r#"{{"a":{deep}}}"#);
    }
    assert_eq!(parse(400, &deep).shape, ErrorShape::Unparsed);
}

#[test]
fn errors_list_malformed_variants() {
    // Entries that are not error objects are skipped; the first error object is the error.
    let e = parse(
        400,
        r#"{"errors":["x",7,null,{"error_code":"DLG.2253","error_msg":"task gone"}]}"#,
    );
    assert_eq!(e.shape, ErrorShape::ErrorsList);
    assert_eq!(e.code.as_deref(), Some("DLG.2253"));
    assert!(e.details().is_empty());
    // Entries in code/message form.
    let e = parse(400, r#"{"errors":[{"code":"A.1","message":"m"}]}"#);
    assert_eq!((e.code.as_deref(), e.message.as_str()), (Some("A.1"), "m"));
    // Empty, a string, nested arrays: nothing to read, the excerpt is shown.
    for body in [
        r#"{"errors":[]}"#,
        r#"{"errors":"boom"}"#,
        r#"{"errors":[[{"error_code":"A"}]]}"#,
        r#"[{"error_code":"A","error_msg":"top-level array"}]"#,
    ] {
        let e = parse(400, body);
        assert_eq!(e.shape, ErrorShape::Unparsed, "{body}");
        assert!(e.message.contains("not a documented error"), "{body}");
    }
    // Many entries: MAX_DETAILS kept, the rest counted.
    let list: Vec<String> = (0..20)
        .map(|i| format!(r#"{{"error_code":"E.{i}","error_msg":"m{i}"}}"#))
        .collect();
    let e = parse(400, &format!(r#"{{"errors":[{}]}}"#, list.join(",")));
    assert_eq!(e.code.as_deref(), Some("E.0"));
    assert_eq!(e.details().len(), MAX_DETAILS);
    assert!(
        e.message.ends_with("E.5: m5; and 14 more]"),
        "{}",
        e.message
    );
}

#[test]
fn details_list_is_read_and_shown() {
    let e = parse(
        400,
        r#"{"error_code":"DLG.0001","error_msg":"invalid task","details":[
            {"error_code":"F.1","error_msg":"name too long"},
            {"code":"F.2","message":"dir_id missing"},
            "plain words",
            7, [1, 2], {"unrelated": true}, {"errorCode":"F.3"}]}"#,
    );
    assert_eq!(e.shape, ErrorShape::ErrorCode);
    let shown: Vec<(Option<&str>, &str)> = e
        .details()
        .iter()
        .map(|d| (d.code.as_deref(), d.message.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            (Some("F.1"), "name too long"),
            (Some("F.2"), "dir_id missing"),
            (None, "plain words"),
            (Some("F.3"), "")
        ]
    );
    assert_eq!(
        e.message,
        "invalid task [details: F.1: name too long; F.2: dir_id missing; plain words; F.3]"
    );
    // Details under IAM's `error` object, and details alone.
    let e = parse(
        403,
        r#"{"error":{"code":403,"message":"denied","details":[{"code":"P","message":"q"}]}}"#,
    );
    assert_eq!(e.message, "denied [details: P: q]");
    let e = parse(400, r#"{"details":[{"code":"A","message":"b"}]}"#);
    assert_eq!(e.shape, ErrorShape::Details);
    assert_eq!(
        e.message,
        "(the error body gave no message) [details: A: b]"
    );
    // `details` of the wrong type is ignored.
    let e = parse(
        400,
        r#"{"error_code":"X","error_msg":"m","details":"text"}"#,
    );
    assert_eq!(e.message, "m");
}

#[test]
fn encoded_authorization_message_is_shown_with_the_decode_call() {
    let e = parse(
        403,
        r#"{"error_code":"DLG.4001","error_msg":"Policy doesn't allow dataarts:catalog:create",
            "encoded_authorization_message":"vUtBcb3Jq\nAb+/x=="}"#,
    );
    assert_eq!(e.code.as_deref(), Some("DLG.4001"));
    assert_eq!(e.encoded_authorization(), Some("vUtBcb3JqAb+/x=="));
    assert!(
        e.message
            .ends_with("[encoded authorization message: vUtBcb3JqAb+/x==]"),
        "{}",
        e.message
    );
    let hint = e.hint.unwrap();
    assert!(hint.contains("DecodeAuthorizationMessage"), "{hint}");
    assert!(hint.contains("/v5/decode-authorization-message"), "{hint}");
    assert!(hint.contains("encoded_message"), "{hint}");
    // Nested (IAM style), alone, and of the wrong type.
    let e = parse(
        403,
        r#"{"error":{"code":"403","message":"Forbidden","encoded_authorization_message":"tok"}}"#,
    );
    assert_eq!(
        (e.shape, e.encoded_authorization()),
        (ErrorShape::Iam, Some("tok"))
    );
    let e = parse(403, r#"{"encoded_authorization_message":"tok"}"#);
    assert_eq!(e.shape, ErrorShape::Details);
    assert!(e.message.contains("tok"), "{}", e.message);
    for body in [
        r#"{"error_code":"X","error_msg":"m","encoded_authorization_message":12}"#,
        r#"{"error_code":"X","error_msg":"m","encoded_authorization_message":{"a":"b"}}"#,
        r#"{"error_code":"X","error_msg":"m","encoded_authorization_message":"  "}"#,
    ] {
        let e = parse(403, body);
        assert_eq!(e.encoded_authorization(), None, "{body}");
        assert_eq!(e.message, "m", "{body}");
    }
    // A 413 keeps its status hint even with an encoded message.
    let e = parse(413, r#"{"encoded_authorization_message":"tok"}"#);
    assert!(e.hint.unwrap().contains("no task was created"));
}

#[test]
fn wrong_types_never_panic_and_read_sensibly() {
    let e = parse(400, r#"{"error_code":{"a":1},"error_msg":["x",1]}"#);
    assert_eq!(e.code, None);
    assert_eq!(e.message, r#"["x",1]"#);
    let e = parse(400, r#"{"code":1234,"message":true}"#);
    assert_eq!(
        (e.code.as_deref(), e.message.as_str()),
        (Some("1234"), "true")
    );
    let e = parse(400, r#"{"error_code":null,"error_msg":null}"#);
    assert_eq!(e.code, None);
    assert_eq!(e.message, "(the error body gave no message)");
    let e = parse(400, r#"{"error_code":"   ","error_msg":"m"}"#);
    assert_eq!(e.code, None, "a blank code is no code");
    for body in ["null", "42", r#""text""#, "[]", "{}", r#"{"other":1}"#] {
        let e = parse(400, body);
        assert_eq!(e.shape, ErrorShape::Unparsed, "{body}");
        assert!(!e.message.trim().is_empty(), "{body}");
    }
}

#[test]
fn huge_strings_are_bounded_everywhere() {
    let big = "é".repeat(200_000);
    let details: Vec<String> = (0..50)
        .map(|_| format!(r#"{{"code":"{big}","message":"{big}"}}"#))
        .collect();
    let body = format!(
        r#"{{"error_code":"{big}","error_msg":"{big}","details":[{}],"encoded_authorization_message":"{big}"}}"#,
        details.join(",")
    );
    let e = parse(400, &body);
    assert!(e.code.as_ref().unwrap().chars().count() <= CODE_CHARS + 1);
    assert!(e.code.as_ref().unwrap().ends_with('…'));
    assert_eq!(e.details().len(), MAX_DETAILS);
    for d in e.details() {
        assert!(d.code.as_ref().unwrap().chars().count() <= CODE_CHARS + 1);
        assert!(d.message.chars().count() <= DETAIL_CHARS + 1);
    }
    assert!(e.encoded_authorization().unwrap().chars().count() <= ENCODED_CHARS + 1);
    let cap = MESSAGE_CHARS + MAX_DETAILS * (CODE_CHARS + DETAIL_CHARS + 8) + ENCODED_CHARS + 100;
    assert!(e.message.chars().count() <= cap, "{}", e.message.len());
    let e = parse(400, &format!(r#"{{"errorMsg":"{big}"}}"#));
    assert!(e.message.chars().count() <= MESSAGE_CHARS + 1);
    // A message of the wrong type is bounded too.
    let arr = format!("[{}]", vec!["1"; 100_000].join(","));
    let e = parse(400, &format!(r#"{{"code":"C","message":{arr}}}"#));
    assert!(e.message.chars().count() <= MESSAGE_CHARS + 1);
}

#[test]
fn server_text_is_kept_for_the_front_ends_to_escape_and_other_fields_stay_out() {
    // The exact text is kept (the CLI and TUI escape it; `--json` keeps the exact value)...
    let e = parse(
        400,
        "{\"errorCode\":\"DLG.\\u001b]52;c;x\\u0007\",\"errorMsg\":\"a\\u202eb\"}",
    );
    assert_eq!(e.code.as_deref(), Some("DLG.\u{1b}]52;c;x\u{7}"));
    assert_eq!(e.message, "a\u{202e}b");
    // ...and only the error fields are shown: other members of a decoded body never are.
    let e = parse(
        400,
        r#"{"error_code":"X","error_msg":"m","request":{"headers":{"X-Auth-Token":"MIIsecret"}}}"#,
    );
    assert!(
        !ApiError::Service(e.clone())
            .to_string()
            .contains("MIIsecret")
    );
    assert!(!e.message.contains("MIIsecret"));
}

/// One HTTP answer on loopback, whatever the request.
async fn answer_once(status: &'static str, body: &'static str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 16 * 1024];
        let _ = sock.read(&mut buf).await;
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nX-Request-Id: req-loop-25\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        sock.write_all(head.as_bytes()).await.unwrap();
        sock.write_all(body.as_bytes()).await.unwrap();
        sock.shutdown().await.ok();
    });
    format!("http://127.0.0.1:{port}")
}

#[tokio::test(flavor = "current_thread")]
async fn through_the_real_client_every_new_shape_is_decoded() {
    use crate::api::calls::check;
    use crate::api::{Client, ClientConfig, HttpRequest};
    let cases: [(&str, &str, &str, &str); 3] = [
        (
            "400 Bad Request",
            r#"{"errorCode":"DLG.9999","errorMsg":"Internal error"}"#,
            "HTTP 400 DLG.9999: Internal error",
            "",
        ),
        (
            "400 Bad Request",
            r#"{"errors":[{"error_code":"DLG.2253","error_msg":"gone"}],"details":[{"code":"D","message":"why"}]}"#,
            "HTTP 400 DLG.2253: gone [details: D: why]",
            "",
        ),
        (
            "403 Forbidden",
            r#"{"error":{"code":"403","message":"denied","title":"Forbidden","encoded_authorization_message":"ENC0ded=="}}"#,
            "HTTP 403 403: Forbidden: denied [encoded authorization message: ENC0ded==]",
            "decode-authorization-message",
        ),
    ];
    let client = Client::new(ClientConfig::default()).unwrap();
    for (status, body, line, hint) in cases {
        let base = answer_once(status, body).await;
        let req = HttpRequest::new("GET", &base, &["v1", "x"], &[]);
        let resp = client.send(&req).await.unwrap();
        let err = check(resp).unwrap_err();
        assert_eq!(err.to_string(), line);
        assert_eq!(err.request_id(), Some("req-loop-25"));
        assert!(err.hint().unwrap_or_default().contains(hint), "{err:?}");
    }
}
