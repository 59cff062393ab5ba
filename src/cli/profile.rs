//! `ctask profile add|list|show|remove|default|test`: saved profiles and their secrets. Secrets never
//! come from the command line itself: stdin (`--token-stdin`…), a no-echo prompt on a terminal, or a
//! reference (`--token-from env:VAR` / `command:…`). Output masks every stored secret.

use super::text::{eprint, eprintln, println};
use std::io::{IsTerminal, Read};

use clap::{Subcommand, ValueEnum};

use super::submit::{error_text, exit_code, host_of, runtime};
use crate::exit;
use crate::store::credentials::{self, SecretSource};
use crate::store::{
    AuthKind, FormDefaults, Overrides, Paths, Profile, StoreError, profiles, resolve_profile,
};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Save a profile (secrets from stdin, a prompt, env:VAR or command:…)
    Add(Box<AddArgs>),
    /// List the profiles (secrets masked)
    List,
    /// Show one profile (secrets masked)
    Show { name: String },
    /// Delete a profile and its secrets
    Remove { name: String },
    /// Make a profile the default
    Default { name: String },
    /// Prove the credentials with one cheap call and print what it learned
    Test { name: Option<String> },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Auth {
    Token,
    Iam,
    Aksk,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    pub name: String,
    /// Region, e.g. cn-north-4 (derives https://dayu.{region}.myhuaweicloud.com)
    #[arg(long)]
    pub region: Option<String>,
    /// DataArts endpoint URL (overrides the region's)
    #[arg(long)]
    pub endpoint: Option<String>,
    /// IAM endpoint URL (default: from the region, else the endpoint)
    #[arg(long)]
    pub iam_endpoint: Option<String>,
    #[arg(long)]
    pub project_id: Option<String>,
    #[arg(long)]
    pub workspace: Option<String>,
    #[arg(long, value_enum, default_value = "token")]
    pub auth: Auth,
    #[arg(long)]
    pub iam_user: Option<String>,
    /// IAM account (domain) name (default: the user name)
    #[arg(long)]
    pub iam_domain: Option<String>,
    /// Access key id (not secret; the SK comes from --sk-stdin, --sk-from or a prompt)
    #[arg(long)]
    pub ak: Option<String>,
    /// Form default: user_id
    #[arg(long)]
    pub user_id: Option<String>,
    #[arg(long)]
    pub user_name: Option<String>,
    #[arg(long)]
    pub dir_id: Option<String>,
    #[arg(long)]
    pub duty_person: Option<String>,
    #[arg(long)]
    pub data_source_type: Option<String>,
    /// Connect timeout in seconds (default 10)
    #[arg(long, value_name = "SECS")]
    pub connect_timeout: Option<f64>,
    /// Whole-call timeout in seconds (default 60)
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,
    /// Do not keep a submission history for this profile
    #[arg(long)]
    pub no_history: bool,
    /// Make this the default profile
    #[arg(long)]
    pub default: bool,
    /// Replace an existing profile (secrets not given again are kept)
    #[arg(long)]
    pub replace: bool,
    #[arg(long, group = "stdin")]
    pub token_stdin: bool,
    #[arg(long, group = "stdin")]
    pub password_stdin: bool,
    #[arg(long, group = "stdin")]
    pub sk_stdin: bool,
    #[arg(long, group = "stdin")]
    pub security_token_stdin: bool,
    /// env:VAR or command:… that yields the token
    #[arg(long, value_name = "REF")]
    pub token_from: Option<String>,
    #[arg(long, value_name = "REF")]
    pub password_from: Option<String>,
    #[arg(long, value_name = "REF")]
    pub sk_from: Option<String>,
    #[arg(long, value_name = "REF")]
    pub security_token_from: Option<String>,
}

pub fn run(cmd: &Command) -> u8 {
    let paths = match Paths::from_env() {
        Ok(p) => p,
        Err(e) => return fail(&e.to_string()),
    };
    let result = match cmd {
        Command::Add(a) => add(&paths, a),
        Command::List => list(&paths),
        Command::Show { name } => show(&paths, name),
        Command::Remove { name } => remove(&paths, name),
        Command::Default { name } => set_default(&paths, name),
        Command::Test { name } => return test(&paths, name.as_deref()),
    };
    result.unwrap_or_else(|e| fail(&e.to_string()))
}

fn fail(message: &str) -> u8 {
    eprintln!("ctask: {message}");
    exit::USAGE
}

fn invalid(m: impl Into<String>) -> StoreError {
    StoreError::Invalid(m.into())
}

fn reference(flag: &str, value: &str) -> Result<SecretSource, StoreError> {
    match SecretSource::parse(value) {
        SecretSource::Literal(_) => Err(invalid(format!(
            "--{flag} takes env:VAR or command:…, never the secret itself (it would stay in your shell history)"
        ))),
        s => Ok(s),
    }
}

