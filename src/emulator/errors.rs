//! Error answers in the shapes the real service sends: the documented `{"error_code","error_msg"}`
//! or the `{"errors":[…]}` array, chosen by configuration. Handlers return [`ApiError`]; the
//! observing layer renders it, because only it knows the configured shape. The `EMU.nnnn` codes
//! stand in where the real service's code is unknown, so nobody mistakes them for real `DLG` codes.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The codes this emulator answers with; `EMU.*` are its own (see the README table).
pub(crate) mod code {
    pub const AUTH: &str = "APIG.0301";
    pub const NOT_FOUND: &str = "APIG.0101";
    pub const THROTTLED: &str = "APIG.0308";
    pub const TOO_LARGE: &str = "APIG.0201";
    pub const WORKSPACE_OR_TASK: &str = "DLG.0818";
    pub const SCHEDULED: &str = "DLG.2206";
    /// The task to show does not exist (the Terraform provider's `metadataTaskExecuteNotFoundCodes`).
    pub const NO_TASK_TO_SHOW: &str = "DLG.2253";
    /// The task to delete does not exist (same source).
    pub const NO_TASK_TO_DELETE: &str = "DLG.2208";
    pub const NO_CONNECTION: &str = "DAYU.1005";
    pub const BAD_JSON: &str = "EMU.0001";
    pub const MISSING_FIELD: &str = "EMU.0002";
    pub const WRONG_TYPE: &str = "EMU.0003";
    pub const DUPLICATE_NAME: &str = "EMU.0004";
    pub const PROJECT_MISMATCH: &str = "EMU.0005";
    pub const BAD_PARAMETER: &str = "EMU.0006";
    pub const NO_DATABASE: &str = "EMU.0007";
    pub const BAD_FAULT: &str = "EMU.0008";
    pub const NOT_LOOPBACK: &str = "EMU.0009";
    pub const FIXTURE: &str = "EMU.0010";
}

/// A rejected request: status, code and message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{status} {code}: {message}")]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Always answered as `{"errors":[…]}`, whatever the configured shape: the Terraform provider
    /// reads these codes at `errors[0].error_code` (`ConvertExpected400ErrInto404Err` in
    /// `resource_huaweicloud_dataarts_catalog_metadata_task.go`).
    pub in_array: bool,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            in_array: false,
        }
    }

    /// A task that does not exist: 400 with `code` in the `errors` array, as the real service
    /// answers and the Terraform provider reads it (see `in_array`).
    pub fn no_task(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            in_array: true,
            ..Self::bad_request(code, message)
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn unauthorized(detail: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            code::AUTH,
            format!("Incorrect IAM authentication information: {detail}"),
        )
    }

    pub fn not_found_route() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            code::NOT_FOUND,
            "The API does not exist or has not been published in the environment",
        )
    }

    pub fn throttled() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            code::THROTTLED,
            "The throttling threshold has been reached: policy user over ratelimit, limit:50, time:1 second",
        )
    }

    /// The JSON body in the configured shape.
    pub fn body(&self, errors_array: bool) -> serde_json::Value {
        let one = json!({ "error_code": self.code, "error_msg": self.message });
        if errors_array || self.in_array {
            json!({ "errors": [one] })
        } else {
            one
        }
    }

    /// The finished answer in the chosen shape.
    pub fn render(&self, errors_array: bool) -> Response {
        (self.status, axum::Json(self.body(errors_array))).into_response()
    }
}

impl IntoResponse for ApiError {
    /// Carries the error to the observing layer, which renders it in the configured shape.
    fn into_response(self) -> Response {
        let mut res = self.render(self.in_array);
        res.extensions_mut().insert(self);
        res
    }
}

/// Re-renders an error answer in the configured shape (the layer calls this on every response).
pub fn finish(res: Response, errors_array: bool) -> Response {
    match res.extensions().get::<ApiError>() {
        Some(err) if errors_array => err.clone().render(true),
        _ => res,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_shapes() {
        let e = ApiError::bad_request(code::MISSING_FIELD, "name is required");
        assert_eq!(
            e.body(false),
            json!({"error_code": "EMU.0002", "error_msg": "name is required"})
        );
        assert_eq!(
            e.body(true),
            json!({"errors": [{"error_code": "EMU.0002", "error_msg": "name is required"}]})
        );
    }
}
