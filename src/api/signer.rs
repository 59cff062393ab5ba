//! SDK-HMAC-SHA256, the AK/SK request signing of Huawei Cloud's API gateway, as docs/api-notes.md section 3
//! describes it. Pure: the caller passes the date. The emulator verifies with the same code, which
//! the public test vectors pin down.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// `X-Sdk-Date` format: `yyyyMMddTHHmmssZ`, UTC.
pub const DATE_FORMAT: &str = "%Y%m%dT%H%M%SZ";

/// What is signed: the request as it will be sent.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    pub method: &'a str,
    /// The path as sent, without query (e.g. `/v3/p/metadata/tasks/create`).
    pub path: &'a str,
    /// Decoded query pairs; repeated keys allowed.
    pub query: &'a [(String, String)],
    /// Every header to sign (name, value). Names are matched without regard to case.
    pub signed_headers: &'a [(String, String)],
    pub body: &'a [u8],
}

/// Percent-encodes everything but the unreserved `A-Za-z0-9-_.~` (space becomes `%20`).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The canonical URI: each segment encoded, with a trailing `/` added when missing.
pub fn canonical_uri(path: &str) -> String {
    let mut uri: String = path.split('/').map(encode).collect::<Vec<_>>().join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Sorted `k=v` pairs joined by `&`, each side encoded.
pub fn canonical_query(query: &[(String, String)]) -> String {
    let mut pairs: Vec<(String, String)> =
        query.iter().map(|(k, v)| (encode(k), encode(v))).collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

fn sorted_headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    let mut h: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    h.sort();
    h
}

/// `content-type;host;x-sdk-date`: the sorted lowercase names.
pub fn signed_header_names(headers: &[(String, String)]) -> String {
    sorted_headers(headers)
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

pub fn canonical_request(req: &Request<'_>) -> String {
    let headers = sorted_headers(req.signed_headers);
    let header_block: String = headers.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method.to_ascii_uppercase(),
        canonical_uri(req.path),
        canonical_query(req.query),
        header_block,
        signed_header_names(req.signed_headers),
        hex::encode(Sha256::digest(req.body)),
    )
}

pub fn string_to_sign(sdk_date: &str, canonical: &str) -> String {
    format!(
        "{ALGORITHM}\n{sdk_date}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    )
}

/// The hex signature of a request. `sdk_date` must equal the signed `x-sdk-date` header.
pub fn signature(sk: &str, sdk_date: &str, req: &Request<'_>) -> String {
    let to_sign = string_to_sign(sdk_date, &canonical_request(req));
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(sk.as_bytes()).expect("HMAC takes any key length");
    mac.update(to_sign.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The `Authorization` header value.
pub fn authorization(ak: &str, sk: &str, sdk_date: &str, req: &Request<'_>) -> String {
    format!(
        "{ALGORITHM} Access={ak}, SignedHeaders={}, Signature={}",
        signed_header_names(req.signed_headers),
        signature(sk, sdk_date, req)
    )
}

/// The parts of an `Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    pub access: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

pub fn parse_authorization(value: &str) -> Option<Authorization> {
    let rest = value.trim().strip_prefix(ALGORITHM)?.trim_start();
    let mut access = None;
    let mut signed = None;
    let mut sig = None;
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=')?;
        match k.trim() {
            "Access" => access = Some(v.trim().to_string()),
            "SignedHeaders" => signed = Some(v.trim().split(';').map(str::to_string).collect()),
            "Signature" => sig = Some(v.trim().to_string()),
            _ => {}
        }
    }
    Some(Authorization {
        access: access?,
        signed_headers: signed?,
        signature: sig?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn vector_a_help_center() {
        let query = h(&[
            ("limit", "2"),
            ("marker", "13551d6b-755d-4757-b956-536f674975c0"),
        ]);
        let headers = h(&[
            ("Content-Type", "application/json"),
            ("Host", "service.region.example.com"),
            ("X-Sdk-Date", "20191115T033655Z"),
        ]);
        let req = Request {
            method: "GET",
            path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
            query: &query,
            signed_headers: &headers,
            body: b"",
        };
        assert_eq!(
            signature(
                "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
                "20191115T033655Z",
                &req
            ),
            "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
        );
        let auth = authorization(
            "QTWAOYTTINDUT2QVKYUC",
            "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
            "20191115T033655Z",
            &req,
        );
        let parsed = parse_authorization(&auth).unwrap();
        assert_eq!(parsed.access, "QTWAOYTTINDUT2QVKYUC");
        assert_eq!(
            parsed.signed_headers,
            ["content-type", "host", "x-sdk-date"]
        );
    }

    #[test]
    fn vector_b_go_sdk_get() {
        let query = h(&[("limit", "1")]);
        let headers = h(&[("X-Sdk-Date", "20060102T150405Z")]);
        let req = Request {
            method: "GET",
            path: "/path",
            query: &query,
            signed_headers: &headers,
            body: b"",
        };
        assert_eq!(
            signature("SecretKey", "20060102T150405Z", &req),
            "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624"
        );
    }

    #[test]
    fn vector_c_go_sdk_post() {
        let query = h(&[("key", "value")]);
        let headers = h(&[("X-Sdk-Date", "20060102T150405Z")]);
        let req = Request {
            method: "POST",
            path: "/path",
            query: &query,
            signed_headers: &headers,
            body: b"{\"Name\":\"test\",\"Id\":1}\n",
        };
        assert_eq!(
            signature("SecretKey", "20060102T150405Z", &req),
            "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59"
        );
    }

    #[test]
    fn query_encoding_vector() {
        let query = h(&[
            ("limit", "1"),
            ("enable", "true"),
            ("test", "一 (&=?!#%.*)"),
            ("path", "/tmp/123"),
            ("multi", "1"),
            ("multi", "2"),
            ("multi", "3"),
        ]);
        assert_eq!(
            canonical_query(&query),
            "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29"
        );
    }

    #[test]
    fn uri_gets_trailing_slash_and_encoded_segments() {
        assert_eq!(canonical_uri("/v3/p 1/tasks"), "/v3/p%201/tasks/");
        assert_eq!(canonical_uri("/"), "/");
    }

    #[test]
    fn rejects_malformed_authorization() {
        assert!(parse_authorization("Bearer x").is_none());
        assert!(parse_authorization("SDK-HMAC-SHA256 Access=a, Signature=b").is_none());
    }
}
