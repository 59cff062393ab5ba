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
    assert_eq!(e.message, "no conn (and 1 more)");
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
    assert_eq!(e.excerpt, "<html> <body>Service Unavailable</body></html>");
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
