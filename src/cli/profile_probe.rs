//! `ctask profile test [NAME]`: one cheap call with a saved profile, and what it learned (status,
//! request id, project and workspace, for IAM the token's user, project and expiry, and for a token
//! or AK/SK the IAM user id an empty `user_id` is filled with, and where it comes from).

use super::profile::fail;
use super::shared::runtime;
use crate::api::host_of;
use crate::app::report::{error_text, exit_code};
use crate::exit;
use crate::outln;
use crate::store::{Overrides, Paths, resolve_profile};

pub fn test(paths: &Paths, name: Option<&str>) -> u8 {
    let home = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
    let resolved = match resolve_profile(paths, name, &Overrides::default(), home.as_deref()) {
        Ok(r) => r,
        Err(e) => return fail(&e.to_string()),
    };
    for w in &resolved.warnings {
        eprintln!("ctask: warning: {w}");
    }
    let Some(rt) = runtime() else {
        return fail("cannot start the async runtime");
    };
    let s = &resolved.session;
    outln!(
        "profile: {} ({} auth)",
        resolved.name,
        s.credentials.kind_name()
    );
    outln!("endpoint: {}", s.target.endpoint.base);
    match rt.block_on(s.probe()) {
        Ok(p) => {
            let r = &p.response;
            outln!(
                "ok: HTTP {} in {} ms, request id {}",
                r.status,
                r.elapsed.as_millis(),
                r.request_id.as_deref().unwrap_or("none")
            );
            outln!(
                "project: {}  workspace: {}",
                s.target.project_id,
                s.target.workspace
            );
            outln!(
                "data connections: {}{}",
                p.connections.map_or("?".into(), |n| n.to_string()),
                p.first_connection
                    .map(|n| format!(" (e.g. {n})"))
                    .unwrap_or_default()
            );
            if let Some(t) = p.token {
                outln!(
                    "iam user: {} ({})",
                    t.user_name.as_deref().unwrap_or("?"),
                    t.user_id.as_deref().unwrap_or("?")
                );
                outln!(
                    "iam project: {} ({})",
                    t.project_name.as_deref().unwrap_or("?"),
                    t.project_id.as_deref().unwrap_or("?")
                );
                outln!("token expires: {}", t.expires_at.to_rfc3339());
            } else {
                match rt.block_on(s.caller_user()) {
                    Ok(u) => outln!("iam user id: {}, from {}", u.id, u.source.describe()),
                    Err(e) => outln!(
                        "iam user id: unknown ({}); a task without user_id is sent as it is",
                        crate::app::Report::of(&e, &host_of(&s.target.endpoint.iam)).message
                    ),
                }
            }
            exit::OK
        }
        Err(e) => {
            eprint!("{}", error_text(&e, &host_of(&s.target.endpoint.base)));
            exit_code(&e)
        }
    }
}
