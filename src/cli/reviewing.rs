//! The review commands: `list`, `check`, `stats`, `export`, `import`, `agree`.
//!
//! Everything they print goes through [`safe`]: standard output through a
//! [`SafeWriter`] ([`stdout`] is the only way these commands reach it),
//! messages through [`safe::eprintln`]. Nothing a file holds reaches the
//! terminal as a control, whatever the format and whether standard output
//! is a terminal or a pipe.

use std::io::{BufWriter, IsTerminal, StdoutLock, Write as _};

use super::annotator::Annotator;
use super::{AgreeArgs, AgreeFormat, CheckArgs, CliError, ExportArgs, ImportArgs, ImportFormat};
use super::{ClaimsArgs, EntitiesArgs, ListArgs, StatsArgs};
use crate::annotate::schema::CONFIG_FILE;
use crate::review::config::Configs;
use crate::review::corpus::entries;
use crate::review::{self, Outcome, ReviewError};
use crate::text::safe::{self, SafeWriter};
use std::path::Path;

/// Standard output for a review command: buffered, every control and bidi
/// control of the text shown as a visible symbol (`\n` and `\t` kept), and
/// whether it is a terminal.
fn stdout() -> (SafeWriter<BufWriter<StdoutLock<'static>>>, bool) {
    #[allow(clippy::disallowed_methods, reason = "wrapped in a SafeWriter at once")]
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    (SafeWriter::new(BufWriter::new(stdout.lock())), terminal)
}

/// Runs `hashiya agree`: prints the report on standard output and its
/// warnings on standard error. Two sidecars are compared as they are; two
/// folders article by article and pooled, exit 1 when an article was left
/// out (no counterpart, or not comparable). Exit 2 when an input is
/// missing, unreadable or invalid, or a folder is compared with a file.
pub fn agree(args: &AgreeArgs) -> Result<(), CliError> {
    use crate::review::agree::{folders_table, run, run_by, run_folders, run_folders_by, table};
    let by = args.by_a.as_deref().zip(args.by_b.as_deref());
    let b = match (&args.b, by) {
        (Some(b), None) => Some(b),
        (None, Some(_)) => None,
        _ => {
            return Err(ReviewError::Usage(
                "agree: give two sidecars or folders (A B), or one with --a NAME --b NAME".into(),
            )
            .into());
        }
    };
    for path in std::iter::once(&args.a).chain(b) {
        std::fs::metadata(path).map_err(|e| ReviewError::io(path, e))?;
    }
    let folders = match b {
        Some(b) => match (args.a.is_dir(), b.is_dir()) {
            (false, false) => false,
            (true, true) => true,
            _ => {
                return Err(ReviewError::Usage(format!(
                    "{} and {}: compare two sidecars, or two folders of sidecars",
                    args.a.display(),
                    b.display()
                ))
                .into());
            }
        },
        None => args.a.is_dir(),
    };
    let (text, warnings, left_out) = if folders {
        let report = match (b, by) {
            (Some(b), _) => run_folders(&args.a, b, args.list)?,
            (None, Some((who_a, who_b))) => run_folders_by(&args.a, who_a, who_b, args.list)?,
            (None, None) => unreachable_usage()?,
        };
        let text = match args.format {
            AgreeFormat::Table => folders_table(&report),
            AgreeFormat::Json => json(&report)?,
        };
        let left_out = (report.left_out() > 0).then(|| {
            format!(
                "{} article(s) left out: {} only in A, {} only in B, {} not compared",
                report.left_out(),
                report.only_a.len(),
                report.only_b.len(),
                report.failed.len()
            )
        });
        (text, report.warnings, left_out)
    } else {
        let report = match (b, by) {
            (Some(b), _) => run(&args.a, b, args.list)?,
            (None, Some((who_a, who_b))) => run_by(&args.a, who_a, who_b, args.list)?,
            (None, None) => unreachable_usage()?,
        };
        let text = match args.format {
            AgreeFormat::Table => table(&report),
            AgreeFormat::Json => json(&report)?,
        };
        (text, report.warnings, None)
    };
    for warning in &warnings {
        safe::eprintln(format_args!("hashiya: warning: {warning}"));
    }
    let (mut out, _) = stdout();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        r => r.map_err(CliError::from)?,
    }
    left_out.map_or(Ok(()), |m| Err(CliError::Unclean(m)))
}

/// The error for a combination of arguments already refused.
fn unreachable_usage<T>() -> Result<T, CliError> {
    Err(ReviewError::Usage("agree: two paths, or one with --a and --b".into()).into())
}

/// A report as pretty JSON and a line break, through [`safe::to_json`].
fn json<T: serde::Serialize>(report: &T) -> Result<String, CliError> {
    safe::to_json(report, true)
        .map(|j| j + "\n")
        .map_err(|e| CliError::Io(std::io::Error::other(e)))
}

