//! Text generated from the clap definitions, from the real binary: shell
//! completions that know every command, and a manual page that groff
//! renders without a warning.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

use std::io::Write as _;
use std::process::{Command, Stdio};

use clap::CommandFactory as _;
use hashiya::cli::Cli;

fn hashiya(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_hashiya")).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn commands() -> Vec<String> {
    Cli::command().get_subcommands().map(|c| c.get_name().to_owned()).collect()
}

#[test]
fn completions_know_every_command_and_option() {
    for shell in ["bash", "zsh", "fish"] {
        let script = hashiya(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}: {} bytes", script.len());
        for command in commands() {
            assert!(script.contains(&command), "{shell}: no {command}");
        }
        for option in ["bidi", "shape", "format", "strict", "dry-run"] {
            assert!(script.contains(option), "{shell}: no --{option}");
        }
        // The values of `--bidi` are completed.
        assert!(script.contains("terminal") && script.contains("hashiya"), "{shell}");
    }
    // bash can load it.
    let script = hashiya(&["completions", "bash"]);
    let status = Command::new("bash")
        .args(["-c", "source /dev/stdin && complete -p hashiya"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(script.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(status.status.success(), "bash could not load the completions");
    assert!(String::from_utf8_lossy(&status.stdout).contains("hashiya"));
}

#[test]
fn the_man_page_renders() {
    let page = hashiya(&["man"]);
    assert!(page.contains(".TH hashiya 1"), "{}", &page[..page.len().min(200)]);
    for command in commands() {
        let name = command.replace('-', "\\-");
        assert!(page.contains(&format!("hashiya\\-{name}")), "no {command}");
    }
    let groff = Command::new("groff").arg("--version").output();
    if groff.is_err() {
        assert!(std::env::var_os("CI").is_none(), "groff is needed: apt-get install groff-base");
        eprintln!("SKIPPED: groff is missing (apt-get install groff-base); under CI this fails");
        return;
    }
    let mut child = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-P-b", "-P-o", "-P-u"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(page.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(warnings.is_empty(), "groff warns: {warnings}");
    let text = String::from_utf8_lossy(&out.stdout);
    for section in ["NAME", "SYNOPSIS", "OPTIONS", "SUBCOMMANDS"] {
        assert!(text.contains(section), "no {section}:\n{text}");
    }
    assert!(text.contains("--bidi"), "{text}");
}
