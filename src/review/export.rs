//! `hashiya export`: the annotations of a corpus in other tools' formats,
//! written to a folder. Inputs are never written to.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::corpus::{Article, Entry, Progress, par_articles};
use super::list::skipped_outcome;
use super::{Outcome, ReviewError, brat, conll, jsonl};
use crate::annotate::Schema;
use crate::text::safe;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// brat standoff: `NAME.txt` (the article, byte for byte), `NAME.ann`,
    /// and `annotation.conf`.
    Brat,
    /// `annotations.jsonl`: one article per line.
    Jsonl,
    /// `NAME.conll`: a token and its BIO tag per line.
    Conll,
}

/// The name of the JSON Lines file.
pub const JSONL_FILE: &str = "annotations.jsonl";

fn write(path: &Path, bytes: &[u8]) -> Result<(), ReviewError> {
    std::fs::write(path, bytes).map_err(|e| ReviewError::io(path, e))
}

/// The file name without its last extension (`004.txt` → `004`).
fn stem(entry: &Entry) -> String {
    entry.article.file_stem().map_or_else(|| entry.name(), |s| s.to_string_lossy().into_owned())
}

/// The labels `folder`'s schema declares. A broken `hashiya.toml` is named
/// (once per folder, remembered in `bad`) and declares none: the built-in
/// labels are not put in its place.
fn declared_labels(
    folder: &Path,
    bad: &mut HashSet<PathBuf>,
    progress: &mut Progress,
) -> Vec<String> {
    match Schema::for_folder(folder) {
        Ok(schema) => schema.labels.into_iter().map(|l| l.name).collect(),
        Err(e) => {
            if bad.insert(folder.to_path_buf()) {
                progress.note(&format!(
                    "hashiya: {e}: annotation.conf lists only the labels used there"
                ));
            }
            Vec::new()
        }
    }
}

/// Makes folder `out` and refuses exports that would clash: two articles
/// of one name, or brat files written over an article's own folder.
fn prepare_out(entries: &[Entry], format: ExportFormat, out: &Path) -> Result<(), ReviewError> {
    std::fs::create_dir_all(out).map_err(|e| ReviewError::io(out, e))?;
    let out_real = out.canonicalize().map_err(|e| ReviewError::io(out, e))?;
    let mut names = HashSet::new();
    for entry in entries {
        if !names.insert(entry.name()) {
            return Err(ReviewError::Usage(format!(
                "two articles are named {}: export them to different folders",
                entry.name()
            )));
        }
        let folder = entry.article.parent().map(Path::to_path_buf).unwrap_or_default();
        let folder = if folder.as_os_str().is_empty() { PathBuf::from(".") } else { folder };
        if format == ExportFormat::Brat && folder.canonicalize().ok().as_ref() == Some(&out_real) {
            return Err(ReviewError::Usage(format!(
                "--out {} is the folder of {}: brat export would write over the article",
                out.display(),
                entry.article.display()
            )));
        }
    }
    Ok(())
}

/// What exporting one article gives back to the writer.
struct Exported {
    /// Labels brat's `annotation.conf` must declare (brat).
    labels: Vec<String>,
    /// The JSON line (jsonl).
    line: Option<String>,
    /// Messages for standard error.
    notes: Vec<String>,
    entities: usize,
    claims: usize,
}