fn read_stdin() -> Result<SecretSource, StoreError> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| invalid(format!("cannot read stdin: {e}")))?;
    let s = s.trim_end_matches(['\n', '\r']);
    if s.is_empty() {
        return Err(invalid("stdin was empty: expected the secret"));
    }
    Ok(SecretSource::parse_literal(s))
}

/// One secret: from stdin, a reference, a prompt on a terminal (when `prompt` is given), or none.
fn intake(
    stdin: bool,
    from: &Option<String>,
    flag: &str,
    prompt: Option<&str>,
) -> Result<Option<SecretSource>, StoreError> {
    if stdin {
        return read_stdin().map(Some);
    }
    if let Some(r) = from {
        return reference(&format!("{flag}-from"), r).map(Some);
    }
    match prompt {
        Some(p) if std::io::stdin().is_terminal() => {
            let v = rpassword::prompt_password(p)
                .map_err(|e| invalid(format!("cannot read the secret: {e}")))?;
            Ok((!v.is_empty()).then(|| SecretSource::parse_literal(&v)))
        }
        _ => Ok(None),
    }
}

fn add(paths: &Paths, a: &AddArgs) -> Result<u8, StoreError> {
    crate::store::locked::edit_profiles(paths, |config, creds| add_in(config, creds, a))?;
    eprintln!(
        "ctask: saved profile {:?} ({})",
        a.name,
        paths.config_file().display()
    );
    Ok(exit::OK)
}

/// `add` on freshly read files, under the profiles lock.
fn add_in(
    config: &mut crate::store::Config,
    creds: &mut crate::store::CredentialsFile,
    a: &AddArgs,
) -> Result<(), StoreError> {
    if config.profiles.contains_key(&a.name) && !a.replace {
        return Err(invalid(format!(
            "profile {:?} exists; pass --replace to overwrite it",
            a.name
        )));
    }
    let auth = match a.auth {
        Auth::Token => AuthKind::Token,
        Auth::Iam => AuthKind::Iam,
        Auth::Aksk => AuthKind::Aksk,
    };
    let mut secrets = if a.replace {
        creds.profiles.get(&a.name).cloned().unwrap_or_default()
    } else {
        Default::default()
    };
    let prompt = |name: &str| format!("{name} for profile {}: ", a.name);
    match auth {
        AuthKind::Token => {
            let p = prompt("Token");
            if let Some(s) = intake(a.token_stdin, &a.token_from, "token", Some(&p))? {
                secrets.token = Some(s);
            }
            if secrets.token.is_none() {
                return Err(invalid(
                    "no token given: use --token-stdin, --token-from env:VAR|command:…, or run in a terminal to be prompted",
                ));
            }
        }
        AuthKind::Iam => {
            if a.iam_user.is_none() {
                return Err(invalid(
                    "an IAM profile needs --iam-user (and usually --iam-domain)",
                ));
            }
            let p = prompt("IAM password");
            if let Some(s) = intake(a.password_stdin, &a.password_from, "password", Some(&p))? {
                secrets.password = Some(s);
            }
            if secrets.password.is_none() {
                return Err(invalid(
                    "no password given: use --password-stdin, --password-from env:VAR|command:…, or run in a terminal to be prompted",
                ));
            }
        }
        AuthKind::Aksk => {
            let p = prompt("SK (empty: use HUAWEICLOUD_SDK_SK or ~/.huaweicloud/credentials)");
            if let Some(s) = intake(a.sk_stdin, &a.sk_from, "sk", Some(&p))? {
                secrets.sk = Some(s);
            }
            if let Some(s) = intake(
                a.security_token_stdin,
                &a.security_token_from,
                "security-token",
                None,
            )? {
                secrets.security_token = Some(s);
            }
        }
    }
    let profile = Profile {
        region: a.region.clone(),
        endpoint: a.endpoint.clone(),
        iam_endpoint: a.iam_endpoint.clone(),
        project_id: a.project_id.clone(),
        workspace: a.workspace.clone(),
        auth,
        iam_user: a.iam_user.clone(),
        iam_domain: a.iam_domain.clone(),
        ak: a.ak.clone(),
        connect_timeout_secs: a.connect_timeout,
        timeout_secs: a.timeout,
        history: !a.no_history,
        defaults: FormDefaults {
            user_id: a.user_id.clone(),
            user_name: a.user_name.clone(),
            dir_id: a.dir_id.clone(),
            duty_person: a.duty_person.clone(),
            data_source_type: a.data_source_type.clone(),
            ..FormDefaults::default()
        },
    };
    if profile.region.is_none() && profile.endpoint.is_none() {
        return Err(invalid("give --region or --endpoint"));
    }
    profile.check_timeouts().map_err(|e| {
        invalid(
            e.replace("connect_timeout_secs", "--connect-timeout")
                .replace("timeout_secs", "--timeout"),
        )
    })?;
    config.profiles.insert(a.name.clone(), profile);
    if a.default || config.default.is_none() {
        config.default = Some(a.name.clone());
    }
    creds.profiles.insert(a.name.clone(), secrets);
    Ok(())
}