/// Ends a review command: a summary on standard error, exit 1 when unclean;
/// a closed pipe on standard output is not an error.
fn finish(result: Result<Outcome, ReviewError>) -> Result<(), CliError> {
    let outcome = match result {
        Err(ReviewError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            return Ok(());
        }
        r => r?,
    };
    let summary = outcome.summary.unwrap_or_default();
    if outcome.problems > 0 {
        return Err(CliError::Unclean(summary));
    }
    if !summary.is_empty() {
        safe::eprintln(format_args!("hashiya: {summary}"));
    }
    Ok(())
}

/// Runs `hashiya list`.
pub fn list(args: &ListArgs) -> Result<(), CliError> {
    let found = entries(&args.paths, false)?;
    let (mut out, terminal) = stdout();
    // A terminal that reorders by itself gets logical order, as the reader sends it there.
    let reorders = super::settings::reordering_terminal_here().is_some();
    let visual = !args.logical && terminal && !reorders;
    let status = args.status.map(Into::into);
    finish(review::list::run_with_status(&found, args.format, visual, status, &mut out))
}

/// Runs `hashiya check`: the `hashiya.toml` of every folder it looks at,
/// the keymaps asked for, then the sidecars.
pub fn check(args: &CheckArgs) -> Result<(), CliError> {
    let mut configs = Configs::default();
    let mut paths = Vec::new();
    for path in &args.paths {
        let is_schema = path.file_name().is_some_and(|n| n == CONFIG_FILE) && !path.is_dir();
        if path.is_dir() {
            configs.folders.push(path.clone());
        } else {
            let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
            configs.folders.push(folder.unwrap_or(Path::new(".")).to_path_buf());
        }
        if is_schema {
            std::fs::metadata(path).map_err(|e| ReviewError::io(path, e))?;
        } else {
            paths.push(path.clone());
        }
    }
    configs.keymaps.clone_from(&args.keymap);
    if args.user_keymap {
        let user = super::user_keymap_path();
        if let Some(path) = user.as_ref().filter(|p| p.exists()) {
            configs.keymaps.push(path.clone());
        } else {
            let at = user.map(|p| format!(" at {}", p.display())).unwrap_or_default();
            safe::eprintln(format!("hashiya: no user keymap{at} (the default keys are used)"));
        }
    }
    let found = if paths.is_empty() {
        Vec::new()
    } else {
        match entries(&paths, true) {
            // A folder with no sidecar is fine when there is a configuration file to check.
            Err(ReviewError::Nothing(_)) if has_config(&configs) => Vec::new(),
            r => r?,
        }
    };
    let (mut out, _) = stdout();
    finish(review::check::run(&found, &configs, args.strict, &mut out))
}

/// True when `configs` names a keymap or a folder holding a `hashiya.toml`.
fn has_config(configs: &Configs) -> bool {
    !configs.keymaps.is_empty()
        || configs.folders.iter().any(|f| std::fs::symlink_metadata(f.join(CONFIG_FILE)).is_ok())
}

/// Runs `hashiya stats`.
pub fn stats(args: &StatsArgs) -> Result<(), CliError> {
    let found = entries(&args.paths, false)?;
    let (mut out, _) = stdout();
    finish(review::stats::run(&found, args.format, &mut out))
}

/// Runs `hashiya claims`.
pub fn claims(args: &ClaimsArgs) -> Result<(), CliError> {
    let found = entries(&args.paths, false)?;
    let (mut out, _) = stdout();
    finish(review::claims::run(&found, args.by.as_deref(), args.format, &mut out))
}

/// Runs `hashiya entities`.
pub fn entities(args: &EntitiesArgs) -> Result<(), CliError> {
    let found = entries(&args.paths, false)?;
    let (mut out, _) = stdout();
    finish(review::entities::run(&found, args.format, &mut out))
}

/// Runs `hashiya export`.
pub fn export(args: &ExportArgs) -> Result<(), CliError> {
    let found = entries(&args.paths, false)?;
    let options = review::export::Options { claims: args.claims };
    finish(review::export::run(&found, args.format, options, &args.out))
}

/// Runs `hashiya import`. An article named that does not exist is bad
/// input (exit 2) before anything is imported. What is added records
/// `annotator` as `by`.
pub fn import(args: &ImportArgs, annotator: Option<&Annotator>) -> Result<(), CliError> {
    for file in &args.files {
        std::fs::metadata(file).map_err(|e| ReviewError::io(file, e))?;
    }
    if args.tasks.is_some() && args.from != ImportFormat::Labelstudio {
        return Err(ReviewError::Usage("--tasks goes with --from labelstudio".into()).into());
    }
    let (mut out, _) = stdout();
    let author = annotator.map(|a| crate::annotate::Author::new(&a.name));
    let (files, dry, author) = (&args.files, args.dry_run, author.as_ref());
    finish(match args.from {
        ImportFormat::Brat => review::import::run(files, dry, author, &mut out),
        ImportFormat::Xmi => review::xmi::import(files, dry, author, &mut out),
        ImportFormat::Labelstudio => {
            review::labelstudio::import(files, args.tasks.as_deref(), dry, author, &mut out)
        }
    })
}
