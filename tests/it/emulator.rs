//! Contract tests for the local DataArts Catalog emulator: plain reqwest against
//! `emulator::spawn` (no product client code besides the signer, which the public vectors pin),
//! plus the `ctask emulator` command itself.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use ctask::api::signer;
use ctask::emulator::{
    self, EmulatorConfig, EmulatorHandle, SANDBOX_AK, SANDBOX_IAM_DOMAIN, SANDBOX_IAM_PASSWORD,
    SANDBOX_IAM_USER, SANDBOX_PROJECT_ID, SANDBOX_SK, SANDBOX_TOKEN, SANDBOX_USER_ID,
    SANDBOX_WORKSPACE,
};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

const SEED: &str = include_str!("../../assets/examples/seed-example.json");
const DLI_CONNECTION: &str = "14bb947454e64de784eadaab759081e8";

fn seed() -> Value {
    serde_json::from_str(SEED).unwrap()
}

fn seed_named(name: &str) -> Value {
    let mut v = seed();
    v["name"] = name.into();
    v
}

async fn start() -> EmulatorHandle {
    emulator::spawn(EmulatorConfig::default()).await.unwrap()
}

fn url(h: &EmulatorHandle, tail: &str) -> String {
    format!("{}/v3/{SANDBOX_PROJECT_ID}{tail}", h.base_url())
}

fn is_hex32(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Status, headers and the body as JSON (Null when not JSON).
struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    text: String,
    json: Value,
}

async fn answer(res: reqwest::Response) -> Answer {
    let status = res.status();
    let headers = res.headers().clone();
    let text = res.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        text,
        json,
    }
}

/// A request with the sandbox token and workspace.
fn with_token(client: &Client, method: Method, url: &str) -> reqwest::RequestBuilder {
    client
        .request(method, url)
        .header("X-Auth-Token", SANDBOX_TOKEN)
        .header("workspace", SANDBOX_WORKSPACE)
        .header("Content-Type", "application/json;charset=UTF-8")
}

async fn create(client: &Client, h: &EmulatorHandle, body: &Value) -> Answer {
    let res = with_token(client, Method::POST, &url(h, "/metadata/tasks/create"))
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    answer(res).await
}

fn assert_error(a: &Answer, status: u16, code: &str) {
    assert_eq!(a.status.as_u16(), status, "{}", a.text);
    assert_eq!(a.json["error_code"], code, "{}", a.text);
    assert!(a.headers.contains_key("x-request-id"));
}

#[tokio::test]
async fn seed_example_creates_a_task_that_show_returns() {
    let h = start().await;
    let c = Client::new();
    let a = create(&c, &h, &seed()).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let id = a.json["task_id"].as_str().unwrap().to_string();
    assert!(is_hex32(&id), "{id}");
    let rid = a.headers["x-request-id"].to_str().unwrap();
    assert!(is_hex32(rid));

    let res = with_token(&c, Method::GET, &url(&h, &format!("/metadata/tasks/{id}")))
        .send()
        .await
        .unwrap();
    let shown = answer(res).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.json["id"], id.as_str());
    assert_eq!(shown.json["name"], "Test collection 110");
    assert_eq!(
        shown.json["task_config"]["data_connection_id"],
        DLI_CONNECTION
    );
}

