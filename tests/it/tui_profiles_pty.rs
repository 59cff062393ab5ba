//! The profile chooser through the real binary in a pty: with several profiles and no default (what
//! adding profiles leaves), `ctask` opens on the Profiles tab with a note instead of exiting; `m`
//! makes the selected one the default; after a profile was used, the next start opens on it.

use crate::support::pty::Tui;

fn add(home: &std::path::Path, name: &str) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ctask"))
        .env("CTASK_HOME", home)
        .args(["profile", "add", name, "--region", "cn-north-4"])
        .args([
            "--project-id",
            "p1",
            "--workspace",
            "w1",
            "--token-from",
            "env:NO_SUCH_TOKEN",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn several_profiles_and_no_default_open_on_the_profiles_tab_and_m_makes_a_default() {
    let home = tempfile::tempdir().unwrap();
    add(home.path(), "dev");
    add(home.path(), "prod");
    let config = home.path().join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("default"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&config, text).unwrap();

    let mut t = Tui::start_in(home.path(), &[], &[]);
    let screen = t.wait_for("the profile chooser", |s| {
        s.contains("several profiles and no default")
    });
    assert!(
        screen.contains("dev") && screen.contains("prod"),
        "{screen}"
    );
    // Down to prod, m: the default.
    t.send(b"\x1b[B");
    t.send(b"m");
    t.wait_for("the default set", |s| {
        s.contains("is now the default profile")
    });
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(
        text.contains("default = \"prod\"") || text.contains("default = 'prod'"),
        "{text}"
    );
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);

    // Without a default again, but prod was used last: the next start opens on it.
    let text: String = std::fs::read_to_string(&config)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("default"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&config, text).unwrap();
    std::fs::write(home.path().join("last-profile"), "prod").unwrap();
    let mut t = Tui::start_in(home.path(), &[], &[]);
    let screen = t.wait_for("the last used profile", |s| s.contains("profile prod →"));
    assert!(!screen.contains("several profiles"), "{screen}");
    t.send(b"\x03");
    assert_eq!(t.exit_code(), 0);
}
