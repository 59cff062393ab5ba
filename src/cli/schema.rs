//! `ctask schema [--output FILE [--force]]`: the JSON Schema of a task file (`task::schema`), on
//! stdout or written to a file the user named (never over an existing one without `--force`).

use std::path::PathBuf;

use super::output::{Out, errln, out};
use crate::exit;
use crate::task::schema::schema_text;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the schema to this file instead of standard output (its full path goes to stderr)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite the --output file if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
}

pub fn run(out: &Out, args: &Args) -> u8 {
    let text = schema_text();
    let Some(path) = &args.output else {
        out!(out, "{text}");
        return exit::OK;
    };
    match super::shared::write_new(path, &text, args.force) {
        Ok(full) => {
            errln!(out, "ctask: wrote {}", full.display());
            exit::OK
        }
        Err(message) => out.usage(false, &message),
    }
}
