//! `ctask catalog …` against the emulator on loopback: paging through all 5,000 tables of
//! `warehouse`, the server-side filter, connections by type, a name or an id, schemas, and a listing
//! error decoded with its exit code.

use crate::support::env;
use serde_json::Value;

fn json_of(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

#[test]
fn tables_page_through_all_5000_and_filter_to_the_10_matches() {
    let e = env();
    e.add_token("p", &[]);
    let (code, out, err) = e.run(&["catalog", "tables", "dli_test", "warehouse", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v = json_of(&out);
    let tables = v["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 5000);
    assert_eq!(v["count"], 5000);
    let mut names: Vec<&str> = tables.iter().map(|t| t["name"].as_str().unwrap()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 5000, "every page came once");
    let pages = e
        .requests()
        .iter()
        .filter(|r| r["path"].as_str().unwrap_or("").ends_with("/datatables"))
        .count();
    assert_eq!(pages, 5, "five pages of 1,000");
    let (code, out, _) = e.run(&[
        "catalog",
        "tables",
        "dli_test",
        "warehouse",
        "--filter",
        "dwd_orders_01",
        "--json",
    ]);
    assert_eq!(code, 0);
    let v = json_of(&out);
    let names: Vec<&str> = v["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 10, "{names:?}");
    assert!(
        names.iter().all(|n| n.contains("dwd_orders_01")),
        "{names:?}"
    );
    // Text form: a header and one aligned row per table, found by id too.
    let (code, out, _) = e.run(&[
        "catalog",
        "tables",
        "14bb947454e64de784eadaab759081e8",
        "warehouse",
        "--filter",
        "DWD_ORDERS_01",
    ]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("TABLE"), "{out}");
    assert_eq!(lines.len(), 11, "{out}");
}

#[test]
fn connections_by_type_databases_and_schemas() {
    let e = env();
    e.add_token("p", &[]);
    let (code, out, _) = e.run(&["catalog", "connections", "--json"]);
    assert_eq!(code, 0);
    assert!(json_of(&out).as_array().unwrap().len() >= 5);
    let (code, out, _) = e.run(&["catalog", "connections", "--type", "DWS", "--json"]);
    assert_eq!(code, 0);
    let v = json_of(&out);
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 1, "{v}");
    assert_eq!(list[0]["name"], "dws_finance");
    assert_eq!(list[0]["id"], "3c5f0b1e9a7d4c2f8e6b0a1d2c3e4f50");
    let (code, out, _) = e.run(&["catalog", "connections"]);
    assert_eq!(code, 0);
    assert!(out.lines().any(|l| l.starts_with("dws_finance ")), "{out}");

    let (code, out, _) = e.run(&["catalog", "databases", "dli_test"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        ["DATABASE", "ygy1", "sales", "warehouse", "empty_db"]
    );
    let (code, out, _) = e.run(&["catalog", "schemas", "dws_finance", "gaussdb", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(
        json_of(&out)["schemas"],
        serde_json::json!(["public", "finance"])
    );
    let (code, _, err) = e.run(&["catalog", "databases", "no_such_connection"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no_such_connection"), "{err}");
}

#[test]
fn a_listing_error_is_decoded_with_its_exit_code() {
    let e = env();
    e.add_token("p", &[]);
    e.fault_at(
        "GET",
        "/data-connections",
        serde_json::json!({"kind": "status", "status": 503}),
        1,
    );
    let (code, _, err) = e.run(&["catalog", "connections"]);
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("503"), "{err}");
    assert!(err.contains("request id: "), "{err}");
    let (code, out, _) = e.run(&["catalog", "databases", "dli_test", "--json"]);
    assert_eq!(code, 0, "the fault was used up: {out}");
    e.fault_at(
        "GET",
        "/datatables",
        serde_json::json!({"kind": "status", "status": 401, "body": "empty"}),
        1,
    );
    let (code, out, _) = e.run(&["catalog", "tables", "dli_test", "sales", "--json"]);
    assert_eq!(code, 4, "{out}");
    let v = json_of(&out);
    assert_eq!(v["ok"], false);
    assert_eq!(v["error"]["status"], 401);
    assert!(v["error"]["request_id"].is_string(), "{v}");
}
