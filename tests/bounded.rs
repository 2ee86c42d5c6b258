//! Bounded resources, with the real binary: inputs over the size limit are
//! refused before they are read (naming the file, its size and the limit,
//! writing nothing), endless streams are cut at the limit, and brat `T`
//! lines whose text is not the article's are refused or re-anchored.
//! Speed is not asserted here: `benches/linear.rs` measures it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;

const ARTICLE: &str = "قال وزير الدفاع لي شانغفو إن الصين مستعدة.\n";

fn hashiya(args: &[&str]) -> Output {
    Command::new(common::bin()).args(args).env_remove("HASHIYA_MAX_FILE_SIZE").output().unwrap()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Runs `command` to its end, or kills it after a minute (generous: the
/// point is that it ends at all; how fast is for the benchmarks).
fn finish_within_a_minute(mut command: Command) -> Output {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!("still running after a minute; stderr: {}", stderr(&out));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn render_dev_zero_is_refused_unread_with_exit_2() {
    if !Path::new("/dev/zero").exists() {
        println!("SKIPPED: no /dev/zero");
        return;
    }
    let mut command = Command::new(common::bin());
    command.args(["render", "/dev/zero"]).env_remove("HASHIYA_MAX_FILE_SIZE");
    let out = finish_within_a_minute(command);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = stderr(&out);
    assert!(err.starts_with("hashiya: /dev/zero: a device, not a file: not read"), "{err}");
    assert!(out.stdout.is_empty(), "nothing is rendered");
    // The reader too, before the screen changes.
    let mut command = Command::new(common::bin());
    command.arg("/dev/zero");
    let out = finish_within_a_minute(command);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(stderr(&out).contains("a device, not a file"), "{out:?}");
    assert!(out.stdout.is_empty(), "the screen was never taken");
}

#[test]
fn a_fifo_and_standard_input_are_cut_at_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        println!("SKIPPED: mkfifo is not available");
        return;
    }
    // A writer that would go on for 64 KiB; the reader stops after 1 KiB.
    let writer_path = fifo.clone();
    let writer = std::thread::spawn(move || {
        if let Ok(mut w) = std::fs::OpenOptions::new().write(true).open(&writer_path) {
            for _ in 0..64 {
                if w.write_all(&[b'a'; 1024]).is_err() {
                    break;
                }
            }
        }
    });
    let mut command = Command::new(common::bin());
    command.args(["--max-file-size", "1K", "render", p(&fifo)]);
    let out = finish_within_a_minute(command);
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = stderr(&out);
    assert!(err.contains("pipe.txt: a stream longer than the 1 KiB limit"), "{err}");

    let mut child = Command::new(common::bin())
        .args(["render", "-"])
        .env("HASHIYA_MAX_FILE_SIZE", "2K")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // The child may stop reading (and close the pipe) before all is written.
    let _ = stdin.write_all(&[b'a'; 8192]);
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(stderr(&out).contains("standard input: a stream longer than the 2 KiB limit"));
}

#[test]
fn an_article_over_the_limit_is_refused_naming_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("big.txt");
    std::fs::write(&article, ARTICLE.repeat(40)).unwrap();
    let size = std::fs::metadata(&article).unwrap().len();
    let out = hashiya(&["--max-file-size", "1K", "render", p(&article)]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = stderr(&out);
    let human = hashiya::limits::human(size);
    assert!(
        err.contains(&format!("big.txt: {human} ({size} bytes), over the 1 KiB limit")),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    // The reader refuses it too, before the screen changes (no terminal needed).
    let out = hashiya(&["--max-file-size", "1K", p(&article)]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(stderr(&out).contains("over the 1 KiB limit"), "{out:?}");
    // Under the limit (the environment raises it), it renders.
    let out = Command::new(common::bin())
        .args(["render", "--width", "60", p(&article)])
        .env("HASHIYA_MAX_FILE_SIZE", "1M")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // The option wins over the environment.
    let out = Command::new(common::bin())
        .args(["--max-file-size", "100", "render", p(&article)])
        .env("HASHIYA_MAX_FILE_SIZE", "1M")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

#[test]
fn a_bad_size_setting_is_an_error() {
    let out = Command::new(common::bin())
        .args(["render", "-"])
        .env("HASHIYA_MAX_FILE_SIZE", "lots")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(stderr(&out).contains("HASHIYA_MAX_FILE_SIZE: `lots` is not a size"), "{out:?}");
    let out = hashiya(&["--max-file-size", "12 parsecs", "render", "-"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

/// A folder with `a.txt`, and its sidecar of `entities` entities.
fn corpus(entities: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = ARTICLE.repeat(entities.max(1));
    std::fs::write(dir.path().join("a.txt"), &text).unwrap();
    let mut sidecar = String::from("schema = 1\n\n[article]\nfile = \"a.txt\"\n");
    let line = ARTICLE.chars().count();
    for i in 0..entities {
        let start = i * line + 16;
        let _ = write!(
            sidecar,
            "\n[[entity]]\nid = \"e{}\"\nlabel = \"PERSON\"\nstart = {start}\nend = {}\ntext = \"لي شانغفو\"\n",
            i + 1,
            start + 9
        );
    }
    std::fs::write(dir.path().join("a.txt.ann.toml"), sidecar).unwrap();
    dir
}

#[test]
fn a_sidecar_over_the_limit_is_skipped_by_every_command_naming_it() {
    let dir = corpus(40);
    let article = dir.path().join("a.txt");
    let sidecar = dir.path().join("a.txt.ann.toml");
    let before = std::fs::read(&sidecar).unwrap();
    let size = before.len();
    // The limit lets the article in, not its sidecar.
    let limit = std::fs::metadata(&article).unwrap().len().to_string();
    let over = format!("over the {} limit", hashiya::limits::human(limit.parse().unwrap()));
    assert!(size as u64 > limit.parse::<u64>().unwrap());
    let named =
        format!("a.txt.ann.toml: {} ({size} bytes), {over}", hashiya::limits::human(size as u64));
    for command in ["list", "stats"] {
        let out = hashiya(&["--max-file-size", &limit, command, p(&article)]);
        assert_eq!(out.status.code(), Some(1), "{command}: {out:?}");
        let err = stderr(&out);
        assert!(err.contains("hashiya: skipped: ") && err.contains(&named), "{command}: {err}");
    }
    let out = hashiya(&["--max-file-size", &limit, "check", p(&article)]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = stdout(&out);
    assert!(text.contains("a.txt.ann.toml: error: ") && text.contains(&over), "{text}");
    // Import refuses to merge into it, and writes nothing.
    std::fs::write(dir.path().join("a.ann"), "T1\tGPE 29 34\tالصين\n").unwrap();
    let out = hashiya(&["--max-file-size", &limit, "import", "--from", "brat", p(&article)]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(stderr(&out).contains("not imported") && stderr(&out).contains(&named), "{out:?}");
    assert_eq!(std::fs::read(&sidecar).unwrap(), before, "the sidecar is untouched");
}

#[test]
fn a_brat_file_over_the_limit_is_not_imported_and_nothing_is_written() {
    let dir = corpus(0);
    std::fs::remove_file(dir.path().join("a.txt.ann.toml")).unwrap();
    let ann = "T1\tGPE 29 34\tالصين\n".repeat(200);
    std::fs::write(dir.path().join("a.ann"), &ann).unwrap();
    let article = dir.path().join("a.txt");
    let out = hashiya(&["--max-file-size", "2K", "import", "--from", "brat", p(&article)]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = stderr(&out);
    assert!(
        err.contains(&format!("a.ann: {}", ""))
            && err.contains(&format!("({} bytes), over the 2 KiB limit", ann.len())),
        "{err}"
    );
    assert!(!dir.path().join("a.txt.ann.toml").exists(), "nothing written");
}

#[test]
fn an_article_over_the_limit_is_not_imported_into_and_nothing_is_written() {
    let dir = corpus(0);
    std::fs::remove_file(dir.path().join("a.txt.ann.toml")).unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE.repeat(100)).unwrap();
    std::fs::write(dir.path().join("a.ann"), "T1\tGPE 29 34\tالصين\n").unwrap();
    let article = dir.path().join("a.txt");
    let out = hashiya(&["--max-file-size", "4K", "import", "--from", "brat", p(&article)]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = stderr(&out);
    assert!(
        err.contains("not imported")
            && err.contains("a.txt: 7.5 KiB (7700 bytes), over the 4 KiB limit"),
        "{err}"
    );
    assert!(!dir.path().join("a.txt.ann.toml").exists(), "nothing written");
}

#[test]
fn a_schema_over_the_config_limit_is_reported_by_check() {
    let dir = corpus(1);
    let labels = "[[label]]\nname = \"PERSON\"\n".repeat(20);
    std::fs::write(dir.path().join("hashiya.toml"), labels).unwrap();
    let out = hashiya(&["--max-config-size", "100", "check", p(&dir.path().join("a.txt"))]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = stdout(&out);
    assert!(
        text.contains("hashiya.toml:1:1: error: ")
            && text.contains("over the 100 bytes limit for configuration files"),
        "{text}"
    );
}

#[test]
fn a_brat_t_line_with_another_text_is_refused_naming_its_line() {
    let dir = corpus(0);
    std::fs::remove_file(dir.path().join("a.txt.ann.toml")).unwrap();
    // Line 1 is right; line 2 quotes a text that is nowhere; line 3 one that
    // is there twice (the article holds its line twice).
    std::fs::write(dir.path().join("a.txt"), ARTICLE.repeat(2)).unwrap();
    std::fs::write(
        dir.path().join("a.ann"),
        "T1\tGPE 29 34\tالصين\nT2\tPERSON 16 25\tبوتين\x1b[2J\nT3\tPERSON 0 9\tلي شانغفو\n",
    )
    .unwrap();
    let article = dir.path().join("a.txt");
    let out = hashiya(&["import", "--from", "brat", p(&article)]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = stderr(&out);
    assert!(
        err.contains("a.ann:2: T2 PERSON 16..25: the text \"بوتين\\u{1b}[2J\" is not the article's text there, \"لي شانغفو\"; it is nowhere in the article: line not imported"),
        "{err}"
    );
    assert!(err.contains("a.ann:3: T3 PERSON 0..9: ") && err.contains("more than once"), "{err}");
    assert!(!err.contains('\x1b'), "no raw escape from the file: {err:?}");
    assert!(
        stdout(&out).contains("1 added, 0 already there, 0 conflicts kept, 0 skipped, 2 refused"),
        "{out:?}"
    );
    // The good line is imported; the refused ones are not.
    let sidecar = std::fs::read_to_string(dir.path().join("a.txt.ann.toml")).unwrap();
    assert_eq!(sidecar.matches("[[entity]]").count(), 1, "{sidecar}");
    assert!(sidecar.contains("label = \"GPE\""), "{sidecar}");
}

#[test]
fn a_brat_t_line_whose_text_occurs_once_is_re_anchored_with_a_warning() {
    let dir = corpus(0);
    std::fs::remove_file(dir.path().join("a.txt.ann.toml")).unwrap();
    std::fs::write(dir.path().join("a.ann"), "T1\tPERSON 10 19\tلي شانغفو\n").unwrap();
    let article = dir.path().join("a.txt");
    let out = hashiya(&["import", "--from", "brat", p(&article)]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let err = stderr(&out);
    assert!(err.contains("hashiya: warning: "), "{err}");
    assert!(
        err.contains("a.ann:1: T1 PERSON 10..19: ") && err.contains("at 16..25: imported there"),
        "{err}"
    );
    let sidecar = std::fs::read_to_string(dir.path().join("a.txt.ann.toml")).unwrap();
    assert!(sidecar.contains("start = 16\nend = 25\n"), "{sidecar}");
}
