//! The `ctask` binary: parses the command line and exits with the code the command chose.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(ctask::cli::main())
}
