//! `Session`: a client, a target and credentials together, the one object the CLI and the TUI use to
//! authorize, send and read calls. The flow: build a request (`Target::create`), show `preview` to the
//! user, then `execute` it. Network only.

use std::time::Duration;

use chrono::Utc;
use serde_json::Value;

use super::auth::{Credentials, IamToken};
use super::calls::{Page, Target, check, created_task_id, json_body};
use super::client::{Client, Response};
use super::error::ApiError;
use super::request::HttpRequest;
use super::retry::{RetryNote, send_with_retry};
use crate::task::CollectionTask;

#[derive(Clone, Debug)]
pub struct Session {
    pub client: Client,
    pub target: Target,
    pub credentials: Credentials,
}

/// A task the service created.
#[derive(Clone, Debug)]
pub struct Created {
    pub task_id: String,
    /// The request as sent (holds secrets: show `masked_headers`).
    pub request: HttpRequest,
    pub response: Response,
}

/// One create attempt, whatever became of it.
#[derive(Clone, Debug)]
pub struct Attempt {
    /// The request as sent; `None` when it never left (e.g. the IAM login failed).
    pub request: Option<HttpRequest>,
    /// The answer, error statuses included; `None` on a network failure.
    pub response: Option<Response>,
    /// The new task id, or why there is none.
    pub result: Result<String, ApiError>,
}

impl Attempt {
    pub fn into_created(self) -> Result<Created, ApiError> {
        let task_id = self.result?;
        match (self.request, self.response) {
            (Some(request), Some(response)) => Ok(Created {
                task_id,
                request,
                response,
            }),
            _ => Err(ApiError::Setup(
                "a create succeeded without a request or answer".into(),
            )),
        }
    }
}

/// What `profile test` learned.
#[derive(Clone, Debug)]
pub struct Probe {
    pub response: Response,
    pub connections: Option<u64>,
    pub first_connection: Option<String>,
    pub token: Option<IamToken>,
}

impl Session {
    /// `req` with authentication as it would be sent, without any network call; print it masked.
    pub fn preview(&self, req: HttpRequest) -> HttpRequest {
        self.credentials
            .preview(req, &self.target.project_id, Utc::now())
    }

    /// `req` with authentication, logging in to IAM first if needed.
    pub async fn authorize(&self, req: HttpRequest) -> Result<HttpRequest, ApiError> {
        self.credentials
            .authorize(
                &self.client,
                &self.target.endpoint.iam,
                req,
                &self.target.project_id,
                Utc::now(),
            )
            .await
    }

    /// The IAM token (IAM logins only), e.g. to fill `user_id` from `token.user.id`.
    pub async fn iam_token(&self) -> Result<Option<IamToken>, ApiError> {
        match &self.credentials {
            Credentials::Iam(login) => login
                .token(
                    &self.client,
                    &self.target.endpoint.iam,
                    &self.target.project_id,
                    Utc::now(),
                )
                .await
                .map(Some),
            _ => Ok(None),
        }
    }

    /// Authorizes and sends `req` with the safe retries; a non-2xx answer becomes an error.
    pub async fn execute(
        &self,
        req: HttpRequest,
        on_retry: &mut (dyn FnMut(&RetryNote) + Send),
    ) -> Result<(HttpRequest, Response), ApiError> {
        let req = self.authorize(req).await?;
        let resp = send_with_retry(&self.client, &req, on_retry).await?;
        Ok((req, check(resp)?))
    }

    /// Creates the task; never re-sent once it may have reached the server.
    pub async fn create(
        &self,
        task: &CollectionTask,
        on_retry: &mut (dyn FnMut(&RetryNote) + Send),
    ) -> Result<Created, ApiError> {
        self.create_attempt(task, on_retry, &mut |_| {})
            .await
            .into_created()
    }

    /// Creates the task and keeps everything a history row needs. `on_sent` sees the authorized
    /// request right before it leaves (it holds secrets: record only its masked form).
    pub async fn create_attempt(
        &self,
        task: &CollectionTask,
        on_retry: &mut (dyn FnMut(&RetryNote) + Send),
        on_sent: &mut (dyn FnMut(&HttpRequest) + Send),
    ) -> Attempt {
        let request = match self.authorize(self.target.create(task)).await {
            Ok(r) => r,
            Err(e) => {
                return Attempt {
                    request: None,
                    response: None,
                    result: Err(e),
                };
            }
        };
        on_sent(&request);
        self.send_create(request, on_retry).await
    }

    /// Sends an authorized create (from `authorize(target.create(task))`) with the safe retries and
    /// reads the task id. Split from `create_attempt` so a caller can record the request (e.g. on a
    /// blocking store) between authorizing and sending, and abandon the wait.
    pub async fn send_create(
        &self,
        request: HttpRequest,
        on_retry: &mut (dyn FnMut(&RetryNote) + Send),
    ) -> Attempt {
        let (response, result) = match send_with_retry(&self.client, &request, on_retry).await {
            Ok(resp) => {
                let result = check(resp.clone()).and_then(|r| created_task_id(&r));
                (Some(resp), result)
            }
            Err(e) => (None, Err(e)),
        };
        Attempt {
            request: Some(request),
            response,
            result,
        }
    }

    /// Any call whose answer is JSON.
    pub async fn call_json(&self, req: HttpRequest) -> Result<Value, ApiError> {
        self.call_json_sized(req).await.map(|(v, _)| v)
    }

    /// `call_json`, with the size of the answer's body in bytes (what a listing's cap counts).
    pub async fn call_json_sized(&self, req: HttpRequest) -> Result<(Value, usize), ApiError> {
        let (_, resp) = self.execute(req, &mut |_| {}).await?;
        Ok((json_body(&resp)?, resp.body.len()))
    }

    /// One cheap call that proves the credentials: list one data connection.
    pub async fn probe(&self) -> Result<Probe, ApiError> {
        let token = self.iam_token().await?;
        let page = Page {
            limit: Some(1),
            offset: Some(0),
        };
        let (_, response) = self
            .execute(self.target.data_connections(None, None, &page), &mut |_| {})
            .await?;
        let body = json_body(&response)?;
        // SDK `ListDataconnectionsResponse`: `total_size` is the connections in all; `count` is
        // this page's (here at most 1) and `max_records` the quota (50), neither a total.
        Ok(Probe {
            connections: body.get("total_size").and_then(Value::as_u64),
            first_connection: body
                .get("data_connection_lists")
                .and_then(|l| l.get(0))
                .and_then(|c| c.get("dw_name"))
                .and_then(Value::as_str)
                .map(str::to_string),
            response,
            token,
        })
    }
}

/// Timeouts from a profile's seconds, falling back to the defaults.
pub fn timeouts(connect_secs: Option<f64>, total_secs: Option<f64>) -> super::client::ClientConfig {
    let d = super::client::ClientConfig::default();
    let secs = |s: Option<f64>, dflt: Duration| {
        s.filter(|v| *v > 0.0)
            .and_then(|v| Duration::try_from_secs_f64(v).ok())
            .unwrap_or(dflt)
    };
    super::client::ClientConfig {
        connect_timeout: secs(connect_secs, d.connect_timeout),
        timeout: secs(total_secs, d.timeout),
    }
}
