//! The team commands: `init` and `merge-driver` (and `curate`).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::annotator::Annotator;
use super::{AgreeFormat, CliError, CurateArgs, InitArgs, MergeDriverArgs};
use crate::review::ReviewError;
use crate::review::curate::{self, CurateError, Source};
use crate::team::{init, merge_driver};
use crate::text::safe;

/// Runs `hashiya init`: says what it did, a line per item, on standard error.
pub fn init(args: &InitArgs) -> Result<(), CliError> {
    let exe = std::env::current_exe().ok();
    let driver = init::driver_command(exe.as_deref(), init::on_path().as_deref());
    let report = init::init(&args.dir, &driver).map_err(|e| ReviewError::Usage(e.to_string()))?;
    for line in &report.lines {
        safe::eprintln(format_args!("hashiya: {line}"));
    }
    if report.changed {
        safe::eprintln(
            "hashiya: commit hashiya.toml and .gitattributes; every clone runs `hashiya init` once",
        );
    }
    Ok(())
}

/// Runs `hashiya merge-driver`: the merge goes to `A`; exit 0 when the
/// annotations merged (conflicts kept side by side are said on standard
/// error), 2 when an input could not be read (`A` is left as it was, so git
/// reports a conflict).
pub fn merge_driver(args: &MergeDriverArgs) -> Result<(), CliError> {
    let name = args.name.clone().unwrap_or_else(|| args.ours.clone());
    let merged = merge_driver::run(&args.base, &args.ours, &args.theirs, &name)
        .map_err(|e| ReviewError::Usage(format!("merge-driver: {e} (left as it was)")))?;
    let n = merged.report.conflicts.len();
    if n > 0 {
        let ids: Vec<String> =
            merged.report.conflicts.iter().map(|(id, kept)| format!("{id}/{kept}")).collect();
        safe::eprintln(format_args!(
            "hashiya: {}: merged by id; {n} annotation(s) changed on both sides, both versions \
             kept side by side and marked `conflict` ({}): see `hashiya check`",
            name.display(),
            ids.join(", ")
        ));
    }
    Ok(())
}

/// The folders the sources read from (a sidecar's folder), made absolute.
fn source_folders(sources: &[Source]) -> Vec<PathBuf> {
    let folders = sources.iter().flat_map(|s| s.sidecars.values()).filter_map(|p| p.parent());
    folders
        .filter_map(|f| {
            std::fs::canonicalize(if f.as_os_str().is_empty() { Path::new(".") } else { f }).ok()
        })
        .collect()
}

/// The sources of `args`, refusing a GOLD that is one of their folders.
fn curate_sources(args: &CurateArgs) -> Result<Vec<Source>, CliError> {
    let usage = |e: CurateError| CliError::Review(ReviewError::Usage(e.to_string()));
    let sources = curate::sources(&args.sources, &args.by).map_err(usage)?;
    if let Ok(gold) = std::fs::canonicalize(&args.out) {
        if source_folders(&sources).contains(&gold) {
            return Err(ReviewError::Usage(format!(
                "curate --out {}: the gold folder must not be a folder the sources are read from",
                args.out.display()
            ))
            .into());
        }
    }
    Ok(sources)
}

/// Runs `hashiya curate`: the curation screen, or with `--auto` the gold of
/// the agreed annotations and the disagreements printed. Exit 1 when an
/// article was left out (not in every source) or not curated.
pub fn curate(args: &CurateArgs, annotator: Option<&Annotator>) -> Result<(), CliError> {
    let sources = curate_sources(args)?;
    let curator = annotator.map(|a| a.name.as_str());
    if !args.auto {
        return super::curation::run(&sources, &args.out, curator);
    }
    let report = curate::report::auto(&sources, &args.out, curator)
        .map_err(|e| ReviewError::Usage(e.to_string()))?;
    for a in &report.articles {
        for w in &a.warnings {
            safe::eprintln(format_args!("hashiya: warning: {w}"));
        }
    }
    let text = match args.format {
        AgreeFormat::Table => curate::report::table(&report),
        AgreeFormat::Json => safe::to_json(&report, true)
            .map(|j| j + "\n")
            .map_err(|e| CliError::Io(std::io::Error::other(e)))?,
    };
    #[allow(clippy::disallowed_methods, reason = "wrapped in a SafeWriter at once")]
    let stdout = std::io::stdout();
    let mut out = safe::SafeWriter::new(stdout.lock());
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        r => r.map_err(CliError::from)?,
    }
    match report.problems() {
        0 => Ok(()),
        n => Err(CliError::Unclean(format!("{n} article(s) left out or not curated: see above"))),
    }
}