fn describe(paths: &Paths, name: &str) -> Result<Vec<(String, String)>, StoreError> {
    let config = profiles::load(paths)?;
    let creds = credentials::load(paths)?;
    let p = config
        .profiles
        .get(name)
        .ok_or_else(|| invalid(format!("no profile named {name:?}")))?;
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
    put("endpoint", p.endpoint.clone());
    put("iam_endpoint", p.iam_endpoint.clone());
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
    for (k, v) in p.defaults.pairs() {
        put(&format!("defaults.{k}"), v.map(str::to_string));
    }
    if let Some(s) = creds.profiles.get(name) {
        for (k, src) in s.entries() {
            put(k, Some(src.describe()));
        }
    }
    for w in creds.warnings {
        eprintln!("ctask: warning: {w}");
    }
    Ok(rows)
}

fn list(paths: &Paths) -> Result<u8, StoreError> {
    let config = profiles::load(paths)?;
    let creds = credentials::load(paths)?;
    for w in &creds.warnings {
        eprintln!("ctask: warning: {w}");
    }
    if config.profiles.is_empty() {
        eprintln!("ctask: no profiles yet; add one with `ctask profile add NAME …`");
    }
    for (name, p) in &config.profiles {
        let mark = if config.default.as_deref() == Some(name.as_str()) {
            "*"
        } else {
            " "
        };
        let place = p.endpoint.clone().or(p.region.clone()).unwrap_or_default();
        let secrets: Vec<String> = creds
            .profiles
            .get(name)
            .map(|s| {
                s.entries()
                    .iter()
                    .map(|(k, v)| format!("{k}={}", v.describe()))
                    .collect()
            })
            .unwrap_or_default();
        println!(
            "{mark} {name}  auth={}  {place}  project={}  workspace={}  {}",
            p.auth.as_str(),
            p.project_id.as_deref().unwrap_or("-"),
            p.workspace.as_deref().unwrap_or("-"),
            secrets.join(" ")
        );
    }
    Ok(exit::OK)
}

fn show(paths: &Paths, name: &str) -> Result<u8, StoreError> {
    for (k, v) in describe(paths, name)? {
        println!("{k}: {v}");
    }
    Ok(exit::OK)
}

fn remove(paths: &Paths, name: &str) -> Result<u8, StoreError> {
    crate::store::locked::edit_profiles(paths, |config, creds| {
        if config.profiles.remove(name).is_none() {
            return Err(invalid(format!("no profile named {name:?}")));
        }
        if config.default.as_deref() == Some(name) {
            config.default = None;
        }
        creds.profiles.remove(name);
        Ok(())
    })?;
    eprintln!("ctask: removed profile {name:?}");
    Ok(exit::OK)
}

fn set_default(paths: &Paths, name: &str) -> Result<u8, StoreError> {
    crate::store::locked::edit_profiles(paths, |config, _| {
        if !config.profiles.contains_key(name) {
            return Err(invalid(format!("no profile named {name:?}")));
        }
        config.default = Some(name.to_string());
        Ok(())
    })?;
    eprintln!("ctask: {name:?} is now the default profile");
    Ok(exit::OK)
}

fn test(paths: &Paths, name: Option<&str>) -> u8 {
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
    println!(
        "profile: {} ({} auth)",
        resolved.name,
        s.credentials.kind_name()
    );
    println!("endpoint: {}", s.target.endpoint.base);
    match rt.block_on(s.probe()) {
        Ok(p) => {
            let r = &p.response;
            println!(
                "ok: HTTP {} in {} ms, request id {}",
                r.status,
                r.elapsed.as_millis(),
                r.request_id.as_deref().unwrap_or("none")
            );
            println!(
                "project: {}  workspace: {}",
                s.target.project_id, s.target.workspace
            );
            println!(
                "data connections: {}{}",
                p.connections.map_or("?".into(), |n| n.to_string()),
                p.first_connection
                    .map(|n| format!(" (e.g. {n})"))
                    .unwrap_or_default()
            );
            if let Some(t) = p.token {
                println!(
                    "iam user: {} ({})",
                    t.user_name.as_deref().unwrap_or("?"),
                    t.user_id.as_deref().unwrap_or("?")
                );
                println!(
                    "iam project: {} ({})",
                    t.project_name.as_deref().unwrap_or("?"),
                    t.project_id.as_deref().unwrap_or("?")
                );
                println!("token expires: {}", t.expires_at.to_rfc3339());
            }
            exit::OK
        }
        Err(e) => {
            eprint!("{}", error_text(&e, &host_of(&s.target.endpoint.base)));
            exit_code(&e)
        }
    }
}
