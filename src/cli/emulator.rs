//! `ctask emulator`: runs the local DataArts Catalog + IAM emulator in the foreground, prints its
//! base URL and the credentials it accepts (fixed public sandbox values unless overridden), and
//! serves until Ctrl-C or SIGTERM. A thin front end over `crate::emulator`.

use std::net::SocketAddr;

use super::output::{Out, errln, outln};
use crate::emulator::{self, EmulatorConfig};
use crate::exit;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on (port 0 picks a free port)
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,
    /// Project id the credentials belong to
    #[arg(long, value_name = "P")]
    pub project_id: Option<String>,
    /// Workspace id accepted in the `workspace` header (repeat for several)
    #[arg(long = "workspace", value_name = "W")]
    pub workspaces: Vec<String>,
    /// Static token accepted as X-Auth-Token
    #[arg(long, value_name = "T")]
    pub token: Option<String>,
    /// Access key accepted for AK/SK signing
    #[arg(long, value_name = "AK", requires = "sk")]
    pub ak: Option<String>,
    /// Secret key paired with --ak
    #[arg(long, value_name = "SK", requires = "ak")]
    pub sk: Option<String>,
    /// IAM user name accepted by POST /v3/auth/tokens
    #[arg(long, value_name = "U")]
    pub iam_user: Option<String>,
    /// IAM password accepted by POST /v3/auth/tokens
    #[arg(long, value_name = "PW")]
    pub iam_password: Option<String>,
    /// IAM account (domain) name accepted by POST /v3/auth/tokens
    #[arg(long, value_name = "D")]
    pub iam_domain: Option<String>,
    /// Answer errors as {"errors":[{error_code,error_msg}]} instead of {error_code,error_msg}
    #[arg(long)]
    pub errors_array: bool,
    /// Leave task_config out of reads (show, search), as the real service may; POST
    /// /_emulator/settings {"omit_task_config": false} switches it back
    #[arg(long)]
    pub omit_task_config: bool,
}

impl Args {
    fn config(&self) -> EmulatorConfig {
        let mut c = EmulatorConfig {
            addr: self.addr,
            errors_array: self.errors_array,
            omit_task_config: self.omit_task_config,
            ..EmulatorConfig::default()
        };
        let set = |slot: &mut String, v: &Option<String>| {
            if let Some(v) = v {
                slot.clone_from(v);
            }
        };
        set(&mut c.project_id, &self.project_id);
        set(&mut c.token, &self.token);
        set(&mut c.ak, &self.ak);
        set(&mut c.sk, &self.sk);
        set(&mut c.iam_user, &self.iam_user);
        set(&mut c.iam_password, &self.iam_password);
        set(&mut c.iam_domain, &self.iam_domain);
        if !self.workspaces.is_empty() {
            c.workspaces.clone_from(&self.workspaces);
        }
        c
    }
}

fn banner(url: &str, c: &EmulatorConfig) -> String {
    format!(
        "ctask emulator listening on {url}\n\
         \n  endpoint      {url}\n  project id    {}\n  workspace     {}\n  token         {}\n  \
         AK            {}\n  SK            {}\n  IAM user      {}\n  IAM password  {}\n  \
         IAM domain    {}\n  user id       {}\n  error shape   {}\n  task_config   {}\n\n\
         Local sandbox: these credentials work only here. Press Ctrl-C to stop.",
        c.project_id,
        c.workspaces.join(", "),
        c.token,
        c.ak,
        c.sk,
        c.iam_user,
        c.iam_password,
        c.iam_domain,
        c.user_id,
        if c.errors_array {
            "{\"errors\":[…]}"
        } else {
            "{\"error_code\",\"error_msg\"}"
        },
        if c.omit_task_config {
            "left out of reads"
        } else {
            "returned by reads"
        },
    )
}

/// Serves on a runtime of its own, not the CLI's one-call-at-a-time `shared::Runtime`: a
/// multi-threaded one, so the server answers clients on two workers until it is stopped.
pub fn run(out: &Out, args: &Args) -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            errln!(out, "ctask: cannot start the async runtime: {e}");
            return exit::FAILED;
        }
    };
    runtime.block_on(serve(out, args.config()))
}

async fn serve(out: &Out, config: EmulatorConfig) -> u8 {
    let handle = match emulator::spawn(config.clone()).await {
        Ok(h) => h,
        Err(e) => {
            errln!(out, "ctask: cannot listen on {}: {e}", config.addr);
            return exit::USAGE;
        }
    };
    outln!(out, "{}", banner(&handle.base_url(), &config));
    if let Err(e) = stop_signal().await {
        errln!(out, "ctask: cannot wait for Ctrl-C: {e}");
        return exit::FAILED;
    }
    errln!(out, "ctask emulator: stopping");
    handle.shutdown();
    exit::OK
}

/// Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r,
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}
