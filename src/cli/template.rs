//! `ctask template list` and `ctask template show TYPE`: the embedded starter tasks.

use crate::exit;
use crate::task::fields::SOURCE_TYPES;
use crate::task::templates::template_text;
use crate::{out, outln};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List the data source types that have a template
    List {
        /// Print a JSON array of {type, label, confirmed}
        #[arg(long)]
        json: bool,
    },
    /// Print the starter task for a data source type (e.g. DLI)
    Show {
        /// The data_source_type, e.g. DLI
        #[arg(value_name = "TYPE")]
        kind: String,
    },
}

pub fn run(cmd: &Command) -> u8 {
    match cmd {
        Command::List { json: true } => {
            let list: Vec<serde_json::Value> = SOURCE_TYPES
                .iter()
                .map(|s| serde_json::json!({"type": s.code, "label": s.label, "confirmed": s.confirmed}))
                .collect();
            outln!("{}", serde_json::Value::Array(list));
            exit::OK
        }
        Command::List { json: false } => {
            for s in SOURCE_TYPES {
                let status = if s.confirmed {
                    "confirmed"
                } else {
                    "unconfirmed: check against the console"
                };
                outln!("{:<11} {:<24} {status}", s.code, s.label);
            }
            exit::OK
        }
        Command::Show { kind } => match template_text(kind) {
            Some(text) => {
                out!("{text}");
                exit::OK
            }
            None => {
                let known: Vec<&str> = SOURCE_TYPES.iter().map(|s| s.code).collect();
                eprintln!(
                    "ctask: no template for \"{kind}\"; known types: {}",
                    known.join(", ")
                );
                exit::USAGE
            }
        },
    }
}
