//! The team commands: `init` and `merge-driver` (and `curate`).

use super::{CliError, InitArgs, MergeDriverArgs};
use crate::review::ReviewError;
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