#[tokio::test]
async fn rejections_follow_the_ordered_checks() {
    let h = start().await;
    let c = Client::new();
    let create_url = url(&h, "/metadata/tasks/create");

    // 1. no credentials
    let res = c
        .post(&create_url)
        .header("workspace", SANDBOX_WORKSPACE)
        .body(SEED);
    let a = answer(res.send().await.unwrap()).await;
    assert_error(&a, 401, "APIG.0301");
    assert!(
        a.json["error_msg"]
            .as_str()
            .unwrap()
            .contains("x-auth-token not found")
    );
    // unknown token
    let res = c
        .post(&create_url)
        .header("X-Auth-Token", "nope")
        .header("workspace", SANDBOX_WORKSPACE);
    let a = answer(res.body(SEED).send().await.unwrap()).await;
    assert_error(&a, 401, "APIG.0301");
    assert!(a.text.contains("decrypt token fail"));

    // 2. workspace missing or unknown
    let res = c
        .post(&create_url)
        .header("X-Auth-Token", SANDBOX_TOKEN)
        .body(SEED);
    assert_error(&answer(res.send().await.unwrap()).await, 400, "DLG.0818");
    let res = c
        .post(&create_url)
        .header("X-Auth-Token", SANDBOX_TOKEN)
        .header("workspace", "0".repeat(32));
    assert_error(
        &answer(res.body(SEED).send().await.unwrap()).await,
        400,
        "DLG.0818",
    );

    // 3. project in the path
    let other = format!(
        "{}/v3/{}/metadata/tasks/create",
        h.base_url(),
        "1".repeat(32)
    );
    let res = with_token(&c, Method::POST, &other).body(SEED);
    assert_error(&answer(res.send().await.unwrap()).await, 403, "EMU.0005");

    // 4. body
    let mut no_name = seed();
    no_name.as_object_mut().unwrap().remove("name");
    let a = create(&c, &h, &no_name).await;
    assert_error(&a, 400, "EMU.0002");
    assert!(
        a.json["error_msg"].as_str().unwrap().contains("'name'"),
        "{}",
        a.text
    );
    let mut bad_config = seed_named("bad config");
    bad_config["task_config"] = json!(["not", "an", "object"]);
    assert_error(&create(&c, &h, &bad_config).await, 400, "EMU.0003");
    let res = with_token(&c, Method::POST, &create_url).body("{\"name\": ");
    assert_error(&answer(res.send().await.unwrap()).await, 400, "EMU.0001");

    // 5. unique name
    assert_eq!(
        create(&c, &h, &seed_named("twice")).await.status,
        StatusCode::OK
    );
    let a = create(&c, &h, &seed_named("twice")).await;
    assert_error(&a, 400, "EMU.0004");

    // unknown path or method
    let a = answer(
        c.get(format!("{}/v9/nothing", h.base_url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(&a, 404, "APIG.0101");
    let a = answer(c.patch(&create_url).send().await.unwrap()).await;
    assert_error(&a, 404, "APIG.0101");
}

#[tokio::test]
async fn errors_array_shape_when_configured() {
    let config = EmulatorConfig {
        errors_array: true,
        ..EmulatorConfig::default()
    };
    let h = emulator::spawn(config).await.unwrap();
    let c = Client::new();
    let a = answer(
        c.post(url(&h, "/metadata/tasks/create"))
            .body(SEED)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(a.json["errors"][0]["error_code"], "APIG.0301", "{}", a.text);
    assert!(a.json.get("error_code").is_none());
}

/// Signs `body` for the create call the way docs/api-notes.md section 3 says, at `date`.
fn signed_create(
    c: &Client,
    h: &EmulatorHandle,
    ak: &str,
    date: &str,
    body: &[u8],
) -> (reqwest::RequestBuilder, String) {
    let path = format!("/v3/{SANDBOX_PROJECT_ID}/metadata/tasks/create");
    let headers: Vec<(String, String)> = [
        ("content-type", "application/json;charset=UTF-8"),
        ("host", &h.addr().to_string()),
        ("workspace", SANDBOX_WORKSPACE),
        ("x-project-id", SANDBOX_PROJECT_ID),
        ("x-sdk-date", date),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let req = signer::Request {
        method: "POST",
        path: &path,
        query: &[],
        signed_headers: &headers,
        body,
    };
    let auth = signer::authorization(ak, SANDBOX_SK, date, &req);
    let mut rb = c.post(format!("{}{path}", h.base_url()));
    for (k, v) in headers.iter().filter(|(k, _)| k != "host") {
        rb = rb.header(k, v);
    }
    (rb.header("Authorization", &auth), auth)
}

fn sdk_now(offset_secs: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::seconds(offset_secs))
        .format(signer::DATE_FORMAT)
        .to_string()
}

#[tokio::test]
async fn aksk_signed_request_is_accepted_and_tampering_is_not() {
    let h = start().await;
    let c = Client::new();
    let body = seed_named("signed").to_string().into_bytes();

    let (rb, _) = signed_create(&c, &h, SANDBOX_AK, &sdk_now(0), &body);
    let a = answer(rb.body(body.clone()).send().await.unwrap()).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert!(is_hex32(a.json["task_id"].as_str().unwrap()));

    // one body byte changed after signing
    let (rb, _) = signed_create(&c, &h, SANDBOX_AK, &sdk_now(0), &body);
    let mut tampered = body.clone();
    let pos = tampered.iter().position(|b| *b == b's').unwrap();
    tampered[pos] = b'S';
    let a = answer(rb.body(tampered).send().await.unwrap()).await;
    assert_error(&a, 401, "APIG.0301");
    assert!(a.text.contains("verify aksk signature fail"));

    // skew over 15 minutes, and an unknown AK
    let (rb, _) = signed_create(&c, &h, SANDBOX_AK, &sdk_now(-16 * 60), &body);
    assert_error(
        &answer(rb.body(body.clone()).send().await.unwrap()).await,
        401,
        "APIG.0301",
    );
    let (rb, _) = signed_create(&c, &h, "UNKNOWNAK0000000000X", &sdk_now(0), &body);
    assert_error(
        &answer(rb.body(body.clone()).send().await.unwrap()).await,
        401,
        "APIG.0301",
    );
    // within the skew window
    let (rb, _) = signed_create(
        &c,
        &h,
        SANDBOX_AK,
        &sdk_now(-14 * 60),
        &seed_named("late").to_string().into_bytes(),
    );
    let late = seed_named("late").to_string();
    assert_eq!(
        answer(rb.body(late).send().await.unwrap()).await.status,
        StatusCode::OK
    );
}

fn iam_body(password: &str) -> Value {
    json!({"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": SANDBOX_IAM_USER, "password": password, "domain": {"name": SANDBOX_IAM_DOMAIN}}}},
        "scope": {"project": {"name": "cn-north-4"}}}})
}

