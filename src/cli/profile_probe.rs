//! `ctask profile test [NAME]`: one cheap call with a saved profile, and what it learned (status,
//! request id, project and workspace, for IAM the token's user, project and expiry, and for a token
//! or AK/SK the IAM user id an empty `user_id` is filled with, and where it comes from).

use super::output::{Out, err, outln};
use super::shared::Runtime;
use crate::api::host_of;
use crate::app::report::{error_text, exit_code};
use crate::exit;
use crate::store::{Overrides, Paths, resolve_profile};

pub fn test(out: &Out, rt: &Runtime, paths: &Paths, name: Option<&str>) -> u8 {
    let fail = |message: &str| out.usage(false, message);
    let home = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
    let resolved = match resolve_profile(paths, name, &Overrides::default(), home.as_deref()) {
        Ok(r) => r,
        Err(e) => return fail(&e.to_string()),
    };
    out.warnings(&resolved.warnings);
    let Some(rt) = rt.get() else {
        return fail("cannot start the async runtime");
    };
    let s = &resolved.session;
    outln!(
        out,
        "profile: {} ({} auth)",
        resolved.name,
        s.credentials.kind_name()
    );
    outln!(out, "endpoint: {}", s.target.endpoint.base);
    match rt.block_on(s.probe()) {
        Ok(p) => {
            let r = &p.response;
            outln!(
                out,
                "ok: HTTP {} in {} ms, request id {}",
                r.status,
                r.elapsed.as_millis(),
                r.request_id.as_deref().unwrap_or("none")
            );
            outln!(
                out,
                "project: {}  workspace: {}",
                s.target.project_id,
                s.target.workspace
            );
            outln!(
                out,
                "data connections: {}{}",
                p.connections.map_or("?".into(), |n| n.to_string()),
                p.first_connection
                    .map(|n| format!(" (e.g. {n})"))
                    .unwrap_or_default()
            );
            if let Some(t) = p.token {
                outln!(
                    out,
                    "iam user: {} ({})",
                    t.user_name.as_deref().unwrap_or("?"),
                    t.user_id.as_deref().unwrap_or("?")
                );
                outln!(
                    out,
                    "iam project: {} ({})",
                    t.project_name.as_deref().unwrap_or("?"),
                    t.project_id.as_deref().unwrap_or("?")
                );
                outln!(out, "token expires: {}", t.expires_at.to_rfc3339());
            } else {
                match rt.block_on(s.caller_user()) {
                    Ok(u) => outln!(out, "iam user id: {}, from {}", u.id, u.source.describe()),
                    Err(e) => outln!(
                        out,
                        "iam user id: unknown ({}); a task without user_id is sent as it is",
                        crate::app::Report::of(&e, &host_of(&s.target.endpoint.iam)).message
                    ),
                }
            }
            exit::OK
        }
        Err(e) => {
            err!(out, "{}", error_text(&e, &host_of(&s.target.endpoint.base)));
            exit_code(&e)
        }
    }
}
