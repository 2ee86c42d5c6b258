//! Runs real git in scratch repositories, isolated from the user's own
//! configuration.

use std::path::Path;
use std::process::{Command, Output};

/// True when git tests should run: git is there. Missing, the test fails
/// under CI (`CI` set) and is skipped with a loud note elsewhere.
pub fn available() -> bool {
    if Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success()) {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "git is needed for this test: apt-get install -y git"
    );
    eprintln!("SKIPPED: git is missing (apt-get install -y git); under CI this fails");
    false
}

/// A git command in `dir`, with a neutral configuration: no user or
/// system config files, a fixed author.
pub fn command(dir: &Path, home: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(dir)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .env("GIT_TERMINAL_PROMPT", "0");
    c
}

/// Runs `git args` in `dir`; its output (the test fails when git cannot run).
pub fn git(dir: &Path, home: &Path, args: &[&str]) -> Output {
    command(dir, home).args(args).output().expect("git runs")
}

/// Runs `git args` in `dir` and fails the test when it fails.
pub fn ok(dir: &Path, home: &Path, args: &[&str]) -> String {
    let out = git(dir, home, args);
    assert!(
        out.status.success(),
        "git {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