#[tokio::test]
async fn iam_token_is_accepted_by_create() {
    let h = start().await;
    let c = Client::new();
    let iam = format!("{}/v3/auth/tokens", h.base_url());
    let res = c
        .post(&iam)
        .body(iam_body(SANDBOX_IAM_PASSWORD).to_string())
        .send()
        .await
        .unwrap();
    let a = answer(res).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
    assert_eq!(a.json["token"]["user"]["id"], SANDBOX_USER_ID);
    assert_eq!(a.json["token"]["project"]["id"], SANDBOX_PROJECT_ID);
    assert!(
        a.json["token"]["expires_at"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
    let token = a.headers["x-subject-token"].to_str().unwrap().to_string();

    let res = c
        .post(url(&h, "/metadata/tasks/create"))
        .header("X-Auth-Token", &token)
        .header("workspace", SANDBOX_WORKSPACE)
        .body(SEED)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    let a = answer(
        c.post(&iam)
            .body(iam_body("wrong").to_string())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(a.json["error"]["code"], 401);
    assert_eq!(
        a.json["error"]["message"],
        "The username or password is wrong."
    );
}

#[tokio::test]
async fn expired_iam_token_is_refused() {
    let config = EmulatorConfig {
        token_ttl: Duration::ZERO,
        ..EmulatorConfig::default()
    };
    let h = emulator::spawn(config).await.unwrap();
    let c = Client::new();
    let res = c
        .post(format!("{}/v3/auth/tokens", h.base_url()))
        .body(iam_body(SANDBOX_IAM_PASSWORD).to_string())
        .send()
        .await
        .unwrap();
    let token = res.headers()["x-subject-token"]
        .to_str()
        .unwrap()
        .to_string();
    let res = c
        .post(url(&h, "/metadata/tasks/create"))
        .header("X-Auth-Token", token)
        .header("workspace", SANDBOX_WORKSPACE)
        .body(SEED)
        .send()
        .await
        .unwrap();
    let a = answer(res).await;
    assert_error(&a, 401, "APIG.0301");
    assert!(a.text.contains("token expires"));
}

/// IAM's two reads that name the caller: token validation needs a valid caller
/// token and a live subject; the access key lookup answers only for the caller's own key.
#[tokio::test]
async fn iam_names_the_caller_of_a_token_and_of_an_access_key() {
    let h = start().await;
    let c = Client::new();
    let tokens = format!("{}/v3/auth/tokens", h.base_url());
    let validate = |auth: &str, subject: &str| {
        c.get(&tokens)
            .header("X-Auth-Token", auth)
            .header("X-Subject-Token", subject)
            .send()
    };
    let a = answer(validate(SANDBOX_TOKEN, SANDBOX_TOKEN).await.unwrap()).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["token"]["user"]["id"], SANDBOX_USER_ID);
    assert_eq!(a.headers["x-subject-token"], SANDBOX_TOKEN);
    let a = answer(validate("nope", SANDBOX_TOKEN).await.unwrap()).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", a.text);
    assert_eq!(a.json["error"]["code"], 401);
    let a = answer(validate(SANDBOX_TOKEN, "gone").await.unwrap()).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND, "{}", a.text);

    let key_url = |ak: &str| format!("{}/v3.0/OS-CREDENTIAL/credentials/{ak}", h.base_url());
    let signed = |ak: &str| {
        let key = ctask::api::AkSk {
            ak: SANDBOX_AK.into(),
            sk: ctask::api::Secret::new(SANDBOX_SK),
            security_token: None,
        };
        let mut req =
            ctask::api::whoami::access_key_request(&h.base_url(), &key, chrono::Utc::now());
        req.path = req.path.replace(SANDBOX_AK, ak);
        let req = ctask::api::auth::sign(req, &key, "", chrono::Utc::now());
        let mut b = c.get(key_url(ak));
        for (k, v) in &req.headers {
            b = b.header(k, v);
        }
        b.send()
    };
    let a = answer(signed(SANDBOX_AK).await.unwrap()).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["credential"]["user_id"], SANDBOX_USER_ID);
    assert_eq!(a.json["credential"]["access"], SANDBOX_AK);
    let a = answer(signed("SOMEONEELSE").await.unwrap()).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND, "{}", a.text);
    let a = answer(c.get(key_url(SANDBOX_AK)).send().await.unwrap()).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED, "unsigned: {}", a.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_creates_get_distinct_ids() {
    let h = start().await;
    let c = Client::new();
    let create_url = url(&h, "/metadata/tasks/create");
    let mut joins = Vec::new();
    for i in 0..200 {
        let rb = with_token(&c, Method::POST, &create_url)
            .body(seed_named(&format!("task_{i}")).to_string());
        joins.push(tokio::spawn(async move {
            answer(rb.send().await.unwrap()).await
        }));
    }
    let mut ids = std::collections::HashSet::new();
    for j in joins {
        let a = j.await.unwrap();
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        ids.insert(a.json["task_id"].as_str().unwrap().to_string());
    }
    assert_eq!(ids.len(), 200);
    let res =
        with_token(&c, Method::POST, &url(&h, "/metadata/tasks/search")).body(r#"{"limit":5}"#);
    let a = answer(res.send().await.unwrap()).await;
    assert_eq!(a.json["total_records"], 200);
    assert_eq!(a.json["count"], 5);
}

#[tokio::test]
async fn siblings_search_update_action_and_delete() {
    let h = start().await;
    let c = Client::new();
    for i in 0..3 {
        create(&c, &h, &seed_named(&format!("alpha_{i}"))).await;
    }
    let mut cron = seed_named("scheduled");
    cron["schedule_config"] = json!({"schedule_type": "CRON", "cron_expression": "00 */15 9-23 * * ?",
        "interval": "15 minutes", "enabled": 1, "max_time_out": 60});
    let id = create(&c, &h, &cron).await.json["task_id"]
        .as_str()
        .unwrap()
        .to_string();
    let task_url = url(&h, &format!("/metadata/tasks/{id}"));

    let search = url(&h, "/metadata/tasks/search");
    let a = answer(
        with_token(&c, Method::POST, &search)
            .body(r#"{"name":"alpha","limit":2,"offset":1}"#)
            .send()
            .await
            .unwrap(),
    )
    .await;
    // total_records counts the project's tasks (3 alpha + 1 scheduled), not the 3 matches.
    assert_eq!(a.json["total_records"], 4, "{}", a.text);
    assert_eq!(a.json["count"], 2);
    assert_eq!(a.json["max_records"], 2);
    assert_eq!(a.json["resources"][0]["name"], "alpha_1");

    let shown = answer(with_token(&c, Method::GET, &task_url).send().await.unwrap()).await;
    assert_eq!(shown.json["schedule_config"]["enabled"], 3);

    // scheduled: delete refused until stopped
    let a = answer(
        with_token(&c, Method::DELETE, &task_url)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(&a, 400, "DLG.2206");
    let stop = with_token(&c, Method::POST, &format!("{task_url}/action?action=stop"))
        .send()
        .await
        .unwrap();
    assert_eq!(stop.status(), StatusCode::OK);
    let run = with_token(
        &c,
        Method::POST,
        &format!("{task_url}/action?action=runimmediate"),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(run.status(), StatusCode::OK);
    let bad = answer(
        with_token(
            &c,
            Method::POST,
            &format!("{task_url}/action?action=explode"),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_error(&bad, 400, "EMU.0006");

    // update: renaming onto another task's name is refused
    let mut renamed = cron.clone();
    renamed["name"] = "alpha_0".into();
    let a = answer(
        with_token(&c, Method::PUT, &task_url)
            .body(renamed.to_string())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(&a, 400, "EMU.0004");
    renamed["name"] = "renamed".into();
    renamed["schedule_config"]["enabled"] = 0.into();
    let a = answer(
        with_token(&c, Method::PUT, &task_url)
            .body(renamed.to_string())
            .send()
            .await
            .unwrap(),
    )
    .await;
    // UpdateTaskInfoResponse has no fields: 200 and no body; a show reads the new definition.
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert!(a.text.is_empty(), "{}", a.text);
    let shown = answer(with_token(&c, Method::GET, &task_url).send().await.unwrap()).await;
    assert_eq!(shown.json["name"], "renamed");

    let del = with_token(&c, Method::DELETE, &task_url)
        .send()
        .await
        .unwrap();
    assert_eq!(del.status(), StatusCode::OK);
    // A missing task, as the Terraform provider reads it: 400, errors[0].error_code DLG.2253 on
    // show and DLG.2208 on delete, whatever the configured error shape.
    let gone = answer(with_token(&c, Method::GET, &task_url).send().await.unwrap()).await;
    assert_eq!(gone.status.as_u16(), 400, "{}", gone.text);
    assert_eq!(
        gone.json["errors"][0]["error_code"], "DLG.2253",
        "{}",
        gone.text
    );
    let again = answer(
        with_token(&c, Method::DELETE, &task_url)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(again.status.as_u16(), 400, "{}", again.text);
    assert_eq!(
        again.json["errors"][0]["error_code"], "DLG.2208",
        "{}",
        again.text
    );
}

#[tokio::test]
async fn catalog_connections_databases_schemas_tables() {
    let h = start().await;
    let c = Client::new();
    let base = h.base_url();
    let get = |path: String| {
        let c = c.clone();
        async move { answer(with_token(&c, Method::GET, &path).send().await.unwrap()).await }
    };
    let a = get(format!(
        "{base}/v1/{SANDBOX_PROJECT_ID}/data-connections?limit=100"
    ))
    .await;
    assert!(a.json["total_size"].as_u64().unwrap() >= 4, "{}", a.text);
    let dli = a.json["data_connection_lists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["dw_id"] == DLI_CONNECTION)
        .unwrap()
        .clone();
    assert_eq!(dli["dw_name"], "dli_test");
    assert_eq!(dli["dw_type"], "DLI");
    let a = get(format!(
        "{base}/v1/{SANDBOX_PROJECT_ID}/data-connections?type=DWS"
    ))
    .await;
    assert_eq!(a.json["total_size"], 1);
    let dws = a.json["data_connection_lists"][0]["dw_id"]
        .as_str()
        .unwrap()
        .to_string();

    let a = get(format!(
        "{base}/v2/{SANDBOX_PROJECT_ID}/{DLI_CONNECTION}/databases?limit=2&offset=0"
    ))
    .await;
    assert!(a.json["total_count"].as_u64().unwrap() >= 3);
    assert_eq!(a.json["databases"].as_array().unwrap().len(), 2);
    assert_eq!(a.json["databases"][0]["database_name"], "ygy1");

    let tables = format!("{base}/v2/{SANDBOX_PROJECT_ID}/{DLI_CONNECTION}/datatables");
    let a = get(format!(
        "{tables}?database_name=warehouse&limit=100&offset=4950"
    ))
    .await;
    assert_eq!(a.json["total_count"], 5000, "{}", a.text);
    assert_eq!(a.json["tables"].as_array().unwrap().len(), 50);
    assert!(is_hex32(a.json["tables"][0]["table_id"].as_str().unwrap()));
    let a = get(format!(
        "{tables}?database_name=warehouse&table_name=ods_sales_00"
    ))
    .await;
    assert_eq!(a.json["total_count"], 9);
    let a = get(format!("{tables}?database_name=ygy1")).await;
    assert!(
        a.json["tables"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["table_name"] == "ygy")
    );

    let a = get(format!(
        "{base}/v2/{SANDBOX_PROJECT_ID}/{dws}/schemas?database_name=gaussdb"
    ))
    .await;
    assert_eq!(a.json["total_count"], 2, "{}", a.text);
    assert_eq!(a.json["schemas"][0]["schema_name"], "public");

    let a = get(format!(
        "{base}/v2/{SANDBOX_PROJECT_ID}/{}/databases",
        "f".repeat(32)
    ))
    .await;
    assert_error(&a, 400, "DAYU.1005");
    let a = get(format!("{tables}?database_name=nope")).await;
    assert_error(&a, 404, "EMU.0007");
    let a = get(format!("{tables}?database_name=warehouse&limit=0")).await;
    assert_error(&a, 400, "EMU.0006");
}

/// A field of an official SDK response model (huaweicloudsdkdataartsstudio v1, `openapi_types`):
/// its name and type as the model writes it (`str`, `int`, `float`, `bool`, `list`).
type Model = &'static [(&'static str, &'static str)];

const LIST_MANAGER_WORK_SPACES_RESPONSE: Model =
    &[("count", "int"), ("total_page", "int"), ("data", "list")];
const WORKSPACEBODY: Model = &[
    ("bad_record_location_name", "str"),
    ("description", "str"),
    ("eps_id", "str"),
    ("job_log_location_name", "str"),
    ("name", "str"),
    ("id", "str"),
    ("is_default", "int"),
    ("owner_name", "str"),
    ("project_id", "str"),
    ("domain_id", "str"),
    ("instance_id", "str"),
    ("create_time", "float"),
    ("create_user", "str"),
    ("member_num", "int"),
    ("update_time", "float"),
    ("update_user", "str"),
];
const LIST_DATACONNECTIONS_RESPONSE: Model = &[
    ("count", "int"),
    ("max_records", "int"),
    ("total_size", "int"),
    ("data_connection_lists", "list"),
];
const APIG_DATA_SOURCE_VIEW: Model = &[
    ("dw_name", "str"),
    ("dw_type", "str"),
    ("create_user", "str"),
    ("create_time", "float"),
    ("agent_id", "str"),
    ("agent_name", "str"),
    ("dw_id", "str"),
    ("qualified_name", "str"),
    ("description", "str"),
];
const LIST_DATABASES_RESPONSE: Model = &[
    ("total_count", "int"),
    ("dw_id", "str"),
    ("databases", "list"),
];
const DATABASES_LIST: Model = &[("database_name", "str"), ("description", "str")];
const LIST_SCHEMAS_RESPONSE: Model = &[
    ("total_count", "int"),
    ("dw_id", "str"),
    ("database", "str"),
    ("schemas", "list"),
];
const SCHEMAS_LIST: Model = &[("schema_name", "str"), ("description", "str")];
const LIST_DATA_TABLES_RESPONSE: Model = &[("total_count", "int"), ("tables", "list")];
const TABLES_LIST: Model = &[
    ("table_name", "str"),
    ("table_id", "str"),
    ("table_name_cn", "str"),
    ("columns", "str"),
    ("dw_id", "str"),
    ("dw_name", "str"),
    ("dw_type", "str"),
    ("database_name", "str"),
    ("schema_name", "str"),
    ("life_cycle", "int"),
    ("description", "str"),
    ("user_id", "str"),
    ("user_name", "str"),
    ("project_id", "str"),
    ("create_time", "str"),
    ("table_size", "int"),
    ("total_count", "int"),
    ("is_valid", "int"),
    ("extra_setting", "str"),
    ("partitioned", "bool"),
];

/// `v` is an object whose every key is a field of `model` with the model's JSON type, and which
/// has every key of `present`.
fn shaped(what: &str, v: &Value, model: Model, present: &[&str]) {
    let Some(object) = v.as_object() else {
        panic!("{what} is not an object: {v}");
    };
    for (key, value) in object {
        let Some((_, ty)) = model.iter().find(|(k, _)| k == key) else {
            panic!("{what}: '{key}' is not a field of the SDK model: {v}");
        };
        let fits = match *ty {
            "str" => value.is_string(),
            "int" => value.is_i64() || value.is_u64(),
            "float" => value.is_number(),
            "bool" => value.is_boolean(),
            "list" => value.is_array(),
            other => panic!("model type {other}"),
        };
        assert!(fits, "{what}: '{key}' is {value}, the SDK model says {ty}");
    }
    for key in present {
        assert!(object.contains_key(*key), "{what} lacks '{key}': {v}");
    }
}

#[tokio::test]
async fn catalog_answers_have_the_sdk_model_shapes() {
    let config = EmulatorConfig {
        workspaces: std::iter::once(SANDBOX_WORKSPACE.to_string())
            .chain((1..45).map(|i| format!("{i:032x}")))
            .collect(),
        ..EmulatorConfig::default()
    };
    let h = emulator::spawn(config).await.unwrap();
    let c = Client::new();
    let base = h.base_url();
    let get = |path: String| {
        let c = c.clone();
        let url = format!("{base}{path}");
        async move {
            let a = answer(with_token(&c, Method::GET, &url).send().await.unwrap()).await;
            assert_eq!(a.status, StatusCode::OK, "{url}: {}", a.text);
            a.json
        }
    };
    let v1 = |tail: &str| get(format!("/v1/{SANDBOX_PROJECT_ID}/{tail}"));
    let v2 = |tail: String| get(format!("/v2/{SANDBOX_PROJECT_ID}/{tail}"));

    // Workspaces: 45 at limit 20 (the documented default) are 3 pages; `is_default` an integer.
    let w = v1("workspaces/inst01").await;
    shaped(
        "ListManagerWorkSpacesResponse",
        &w,
        LIST_MANAGER_WORK_SPACES_RESPONSE,
        &["count", "total_page", "data"],
    );
    assert_eq!(
        (w["count"].as_u64(), w["total_page"].as_u64()),
        (Some(45), Some(3))
    );
    assert_eq!(w["data"].as_array().unwrap().len(), 20);
    let first = &w["data"][0];
    let present = [
        "id",
        "name",
        "description",
        "is_default",
        "owner_name",
        "project_id",
        "domain_id",
        "instance_id",
        "create_time",
        "create_user",
        "member_num",
        "update_time",
        "update_user",
        "eps_id",
    ];
    for ws in w["data"].as_array().unwrap() {
        shaped("Workspacebody", ws, WORKSPACEBODY, &present);
        assert!(matches!(ws["is_default"].as_i64(), Some(0..=2)), "{ws}");
    }
    assert_eq!(first["is_default"], 1, "{first}");
    assert_eq!(w["data"][1]["is_default"], 0);
    assert_eq!(first["instance_id"], "inst01");
    assert_eq!(first["project_id"], SANDBOX_PROJECT_ID);
    let w = v1("workspaces/inst01?limit=10&offset=40").await;
    assert_eq!(
        (w["count"].as_u64(), w["total_page"].as_u64()),
        (Some(45), Some(5))
    );
    assert_eq!(w["data"].as_array().unwrap().len(), 5);

    // Data connections: `count` is the page's, `max_records` the quota, `total_size` the total.
    let d = v1("data-connections?limit=2&offset=1").await;
    shaped(
        "ListDataconnectionsResponse",
        &d,
        LIST_DATACONNECTIONS_RESPONSE,
        &[
            "count",
            "max_records",
            "total_size",
            "data_connection_lists",
        ],
    );
    let total = d["total_size"].as_u64().unwrap();
    assert!(total >= 4, "{d}");
    assert_eq!(
        (d["count"].as_u64(), d["max_records"].as_u64()),
        (Some(2), Some(50))
    );
    let all = v1("data-connections?limit=100").await;
    assert_eq!(all["count"].as_u64(), Some(total));
    assert_eq!(all["total_size"].as_u64(), Some(total));
    for conn in all["data_connection_lists"].as_array().unwrap() {
        shaped(
            "ApigDataSourceView",
            conn,
            APIG_DATA_SOURCE_VIEW,
            &[
                "dw_id",
                "dw_name",
                "dw_type",
                "create_user",
                "create_time",
                "qualified_name",
                "description",
            ],
        );
        assert!(
            conn["create_time"].as_i64().unwrap() > 1_600_000_000_000,
            "{conn}"
        );
    }

    // Databases, schemas, tables.
    let a = v2(format!("{DLI_CONNECTION}/databases?limit=2")).await;
    shaped(
        "ListDatabasesResponse",
        &a,
        LIST_DATABASES_RESPONSE,
        &["total_count", "dw_id", "databases"],
    );
    assert_eq!(a["dw_id"], DLI_CONNECTION);
    for db in a["databases"].as_array().unwrap() {
        shaped(
            "DatabasesList",
            db,
            DATABASES_LIST,
            &["database_name", "description"],
        );
    }

    let dws = all["data_connection_lists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["dw_type"] == "DWS")
        .unwrap()["dw_id"]
        .as_str()
        .unwrap()
        .to_string();
    let s = v2(format!("{dws}/schemas?database_name=gaussdb")).await;
    shaped(
        "ListSchemasResponse",
        &s,
        LIST_SCHEMAS_RESPONSE,
        &["total_count", "dw_id", "database", "schemas"],
    );
    assert_eq!(
        (s["dw_id"].as_str(), s["database"].as_str()),
        (Some(dws.as_str()), Some("gaussdb"))
    );
    for schema in s["schemas"].as_array().unwrap() {
        shaped("SchemasList", schema, SCHEMAS_LIST, &["schema_name"]);
    }

    let t = v2(format!("{dws}/datatables?database_name=gaussdb&limit=3")).await;
    shaped(
        "ListDataTablesResponse",
        &t,
        LIST_DATA_TABLES_RESPONSE,
        &["total_count", "tables"],
    );
    assert_eq!(t["total_count"], 5, "{t}");
    let t_present = [
        "table_name",
        "table_id",
        "dw_id",
        "dw_name",
        "dw_type",
        "database_name",
        "schema_name",
        "project_id",
    ];
    for table in t["tables"].as_array().unwrap() {
        shaped("TablesList", table, TABLES_LIST, &t_present);
        assert_eq!(table["dw_type"], "DWS");
        assert_eq!(table["project_id"], SANDBOX_PROJECT_ID);
    }
    let t = v2(format!("{DLI_CONNECTION}/datatables?database_name=ygy1")).await;
    for table in t["tables"].as_array().unwrap() {
        shaped("TablesList", table, TABLES_LIST, &t_present[..6]);
        assert!(
            table.get("schema_name").is_none(),
            "DLI has no schemas: {table}"
        );
    }
}

// ---- faults ----

async fn add_fault(c: &Client, h: &EmulatorHandle, spec: Value) {
    let res = c
        .post(format!("{}/_emulator/faults", h.base_url()))
        .header("content-type", "application/json")
        .body(spec.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap()
    );
}

fn on_create(fault: Value) -> Value {
    json!({"method": "POST", "path_contains": "/metadata/tasks/create", "count": 1, "fault": fault})
}

async fn send_create(
    c: &Client,
    h: &EmulatorHandle,
    name: &str,
) -> reqwest::Result<reqwest::Response> {
    with_token(c, Method::POST, &url(h, "/metadata/tasks/create"))
        .body(seed_named(name).to_string())
        .send()
        .await
}

#[tokio::test]
async fn fault_delay_then_normal_service() {
    let h = start().await;
    let c = Client::new();
    add_fault(&c, &h, on_create(json!({"kind": "delay", "ms": 300}))).await;
    let t = Instant::now();
    let a = answer(send_create(&c, &h, "delayed").await.unwrap()).await;
    assert!(t.elapsed() >= Duration::from_millis(300));
    assert_eq!(a.status, StatusCode::OK);
    let t = Instant::now();
    assert_eq!(
        send_create(&c, &h, "prompt").await.unwrap().status(),
        StatusCode::OK
    );
    assert!(t.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn fault_hang_never_answers() {
    let h = start().await;
    let c = Client::builder()
        .timeout(Duration::from_millis(800))
        .build()
        .unwrap();
    add_fault(&c, &h, on_create(json!({"kind": "hang"}))).await;
    let err = send_create(&c, &h, "hung").await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    h.shutdown();
}

#[tokio::test]
async fn fault_status_with_html_or_empty_body() {
    let h = start().await;
    let c = Client::new();
    add_fault(
        &c,
        &h,
        on_create(json!({"kind": "status", "status": 503, "body": "html"})),
    )
    .await;
    let a = answer(send_create(&c, &h, "html").await.unwrap()).await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        a.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(a.text.contains("<html>"));
    assert!(a.headers.contains_key("x-request-id"));
    add_fault(
        &c,
        &h,
        on_create(json!({"kind": "status", "status": 502, "body": "empty"})),
    )
    .await;
    let a = answer(send_create(&c, &h, "empty").await.unwrap()).await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY);
    assert!(a.text.is_empty());
}

#[tokio::test]
async fn fault_malformed_and_truncated_json() {
    let h = start().await;
    let c = Client::new();
    add_fault(&c, &h, on_create(json!({"kind": "malformed_json"}))).await;
    let a = answer(send_create(&c, &h, "m").await.unwrap()).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(
        serde_json::from_str::<Value>(&a.text).is_err(),
        "{}",
        a.text
    );
    assert!(a.text.contains("task_id"));

    add_fault(&c, &h, on_create(json!({"kind": "truncated_json"}))).await;
    let a = answer(send_create(&c, &h, "t").await.unwrap()).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.text, r#"{"task_id":"8a9480ed"#);
    assert_eq!(
        a.headers["content-length"],
        a.text.len().to_string().as_str()
    );
}

#[tokio::test]
async fn fault_reset_cuts_the_body() {
    let h = start().await;
    let c = Client::new();
    add_fault(&c, &h, on_create(json!({"kind": "reset"}))).await;
    let failed = match send_create(&c, &h, "reset").await {
        Err(_) => true,
        Ok(res) => res.bytes().await.is_err(),
    };
    assert!(failed, "the body should fail mid-way");
    assert_eq!(
        send_create(&c, &h, "after reset").await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn fault_throttle_counts_down() {
    let h = start().await;
    let c = Client::new();
    let mut spec = on_create(json!({"kind": "throttle"}));
    spec["count"] = 2.into();
    add_fault(&c, &h, spec).await;
    for _ in 0..2 {
        let a = answer(send_create(&c, &h, "throttled").await.unwrap()).await;
        assert_error(&a, 429, "APIG.0308");
    }
    assert_eq!(
        send_create(&c, &h, "throttled").await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn fault_filters_by_method_and_path() {
    let h = start().await;
    let c = Client::new();
    add_fault(&c, &h, json!({"method": "GET", "path_contains": "/data-connections", "fault": {"kind": "throttle"}})).await;
    assert_eq!(
        send_create(&c, &h, "untouched").await.unwrap().status(),
        StatusCode::OK
    );
    let conn = format!("{}/v1/{SANDBOX_PROJECT_ID}/data-connections", h.base_url());
    assert_eq!(
        with_token(&c, Method::GET, &conn)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // DELETE clears pending faults
    add_fault(&c, &h, on_create(json!({"kind": "throttle"}))).await;
    let del = c
        .delete(format!("{}/_emulator/faults", h.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(del.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        send_create(&c, &h, "cleared").await.unwrap().status(),
        StatusCode::OK
    );
    let bad = c
        .post(format!("{}/_emulator/faults", h.base_url()))
        .header("content-type", "application/json")
        .body(r#"{"fault":{"kind":"melt"}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn fault_trickle_sends_a_valid_answer_slowly() {
    let h = start().await;
    let c = Client::new();
    add_fault(
        &c,
        &h,
        on_create(json!({"kind": "trickle", "bytes_per_sec": 200})),
    )
    .await;
    let t = Instant::now();
    let a = answer(send_create(&c, &h, "slow").await.unwrap()).await;
    assert!(
        t.elapsed() >= Duration::from_millis(150),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(a.status, StatusCode::OK);
    assert!(is_hex32(a.json["task_id"].as_str().unwrap()), "{}", a.text);
}

#[tokio::test]
async fn fault_large_body() {
    let h = start().await;
    let c = Client::new();
    add_fault(
        &c,
        &h,
        on_create(json!({"kind": "large", "bytes": 10_485_760})),
    )
    .await;
    let res = send_create(&c, &h, "large").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.bytes().await.unwrap();
    assert_eq!(body.len(), 10_485_760);
    assert!(serde_json::from_slice::<Value>(&body).is_ok());
}

#[tokio::test]
async fn requests_are_recorded_with_secrets_redacted() {
    let h = start().await;
    let c = Client::new();
    add_fault(&c, &h, on_create(json!({"kind": "throttle"}))).await;
    send_create(&c, &h, "recorded").await.unwrap();
    c.post(format!("{}/v3/auth/tokens", h.base_url()))
        .body(iam_body(SANDBOX_IAM_PASSWORD).to_string())
        .send()
        .await
        .unwrap();
    let body = seed_named("signed").to_string().into_bytes();
    let (rb, _) = signed_create(&c, &h, SANDBOX_AK, &sdk_now(0), &body);
    rb.header("X-Security-Token", "temporary-secret")
        .body(body)
        .send()
        .await
        .unwrap();

    let log = answer(
        c.get(format!("{}/_emulator/requests", h.base_url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let log = log.json.as_array().unwrap().clone();
    assert_eq!(log.len(), 3, "admin calls are not recorded: {log:?}");
    let seqs: Vec<u64> = log.iter().map(|r| r["seq"].as_u64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(log[0]["method"], "POST");
    assert!(
        log[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("/metadata/tasks/create")
    );
    assert_eq!(log[0]["headers"]["x-auth-token"], "******");
    assert_eq!(log[0]["headers"]["workspace"], SANDBOX_WORKSPACE);
    assert!(log[0]["body"].as_str().unwrap().contains("recorded"));
    let iam = log[1]["body"].as_str().unwrap();
    assert!(
        !iam.contains(SANDBOX_IAM_PASSWORD) && iam.contains("******"),
        "{iam}"
    );
    let auth = log[2]["headers"]["authorization"].as_str().unwrap();
    assert!(
        auth.contains("Access=") && auth.ends_with("Signature=******"),
        "{auth}"
    );
    assert_eq!(log[2]["headers"]["x-security-token"], "******");
    let text = serde_json::to_string(&log).unwrap();
    assert!(!text.contains(SANDBOX_TOKEN) && !text.contains("temporary-secret"));

    c.delete(format!("{}/_emulator/requests", h.base_url()))
        .send()
        .await
        .unwrap();
    let log = answer(
        c.get(format!("{}/_emulator/requests", h.base_url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(log.json, json!([]));
}

// ---- sync callers and the command ----

/// A raw HTTP/1.1 GET over std, so sync tests need no runtime.
fn raw_get(addr: &str, path: &str) -> std::io::Result<String> {
    let mut s = std::net::TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    Ok(out)
}

#[test]
fn spawn_background_serves_and_stops_on_drop() {
    let h = emulator::spawn_background(EmulatorConfig::default()).unwrap();
    let addr = h.addr().to_string();
    assert_eq!(h.base_url(), format!("http://{addr}"));
    let res = raw_get(&addr, "/nowhere").unwrap();
    assert!(
        res.starts_with("HTTP/1.1 404") && res.contains("APIG.0101"),
        "{res}"
    );
    drop(h);
    assert!(std::net::TcpStream::connect(&addr).is_err());
}

#[cfg(unix)] // SIGTERM: Unix signals
#[test]
fn cli_emulator_prints_its_url_and_exits_0_on_sigterm() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_ctask"))
        .args(["emulator", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first.split_whitespace().last().unwrap().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{first}");
    let rest: Vec<String> = lines.by_ref().take(12).map(Result::unwrap).collect();
    assert!(rest.iter().any(|l| l.contains(SANDBOX_TOKEN)), "{rest:?}");
    assert!(rest.iter().any(|l| l.contains(SANDBOX_WORKSPACE)));
    let res = raw_get(url.trim_start_matches("http://"), "/nowhere").unwrap();
    assert!(res.contains("APIG.0101"), "{res}");

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "ctask emulator did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
}
