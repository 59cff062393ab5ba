//! `ctask schema [--output FILE [--force]]`: the JSON Schema of a task file (`task::schema`), on
//! stdout or written to a file the user named (never over an existing one without `--force`).

use std::path::PathBuf;

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

pub fn run(args: &Args) -> u8 {
    let text = schema_text();
    let Some(path) = &args.output else {
        crate::out!("{text}");
        return exit::OK;
    };
    match super::export::write_new(path, &text, args.force) {
        Ok(full) => {
            eprintln!("ctask: wrote {}", full.display());
            exit::OK
        }
        Err(message) => super::output::usage(false, &message),
    }
}
