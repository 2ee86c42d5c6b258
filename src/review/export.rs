//! `hashiya export`: the annotations of a corpus in other tools' formats,
//! written to a folder. Inputs are never written to.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use super::corpus::{Article, Entry, Progress, for_each_article};
use super::list::skipped_outcome;
use super::{Outcome, ReviewError, brat, brat_preserved, conll, jsonl, labelstudio, spacy, xmi};
use crate::annotate::Schema;
use crate::text::language::Language;
use crate::text::safe;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// brat standoff: `NAME.txt` (the article, byte for byte), `NAME.ann`,
    /// and `annotation.conf`.
    Brat,
    /// `annotations.jsonl`: one article per line, character offsets (doccano, scripts).
    Jsonl,
    /// `spacy.jsonl`: one article per line, tokens and spans aligned (spaCy, Prodigy).
    Spacy,
    /// `NAME.conll`: a token per line, BIO tags in two entity columns (and claims with
    /// `--claims`).
    Conll,
    /// INCEpTION: `NAME.xmi` (UIMA CAS XMI, DKPro Core's `NamedEntity`, claims
    /// as `webanno.custom.Claim`) and `TypeSystem.xml`.
    Xmi,
    /// Label Studio: `tasks.json` (one task per article) and `labeling_config.xml`.
    Labelstudio,
}

/// Choices of `hashiya export` beyond the format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// `CoNLL`: add a column tagging claims and cues.
    pub claims: bool,
}

/// The name of the JSON Lines file.
pub const JSONL_FILE: &str = "annotations.jsonl";

/// The name of the spaCy / Prodigy JSON Lines file.
pub const SPACY_FILE: &str = "spacy.jsonl";

/// The language of `entry`'s article: its folder's `hashiya.toml`'s, else
/// detected from `text` (a broken `hashiya.toml` is named by `check`).
fn language(entry: &Entry, text: &str) -> Language {
    let folder = entry.article.parent().unwrap_or(Path::new("."));
    Schema::for_folder(folder)
        .map_or_else(|_| crate::text::language::detect(text), |schema| schema.language_of(text))
}

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

/// The labels and kept types `annotation.conf` declares, gathered over the articles.
struct Labels<'a> {
    list: &'a mut Vec<String>,
    set: &'a mut BTreeSet<String>,
    kept: &'a mut Vec<(brat_preserved::Kind, String, Vec<String>)>,
}

/// Writes one article's brat files into `out`, notes what brat could not
/// hold as it is; returns the ids left out.
fn brat_article(
    article: &super::corpus::Article,
    out: &Path,
    labels: &mut Labels<'_>,
    bad_schemas: &mut HashSet<PathBuf>,
    progress: &mut Progress,
) -> Result<Vec<String>, ReviewError> {
    let store = &article.loaded.store;
    let name = article.entry.name();
    gather_labels(article, labels.list, labels.set, bad_schemas, progress);
    let exported = brat::export(&article.text, store);
    write(&out.join(&name), article.text.as_bytes())?;
    write(&out.join(format!("{}.ann", stem(&article.entry))), exported.ann.as_bytes())?;
    let shown = article.entry.article.display();
    if !exported.altered.is_empty() {
        progress.note(&format!(
            "hashiya: {shown}: brat cannot hold white space, controls or bidi controls in a label, \
             nor controls or line breaks in a note: written with `_` and spaces in {}",
            exported.altered.join(", ")
        ));
    }
    if !exported.renamed.is_empty() {
        progress.note(&format!(
            "hashiya: {shown}: `Claim` and `Cue` are the claim layer's brat types: the label of {} \
             is written with one more `_` (import reads it back)",
            exported.renamed.join(", ")
        ));
    }
    for why in &exported.left_out {
        progress.note(&format!("hashiya: {shown}: brat: {why}"));
    }
    labels.kept.extend(exported.kept_types);
    Ok(exported.skipped)
}

/// Writes one article's XMI into `out`; returns the ids left out.
fn xmi_article(
    article: &super::corpus::Article,
    out: &Path,
    progress: &mut Progress,
) -> Result<Vec<String>, ReviewError> {
    let exported = xmi::export(
        &stem(&article.entry),
        &article.entry.name(),
        &article.text,
        &article.loaded.store,
    );
    write(&out.join(format!("{}.xmi", stem(&article.entry))), exported.xmi.as_bytes())?;
    if exported.replaced > 0 {
        progress.note(&format!(
            "hashiya: {}: XML 1.0 cannot hold {} control character(s) of the text, labels or \
             notes: written as U+FFFD (offsets unchanged)",
            article.entry.article.display(),
            exported.replaced
        ));
    }
    Ok(exported.skipped)
}

/// Adds the labels `article`'s schema declares and its entities use to
/// `list` (in first-seen order, once each).
fn gather_labels(
    article: &super::corpus::Article,
    list: &mut Vec<String>,
    set: &mut BTreeSet<String>,
    bad_schemas: &mut HashSet<PathBuf>,
    progress: &mut Progress,
) {
    let folder = article.entry.article.parent().unwrap_or(Path::new("."));
    let declared = declared_labels(folder, bad_schemas, progress);
    let used = article.loaded.store.entities().map(|e| e.label.clone());
    for label in declared.into_iter().chain(used) {
        if set.insert(label.clone()) {
            list.push(label);
        }
    }
}

