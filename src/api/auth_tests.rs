//! Unit tests of credentials: signing, IAM answers, token freshness, redaction.

use chrono::TimeZone;

use super::*;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap()
}

#[test]
fn aksk_signs_required_headers_and_verifies() {
    let key = AkSk {
        ak: "AK1".into(),
        sk: Secret::new("SK-SECRET"),
        security_token: Some(Secret::new("STS-SECRET")),
    };
    let req = HttpRequest::new(
        "POST",
        "http://127.0.0.1:8080",
        &["v3", "p1", "metadata", "tasks", "create"],
        &[],
    )
    .with_header("workspace", "ws1")
    .with_json_body(b"{}".to_vec());
    let signed = sign(req, &key, "p1", now());
    assert_eq!(signed.header("X-Sdk-Date"), Some("20260102T030405Z"));
    assert_eq!(signed.header("Host"), Some("127.0.0.1:8080"));
    let auth = signer::parse_authorization(signed.header("Authorization").unwrap()).unwrap();
    assert_eq!(auth.access, "AK1");
    assert_eq!(
        auth.signed_headers,
        [
            "host",
            "workspace",
            "x-project-id",
            "x-sdk-date",
            "x-security-token"
        ]
    );
    let hdrs: Vec<(String, String)> = signed
        .headers
        .iter()
        .filter(|(k, _)| auth.signed_headers.contains(&k.to_ascii_lowercase()))
        .cloned()
        .collect();
    let expect = signer::signature(
        "SK-SECRET",
        "20260102T030405Z",
        &signer::Request {
            method: "POST",
            path: &signed.path,
            query: &[],
            signed_headers: &hdrs,
            body: b"{}",
        },
    );
    assert_eq!(auth.signature, expect);
    let shown = signed.display_masked();
    assert!(
        !shown.contains("SK-SECRET") && !shown.contains("STS-SECRET") && !shown.contains(&expect)
    );
}

#[test]
fn iam_answer_is_read() {
    let body = br#"{"token":{"expires_at":"2026-01-03T03:04:05.000000Z","user":{"id":"u1","name":"bob"},"project":{"id":"p1","name":"cn-north-4"}}}"#;
    let t = parse_token_answer(Some("TOKEN-SECRET"), body).unwrap();
    assert_eq!(t.user_id.as_deref(), Some("u1"));
    assert_eq!(t.project_id.as_deref(), Some("p1"));
    assert!(t.is_fresh(now()));
    assert!(!t.is_fresh(now() + chrono::TimeDelta::hours(23) + chrono::TimeDelta::minutes(1)));
    assert!(!format!("{t:?}").contains("TOKEN-SECRET"));
    assert!(parse_token_answer(None, body).is_err());
    assert!(parse_token_answer(Some("x"), b"{}").is_err());
}

#[test]
fn credentials_debug_is_redacted() {
    let iam = Credentials::Iam(IamLogin {
        user: "bob".into(),
        domain: "acme".into(),
        password: Secret::new("PW-SECRET"),
        profile: "p".into(),
        cache: Arc::new(MemoryCache::default()),
    });
    let tok = Credentials::Token(Secret::new("TOKEN-SECRET"));
    let ak = Credentials::AkSk(AkSk {
        ak: "AK".into(),
        sk: Secret::new("SK-SECRET"),
        security_token: None,
    });
    for c in [iam, tok, ak] {
        let d = format!("{c:?}");
        assert!(!d.contains("SECRET"), "{d}");
    }
}

#[test]
fn iam_preview_uses_placeholder_and_token_request_has_scope() {
    let login = IamLogin {
        user: "u".into(),
        domain: "d".into(),
        password: Secret::new("pw"),
        profile: String::new(),
        cache: Arc::new(MemoryCache::default()),
    };
    let req = token_request("http://iam", &login, "p1");
    assert_eq!(req.url(), "http://iam/v3/auth/tokens");
    let v: Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(v["auth"]["scope"]["project"]["id"], "p1");
    assert_eq!(
        v["auth"]["identity"]["password"]["user"]["domain"]["name"],
        "d"
    );
    assert!(!format!("{req:?}").contains("\"pw\""));
    let p =
        Credentials::Iam(login).preview(HttpRequest::new("GET", "http://x", &[], &[]), "p1", now());
    assert_eq!(p.header("X-Auth-Token"), Some(IAM_PLACEHOLDER));
}

#[test]
fn memory_cache_round_trip() {
    let c = MemoryCache::default();
    let t = IamToken {
        token: Secret::new("t"),
        expires_at: now(),
        user_id: None,
        user_name: None,
        project_id: None,
        project_name: None,
    };
    c.put("k", &t);
    assert_eq!(c.get("k"), Some(t));
    assert!(c.get("other").is_none());
}

#[test]
fn the_token_cache_key_depends_on_the_password_and_profile_and_never_holds_them() {
    let login = |profile: &str, pw: &str| IamLogin {
        user: "u".into(),
        domain: "d".into(),
        password: Secret::new(pw),
        profile: profile.into(),
        cache: Arc::new(MemoryCache::default()),
    };
    let right = login("a", "right-password").cache_key("http://iam", "p1");
    let wrong = login("a", "wrong-password").cache_key("http://iam", "p1");
    assert_ne!(
        right, wrong,
        "a wrong password must not find the right one's token"
    );
    let other = login("b", "right-password").cache_key("http://iam", "p1");
    assert_ne!(right, other, "another profile must not share the token");
    assert_eq!(
        right,
        login("a", "right-password").cache_key("http://iam", "p1")
    );
    assert_ne!(
        right,
        login("a", "right-password").cache_key("http://iam", "p2")
    );
    assert!(
        !right.contains("right-password") && !right.contains('u'),
        "{right}"
    );
}
