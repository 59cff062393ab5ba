//! `HttpRequest`: a call as a plain value (method, URL, headers, body bytes) built before anything is
//! sent, so `--dry-run` and the TUI's review screen show exactly what would go out, with secrets masked.
//! Also the endpoint derivation from a region. No IO.

use std::fmt;

use super::error::ApiError;
use super::secret::MASK;
use super::signer;

/// Header names whose values are secrets (compared without case).
pub const SECRET_HEADERS: &[&str] = &["x-auth-token", "x-security-token", "x-subject-token"];

/// Where a profile's calls go: the DataArts host and the IAM host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// e.g. `https://dayu.cn-north-4.myhuaweicloud.com`, no trailing slash.
    pub base: String,
    /// e.g. `https://iam.cn-north-4.myhuaweicloud.com`, no trailing slash.
    pub iam: String,
}

impl Endpoint {
    /// The DataArts endpoint is the override or derived from the region; IAM is its override, else
    /// derived from the region, else the DataArts base (the emulator serves both on one address).
    pub fn resolve(
        region: Option<&str>,
        endpoint: Option<&str>,
        iam: Option<&str>,
    ) -> Result<Endpoint, ApiError> {
        let region = region.map(str::trim).filter(|r| !r.is_empty());
        let clean = |s: &str| s.trim().trim_end_matches('/').to_string();
        let base = match (endpoint.map(clean).filter(|s| !s.is_empty()), region) {
            (Some(e), _) => e,
            (None, Some(r)) => format!("https://dayu.{r}.myhuaweicloud.com"),
            (None, None) => {
                return Err(ApiError::Setup(
                    "the profile has neither a region nor an endpoint; set one with \
                     `ctask profile add NAME --region cn-north-4` or `--endpoint URL`"
                        .into(),
                ));
            }
        };
        let iam = match (iam.map(clean).filter(|s| !s.is_empty()), region) {
            (Some(i), _) => i,
            (None, Some(r)) => format!("https://iam.{r}.myhuaweicloud.com"),
            (None, None) => base.clone(),
        };
        check_url("endpoint", &base)?;
        check_url("IAM endpoint", &iam)?;
        Ok(Endpoint { base, iam })
    }
}

/// An endpoint is a URL without `user:pass@`: a password there would be saved in `config.toml`,
/// shown and logged. Messages never repeat the userinfo.
pub fn check_url(what: &str, url: &str) -> Result<(), ApiError> {
    let shown = without_userinfo(url);
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| ApiError::Setup(format!("the {what} {shown:?} is not a URL: {e}")))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(ApiError::Setup(format!(
            "the {what} {shown:?} holds a user name or password (user:pass@host); give the host \
             only and keep credentials in the profile's secrets"
        )));
    }
    Ok(())
}

/// A plain `http://` URL to a host that is not loopback: a token, an IAM password or an AK/SK
/// signature sent there crosses the network in clear.
pub fn is_cleartext_remote(url: &str) -> bool {
    url.trim_start()
        .get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
        && !super::client::is_loopback(url)
}

impl Endpoint {
    /// The hosts of this endpoint reached over plain `http://` that are not loopback (each once).
    pub fn cleartext(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for u in [self.base.as_str(), self.iam.as_str()] {
            if is_cleartext_remote(u) && !out.contains(&u) {
                out.push(u);
            }
        }
        out
    }
}

/// `url` with anything between `://` and the last `@` of the authority masked, for
/// messages and listings (a hand-edited file may hold a password there).
pub fn without_userinfo(url: &str) -> String {
    let (scheme, rest) = match url.find("://") {
        Some(i) => (&url[..i + 3], &url[i + 3..]),
        None => ("", url),
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..end].rfind('@') {
        Some(at) => format!("{scheme}{MASK}{}", &rest[at..]),
        None => url.to_string(),
    }
}

/// One HTTP call, fully built. Holds secrets once authorized: print it only through the masked views.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: String,
    /// Scheme, host and port, e.g. `http://127.0.0.1:8080`.
    pub base: String,
    /// The path as sent, e.g. `/v3/p/metadata/tasks/create`.
    pub path: String,
    /// Decoded query pairs, in the order sent.
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// A request on `base` for path segments (each percent-encoded) and query pairs.
    pub fn new(method: &str, base: &str, segments: &[&str], query: &[(&str, &str)]) -> Self {
        let path: String = segments
            .iter()
            .map(|s| format!("/{}", signer::encode(s)))
            .collect();
        HttpRequest {
            method: method.to_string(),
            base: base.to_string(),
            path,
            query: query
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.set_header(name, value);
        self
    }

    /// Sets a header, replacing one of the same name (without case).
    pub fn set_header(&mut self, name: &str, value: &str) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.to_string()));
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn with_json_body(mut self, body: Vec<u8>) -> Self {
        self.body = body;
        self.set_header("Content-Type", "application/json;charset=UTF-8");
        self
    }

    /// The query string as sent (same encoding as the signer's).
    pub fn query_string(&self) -> String {
        self.query
            .iter()
            .map(|(k, v)| format!("{}={}", signer::encode(k), signer::encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    pub fn url(&self) -> String {
        let q = self.query_string();
        if q.is_empty() {
            format!("{}{}", self.base, self.path)
        } else {
            format!("{}{}?{q}", self.base, self.path)
        }
    }

    /// `host[:port]` as the `Host` header carries it.
    pub fn host(&self) -> String {
        let Ok(url) = reqwest::Url::parse(&self.base) else {
            return self.base.clone();
        };
        let host = url.host_str().unwrap_or_default().to_string();
        match url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host,
        }
    }

    /// The headers with every secret value replaced by `****` (the AK/SK signature too).
    pub fn masked_headers(&self) -> Vec<(String, String)> {
        mask_headers(&self.headers)
    }

    /// The body as text (lossy) for display.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// An equivalent `curl` line, secrets masked.
    pub fn curl_line(&self) -> String {
        let mut parts = vec![
            "curl".to_string(),
            "-sS".to_string(),
            "-X".to_string(),
            self.method.clone(),
            shell_quote(&self.url()),
        ];
        for (k, v) in self.masked_headers() {
            if k.eq_ignore_ascii_case("host") {
                continue;
            }
            parts.push("-H".into());
            parts.push(shell_quote(&format!("{k}: {v}")));
        }
        if !self.body.is_empty() {
            parts.push("--data-binary".into());
            parts.push(shell_quote(&self.body_text()));
        }
        parts.join(" ")
    }

    /// Method, URL, masked headers and body, as a person reads it.
    pub fn display_masked(&self) -> String {
        let mut out = format!("{} {}\n", self.method, self.url());
        for (k, v) in self.masked_headers() {
            out.push_str(&format!("{k}: {v}\n"));
        }
        if !self.body.is_empty() {
            out.push('\n');
            out.push_str(&self.body_text());
            if !out.ends_with('\n') {
                out.push('\n');
            }
        }
        out
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url())
            .field("headers", &self.masked_headers())
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// Every header with its secret values masked.
pub fn mask_headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| (k.clone(), mask_header(k, v)))
        .collect()
}

