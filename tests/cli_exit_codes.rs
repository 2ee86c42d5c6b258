//! The exit-status scheme of `docs/cli.md`, for every command and the
//! reader: 0 done and clean, 1 problems found (the command ran), 2 bad input
//! or usage. Every command clap defines is run with a missing file and with
//! an unknown option, so a new command cannot be added without its cases.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use clap::CommandFactory as _;
use hashiya::cli::Cli;

const ARTICLE: &str = "004_c29349fac5246de1.txt";

/// Runs the binary in `dir` with `args` and no terminal: exit code and
/// standard error.
fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .current_dir(dir)
        .args(args)
        // A settings file of the user's must not change what is measured.
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A scratch folder with the sample article, no sidecar.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles").join(ARTICLE);
    fs::copy(src, dir.path().join(ARTICLE)).unwrap();
    dir
}

/// The arguments that run `command` on a file that does not exist, or
/// `None` for a command that reads no file.
fn on_missing_file(command: &str) -> Option<Vec<&'static str>> {
    Some(match command {
        "" => vec!["missing.txt"],
        "render" => vec!["render", "missing.txt"],
        "agree" => vec!["agree", "missing.ann.toml", "other.ann.toml"],
        "list" => vec!["list", "missing.txt"],
        "check" => vec!["check", "missing.txt"],
        "stats" => vec!["stats", "missing.txt"],
        "claims" => vec!["claims", "missing.txt"],
        "entities" => vec!["entities", "missing.txt"],
        "export" => vec!["export", "--format", "brat", "--out", "out", "missing.txt"],
        "import" => vec!["import", "--from", "brat", "missing.txt"],
        "merge-driver" => vec!["merge-driver", "missing.o", "missing.a", "missing.b"],
        "curate" => vec!["curate", "missing", "missing.2", "--out", "gold", "--auto"],
        "suggest" => vec!["suggest", "missing.txt"],
        // init makes the folder it is given.
        "completions" | "man" | "init" => return None,
        other => panic!("no exit-status case for the command `{other}`: add it here"),
    })
}

/// Every command clap defines, and "" for the reader.
fn commands() -> Vec<String> {
    let mut all = vec![String::new()];
    all.extend(Cli::command().get_subcommands().map(|c| c.get_name().to_owned()));
    all
}

#[test]
fn a_missing_file_exits_2_naming_it_for_every_command() {
    let dir = scratch();
    for command in commands() {
        let Some(args) = on_missing_file(&command) else { continue };
        let (code, err) = run(dir.path(), &args);
        assert_eq!(code, 2, "`hashiya {}`: {err}", args.join(" "));
        assert!(
            err.contains("missing"),
            "`hashiya {}` does not name the file: {err}",
            args.join(" ")
        );
    }
}

#[test]
fn an_unknown_option_exits_2_for_every_command() {
    let dir = scratch();
    for command in commands() {
        let mut args: Vec<&str> = Vec::new();
        if !command.is_empty() {
            args.push(&command);
        }
        args.push("--no-such-option");
        let (code, err) = run(dir.path(), &args);
        assert_eq!(code, 2, "`hashiya {}`: {err}", args.join(" "));
        assert!(err.contains("--no-such-option"), "{err}");
    }
    // A bad value and a missing argument too.
    assert_eq!(run(dir.path(), &["completions", "tcsh"]).0, 2);
    assert_eq!(run(dir.path(), &["render", "--width", "wide", ARTICLE]).0, 2);
    assert_eq!(run(dir.path(), &["agree", "only-one.ann.toml"]).0, 2);
    assert_eq!(run(dir.path(), &["list"]).0, 2);
}