/// Exports one article (its files written here, on a worker thread), with
/// `declared`: the labels each folder's schema declares.
fn export_one(
    format: ExportFormat,
    out: &Path,
    declared: &HashMap<PathBuf, Vec<String>>,
    article: &Article,
) -> Result<Exported, ReviewError> {
    let store = &article.loaded.store;
    let name = article.entry.name();
    let mut done = Exported {
        labels: Vec::new(),
        line: None,
        notes: Vec::new(),
        entities: store.entities().len(),
        claims: store.claims().len(),
    };
    let left_out = match format {
        ExportFormat::Brat => {
            let folder = article.entry.article.parent().unwrap_or(Path::new("."));
            done.labels = declared.get(folder).cloned().unwrap_or_default();
            done.labels.extend(store.entities().map(|e| e.label.clone()));
            let exported = brat::export(&article.text, store);
            write(&out.join(&name), article.text.as_bytes())?;
            write(&out.join(format!("{}.ann", stem(&article.entry))), exported.ann.as_bytes())?;
            if !exported.altered.is_empty() {
                done.notes.push(format!(
                    "hashiya: {}: brat cannot hold white space, controls or bidi controls in a label, \
                     nor controls or line breaks in a note: written with `_` and spaces in {}",
                    article.entry.article.display(),
                    exported.altered.join(", ")
                ));
            }
            exported.skipped
        }
        ExportFormat::Jsonl => {
            let (value, left_out) =
                jsonl::article(&stem(&article.entry), &name, &article.text, store);
            let line = safe::to_json(&value, false).map_err(|e| ReviewError::Output(e.into()))?;
            done.line = Some(line);
            left_out
        }
        ExportFormat::Conll => {
            let text = conll::conll(&article.text, store);
            write(&out.join(format!("{}.conll", stem(&article.entry))), text.as_bytes())?;
            store.orphans().iter().map(|a| a.id().to_owned()).collect()
        }
    };
    if !left_out.is_empty() {
        done.notes.push(format!(
            "hashiya: {}: left out {} (orphans: their offsets are stale)",
            article.entry.article.display(),
            left_out.join(", ")
        ));
    }
    Ok(done)
}

/// Exports `entries` in `format` into folder `out` (made if missing).
/// Returns the outcome and a summary for standard error. Articles are read
/// and their files written on every core; the JSON Lines file is written
/// as the lines come, in order.
pub fn run(entries: &[Entry], format: ExportFormat, out: &Path) -> Result<Outcome, ReviewError> {
    prepare_out(entries, format, out)?;
    let mut labels: Vec<String> = Vec::new();
    let mut label_set = BTreeSet::new();
    let (mut articles, mut entities, mut claims) = (0, 0, 0);
    // Each folder's declared labels, read once (a broken hashiya.toml is named once).
    let mut bad_schemas = HashSet::new();
    let mut declared: HashMap<PathBuf, Vec<String>> = HashMap::new();
    if format == ExportFormat::Brat {
        let mut progress = Progress::new(0);
        for entry in entries {
            let folder = entry.article.parent().unwrap_or(Path::new(".")).to_path_buf();
            if let std::collections::hash_map::Entry::Vacant(slot) = declared.entry(folder) {
                let labels = declared_labels(slot.key(), &mut bad_schemas, &mut progress);
                slot.insert(labels);
            }
        }
    }
    let jsonl_path = out.join(JSONL_FILE);
    let mut jsonl = match format {
        ExportFormat::Jsonl => Some(std::io::BufWriter::new(
            std::fs::File::create(&jsonl_path).map_err(|e| ReviewError::io(&jsonl_path, e))?,
        )),
        _ => None,
    };
    let work = |(): &mut (), article: &Article| export_one(format, out, &declared, article);
    let skipped = par_articles(
        entries,
        || (),
        work,
        |_, done, progress| {
            for note in &done.notes {
                progress.note(note);
            }
            for label in done.labels {
                if label_set.insert(label.clone()) {
                    labels.push(label);
                }
            }
            if let (Some(file), Some(line)) = (jsonl.as_mut(), done.line) {
                use std::io::Write as _;
                writeln!(file, "{line}").map_err(|e| ReviewError::io(&jsonl_path, e))?;
            }
            articles += 1;
            entities += done.entities;
            claims += done.claims;
            Ok(())
        },
    )?;
    if let Some(mut file) = jsonl {
        use std::io::Write as _;
        file.flush().map_err(|e| ReviewError::io(&jsonl_path, e))?;
    }
    match format {
        ExportFormat::Brat => {
            write(&out.join("annotation.conf"), brat::annotation_conf(&labels).as_bytes())?;
        }
        ExportFormat::Jsonl | ExportFormat::Conll => {}
    }
    let mut outcome = skipped_outcome(skipped);
    if outcome.summary.is_none() {
        outcome.summary = Some(format!(
            "exported {articles} article(s), {entities} entities, {claims} claims to {}",
            out.display()
        ));
    }
    if !bad_schemas.is_empty() {
        outcome.problems += bad_schemas.len();
        outcome.summary = Some(format!(
            "{}; {} hashiya.toml with errors: `hashiya check` lists them",
            outcome.summary.unwrap_or_default(),
            bad_schemas.len()
        ));
    }
    Ok(outcome)
}