/// Writes `article`'s `NAME.conll` into `out`, naming the annotations it
/// cannot hold; returns how many.
fn export_conll(
    article: &Article,
    options: Options,
    out: &Path,
    progress: &mut Progress,
) -> Result<usize, ReviewError> {
    let language = language(&article.entry, &article.text);
    let (text, unheld) =
        conll::conll(&article.text, language, &article.loaded.store, options.claims);
    write(&out.join(format!("{}.conll", stem(&article.entry))), text.as_bytes())?;
    if !unheld.is_empty() {
        progress.note(&format!(
            "hashiya: {}: CoNLL holds two levels of nested entities{}: left out {}",
            article.entry.article.display(),
            if options.claims { " and one level of claims and cues" } else { "" },
            unheld.join(", ")
        ));
    }
    Ok(unheld.len())
}

/// Writes the files that hold the whole corpus: brat's `annotation.conf`,
/// the JSONL files, XMI's type system, Label Studio's tasks and config.
fn write_corpus_files(
    format: ExportFormat,
    out: &Path,
    labels: &[String],
    kept_types: &[(brat_preserved::Kind, String, Vec<String>)],
    jsonl_text: &str,
    tasks: &[serde_json::Value],
) -> Result<(), ReviewError> {
    match format {
        ExportFormat::Brat => {
            write(
                &out.join("annotation.conf"),
                brat::annotation_conf(labels, kept_types).as_bytes(),
            )?;
        }
        ExportFormat::Jsonl => write(&out.join(JSONL_FILE), jsonl_text.as_bytes())?,
        ExportFormat::Spacy => write(&out.join(SPACY_FILE), jsonl_text.as_bytes())?,
        ExportFormat::Conll => {}
        ExportFormat::Xmi => write(&out.join(xmi::TYPE_SYSTEM_FILE), xmi::TYPE_SYSTEM.as_bytes())?,
        ExportFormat::Labelstudio => {
            let json = safe::to_json(&tasks, true).map_err(|e| ReviewError::Output(e.into()))?;
            write(&out.join(labelstudio::TASKS_FILE), format!("{json}\n").as_bytes())?;
            let config = labelstudio::labeling_config(labels);
            write(&out.join(labelstudio::CONFIG_FILE), config.as_bytes())?;
        }
    }
    Ok(())
}

/// Exports `entries` in `format` into folder `out` (made if missing).
/// Returns the outcome and a summary for standard error.
pub fn run(
    entries: &[Entry],
    format: ExportFormat,
    options: Options,
    out: &Path,
) -> Result<Outcome, ReviewError> {
    prepare_out(entries, format, out)?;
    let mut labels: Vec<String> = Vec::new();
    let mut kept_types = Vec::new();
    let mut label_set = BTreeSet::new();
    let mut jsonl_text = String::new();
    let mut tasks = Vec::new();
    let mut not_held = 0usize;
    let (mut articles, mut entities, mut claims) = (0, 0, 0);
    let mut bad_schemas = HashSet::new();
    let skipped = for_each_article(entries, |article, progress| {
        let store = &article.loaded.store;
        let name = article.entry.name();
        let left_out = match format {
            ExportFormat::Brat => brat_article(
                article,
                out,
                &mut Labels { list: &mut labels, set: &mut label_set, kept: &mut kept_types },
                &mut bad_schemas,
                progress,
            )?,
            ExportFormat::Labelstudio => {
                gather_labels(article, &mut labels, &mut label_set, &mut bad_schemas, progress);
                let (task, left_out) = labelstudio::task(
                    tasks.len() + 1,
                    &stem(&article.entry),
                    &name,
                    &article.text,
                    store,
                );
                tasks.push(task);
                left_out
            }
            ExportFormat::Xmi => xmi_article(article, out, progress)?,
            ExportFormat::Jsonl | ExportFormat::Spacy => {
                let (value, left_out) = if format == ExportFormat::Jsonl {
                    jsonl::article(&stem(&article.entry), &name, &article.text, store)
                } else {
                    let language = language(&article.entry, &article.text);
                    spacy::article(&stem(&article.entry), &name, &article.text, language, store)
                };
                let line =
                    safe::to_json(&value, false).map_err(|e| ReviewError::Output(e.into()))?;
                jsonl_text.push_str(&line);
                jsonl_text.push('\n');
                left_out
            }
            ExportFormat::Conll => {
                not_held += export_conll(article, options, out, progress)?;
                store.orphans().iter().map(|a| a.id().to_owned()).collect()
            }
        };
        if !left_out.is_empty() {
            progress.note(&format!(
                "hashiya: {}: left out {} (orphans: their offsets are stale)",
                article.entry.article.display(),
                left_out.join(", ")
            ));
        }
        articles += 1;
        entities += store.entities().len();
        claims += store.claims().len();
        Ok(())
    })?;
    write_corpus_files(format, out, &labels, &kept_types, &jsonl_text, &tasks)?;
    let mut outcome = skipped_outcome(skipped);
    if outcome.summary.is_none() {
        outcome.summary = Some(format!(
            "exported {articles} article(s), {entities} entities, {claims} claims to {}",
            out.display()
        ));
    }
    if not_held > 0 {
        outcome.summary = Some(format!(
            "{}; {not_held} annotation(s) CoNLL cannot hold left out (named above)",
            outcome.summary.unwrap_or_default()
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
