//! `ctask template list` and `ctask template show TYPE [--schema-ref PATH_OR_URL]`: the embedded
//! starter tasks, shown with a `"$schema"` (`task::schema`) first.

use super::output::{Out, errln, out, outln};
use crate::exit;
use crate::task::fields::SOURCE_TYPES;
use crate::task::schema::{SCHEMA_URL, with_schema_ref};
use crate::task::templates::template_text;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List the data source types that have a template
    List {
        /// Print a JSON array of {type, label, confirmed}
        #[arg(long)]
        json: bool,
    },
    /// Print the starter task for a data source type (e.g. DLI), "$schema" first; its <placeholders>
    /// are errors until you fill them
    Show {
        /// The data_source_type, e.g. DLI
        #[arg(value_name = "TYPE")]
        kind: String,
        /// The "$schema" the task names: a URL, or a path to a file `ctask schema` wrote
        /// (written as given) [default: the schema in ctask's repository]
        #[arg(long, value_name = "PATH_OR_URL")]
        schema_ref: Option<String>,
    },
}

pub fn run(out: &Out, cmd: &Command) -> u8 {
    match cmd {
        Command::List { json: true } => {
            let list: Vec<serde_json::Value> = SOURCE_TYPES
                .iter()
                .map(|s| serde_json::json!({"type": s.code, "label": s.label, "confirmed": s.confirmed}))
                .collect();
            out.json(&serde_json::Value::Array(list));
            exit::OK
        }
        Command::List { json: false } => {
            for s in SOURCE_TYPES {
                let status = if s.confirmed {
                    "confirmed"
                } else {
                    "unconfirmed: check against the console"
                };
                outln!(out, "{:<11} {:<24} {status}", s.code, s.label);
            }
            exit::OK
        }
        Command::Show { kind, schema_ref } => match template_text(kind) {
            Some(text) => {
                let reference = schema_ref.as_deref().unwrap_or(SCHEMA_URL);
                match with_schema_ref(text, reference) {
                    Some(task) => {
                        out!(out, "{task}");
                        exit::OK
                    }
                    None => {
                        errln!(
                            out,
                            "ctask: the template for \"{kind}\" is not a JSON object"
                        );
                        exit::FAILED
                    }
                }
            }
            None => {
                let known: Vec<&str> = SOURCE_TYPES.iter().map(|s| s.code).collect();
                errln!(
                    out,
                    "ctask: no template for \"{kind}\"; known types: {}",
                    known.join(", ")
                );
                exit::USAGE
            }
        },
    }
}
