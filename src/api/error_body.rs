//! Decodes an error answer's JSON the way the official SDKs and the Terraform provider read it: the
//! code and message, `details[]`, and IAM's `encoded_authorization_message`. Server text is
//! untrusted: every string is bounded here (the front ends escape it when they print). Pure.
//!
//! Sources (the stored versions read):
//! - Go: huaweicloud/huaweicloud-sdk-go-v3 `core/sdkerr/errors.go` @ b292854dd2cd
//!   (`processServiceResponseError`); STS `services/sts/v1/sts_meta.go` and `region/region.go`
//!   @ 9de9597d2893 (`DecodeAuthorizationMessage`).
//! - Java: huaweicloud/huaweicloud-sdk-java-v3 `core/src/main/java/com/huaweicloud/sdk/core/utils/
//!   ExceptionUtils.java` (`processErrorMessage`; `extractDetails` in its newer version, @ 1d93b21d9d74
//!   without it) and `core/.../exception/SdkErrorMessage.java` @ 2dc8dcaf8c1a (`details`).
//! - Python: huaweicloud/huaweicloud-sdk-python-v3 `huaweicloud-sdk-core/huaweicloudsdkcore/
//!   exceptions/exception_handler.py` @ 07c7aba20027 (`_process_sdk_error`).
//! - Terraform: huaweicloud/terraform-provider-huaweicloud `huaweicloud/common/errors.go`
//!   @ 1defa9e88e52 (`ConvertExpected400ErrInto404Err` takes a JMESPath) and
//!   `huaweicloud/services/dataarts/resource_huaweicloud_dataarts_architecture_code_table.go`
//!   (`"errors|[0].error_code"`).

use serde_json::{Map, Value};

use super::error::{Detail, ErrorShape};

/// At most this many characters of a code (`DLG.0818`, `APIG.0301`, `401`…).
pub const CODE_CHARS: usize = 64;
/// At most this many characters of the main message.
pub const MESSAGE_CHARS: usize = 1000;
/// At most this many characters of one detail's message.
pub const DETAIL_CHARS: usize = 300;
/// At most this many details are kept; the rest are counted.
pub const MAX_DETAILS: usize = 5;
/// At most this many characters of an encoded authorization message (they are opaque tokens of a
/// few hundred to a few thousand characters; a longer one is cut and says so).
pub const ENCODED_CHARS: usize = 4096;
/// How deep the search for a nested error object goes (the SDKs recurse without a bound; a
/// hostile body must not make us walk 128 levels).
const MAX_DEPTH: usize = 4;

/// What an error body said, every string bounded.
#[derive(Debug, Default)]
pub struct Decoded {
    pub shape: Option<ErrorShape>,
    pub code: Option<String>,
    pub message: String,
    pub details: Vec<Detail>,
    /// Details past `MAX_DETAILS`, counted, not kept.
    pub more_details: usize,
    pub encoded: Option<String>,
}

/// Reads a parsed body; `None` when it is not a JSON object or has nothing an error body has.
pub fn decode(v: &Value) -> Option<Decoded> {
    let top = v.as_object()?;
    let mut out = Decoded {
        encoded: encoded_message(top, 0),
        ..Decoded::default()
    };
    let mut sources: Vec<&Value> = Vec::new();
    let mut levels = vec![top];
    if let Some((shape, code, message, at, rest)) = main_error(top, 0) {
        out.shape = Some(shape);
        out.code = code;
        out.message = message;
        sources.extend(rest);
        if !std::ptr::eq(at, top) {
            levels.push(at);
        }
    }
    // Java SDK (ExceptionUtils.java processErrorMessage): `details` is read at each level it
    // visits; here the top and the level where the error was found.
    for level in levels {
        if let Some(Value::Array(list)) = level.get("details") {
            sources.extend(list.iter());
        }
    }
    for d in sources.into_iter().filter_map(detail) {
        if out.details.len() < MAX_DETAILS {
            out.details.push(d);
        } else {
            out.more_details += 1;
        }
    }
    if out.shape.is_none() {
        if out.details.is_empty() && out.more_details == 0 && out.encoded.is_none() {
            return None;
        }
        // Only `details[]` and/or an encoded authorization message: still an error body.
        out.shape = Some(ErrorShape::Details);
    }
    Some(out)
}

type Found<'a> = (
    ErrorShape,
    Option<String>,
    String,
    &'a Map<String, Value>,
    Vec<&'a Value>,
);

