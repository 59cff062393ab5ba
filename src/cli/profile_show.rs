//! `ctask profile list|show [--json]`: saved profiles as aligned text or JSON, every stored secret
//! masked (references are shown as written).

use serde_json::{Map, Value, json};

use super::output::{Out, errln, outln};
use crate::exit;
use crate::store::credentials;
use crate::store::{Paths, StoreError, profiles};

/// One profile's fields as (key, value) rows, secrets masked.
fn describe(
    config: &profiles::Config,
    creds: &credentials::CredentialsFile,
    name: &str,
) -> Option<Vec<(String, String)>> {
    let p = config.profiles.get(name)?;
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            rows.push((k.to_string(), v));
        }
    };
    put(
        "default",
        Some((config.default.as_deref() == Some(name)).to_string()),
    );
    put("auth", Some(p.auth.as_str().to_string()));
    put("region", p.region.clone());
    let shown = |e: &Option<String>| e.as_deref().map(crate::api::without_userinfo);
    put("endpoint", shown(&p.endpoint));
    put("iam_endpoint", shown(&p.iam_endpoint));
    put("project_id", p.project_id.clone());
    put("workspace", p.workspace.clone());
    put("iam_user", p.iam_user.clone());
    put("iam_domain", p.iam_domain.clone());
    put("ak", p.ak.clone());
    put(
        "connect_timeout_secs",
        p.connect_timeout_secs.map(|v| v.to_string()),
    );
    put("timeout_secs", p.timeout_secs.map(|v| v.to_string()));
    put("history", Some(p.history.to_string()));
    put("allow_http", p.allow_http.then(|| "true".to_string()));
    for (k, v) in p
        .defaults
        .pairs()
        .into_iter()
        .chain(p.defaults.config_pairs())
    {
        put(&format!("defaults.{k}"), v.map(str::to_string));
    }
    if let Some(s) = creds.profiles.get(name) {
        for (k, src) in s.entries() {
            put(k, Some(src.describe()));
        }
    }
    Some(rows)
}

/// The rows as one JSON object: `true`/`false` and numbers keep their type.
fn as_json(name: &str, rows: &[(String, String)]) -> Value {
    let mut map = Map::new();
    map.insert("name".into(), json!(name));
    for (k, v) in rows {
        let value = match k.as_str() {
            "default" | "history" | "allow_http" => json!(v == "true"),
            "connect_timeout_secs" | "timeout_secs" => {
                v.parse::<f64>().map_or_else(|_| json!(v), |n| json!(n))
            }
            _ => json!(v),
        };
        map.insert(k.clone(), value);
    }
    Value::Object(map)
}

fn load(
    out: &Out,
    paths: &Paths,
) -> Result<(profiles::Config, credentials::CredentialsFile), StoreError> {
    let config = profiles::load(paths)?;
    let creds = credentials::load(paths)?;
    out.warnings(&creds.warnings);
    Ok((config, creds))
}

pub fn list(out: &Out, paths: &Paths, json_out: bool) -> Result<u8, StoreError> {
    let (config, creds) = load(out, paths)?;
    let all: Vec<(&String, Vec<(String, String)>)> = config
        .profiles
        .keys()
        .filter_map(|n| describe(&config, &creds, n).map(|rows| (n, rows)))
        .collect();
    if json_out {
        let list: Vec<Value> = all.iter().map(|(n, rows)| as_json(n, rows)).collect();
        out.json(&Value::Array(list));
        return Ok(exit::OK);
    }
    if all.is_empty() {
        errln!(
            out,
            "ctask: no profiles yet; add one with `ctask profile add NAME …`"
        );
        return Ok(exit::OK);
    }
    let header = [
        "",
        "name",
        "auth",
        "endpoint or region",
        "project",
        "workspace",
        "secrets",
    ];
    let mut table: Vec<[String; 7]> = vec![header.map(str::to_string)];
    for (name, _) in &all {
        let Some(p) = config.profiles.get(name.as_str()) else {
            continue;
        };
        let mark = if config.default.as_deref() == Some(name.as_str()) {
            "*"
        } else {
            " "
        };
        let secrets: Vec<String> = creds
            .profiles
            .get(name.as_str())
            .map(|s| {
                s.entries()
                    .iter()
                    .map(|(k, v)| format!("{k}={}", v.describe()))
                    .collect()
            })
            .unwrap_or_default();
        table.push([
            mark.to_string(),
            name.to_string(),
            p.auth.as_str().to_string(),
            p.endpoint.clone().or(p.region.clone()).unwrap_or_default(),
            p.project_id.clone().unwrap_or_else(|| "-".into()),
            p.workspace.clone().unwrap_or_else(|| "-".into()),
            secrets.join(" "),
        ]);
    }
    for line in aligned(&table) {
        outln!(out, "{line}");
    }
    Ok(exit::OK)
}

/// Pads every column but the last to its widest cell (by display width; cells cut at
/// `table::MAX_CELL`).
fn aligned(table: &[[String; 7]]) -> Vec<String> {
    let rows: Vec<Vec<&str>> = table
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    super::table::render(&rows, super::table::MAX_CELL)
        .lines()
        .map(str::to_string)
        .collect()
}

pub fn show(out: &Out, paths: &Paths, name: &str, json_out: bool) -> Result<u8, StoreError> {
    let (config, creds) = load(out, paths)?;
    let rows = describe(&config, &creds, name)
        .ok_or_else(|| StoreError::Invalid(format!("no profile named {name:?}")))?;
    if json_out {
        out.json(&as_json(name, &rows));
        return Ok(exit::OK);
    }
    for (k, v) in rows {
        outln!(out, "{k}: {v}");
    }
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_by_display_width() {
        let row = |a: &str, b: &str| [a, b, "t", "e", "p", "w", "s"].map(str::to_string);
        let lines = aligned(&[row("*", "名前"), row(" ", "longer-name")]);
        let col = |l: &str| l.find(" t ").map(|i| l[..i].width());
        use unicode_width::UnicodeWidthStr;
        assert_eq!(col(&lines[0]), col(&lines[1]), "{lines:#?}");
    }
}
