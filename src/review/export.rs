//! `hashiya export`: the annotations of a corpus in other tools' formats,
//! written to a folder. Inputs are never written to.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::corpus::{Article, Entry, Progress, par_articles};
use super::list::skipped_outcome;
use super::registries::Registries;
use super::{
    Outcome, ReviewError, brat, brat_preserved, conll, jsonl, labelstudio, labelstudio_task, spacy,
    xmi,
};
use crate::annotate::Schema;
use crate::text::language::Language;

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

/// The language `folder`'s `hashiya.toml` declares, if any (a broken one
/// declares none: it is named by `check`).
fn declared_language(folder: &Path) -> Option<Language> {
    Schema::for_folder(folder).ok().and_then(|schema| schema.language)
}

/// Each folder's declared language ([`declared_language`]), read once.
fn folder_languages(entries: &[Entry]) -> HashMap<PathBuf, Option<Language>> {
    let mut languages = HashMap::new();
    // The entries of a folder come together: each run of them looked up once.
    let mut last: Option<&Path> = None;
    for entry in entries {
        let folder = entry.folder();
        if last == Some(folder) {
            continue;
        }
        last = Some(folder);
        if let std::collections::hash_map::Entry::Vacant(slot) =
            languages.entry(folder.to_path_buf())
        {
            let language = declared_language(slot.key());
            slot.insert(language);
        }
    }
    languages
}

