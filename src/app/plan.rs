//! `Plan`: a task made ready to send, built once: the profile's defaults applied, validated, and
//! the exact create request with its authentication (a token, the IAM token's place, or the AK/SK
//! signature at the plan's time). Review, `--dry-run`, history and every export render this value;
//! `send` sends its request. Pure: the time is an argument, nothing is read or sent.

use chrono::{DateTime, Utc};

use super::context::Context;
use crate::api::HttpRequest;
use crate::task::{CollectionTask, Issue, Severity, Typed, has_errors, validate};

/// A task and the request that would carry it.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The task after the profile's defaults.
    pub task: CollectionTask,
    /// The fields the profile's defaults filled.
    pub filled: Vec<&'static str>,
    pub issues: Vec<Issue>,
    /// The create call with authentication as it will be sent. It holds secrets: show it only
    /// through `masked_headers`, `display_masked` or `curl_line`. An IAM profile's token is fetched
    /// at send time (shown masked here); an AK/SK signature is made again at send time (masked).
    pub request: HttpRequest,
}

impl Plan {
    /// Applies `ctx`'s defaults to `task`, validates it and builds the request, signed at `now`.
    pub fn new(ctx: &Context, mut task: CollectionTask, now: DateTime<Utc>) -> Plan {
        let filled = ctx.defaults.apply(&mut task);
        let issues = validate(&task);
        let s = &ctx.session;
        let request = s
            .credentials
            .preview(s.target.create(&task), &s.target.project_id, now);
        Plan {
            task,
            filled,
            issues,
            request,
        }
    }

    /// Errors block the send.
    pub fn has_errors(&self) -> bool {
        has_errors(&self.issues)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }

    /// `user_id` is empty and nothing is an error: the front end asks IAM whose credentials these
    /// are (`Session::caller_user`, any credential kind) and fills it, showing where the value came
    /// from; without an answer the task goes as it is (the service takes the caller's user, as the
    /// Terraform provider relies on). The placeholder `<IAM user id>` is an error and never filled.
    pub fn wants_user_id(&self) -> bool {
        !self.has_errors()
            && self
                .task
                .text("user_id")
                .is_none_or(|u| u.trim().is_empty())
    }

    /// The same plan with `user_id` set (to the caller's id IAM named).
    pub fn with_user_id(&self, ctx: &Context, user_id: &str, now: DateTime<Utc>) -> Plan {
        let mut task = self.task.clone();
        if let Some(slot) = task.text_field_mut("user_id") {
            *slot = Some(Typed::Valid(user_id.to_string()));
        }
        let mut plan = Plan::new(ctx, task, now);
        plan.filled = self.filled.clone();
        plan
    }

    /// The task's name, for messages and the search that settles a lost answer.
    pub fn name(&self) -> &str {
        self.task.text("name").unwrap_or_default()
    }
}
