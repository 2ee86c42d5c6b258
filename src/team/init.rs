//! `hashiya init [DIR]`: sets a folder up as a corpus for a team.
//!
//! - `hashiya.toml` (the labels and cue lexicon), from the built-in schema,
//!   when the folder has none — an existing one is never touched;
//! - `.gitattributes` maps `*.ann.toml` and the registry of canonical
//!   entities (`entities.toml`) to the `hashiya` merge driver (each line
//!   is added when missing; the rest of the file is kept);
//! - inside a git work tree, the driver is registered in the repository's
//!   config (`merge.hashiya.name`, `merge.hashiya.driver = hashiya
//!   merge-driver %O %A %B %P`), which clones do not inherit: hence one run
//!   in every clone.
//!
//! Idempotent: a second run finds everything in place and changes nothing.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::annotate::schema::{BUILTIN_SCHEMA, CONFIG_FILE};

/// The merge driver's name in `.gitattributes` and the git config.
pub const DRIVER: &str = "hashiya";

/// The `.gitattributes` line.
pub const ATTRIBUTES_LINE: &str = "*.ann.toml merge=hashiya";

/// The `.gitattributes` line for the registry of canonical entities.
pub const REGISTRY_ATTRIBUTES_LINE: &str = "entities.toml merge=hashiya";

/// `merge.hashiya.name`: what git shows for the driver.
pub const DRIVER_NAME: &str = "Hashiya annotation sidecars, merged by id";

/// The first lines of a `hashiya.toml` written by `init`.
const HEADER: &str = "# This corpus's labels and cue lexicon, written by `hashiya init` from the\n\
# built-in schema: change them to suit the project (`hashiya check` checks\n\
# this file). Commit it, so that every annotator uses the same labels.\n#\n";

/// Why `init` could not set the folder up.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// Git refused to set the driver.
    #[error("git config in {folder}: {message}")]
    Git {
        /// The folder.
        folder: PathBuf,
        /// What git said.
        message: String,
    },
}

/// What `init` did, a line per item, and whether it changed anything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InitReport {
    /// One line per item: written, added, set, or already there.
    pub lines: Vec<String>,
    /// True when a file or the git config was changed.
    pub changed: bool,
    /// True when the folder is in a git work tree (the driver is set there).
    pub in_git: bool,
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> InitError + '_ {
    move |source| InitError::Io { path: path.to_path_buf(), source }
}

/// Sets `dir` up (made if missing); `driver` is the command git runs for
/// the driver (`hashiya merge-driver %O %A %B %P`, see [`driver_command`]).
pub fn init(dir: &Path, driver: &str) -> Result<InitReport, InitError> {
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    let mut report = InitReport::default();
    schema_file(dir, &mut report)?;
    attributes(dir, &mut report)?;
    git_config(dir, driver, &mut report)?;
    Ok(report)
}

/// Writes `hashiya.toml` when there is none (a link to nothing counts as one).
fn schema_file(dir: &Path, report: &mut InitReport) -> Result<(), InitError> {
    let path = dir.join(CONFIG_FILE);
    if std::fs::symlink_metadata(&path).is_ok() {
        report.lines.push(format!("{CONFIG_FILE}: already there, kept as it is"));
        return Ok(());
    }
    let text = format!("{HEADER}{BUILTIN_SCHEMA}");
    crate::annotate::sidecar::write_atomic(&path, text.as_bytes()).map_err(io_error(&path))?;
    report.lines.push(format!("{CONFIG_FILE}: written (the built-in labels and cues)"));
    report.changed = true;
    Ok(())
}

/// True when a `.gitattributes` line gives `pattern` the `hashiya` driver.
fn maps(line: &str, pattern: &str) -> bool {
    let mut words = line.split_whitespace();
    words.next() == Some(pattern) && words.any(|w| w == "merge=hashiya")
}

/// True when a `.gitattributes` line gives `*.ann.toml` the `hashiya` driver.
#[cfg(test)]
fn maps_sidecars(line: &str) -> bool {
    maps(line, "*.ann.toml")
}

/// Adds the driver's lines (sidecars, the registry) to `.gitattributes`
/// when missing.
fn attributes(dir: &Path, report: &mut InitReport) -> Result<(), InitError> {
    let path = dir.join(".gitattributes");
    let existing = match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io_error(&path)(e)),
    };
    let mut text = existing.clone();
    for line in [ATTRIBUTES_LINE, REGISTRY_ATTRIBUTES_LINE] {
        let pattern = line.split_whitespace().next().unwrap_or_default();
        // Later lines win in .gitattributes: the driver's must be the last for the pattern.
        let last = text.lines().rev().find(|l| l.split_whitespace().next() == Some(pattern));
        if last.is_some_and(|l| maps(l, pattern)) {
            report.lines.push(format!(".gitattributes: already has `{line}`"));
            continue;
        }
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(line);
        text.push('\n');
        report.lines.push(format!(".gitattributes: added `{line}`"));
    }
    if text != existing {
        crate::annotate::sidecar::write_atomic(&path, text.as_bytes()).map_err(io_error(&path))?;
        report.changed = true;
    }
    Ok(())
}