/// Masks one header value if it carries a secret.
pub fn mask_header(name: &str, value: &str) -> String {
    if SECRET_HEADERS.iter().any(|s| name.eq_ignore_ascii_case(s)) {
        return MASK.to_string();
    }
    if name.eq_ignore_ascii_case("authorization") {
        return match value.find("Signature=") {
            Some(i) => format!("{}Signature={MASK}", &value[..i]),
            None => MASK.to_string(),
        };
    }
    value.to_string()
}

/// Single-quotes a word for `sh`.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_from_region_and_overrides() {
        let e = Endpoint::resolve(Some("cn-north-4"), None, None).unwrap();
        assert_eq!(e.base, "https://dayu.cn-north-4.myhuaweicloud.com");
        assert_eq!(e.iam, "https://iam.cn-north-4.myhuaweicloud.com");
        let e = Endpoint::resolve(
            Some("eu-west-101"),
            Some("https://dayu.eu-west-101.myhuaweicloud.eu/"),
            Some("https://iam.eu-west-101.myhuaweicloud.eu"),
        )
        .unwrap();
        assert_eq!(e.base, "https://dayu.eu-west-101.myhuaweicloud.eu");
        assert_eq!(e.iam, "https://iam.eu-west-101.myhuaweicloud.eu");
        let e = Endpoint::resolve(None, Some("http://127.0.0.1:9"), None).unwrap();
        assert_eq!(e.iam, "http://127.0.0.1:9");
        assert!(Endpoint::resolve(None, None, None).is_err());
        assert!(Endpoint::resolve(None, Some("not a url"), None).is_err());
    }

    #[test]
    fn endpoints_with_userinfo_are_refused_without_repeating_it() {
        for url in [
            "http://user:PASS123@127.0.0.1:9",
            "http://PASS123@127.0.0.1:9",
            "https://u:PASS123@dayu.cn-north-4.myhuaweicloud.com/",
        ] {
            let e = Endpoint::resolve(None, Some(url), None)
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("user name or password") && !e.contains("PASS123"),
                "{e}"
            );
            let e = Endpoint::resolve(None, Some("http://h:1"), Some(url))
                .unwrap_err()
                .to_string();
            assert!(e.contains("IAM endpoint") && !e.contains("PASS123"), "{e}");
        }
        let e = Endpoint::resolve(None, Some("http://u:PASS123@[::1"), None)
            .unwrap_err()
            .to_string();
        assert!(!e.contains("PASS123"), "{e}");
        assert_eq!(without_userinfo("http://h:1/a@b"), "http://h:1/a@b");
        assert_eq!(
            without_userinfo("http://u:p@h:1/x"),
            format!("http://{MASK}@h:1/x")
        );
    }

    #[test]
    fn url_encodes_segments_and_query() {
        let r = HttpRequest::new(
            "GET",
            "http://h:1",
            &["v2", "p 1", "databases"],
            &[("limit", "1"), ("name", "a b")],
        );
        assert_eq!(r.url(), "http://h:1/v2/p%201/databases?limit=1&name=a%20b");
        assert_eq!(r.host(), "h:1");
    }

    #[test]
    fn masking_hides_secrets_everywhere() {
        let r = HttpRequest::new("POST", "https://x.example.com", &["v3"], &[])
            .with_header("X-Auth-Token", "SECRET-TOKEN")
            .with_header("X-Security-Token", "SECRET-STS")
            .with_header(
                "Authorization",
                "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=SECRETSIG",
            )
            .with_header("workspace", "ws")
            .with_json_body(b"{\"a\":1}".to_vec());
        for shown in [r.display_masked(), r.curl_line(), format!("{r:?}")] {
            assert!(!shown.contains("SECRET"), "{shown}");
            assert!(shown.contains("ws"));
        }
        assert!(
            r.display_masked()
                .contains("Access=AK, SignedHeaders=host, Signature=****")
        );
        assert!(r.curl_line().contains("--data-binary '{\"a\":1}'"));
    }

    #[test]
    fn shell_quote_escapes_single_quotes() {
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }
}
