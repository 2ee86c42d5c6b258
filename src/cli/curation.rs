//! The curation screen (`hashiya curate` without `--auto`): the settings
//! and keymap the reader uses, then the screen's own loop.

use std::path::Path;

use super::CliError;
use super::settings::{BidiChoice, Settings, reordering_terminal_here};
use crate::app::curation::Curation;
use crate::keymap::{Keymap, KeymapRefused};
use crate::layout::LayoutOptions;
use crate::review::ReviewError;
use crate::review::curate::{Source, State};

/// Runs the curation screen over `sources`, writing into `gold`; the
/// decisions record `curator`. Exit 128 + N when stopped by signal N (every
/// decision is on disk already).
pub fn run(sources: &[Source], gold: &Path, curator: Option<&str>) -> Result<(), CliError> {
    let settings = Settings::load_user().map_err(CliError::Settings)?;
    let keymap = match super::user_keymap_path().filter(|p| std::fs::symlink_metadata(p).is_ok()) {
        Some(path) => Keymap::check_file(&path).map_err(|errors| KeymapRefused { path, errors })?,
        None => Keymap::default(),
    };
    let state = State::load(gold).map_err(|e| ReviewError::Usage(e.to_string()))?;
    std::fs::create_dir_all(gold).map_err(|e| ReviewError::io(gold, e))?;
    let bidi = BidiChoice::decide(None, settings.bidi, reordering_terminal_here());
    let shape = match settings.shape.unwrap_or_default() {
        super::ShapeArg::On => true,
        super::ShapeArg::Off => false,
        super::ShapeArg::Auto => !bidi.terminal_reorders,
    };
    let options = LayoutOptions {
        width: Some(80),
        shape,
        base: crate::layout::BaseDirection::Auto,
        mark_placeholder: true,
        reorder: !bidi.terminal_reorders,
    };
    let names: Vec<String> = sources.iter().map(|s| s.name.clone()).collect();
    let entries = Curation::load(sources);
    if entries.is_empty() {
        return Err(ReviewError::Usage(
            "curate: no article is annotated in every source (sidecars pair by file name)".into(),
        )
        .into());
    }
    let mut c = Curation::new(names, entries, gold, state, curator, keymap, options);
    crate::tui::curate_run::run(&mut c, !bidi.terminal_reorders).map_err(CliError::Terminal)?;
    match c.stopped_by {
        Some(signal) => Err(CliError::Stopped(signal)),
        None => Ok(()),
    }
}