/// Runs `git -C dir args`: its standard output, or `None` when git is not
/// there or fails.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim_end().to_owned())
}

/// Registers the driver in the repository's config, inside a work tree.
fn git_config(dir: &Path, driver: &str, report: &mut InitReport) -> Result<(), InitError> {
    if git(dir, &["rev-parse", "--is-inside-work-tree"]).as_deref() != Some("true") {
        report.lines.push(
            "git: not a git work tree (or git is missing): no merge driver registered; run \
             `hashiya init` again after `git init` or `git clone`"
                .to_owned(),
        );
        return Ok(());
    }
    report.in_git = true;
    for (key, value) in [("merge.hashiya.name", DRIVER_NAME), ("merge.hashiya.driver", driver)] {
        if git(dir, &["config", "--local", "--get", key]).as_deref() == Some(value) {
            report.lines.push(format!("git config: {key} already set"));
            continue;
        }
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["config", "--local", key, value])
            .output()
            .map_err(io_error(dir))?;
        if !out.status.success() {
            return Err(InitError::Git {
                folder: dir.to_path_buf(),
                message: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
            });
        }
        report.lines.push(format!("git config: {key} = {value}"));
        report.changed = true;
    }
    Ok(())
}

/// The driver command for git: `hashiya merge-driver %O %A %B %P` when
/// `hashiya` on the `PATH` is this program, else this program's full path
/// (quoted for the shell git runs it with).
pub fn driver_command(exe: Option<&Path>, on_path: Option<&Path>) -> String {
    let same = match (exe, on_path) {
        (Some(a), Some(b)) => {
            a == b || std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok()
        }
        _ => false,
    };
    let program = match exe {
        Some(exe) if !same => shell_quote(&exe.to_string_lossy()),
        _ => DRIVER.to_owned(),
    };
    format!("{program} merge-driver %O %A %B %P")
}

/// `hashiya` as the shell finds it on the `PATH`, if it is there.
pub fn on_path() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(DRIVER)).find(|p| p.is_file())
}

/// `s` quoted for `sh` when it needs to be.
fn shell_quote(s: &str) -> String {
    if s.bytes().all(|b| b.is_ascii_alphanumeric() || b"/._-+".contains(&b)) {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_set_up_once_and_then_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        let first = init(&corpus, "hashiya merge-driver %O %A %B %P").unwrap();
        assert!(first.changed, "{first:?}");
        let schema = std::fs::read_to_string(corpus.join(CONFIG_FILE)).unwrap();
        assert!(schema.ends_with(BUILTIN_SCHEMA) && schema.starts_with("# This corpus"));
        let (parsed, checked) = crate::annotate::Schema::read_folder(&corpus);
        assert!(parsed.is_some() && checked.errors.is_empty(), "{checked:?}");
        let attributes = std::fs::read_to_string(corpus.join(".gitattributes")).unwrap();
        assert_eq!(attributes, format!("{ATTRIBUTES_LINE}\n{REGISTRY_ATTRIBUTES_LINE}\n"));
        let second = init(&corpus, "hashiya merge-driver %O %A %B %P").unwrap();
        assert!(!second.changed, "{second:?}");
        assert_eq!(std::fs::read_to_string(corpus.join(".gitattributes")).unwrap(), attributes);
    }

    #[test]
    fn existing_files_are_kept_and_the_driver_line_added_last() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "cues = [\"قال\"]\n").unwrap();
        std::fs::write(dir.path().join(".gitattributes"), "*.txt text\n*.ann.toml -diff").unwrap();
        init(dir.path(), "x").unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join(CONFIG_FILE)).unwrap(),
            "cues = [\"قال\"]\n"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join(".gitattributes")).unwrap(),
            format!(
                "*.txt text\n*.ann.toml -diff\n{ATTRIBUTES_LINE}\n{REGISTRY_ATTRIBUTES_LINE}\n"
            )
        );
        assert!(maps_sidecars("*.ann.toml  diff  merge=hashiya"));
        assert!(!maps_sidecars("*.ann.toml merge=union"));
    }

    #[test]
    fn the_driver_command_is_hashiya_when_the_path_finds_this_program() {
        let exe = Path::new("/opt/h/hashiya");
        assert_eq!(driver_command(Some(exe), Some(exe)), "hashiya merge-driver %O %A %B %P");
        assert_eq!(
            driver_command(Some(Path::new("/tmp/my dir/hashiya")), None),
            "'/tmp/my dir/hashiya' merge-driver %O %A %B %P"
        );
        assert_eq!(driver_command(None, None), "hashiya merge-driver %O %A %B %P");
    }
}
