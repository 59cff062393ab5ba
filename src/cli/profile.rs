//! `ctask profile add|list|show|remove|default|test`: saved profiles and their secrets. Secrets never
//! come from the command line itself: stdin (`--token-stdin`…), a no-echo prompt on a terminal, or a
//! reference (`--token-from env:VAR` / `command:…`). Output masks every stored secret.

use std::io::{IsTerminal, Read};

use clap::{Subcommand, ValueEnum};

use super::output::{Out, errln};
use super::profile_show;
use super::shared::Runtime;
use crate::exit;
use crate::store::credentials::SecretSource;
use crate::store::sdk;
use crate::store::{AuthKind, FormDefaults, Paths, Profile, StoreError};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Save a profile (secrets from stdin, a prompt, env:VAR or command:…)
    Add(Box<AddArgs>),
    /// List the profiles (secrets masked)
    List {
        /// Print a JSON array, one object per profile
        #[arg(long)]
        json: bool,
    },
    /// Show one profile (secrets masked)
    Show {
        /// The profile's name
        name: String,
        /// Print one JSON object
        #[arg(long)]
        json: bool,
    },
    /// Delete a profile and its secrets
    Remove {
        /// The profile's name
        name: String,
    },
    /// Make a profile the default
    Default {
        /// The profile's name
        name: String,
    },
    /// Prove the credentials with one cheap call and print what it learned
    Test {
        /// The profile's name (default: --profile, else the default profile)
        name: Option<String>,
        #[arg(from_global)]
        profile: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Auth {
    Token,
    Iam,
    Aksk,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The profile's name
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
    /// Project id (the {project_id} of the URL)
    #[arg(long)]
    pub project_id: Option<String>,
    /// DataArts workspace id (the workspace header)
    #[arg(long)]
    pub workspace: Option<String>,
    /// How to authenticate: a static token, an IAM password login, or AK/SK signing
    #[arg(long, value_enum, default_value = "token")]
    pub auth: Auth,
    /// IAM user name (--auth iam)
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
    /// Form default: user_name
    #[arg(long)]
    pub user_name: Option<String>,
    /// Form default: dir_id (the catalog directory)
    #[arg(long)]
    pub dir_id: Option<String>,
    /// Form default: duty_person
    #[arg(long)]
    pub duty_person: Option<String>,
    /// Form default: data_source_type, e.g. DLI
    #[arg(long)]
    pub data_source_type: Option<String>,
    /// Form default: task_config.data_connection_id (filled where the task has that key empty)
    #[arg(long)]
    pub data_connection_id: Option<String>,
    /// Form default: task_config.data_connection_name (filled where the task has that key empty)
    #[arg(long)]
    pub data_connection_name: Option<String>,
    /// Connect timeout in seconds (default 10)
    #[arg(long, value_name = "SECS")]
    pub connect_timeout: Option<f64>,
    /// Whole-call timeout in seconds (default 60)
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,
    /// Allow a plain http:// endpoint to a host that is not loopback (secrets then cross the network
    /// in clear; every command that sends warns). Saved as allow_http = true
    #[arg(long)]
    pub allow_http: bool,
    /// Do not keep a submission history for this profile
    #[arg(long)]
    pub no_history: bool,
    /// Make this the default profile
    #[arg(long)]
    pub default: bool,
    /// Replace an existing profile (secrets not given again are kept)
    #[arg(long)]
    pub replace: bool,
    /// Save even a profile that cannot work yet (no endpoint, project, workspace or secret)
    #[arg(long)]
    pub force: bool,
    /// Read the token from standard input
    #[arg(long, group = "stdin")]
    pub token_stdin: bool,
    /// Read the IAM password from standard input
    #[arg(long, group = "stdin")]
    pub password_stdin: bool,
    /// Read the SK from standard input
    #[arg(long, group = "stdin")]
    pub sk_stdin: bool,
    /// Read the temporary security token (with a temporary AK/SK) from standard input
    #[arg(long, group = "stdin")]
    pub security_token_stdin: bool,
    /// env:VAR or command:… that yields the token
    #[arg(long, value_name = "REF")]
    pub token_from: Option<String>,
    /// env:VAR or command:… that yields the IAM password
    #[arg(long, value_name = "REF")]
    pub password_from: Option<String>,
    /// env:VAR or command:… that yields the SK
    #[arg(long, value_name = "REF")]
    pub sk_from: Option<String>,
    /// env:VAR or command:… that yields the security token
    #[arg(long, value_name = "REF")]
    pub security_token_from: Option<String>,
}

pub fn run(out: &Out, rt: &Runtime, cmd: &Command) -> u8 {
    let fail = |message: &str| out.usage(false, message);
    let paths = match Paths::from_env() {
        Ok(p) => p,
        Err(e) => return fail(&e.to_string()),
    };
    let result = match cmd {
        Command::Add(a) => add(out, &paths, a),
        Command::List { json } => profile_show::list(out, &paths, *json),
        Command::Show { name, json } => profile_show::show(out, &paths, name, *json),
        Command::Remove { name } => remove(out, &paths, name),
        Command::Default { name } => set_default(out, &paths, name),
        Command::Test { name, profile } => {
            let name = name.as_deref().or(profile.as_deref());
            return super::profile_probe::test(out, rt, &paths, name);
        }
    };
    result.unwrap_or_else(|e| fail(&e.to_string()))
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

/// What a profile lacks to reach the service: where to send, the project and the workspace. An
/// AK/SK profile may take its project id from the SDK's settings.
fn place_problems(a: &AddArgs, sdk: Option<&sdk::SdkCredentials>) -> Vec<String> {
    let mut out = Vec::new();
    if a.region.is_none() && a.endpoint.is_none() {
        out.push("no endpoint or region (--region or --endpoint)".to_string());
    }
    if a.project_id.is_none() && sdk.is_none_or(|c| c.project_id.is_none()) {
        out.push("no project id (--project-id)".to_string());
    }
    if a.workspace.is_none() {
        out.push("no workspace (--workspace)".to_string());
    }
    out
}

/// Refuses (exit 2) a profile that cannot work, unless `--force` asks to save it anyway.
fn refuse_unless_forced(out: &Out, a: &AddArgs, problems: Vec<String>) -> Result<(), StoreError> {
    if problems.is_empty() {
        return Ok(());
    }
    let list = problems.join("; ");
    if a.force {
        errln!(
            out,
            "ctask: warning: profile {:?} is incomplete: {list}",
            a.name
        );
        return Ok(());
    }
    Err(invalid(format!(
        "profile {:?} cannot work: {list}. Add what is missing, or pass --force to save it as it is",
        a.name
    )))
}

fn add(out: &Out, paths: &Paths, a: &AddArgs) -> Result<u8, StoreError> {
    crate::store::locked::edit_profiles(paths, |config, creds| add_in(out, config, creds, a))?;
    errln!(
        out,
        "ctask: saved profile {:?} ({})",
        a.name,
        paths.config_file().display()
    );
    Ok(exit::OK)
}

/// `add` on freshly read files, under the profiles lock.
fn add_in(
    out: &Out,
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
    let sdk = (auth == AuthKind::Aksk).then(|| {
        let home = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
        sdk::load(home.as_deref())
    });
    refuse_unless_forced(out, a, place_problems(a, sdk.as_ref()))?;
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
                refuse_unless_forced(
                    out,
                    a,
                    vec!["no token (--token-stdin, --token-from env:VAR|command:…, or a prompt on a terminal)".into()],
                )?;
            }
        }
        AuthKind::Iam => {
            if a.iam_user.is_none() {
                refuse_unless_forced(
                    out,
                    a,
                    vec!["no IAM user (--iam-user, and usually --iam-domain)".into()],
                )?;
            }
            let p = prompt("IAM password");
            if let Some(s) = intake(a.password_stdin, &a.password_from, "password", Some(&p))? {
                secrets.password = Some(s);
            }
            if secrets.password.is_none() {
                refuse_unless_forced(
                    out,
                    a,
                    vec!["no IAM password (--password-stdin, --password-from env:VAR|command:…, or a prompt on a terminal)".into()],
                )?;
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
            let from_sdk = sdk.as_ref();
            let mut missing = Vec::new();
            if a.ak.is_none() && from_sdk.is_none_or(|c| c.ak.is_none()) {
                missing
                    .push("no AK (--ak, HUAWEICLOUD_SDK_AK or ~/.huaweicloud/credentials)".into());
            }
            if secrets.sk.is_none() && from_sdk.is_none_or(|c| c.sk.is_none()) {
                missing.push("no SK (--sk-stdin, --sk-from, HUAWEICLOUD_SDK_SK or ~/.huaweicloud/credentials)".into());
            }
            refuse_unless_forced(out, a, missing)?;
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
        allow_http: a.allow_http,
        history: !a.no_history,
        defaults: FormDefaults {
            user_id: a.user_id.clone(),
            user_name: a.user_name.clone(),
            dir_id: a.dir_id.clone(),
            duty_person: a.duty_person.clone(),
            data_source_type: a.data_source_type.clone(),
            data_connection_id: a.data_connection_id.clone(),
            data_connection_name: a.data_connection_name.clone(),
        },
    };
    profile.check_endpoints().map_err(invalid)?;
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

fn remove(out: &Out, paths: &Paths, name: &str) -> Result<u8, StoreError> {
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
    errln!(out, "ctask: removed profile {name:?}");
    Ok(exit::OK)
}

fn set_default(out: &Out, paths: &Paths, name: &str) -> Result<u8, StoreError> {
    crate::store::profiles::set_default(paths, name)?;
    errln!(out, "ctask: {name:?} is now the default profile");
    Ok(exit::OK)
}
