//! A JSON value written as a literal of another language: Python, Java and Go string literals, HCL
//! expressions, and text safe inside a one-line comment. Pure.

use serde_json::Value;

/// A JSON string literal (serde's escapes: `\"`, `\\`, `\n`, `\u001b`…), valid in Python, Go and HCL.
pub fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// `v` as a Python literal (`None`, `True`, dicts and lists), indented by `indent` spaces per level.
pub fn python(v: &Value, indent: usize) -> String {
    nested(
        v,
        indent,
        0,
        &|s| json_str(s),
        ": ",
        ("None", "True", "False"),
    )
}

/// `v` as an HCL expression (object keys quoted, `=` between key and value).
pub fn hcl(v: &Value, indent: usize, level: usize) -> String {
    nested(
        v,
        indent,
        level,
        &|s| hcl_str(s),
        " = ",
        ("null", "true", "false"),
    )
}

/// An HCL string: JSON escapes, and `${` / `%{` doubled so nothing is interpolated.
pub fn hcl_str(s: &str) -> String {
    json_str(s).replace("${", "$${").replace("%{", "%%{")
}

fn nested(
    v: &Value,
    indent: usize,
    level: usize,
    string: &dyn Fn(&str) -> String,
    sep: &str,
    words: (&str, &str, &str),
) -> String {
    let pad = |l: usize| " ".repeat(indent * l);
    match v {
        Value::Null => words.0.into(),
        Value::Bool(true) => words.1.into(),
        Value::Bool(false) => words.2.into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s),
        Value::Array(a) if a.is_empty() => "[]".into(),
        Value::Object(m) if m.is_empty() => "{}".into(),
        Value::Array(a) => {
            let items: Vec<String> = a
                .iter()
                .map(|x| {
                    format!(
                        "{}{}",
                        pad(level + 1),
                        nested(x, indent, level + 1, string, sep, words)
                    )
                })
                .collect();
            format!("[\n{},\n{}]", items.join(",\n"), pad(level))
        }
        Value::Object(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, x)| {
                    format!(
                        "{}{}{sep}{}",
                        pad(level + 1),
                        string(k),
                        nested(x, indent, level + 1, string, sep, words)
                    )
                })
                .collect();
            format!("{{\n{},\n{}}}", items.join(",\n"), pad(level))
        }
    }
}

/// A Java string literal of `s`: quotes and backslashes escaped, everything outside printable ASCII
/// as `\uXXXX` (so the source is ASCII and no character can end the literal or the line).
pub fn java_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c => {
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

/// A Go raw string literal of `s` (backquotes inside are spliced in as `"` + "`" + `"`).
pub fn go_raw(s: &str) -> String {
    format!("`{}`", s.replace('`', "` + \"`\" + `"))
}

/// `s` made safe for a one-line comment in any of the languages: quoted, control characters and
/// comment terminators escaped.
pub fn comment(s: &str) -> String {
    json_str(s).replace("*/", "*\\/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn literals_escape_what_would_break_out() {
        let v = json!({"a": null, "b": [true, 1.5], "c": "x\"${y}\n", "d": {}});
        let py = python(&v, 4);
        assert!(
            py.contains("\"a\": None") && py.contains("True") && py.contains(r#""x\"${y}\n""#),
            "{py}"
        );
        let h = hcl(&v, 2, 0);
        assert!(h.contains("\"a\" = null") && h.contains("$${y}"), "{h}");
        assert_eq!(java_str("é\"\\\u{1F600}"), r#""\u00e9\"\\\ud83d\ude00""#);
        assert_eq!(go_raw("a`b"), "`a` + \"`\" + `b`");
        assert_eq!(comment("a*/b\n"), r#""a*\/b\n""#);
    }
}
