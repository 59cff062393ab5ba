//! Issue 12 in a real terminal: the `ctask` binary in a pseudo-terminal, its screen read through
//! vt100. A broken `config.toml` is named (file and line) on the first screen instead of a silent
//! sandbox; a `credentials.toml` others can read is warned about as the CLI does.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::Tui;

#[test]
fn a_broken_config_toml_is_named_with_its_line_on_screen() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("config.toml"),
        "# mine\n[profiles.prod]\nbroken line here\n",
    )
    .unwrap();
    let mut t = Tui::start_in(home.path(), &[], &[]);
    let screen = t.wait_for("the config warning", |s| s.contains("config.toml line 3"));
    assert!(screen.contains("SANDBOX"), "{screen}");
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
    // Asked for a profile by name, it refuses as the CLI does: which file, which line.
    let mut t = Tui::start_in(home.path(), &["--profile", "prod"], &[]);
    assert_eq!(t.exit_code(), 2);
    let out = t.raw_text();
    assert!(
        out.contains("config.toml") && out.contains("line 3"),
        "{out}"
    );
}

#[test]
fn a_world_readable_credentials_toml_is_warned_about_on_screen() {
    let home = tempfile::tempdir().unwrap();
    let creds = home.path().join("credentials.toml");
    std::fs::write(&creds, "[profiles.prod]\ntoken = \"env:T\"\n").unwrap();
    std::fs::set_permissions(&creds, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut t = Tui::start_in(home.path(), &[], &[]);
    let screen = t.wait_for("the credentials warning", |s| {
        s.contains("can be read by other users")
    });
    assert!(screen.contains("credentials.toml"), "{screen}");
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
}
