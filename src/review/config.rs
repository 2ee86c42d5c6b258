//! `hashiya check` of configuration files: a folder's `hashiya.toml` (labels,
//! cues and recommenders) and keymaps, reported like sidecar problems
//! (`path:line:column: error: …`).

use std::path::{Path, PathBuf};

use super::check::{Diagnostic, Severity};
use crate::annotate::Schema;
use crate::keymap::Keymap;
use crate::text::position::{ConfigReport, FileError};

/// The configuration files `check` looks at besides sidecars.
#[derive(Debug, Clone, Default)]
pub struct Configs {
    /// Folders whose `hashiya.toml` is checked, when they have one.
    pub folders: Vec<PathBuf>,
    /// Keymap files, checked as the reader reads `--keymap FILE`.
    pub keymaps: Vec<PathBuf>,
}

/// `error` as a finding of `severity`.
pub fn diagnostic(error: FileError, severity: Severity) -> Diagnostic {
    match error {
        FileError::Invalid { path, line, column, message } => {
            Diagnostic { path, at: Some((line, column)), severity, message }
        }
        FileError::Io { path, source } => {
            Diagnostic { path, at: None, severity, message: source.to_string() }
        }
    }
}

/// The findings of a configuration file's report: errors, then warnings.
pub fn findings(report: ConfigReport) -> Vec<Diagnostic> {
    let errors = report.errors.into_iter().map(|e| diagnostic(e, Severity::Error));
    let warnings = report.warnings.into_iter().map(|e| diagnostic(e, Severity::Warning));
    let mut out: Vec<Diagnostic> = errors.chain(warnings).collect();
    out.sort_by_key(|d| (d.at, d.severity));
    out
}

/// The schema for articles in `folder` (`None` when its `hashiya.toml` has
/// an error), every problem of that file and of the folder's registry of
/// canonical entities (`entities.toml`), and whether `hashiya.toml` exists.
pub fn folder_schema(folder: &Path) -> (Option<Schema>, Vec<Diagnostic>, bool) {
    let exists =
        std::fs::symlink_metadata(folder.join(crate::annotate::schema::CONFIG_FILE)).is_ok();
    let (schema, report) = Schema::read_folder(folder);
    let mut found = findings(report);
    if exists && schema.is_some() {
        // Its `[[recommender]]` tables (see `suggest::config`).
        if let Err(e) = crate::suggest::config::for_folder(folder) {
            found.push(diagnostic(e, Severity::Error));
        }
    }
    let registry = crate::corpus::registry_file::registry_path(folder);
    if let Err(e) = crate::corpus::registry_file::load(&registry) {
        found.push(diagnostic(e, Severity::Error));
    }
    (schema, found, exists)
}

/// Every problem of the keymap file at `path`, merged over the defaults as
/// the reader merges it.
pub fn keymap_findings(path: &Path) -> Vec<Diagnostic> {
    match Keymap::check_file(path) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.into_iter().map(|e| diagnostic(e, Severity::Error)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keymap_and_schema_problems_become_findings() {
        let dir = tempfile::tempdir().unwrap();
        let keymap = dir.path().join("keys.toml");
        std::fs::write(&keymap, "[reader]\nquit = []\n").unwrap();
        let found = keymap_findings(&keymap);
        assert_eq!(found.len(), 1);
        let line = found[0].to_string();
        assert!(line.starts_with(&format!("{}:2:1: error: ", keymap.display())), "{line}");
        std::fs::write(&keymap, "[reader]\nquit = [\"Q\"]\n").unwrap();
        assert!(keymap_findings(&keymap).is_empty());
        let missing = keymap_findings(&dir.path().join("none.toml"));
        assert!(matches!(&missing[..], [Diagnostic { at: None, severity: Severity::Error, .. }]));

        let (schema, found, exists) = folder_schema(dir.path());
        assert_eq!((schema.is_some(), found.len(), exists), (true, 0, false));
        let toml = dir.path().join("hashiya.toml");
        std::fs::write(&toml, "extra = 1\n[[label]]\nname = \"A\"\n[[label]]\nname = \"\"\n")
            .unwrap();
        let (schema, found, exists) = folder_schema(dir.path());
        assert!(schema.is_none() && exists);
        let lines: Vec<String> = found.iter().map(ToString::to_string).collect();
        let path = toml.display();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].starts_with(&format!("{path}:1:1: warning: unknown key")), "{lines:?}");
        assert!(lines[1].starts_with(&format!("{path}:5:8: error: empty label")), "{lines:?}");
        std::fs::remove_file(&toml).unwrap();
        let registry = dir.path().join("entities.toml");
        std::fs::write(&registry, "[[entity]]\nid = \"k-1\"\nname = \"x\"\nkb_id = \"x\"\n")
            .unwrap();
        let (_, found, _) = folder_schema(dir.path());
        let lines: Vec<String> = found.iter().map(ToString::to_string).collect();
        let path = registry.display();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].starts_with(&format!("{path}:4:9: error: `kb_id`")), "{lines:?}");
    }
}