/// The language of `entry`'s article: its folder's (from `languages`, each
/// folder's declared language read once), else detected from `text`.
fn language(languages: &HashMap<PathBuf, Option<Language>>, entry: &Entry, text: &str) -> Language {
    let folder = entry.folder();
    let declared = match languages.get(folder) {
        Some(declared) => *declared,
        None => declared_language(folder),
    };
    declared.unwrap_or_else(|| crate::text::language::detect(text))
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
    // Whether each article folder is `out` (entries of a folder come together).
    let mut last_folder: Option<(PathBuf, bool)> = None;
    for entry in entries {
        if !names.insert(entry.name_ref()) {
            return Err(ReviewError::Usage(format!(
                "two articles are named {}: export them to different folders",
                entry.name()
            )));
        }
        if format != ExportFormat::Brat {
            continue;
        }
        let folder = entry.article.parent().map(Path::to_path_buf).unwrap_or_default();
        let folder = if folder.as_os_str().is_empty() { PathBuf::from(".") } else { folder };
        let is_out = match &last_folder {
            Some((last, is_out)) if *last == folder => *is_out,
            _ => {
                let is_out = folder.canonicalize().ok().as_ref() == Some(&out_real);
                last_folder = Some((folder, is_out));
                is_out
            }
        };
        if is_out {
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
#[derive(Default)]
struct Exported {
    /// Labels `annotation.conf` or Label Studio's config must declare.
    labels: Vec<String>,
    /// brat relation and event types kept in `[[brat]]` tables.
    kept_types: Vec<(brat_preserved::Kind, String, Vec<String>)>,
    /// The JSON line with its `\n` (jsonl, spacy), written as it is.
    line: Option<Vec<u8>>,
    /// The Label Studio task as indented inside the array of tasks, up to
    /// its `id`'s number (given in order by the writer, then
    /// [`labelstudio_task::AFTER_ID`]).
    task: Option<Vec<u8>>,
    /// Annotations `CoNLL` cannot hold, left out.
    not_held: usize,
    /// Messages for standard error.
    notes: Vec<String>,
    entities: usize,
    claims: usize,
}

/// The line of `article` in a JSON Lines export (`jsonl` or `spacy`),
/// with its `\n`, and the ids of the annotations left out.
fn json_line(
    format: ExportFormat,
    languages: &HashMap<PathBuf, Option<Language>>,
    article: &Article,
    registry: &crate::corpus::Registry,
) -> serde_json::Result<(Vec<u8>, Vec<String>)> {
    let (id, file, text) = (stem(&article.entry), article.entry.name(), &article.text);
    let store = &article.loaded.store;
    if format == ExportFormat::Jsonl {
        let (line, skipped) = jsonl::article_line(&id, &file, text, store, registry)?;
        let mut line = line.into_bytes();
        line.push(b'\n');
        Ok((line, skipped))
    } else {
        let language = language(languages, &article.entry, text);
        let mut line = Vec::new();
        let skipped = spacy::write_article_line(&mut line, &id, &file, text, language, store);
        line.push(b'\n');
        Ok((line, skipped))
    }
}

/// The brat files of one article (`N` lines from `registry`), the notes
/// of what brat could not hold in `done`; the ids left out.
fn export_brat(
    out: &Path,
    registry: &crate::corpus::Registry,
    article: &Article,
    done: &mut Exported,
) -> Result<Vec<String>, ReviewError> {
    let (store, name) = (&article.loaded.store, article.entry.name());
    let shown = article.entry.article.display();
    let exported = brat::export_with(&article.text, store, registry);
    write(&out.join(&name), article.text.as_bytes())?;
    write(&out.join(format!("{}.ann", stem(&article.entry))), exported.ann.as_bytes())?;
    if !exported.altered.is_empty() {
        done.notes.push(format!(
            "hashiya: {shown}: brat cannot hold white space, controls or bidi controls in \
             a label, nor controls or line breaks in a note: written with `_` and spaces \
             in {}",
            exported.altered.join(", ")
        ));
    }
    if !exported.renamed.is_empty() {
        done.notes.push(format!(
            "hashiya: {shown}: `Claim` and `Cue` are the claim layer's brat types: the \
             label of {} is written with one more `_` (import reads it back)",
            exported.renamed.join(", ")
        ));
    }
    done.notes.extend(exported.left_out.iter().map(|why| format!("hashiya: {shown}: brat: {why}")));
    done.kept_types = exported.kept_types;
    Ok(exported.skipped)
}

/// The labels of `store`'s entities that its folder does not declare
/// (`declared`), each once, in order: the writer adds them after the
/// folder's declared labels and keeps the first of each over the corpus.
/// (Usually none: nothing is allocated then.)
fn article_labels(
    declared: Option<&HashSet<String>>,
    store: &crate::annotate::Store,
) -> Vec<String> {
    let mut seen = HashSet::new();
    store
        .entities()
        .map(|e| e.label.as_str())
        .filter(|label| !declared.is_some_and(|d| d.contains(*label)) && seen.insert(*label))
        .map(str::to_owned)
        .collect()
}

/// The labels `annotation.conf` or Label Studio's config declares: those
/// of each article's folder's schema, then its other entity labels, each
/// once, in the order first seen.
#[derive(Default)]
struct Labels {
    list: Vec<String>,
    seen: BTreeSet<String>,
    /// The folders whose declared labels are in `list` already.
    folders: HashSet<PathBuf>,
}

impl Labels {
    /// Adds the labels of an article of `folder` declaring `declared`,
    /// with `others` (its entity labels `declared` lacks).
    fn add(&mut self, folder: &Path, declared: Option<&Vec<String>>, others: Vec<String>) {
        if let Some(declared) = declared
            && !self.folders.contains(folder)
        {
            self.folders.insert(folder.to_path_buf());
            for label in declared {
                if self.seen.insert(label.clone()) {
                    self.list.push(label.clone());
                }
            }
        }
        for label in others {
            if self.seen.insert(label.clone()) {
                self.list.push(label);
            }
        }
    }
}

/// Exports one article (its own files written here, on a worker thread),
/// with `declared`: the labels each folder's schema declares.
fn export_one(
    format: ExportFormat,
    options: Options,
    out: &Path,
    declared: &HashMap<PathBuf, (Vec<String>, HashSet<String>)>,
    languages: &HashMap<PathBuf, Option<Language>>,
    registries: &Registries,
    article: &Article,
) -> Result<Exported, ReviewError> {
    let store = &article.loaded.store;
    let name = article.entry.name();
    let shown = article.entry.article.display();
    let mut done = Exported {
        entities: store.entities().len(),
        claims: store.claims().len(),
        ..Exported::default()
    };
    if matches!(format, ExportFormat::Brat | ExportFormat::Labelstudio) {
        let folder = article.entry.folder();
        done.labels = article_labels(declared.get(folder).map(|d| &d.1), store);
    }
    let left_out = match format {
        ExportFormat::Brat => export_brat(out, registries.of(&article.entry), article, &mut done)?,
        ExportFormat::Labelstudio => {
            let article_id = stem(&article.entry);
            let (task, left_out) = labelstudio::task(0, &article_id, &name, &article.text, store);
            let mut nested = Vec::with_capacity(article.text.len() * 3);
            labelstudio_task::write_nested(&mut nested, &task);
            done.task = Some(nested);
            left_out
        }
        ExportFormat::Xmi => {
            let exported = xmi::export(&stem(&article.entry), &name, &article.text, store);
            write(&out.join(format!("{}.xmi", stem(&article.entry))), exported.xmi.as_bytes())?;
            if exported.replaced > 0 {
                done.notes.push(format!(
                    "hashiya: {shown}: XML 1.0 cannot hold {} control character(s) of the text, \
                     labels or notes: written as U+FFFD (offsets unchanged)",
                    exported.replaced
                ));
            }
            exported.skipped
        }
        ExportFormat::Jsonl | ExportFormat::Spacy => {
            let (line, left_out) =
                json_line(format, languages, article, registries.of(&article.entry))
                    .map_err(|e| ReviewError::Output(e.into()))?;
            done.line = Some(line);
            left_out
        }
        ExportFormat::Conll => {
            let language = language(languages, &article.entry, &article.text);
            let (text, unheld) = conll::conll(&article.text, language, store, options.claims);
            write(&out.join(format!("{}.conll", stem(&article.entry))), text.as_bytes())?;
            if !unheld.is_empty() {
                done.notes.push(format!(
                    "hashiya: {shown}: CoNLL holds two levels of nested entities{}: left out {}",
                    if options.claims { " and one level of claims and cues" } else { "" },
                    unheld.join(", ")
                ));
            }
            done.not_held = unheld.len();
            store.orphans().iter().map(|a| a.id().to_owned()).collect()
        }
    };
    if !left_out.is_empty() {
        done.notes.push(format!(
            "hashiya: {shown}: left out {} (orphans: their offsets are stale)",
            left_out.join(", ")
        ));
    }
    Ok(done)
}

/// Writes the files that hold the whole corpus once every article is
/// done: brat's `annotation.conf`, XMI's type system, Label Studio's
/// config (the JSON Lines files and Label Studio's tasks are written as
/// they come).
fn write_corpus_files(
    format: ExportFormat,
    out: &Path,
    labels: &[String],
    kept_types: &[(brat_preserved::Kind, String, Vec<String>)],
) -> Result<(), ReviewError> {
    match format {
        ExportFormat::Brat => {
            write(
                &out.join("annotation.conf"),
                brat::annotation_conf(labels, kept_types).as_bytes(),
            )?;
        }
        ExportFormat::Jsonl | ExportFormat::Spacy | ExportFormat::Conll => {}
        ExportFormat::Xmi => write(&out.join(xmi::TYPE_SYSTEM_FILE), xmi::TYPE_SYSTEM.as_bytes())?,
        ExportFormat::Labelstudio => {
            let config = labelstudio::labeling_config(labels);
            write(&out.join(labelstudio::CONFIG_FILE), config.as_bytes())?;
        }
    }
    Ok(())
}

/// The one file of JSON Lines or of Label Studio's tasks, written as the
/// articles come (the tasks: one pretty JSON array, item by item): its path,
/// and the file opened when `format` has one, with the [`Lines`] that write
/// to it (which empty it first when it was opened as it was).
fn open_stream(
    format: ExportFormat,
    out: &Path,
) -> Result<(PathBuf, Option<std::io::BufWriter<std::fs::File>>, Lines), ReviewError> {
    let path = out.join(match format {
        ExportFormat::Spacy => SPACY_FILE,
        ExportFormat::Labelstudio => labelstudio::TASKS_FILE,
        _ => JSONL_FILE,
    });
    // The file, and whether it is still to be emptied.
    let (file, to_empty) = match format {
        // Opened now (so that a folder not writable is named before any
        // work) but emptied by [`Lines::write`], once the workers are busy:
        // freeing an earlier export's pages (≈ 50 ms for spaCy's 421 MB of
        // 10,000 articles) then overlaps their work.
        ExportFormat::Jsonl | ExportFormat::Spacy => (
            Some(
                std::fs::OpenOptions::new()
                    .write(true)
                    .create(true)
                    .truncate(false)
                    .open(&path)
                    .map_err(|e| ReviewError::io(&path, e))?,
            ),
            true,
        ),
        // Emptied as it opens: its tasks are written to it directly.
        ExportFormat::Labelstudio => {
            (Some(std::fs::File::create(&path).map_err(|e| ReviewError::io(&path, e))?), false)
        }
        _ => (None, false),
    };
    let lines = Lines { emptied: !to_empty, ..Lines::default() };
    Ok((path, file.map(std::io::BufWriter::new), lines))
}

/// JSON lines waiting to be written, in order: written together (a
/// system call for about [`Lines::BYTES`], each line from where its worker
/// made it, not copied into a buffer first).
#[derive(Default)]
struct Lines {
    waiting: Vec<Vec<u8>>,
    bytes: usize,
    /// True once the file is emptied of what it held ([`open_stream`]).
    emptied: bool,
}

impl Lines {
    /// Bytes gathered before they are written.
    const BYTES: usize = 1 << 20;
    /// Most lines written by one system call (below the system's limit of
    /// buffers for one call, 1024 on Linux).
    const MAX: usize = 256;

    /// Adds `line`, writing the lines to `file` once they are enough.
    fn push(
        &mut self,
        file: &mut std::io::BufWriter<std::fs::File>,
        line: Vec<u8>,
    ) -> std::io::Result<()> {
        self.bytes += line.len();
        self.waiting.push(line);
        if self.bytes >= Self::BYTES || self.waiting.len() >= Self::MAX {
            self.write(file)?;
        }
        Ok(())
    }

    /// Writes the lines waiting to `file` (after what its buffer holds).
    fn write(&mut self, file: &mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()> {
        use std::io::{IoSlice, Write as _};
        file.flush()?;
        let file = file.get_mut();
        if !self.emptied {
            // A regular file only: a FIFO or a device has nothing to free
            // (and `O_TRUNC`, which `File::create` would have used, left it alone).
            if file.metadata()?.is_file() {
                file.set_len(0)?;
            }
            self.emptied = true;
        }
        let mut slices: Vec<IoSlice<'_>> = self.waiting.iter().map(|l| IoSlice::new(l)).collect();
        let mut rest = &mut slices[..];
        // Empty lines would never be taken off.
        IoSlice::advance_slices(&mut rest, 0);
        while !rest.is_empty() {
            match file.write_vectored(rest) {
                Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
                Ok(n) => IoSlice::advance_slices(&mut rest, n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.waiting.clear();
        self.bytes = 0;
        Ok(())
    }
}

/// Exports `entries` in `format` into folder `out` (made if missing).
/// Returns the outcome and a summary for standard error. Articles are read
/// and their files written on every core; a JSON Lines file is written as
/// the lines come, in order.
pub fn run(
    entries: &[Entry],
    format: ExportFormat,
    options: Options,
    out: &Path,
) -> Result<Outcome, ReviewError> {
    prepare_out(entries, format, out)?;
    let mut labels = Labels::default();
    let mut kept_types = Vec::new();
    let mut tasks = 0usize;
    let mut not_held = 0usize;
    let (mut articles, mut entities, mut claims) = (0, 0, 0);
    // Each folder's declared labels, read once (a broken hashiya.toml is named once).
    let mut bad_schemas = HashSet::new();
    let mut declared: HashMap<PathBuf, (Vec<String>, HashSet<String>)> = HashMap::new();
    if matches!(format, ExportFormat::Brat | ExportFormat::Labelstudio) {
        let mut progress = Progress::new(0);
        for entry in entries {
            let folder = entry.folder().to_path_buf();
            if let std::collections::hash_map::Entry::Vacant(slot) = declared.entry(folder) {
                let labels = declared_labels(slot.key(), &mut bad_schemas, &mut progress);
                let set = labels.iter().cloned().collect();
                slot.insert((labels, set));
            }
        }
    }
    let languages = if matches!(format, ExportFormat::Spacy | ExportFormat::Conll) {
        folder_languages(entries)
    } else {
        HashMap::new()
    };
    // Links to canonical entities: brat `N` lines, JSONL `entity` and `kb_id`.
    let registries = if matches!(format, ExportFormat::Brat | ExportFormat::Jsonl) {
        Registries::read(entries)?
    } else {
        Registries::default()
    };
    let (jsonl_path, mut jsonl, mut lines) = open_stream(format, out)?;
    let work = |(): &mut (), article: &Article| {
        export_one(format, options, out, &declared, &languages, &registries, article)
    };
    let done = par_articles(
        entries,
        || (),
        work,
        |entry, done, progress| {
            for note in &done.notes {
                progress.note(note);
            }
            let folder = entry.folder();
            labels.add(folder, declared.get(folder).map(|d| &d.0), done.labels);
            kept_types.extend(done.kept_types);
            if let (Some(file), Some(line)) = (jsonl.as_mut(), done.line) {
                lines.push(file, line).map_err(|e| ReviewError::io(&jsonl_path, e))?;
            }
            if let (Some(file), Some(before)) = (jsonl.as_mut(), done.task) {
                use std::io::Write as _;
                tasks += 1;
                let sep = if tasks == 1 { "[\n  " } else { ",\n  " };
                file.write_all(sep.as_bytes())
                    .and_then(|()| file.write_all(&before))
                    .and_then(|()| write!(file, "{tasks}{}", labelstudio_task::AFTER_ID))
                    .map_err(|e| ReviewError::io(&jsonl_path, e))?;
            }
            not_held += done.not_held;
            articles += 1;
            entities += done.entities;
            claims += done.claims;
            Ok(())
        },
    );
    // On an error, the lines made before it are in the file (as when each
    // was written as it came).
    if let (Err(_), Some(file)) = (&done, jsonl.as_mut()) {
        let _ = lines.write(file);
    }
    let skipped = done?;
    if let Some(mut file) = jsonl {
        use std::io::Write as _;
        lines.write(&mut file).map_err(|e| ReviewError::io(&jsonl_path, e))?;
        if format == ExportFormat::Labelstudio {
            let end = if tasks == 0 { "[]\n" } else { "\n]\n" };
            file.write_all(end.as_bytes()).map_err(|e| ReviewError::io(&jsonl_path, e))?;
        }
        file.flush().map_err(|e| ReviewError::io(&jsonl_path, e))?;
    }
    write_corpus_files(format, out, &labels.list, &kept_types)?;
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
