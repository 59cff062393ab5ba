//! The log of the requests that reached one of the emulator's API routes (unknown paths and admin
//! routes are not recorded), so tests can see exactly what a client sent. Bounded: at most
//! `MAX_ENTRIES` requests and `MAX_BYTES` of bodies, each body cut at `MAX_BODY`, and the body of
//! a request that failed authentication at `UNAUTHENTICATED_BODY`. Secrets are redacted before
//! anything is stored: `X-Auth-Token`, `X-Subject-Token` (a token IAM is asked to validate),
//! `X-Security-Token`, the signature of an `Authorization` header and an IAM password body.

use std::collections::BTreeMap;

use axum::http::HeaderMap;
use serde::Serialize;
use serde_json::Value;

pub const REDACTED: &str = "******";

/// One request as it arrived, secrets redacted.
#[derive(Clone, Debug, Serialize)]
pub struct Recorded {
    pub seq: u64,
    pub method: String,
    pub path: String,
    pub query: String,
    /// Lowercase name → value (repeated headers joined by `, `).
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

/// A recorded body keeps at most this many bytes (the rest is counted, not kept).
pub const MAX_BODY: usize = 256 * 1024;
/// At most this many requests are kept, the oldest dropped first…
pub const MAX_ENTRIES: usize = 2000;
/// …and at most this many body bytes in all.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

#[derive(Debug, Default)]
pub struct Recorder {
    next_seq: u64,
    entries: Vec<Recorded>,
    bytes: usize,
}

/// What is kept of the body of a request that failed authentication.
pub const UNAUTHENTICATED_BODY: usize = 1024;

impl Recorder {
    /// Records one request; returns its sequence number.
    pub fn push(
        &mut self,
        method: &str,
        path: &str,
        query: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> u64 {
        self.next_seq += 1;
        let mut kept = redact_body(path, &body[..body.len().min(MAX_BODY)]);
        if body.len() > MAX_BODY {
            kept.push_str(&format!("…[{} bytes in all; truncated]", body.len()));
        }
        self.bytes += kept.len();
        self.entries.push(Recorded {
            seq: self.next_seq,
            method: method.to_string(),
            path: path.to_string(),
            query: query.to_string(),
            headers: redact_headers(headers),
            body: kept,
        });
        let mut drop = 0;
        while self.entries.len() - drop > MAX_ENTRIES
            || (self.bytes > MAX_BYTES && self.entries.len() - drop > 1)
        {
            self.bytes -= self.entries[drop].body.len();
            drop += 1;
        }
        self.entries.drain(..drop);
        self.next_seq
    }

    /// Cuts the body of request `seq` to `UNAUTHENTICATED_BODY` bytes: it failed authentication,
    /// so nobody needs it whole (and anyone may send it).
    pub fn shorten(&mut self, seq: u64) {
        let Some(e) = self.entries.iter_mut().find(|e| e.seq == seq) else {
            return;
        };
        if e.body.len() <= UNAUTHENTICATED_BODY {
            return;
        }
        let mut end = UNAUTHENTICATED_BODY;
        while !e.body.is_char_boundary(end) {
            end -= 1;
        }
        let was = e.body.len();
        e.body.truncate(end);
        e.body.push_str("…[unauthenticated; truncated]");
        self.bytes = self.bytes + e.body.len() - was;
    }

    pub fn entries(&self) -> &[Recorded] {
        &self.entries
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.bytes = 0;
    }
}

fn redact_headers(headers: &HeaderMap) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in headers {
        let name = name.as_str().to_ascii_lowercase();
        let raw = String::from_utf8_lossy(value.as_bytes()).into_owned();
        let value = match name.as_str() {
            "x-auth-token" | "x-subject-token" | "x-security-token" => REDACTED.to_string(),
            "authorization" => redact_authorization(&raw),
            _ => raw,
        };
        out.entry(name)
            .and_modify(|v| {
                v.push_str(", ");
                v.push_str(&value);
            })
            .or_insert(value);
    }
    out
}

/// Keeps `Access` and `SignedHeaders` (useful to debug signing), hides the signature. An
/// Authorization header of any other scheme is hidden whole.
fn redact_authorization(value: &str) -> String {
    match value.find("Signature=") {
        Some(pos) => format!("{}Signature={REDACTED}", &value[..pos]),
        None => REDACTED.to_string(),
    }
}

fn redact_body(path: &str, body: &[u8]) -> String {
    if !path.ends_with("/auth/tokens") || body.is_empty() {
        return String::from_utf8_lossy(body).into_owned();
    }
    let Ok(mut json) = serde_json::from_slice::<Value>(body) else {
        // An IAM body we cannot read may still hold a password: keep none of it.
        return REDACTED.to_string();
    };
    if let Some(pw) = json.pointer_mut("/auth/identity/password/user/password") {
        *pw = Value::String(REDACTED.to_string());
    }
    json.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted() {
        let mut h = HeaderMap::new();
        h.insert("X-Auth-Token", "secret".parse().unwrap());
        h.insert("x-security-token", "secret".parse().unwrap());
        h.insert("X-Subject-Token", "secret".parse().unwrap());
        h.insert(
            "authorization",
            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=abcdef"
                .parse()
                .unwrap(),
        );
        h.insert("workspace", "w".parse().unwrap());
        let body = br#"{"auth":{"identity":{"password":{"user":{"name":"u","password":"pw"}}}}}"#;
        let mut r = Recorder::default();
        r.push("POST", "/v3/auth/tokens", "", &h, body);
        let e = &r.entries()[0];
        assert_eq!(e.headers["x-auth-token"], REDACTED);
        assert_eq!(e.headers["x-security-token"], REDACTED);
        assert_eq!(e.headers["x-subject-token"], REDACTED);
        assert_eq!(
            e.headers["authorization"],
            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=******"
        );
        assert!(!e.body.contains("pw"), "{}", e.body);
        assert!(e.body.contains(REDACTED));
        r.push("POST", "/v3/auth/tokens", "", &h, b"{password: pw");
        assert_eq!(r.entries()[1].body, REDACTED);
        assert_eq!(r.entries()[1].seq, 2);
    }

    #[test]
    fn bounded_in_count_bytes_and_body_and_unauthenticated_bodies_are_short() {
        let h = HeaderMap::new();
        let mut r = Recorder::default();
        let big = vec![b'x'; 3 * MAX_BODY];
        for _ in 0..(MAX_BYTES / MAX_BODY + 10) {
            r.push("POST", "/v3/p/metadata/tasks/create", "", &h, &big);
        }
        let total: usize = r.entries().iter().map(|e| e.body.len()).sum();
        assert!(total <= MAX_BYTES + MAX_BODY, "{total}");
        assert!(r.entries().iter().all(|e| e.body.len() < MAX_BODY + 100));
        for _ in 0..MAX_ENTRIES + 5 {
            r.push("GET", "/x", "", &h, b"");
        }
        assert_eq!(r.entries().len(), MAX_ENTRIES);
        let seq = r.push("POST", "/v3/p/metadata/tasks/create", "", &h, &big);
        r.shorten(seq);
        let last = r.entries().last().unwrap();
        assert!(
            last.body.len() < UNAUTHENTICATED_BODY + 64,
            "{}",
            last.body.len()
        );
        assert!(last.body.ends_with("truncated]"));
    }
}