/// The main code and message, in the order the SDKs try them, with ctask's extra shapes between.
/// Returns the object it was found in (for `details`) and, for `errors[]`, the entries after the
/// first.
fn main_error(obj: &Map<String, Value>, depth: usize) -> Option<Found<'_>> {
    // Rule 1, documented (docs/api-notes.md section 4, shape 1), and first in all three SDKs:
    // huaweicloud-sdk-go-v3 core/sdkerr/errors.go processServiceResponseError,
    // huaweicloud-sdk-java-v3 core/.../utils/ExceptionUtils.java processErrorMessage,
    // huaweicloud-sdk-python-v3 huaweicloudsdkcore/exceptions/exception_handler.py
    // _process_sdk_error. The SDKs want both keys; ctask takes either (a code alone still helps).
    if obj.contains_key("error_code") || obj.contains_key("error_msg") {
        let (code, msg) = pair(obj, "error_code", "error_msg");
        return Some((ErrorShape::ErrorCode, code, msg, obj, Vec::new()));
    }
    // Rule 2, `errors[]`: not read by the SDKs; the Terraform provider reads it for DataArts
    // (terraform-provider-huaweicloud huaweicloud/services/dataarts/*, e.g.
    // resource_huaweicloud_dataarts_architecture_code_table.go:
    // ConvertExpected400ErrInto404Err(err, "errors|[0].error_code", "DLG.6022")). The first entry
    // that is an error object is the error; the others become details.
    if let Some(Value::Array(list)) = obj.get("errors") {
        let first = list
            .iter()
            .position(|e| e.as_object().and_then(entry).is_some());
        if let Some(i) = first {
            let (code, msg) = list[i].as_object().and_then(entry).unwrap_or_default();
            let rest = list.iter().skip(i + 1).collect();
            return Some((ErrorShape::ErrorsList, code, msg, obj, rest));
        }
    }
    // Rule 3, `errorCode/errorMsg`: UNCONFIRMED. docs/api-notes.md says the Python SDK reads it; the
    // Python, Go and Java SDK cores checked (see rule 1) do not. Kept because a DataArts answer of
    // `{"errorCode":"DLG.9999","errorMsg":"…"}` was reported (no official source shows it).
    if obj.contains_key("errorCode") || obj.contains_key("errorMsg") {
        let (code, msg) = pair(obj, "errorCode", "errorMsg");
        return Some((ErrorShape::CamelCase, code, msg, obj, Vec::new()));
    }
    // Rule 4, IAM `{"error":{"code":401,"message":…,"title":…}}` (docs/api-notes.md section 4). The
    // SDKs reach it through their nested-object recursion (rule 6); `title` is ctask's addition.
    if let Some(Value::Object(e)) = obj.get("error")
        && ["code", "message", "title"]
            .iter()
            .any(|k| e.contains_key(*k))
    {
        let (code, mut msg) = pair(e, "code", "message");
        if let Some(title) = e.get("title").and_then(message_text) {
            msg = if msg.is_empty() {
                title
            } else {
                format!("{title}: {msg}")
            };
        }
        return Some((
            ErrorShape::Iam,
            code,
            bounded(&msg, MESSAGE_CHARS),
            e,
            Vec::new(),
        ));
    }
    // Rule 5, `code/message`: second in all three SDKs (same functions as rule 1).
    if obj.contains_key("code") || obj.contains_key("message") {
        let (code, msg) = pair(obj, "code", "message");
        return Some((ErrorShape::CodeMessage, code, msg, obj, Vec::new()));
    }
    // Rule 6: the SDKs then look into every nested object (same functions as rule 1); the first
    // that holds an error wins. Bounded depth here.
    if depth < MAX_DEPTH {
        for v in obj.values() {
            if let Value::Object(inner) = v
                && let Some(found) = main_error(inner, depth + 1)
            {
                return Some(found);
            }
        }
    }
    None
}

/// One `errors[]` or `details[]` entry's code and message, in the rule order above.
fn entry(obj: &Map<String, Value>) -> Option<(Option<String>, String)> {
    [
        ("error_code", "error_msg"),
        ("code", "message"),
        ("errorCode", "errorMsg"),
    ]
    .iter()
    .find(|(c, m)| obj.contains_key(*c) || obj.contains_key(*m))
    .map(|(c, m)| pair(obj, c, m))
}

/// A `details[]` entry. Java SDK (ExceptionUtils.java extractDetails): each entry that is an object
/// is read like the top level; ctask also keeps a plain string entry as a message.
fn detail(v: &Value) -> Option<Detail> {
    let (code, message) = match v {
        Value::Object(o) => entry(o)?,
        Value::String(s) if !s.trim().is_empty() => (None, s.clone()),
        _ => return None,
    };
    let message = bounded(&message, DETAIL_CHARS);
    (code.is_some() || !message.trim().is_empty()).then_some(Detail { code, message })
}

fn pair(obj: &Map<String, Value>, code: &str, msg: &str) -> (Option<String>, String) {
    let code = obj.get(code).and_then(code_text);
    let msg = obj.get(msg).and_then(message_text).unwrap_or_default();
    (code, bounded(&msg, MESSAGE_CHARS))
}

/// A code is a string or a number (IAM sends `401`); anything else is no code.
fn code_text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then(|| bounded(&s, CODE_CHARS))
}

/// A message of the wrong type is shown as compact JSON (the Java SDK's `toString()` does the
/// same kind of thing); the caller bounds it.
fn message_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(bounded(&other.to_string(), MESSAGE_CHARS)),
    }
}

/// `encoded_authorization_message`, read by all three SDKs at every level they visit (rule 1's
/// functions: Go keeps it only when it is a string, as here). Whitespace is dropped: it is an
/// opaque token meant to be copied whole.
fn encoded_message(obj: &Map<String, Value>, depth: usize) -> Option<String> {
    if let Some(Value::String(s)) = obj.get("encoded_authorization_message") {
        let token: String = s.split_whitespace().collect();
        if !token.is_empty() {
            return Some(bounded(&token, ENCODED_CHARS));
        }
    }
    if depth >= MAX_DEPTH {
        return None;
    }
    obj.values().find_map(|v| match v {
        Value::Object(inner) => encoded_message(inner, depth + 1),
        _ => None,
    })
}

/// The first `max` characters of `s`, with `…` when it was cut.
pub fn bounded(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}
