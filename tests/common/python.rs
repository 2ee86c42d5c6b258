//! Runs the other tools' own readers (brat's through bratiaa, spaCy,
//! seqeval, dkpro-cassis, Label Studio's converter) in the project's Python
//! virtual environment, so that interchange tests check our files with their
//! code, not with our idea of their formats.
//!
//! The environment is `.venv/` at the crate root, made by `.ci/run` from
//! `tests/python/requirements.txt` (pinned); `HASHIYA_PYTHON` names another
//! interpreter. Missing, a test prints `SKIPPED:` locally and fails under CI.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The interpreter of the test environment, when it can import every module
/// in `modules`; `None` (after a loud `SKIPPED:` note) when it cannot, and a
/// failure when `CI` is set.
pub fn with(modules: &[&str]) -> Option<PathBuf> {
    let python = std::env::var_os("HASHIYA_PYTHON").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"),
        PathBuf::from,
    );
    let imports = modules.iter().map(|m| format!("import {m}")).collect::<Vec<_>>().join("; ");
    let ok = Command::new(&python)
        .args(["-c", &imports])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        return Some(python);
    }
    let how = "python3 -m venv .venv && .venv/bin/pip install -r tests/python/requirements.txt";
    assert!(
        std::env::var_os("CI").is_none(),
        "{} cannot import {modules:?}; .ci/run makes it: {how}",
        python.display()
    );
    eprintln!(
        "SKIPPED: {} cannot import {modules:?} ({how}); under CI this fails",
        python.display()
    );
    None
}

/// Runs `script` (Python source) with `args`, feeding `stdin`; returns the
/// output, failing the test with the script's stderr when it exits non-zero.
pub fn run(python: &Path, script: &str, args: &[&Path], stdin: &[u8]) -> Output {
    let mut child = Command::new(python)
        .arg("-c")
        .arg(script)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the Python interpreter starts");
    child.stdin.take().expect("stdin is piped").write_all(stdin).expect("stdin is written");
    let out = child.wait_with_output().expect("the script ends");
    assert!(
        out.status.success(),
        "the Python reader failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}