#[test]
fn invalid_input_exits_2() {
    let dir = scratch();
    let bad = dir.path().join("bad.txt");
    fs::write(&bad, b"\xd8\xa7\xff").unwrap();
    for args in [&["render", "bad.txt"][..], &["bad.txt"], &["check", "bad.txt"]] {
        let (code, err) = run(dir.path(), args);
        // `check` reads the sidecar's article only: a lone article with no
        // sidecar is clean; render and the reader read it.
        if args[0] == "check" {
            assert_eq!(code, 0, "{err}");
        } else {
            assert_eq!(code, 2, "{args:?}: {err}");
            assert!(err.contains("bad.txt") && err.contains("byte offset 2"), "{err}");
        }
    }
    // A folder for a file, a file for a folder's place.
    assert_eq!(run(dir.path(), &["render", "."]).0, 2);
    // A settings file that is not valid: the reader does not start.
    fs::create_dir_all(dir.path().join("config/hashiya")).unwrap();
    fs::write(dir.path().join("config/hashiya/config.toml"), "bidi = \"sideways\"\n").unwrap();
    let (code, err) = run(dir.path(), &[ARTICLE]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("config.toml:1:8:") && err.contains("sideways"), "{err}");
}

#[test]
fn clean_runs_exit_0() {
    let dir = scratch();
    for args in [
        &["render", ARTICLE][..],
        &["list", ARTICLE],
        &["check", ARTICLE],
        &["stats", ARTICLE],
        &["export", "--format", "jsonl", "--out", "out", ARTICLE],
        &["completions", "bash"],
        &["man"],
    ] {
        let (code, err) = run(dir.path(), args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
}

#[test]
fn problems_found_exit_1() {
    let dir = scratch();
    // A sidecar whose span is not the article's text: `check` finds it.
    let sidecar = dir.path().join(format!("{ARTICLE}.ann.toml"));
    fs::write(
        &sidecar,
        format!(
            "schema = 1\n[article]\nfile = \"{ARTICLE}\"\n\n[[entity]]\nid = \"e1\"\nlabel = \"PERSON\"\nstart = 0\nend = 4\ntext = \"zzzz\"\n"
        ),
    )
    .unwrap();
    let (code, err) = run(dir.path(), &["check", ARTICLE]);
    assert_eq!(code, 1, "{err}");
    // `import` of an article without its `.ann`: nothing imported.
    let (code, err) = run(dir.path(), &["import", "--from", "brat", "--dry-run", ARTICLE]);
    assert_eq!(code, 1, "{err}");
    // `list` of a readable and an unreadable sidecar: one left out.
    fs::write(dir.path().join("other.txt"), "نص").unwrap();
    fs::write(dir.path().join("other.txt.ann.toml"), "schema = 1\n[article\n").unwrap();
    let (code, err) = run(dir.path(), &["list", ARTICLE, "other.txt"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("other.txt.ann.toml:2:"), "{err}");
}

#[test]
fn a_misspelt_command_is_a_usage_error_with_a_suggestion() {
    let dir = scratch();
    fs::create_dir(dir.path().join("corpus")).unwrap();
    let (code, err) = run(dir.path(), &["lisst", "corpus"]);
    assert_eq!(code, 2);
    assert!(err.contains("unrecognized subcommand 'lisst'"), "{err}");
    assert!(err.contains("similar subcommand") && err.contains("'list'"), "{err}");
    assert!(!err.contains("No such file"), "{err}");
    // A file of that name is read as an article (one that is not UTF-8,
    // so that the reader stops before the screen, naming it).
    fs::write(dir.path().join("lisst"), b"\xff").unwrap();
    let (code, err) = run(dir.path(), &["lisst"]);
    assert!(!err.contains("subcommand"), "{err}");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("lisst") && err.contains("byte offset 0"), "{err}");
    // A missing file like no command: the reader says it is missing.
    let (code, err) = run(dir.path(), &["article.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("article.txt: No such file"), "{err}");
}

#[test]
fn docs_cli_md_has_the_table() {
    let doc =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/cli.md")).unwrap();
    let section = doc.split("## Exit status").nth(1).expect("docs/cli.md: ## Exit status");
    for status in ["| 0 |", "| 1 |", "| 2 |"] {
        assert!(section.contains(status), "docs/cli.md's exit table lacks {status}");
    }
    for command in commands().iter().filter(|c| !c.is_empty()) {
        assert!(
            section.contains(&format!("`{command}`")),
            "docs/cli.md: exit status of `{command}`"
        );
    }
}
