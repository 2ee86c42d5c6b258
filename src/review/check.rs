//! `hashiya check`: every problem of a sidecar **as it is in the file**.
//!
//! Loading a sidecar in the reader re-anchors spans whose quoted text does
//! not match the article; `check` does not: it parses the file without
//! re-anchoring ([`parse_unanchored`]) and reports, with the line and column
//! of the value at fault:
//!
//! - errors: invalid UTF-8 or TOML (every syntax error TOML finds), breaks of
//!   the sidecar rules (wrong types, missing fields, `start` after `end`,
//!   duplicate ids, a `claimant` naming no entity… the first one only, as
//!   the loader stops there), offsets past the end of the article, quoted
//!   text (of an entity, a claim or a cue) that is not the article's text at
//!   its offsets, an article that changed since the sidecar was saved
//!   (`sha256` differs), a sidecar whose article is missing or unreadable;
//! - warnings: no `sha256`, `[article] file` naming another file, a label
//!   that is not in the schema, an empty span, two entities with the same
//!   label and span.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use std::io::Write;

use super::corpus::{Entry, Progress};
use super::{Outcome, ReviewError};
use crate::annotate::anchor::CharIndex;
use crate::annotate::line_column;
use crate::annotate::sidecar::{article_file_name, sha256_hex};
use crate::annotate::{Entity, Schema, SchemaError, SidecarError, parse_unanchored};
use crate::limits::{Input, read_file};
use crate::text::load::read_article;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The sidecar is wrong: `check` exits with 1.
    Error,
    /// Worth a look; `check` still exits with 0 unless `--strict`.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Error => "error",
            Self::Warning => "warning",
        })
    }
}

/// One finding: `path:line:column: severity: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file at fault (usually the sidecar).
    pub path: PathBuf,
    /// 1-based line and column (in `char`s), when the finding has a place.
    pub at: Option<(usize, usize)>,
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.path.display())?;
        if let Some((line, column)) = self.at {
            write!(f, "{line}:{column}:")?;
        }
        write!(f, " {}: {}", self.severity, self.message)
    }
}

/// Where the values of one `[[entity]]` or `[[claim]]` are in the file.
#[derive(Debug, Default)]
struct Places {
    /// The whole table.
    item: Range<usize>,
    /// Byte spans of its values by key (`cue.start` for the cue's).
    values: HashMap<String, Range<usize>>,
}

impl Places {
    fn of(item: &toml::Spanned<DeValue<'_>>) -> Self {
        let mut places = Self { item: item.span(), values: HashMap::new() };
        if let Some(table) = item.get_ref().as_table() {
            collect_values(table, "", &mut places.values);
        }
        places
    }

    /// The span of value `key`, or of the whole table.
    fn at(&self, key: &str) -> Range<usize> {
        self.values.get(key).cloned().unwrap_or_else(|| self.item.clone())
    }
}

fn collect_values(table: &DeTable<'_>, prefix: &str, out: &mut HashMap<String, Range<usize>>) {
    for (key, value) in table {
        let name = format!("{prefix}{}", key.get_ref());
        if let Some(inner) = value.get_ref().as_table() {
            collect_values(inner, &format!("{name}."), out);
        }
        out.insert(name, value.span());
    }
}

/// The places of every annotation and of `[article]` in a sidecar that parses.
#[derive(Debug, Default)]
struct Layout {
    entities: Vec<Places>,
    claims: Vec<Places>,
    article: Places,
    file: Option<String>,
}

fn layout(source: &str) -> Layout {
    let mut layout = Layout::default();
    let Ok(root) = DeTable::parse(source) else { return layout };
    for (key, value) in root.get_ref() {
        let items = || value.get_ref().as_array().into_iter().flatten();
        match key.get_ref().as_ref() {
            "entity" => layout.entities = items().map(Places::of).collect(),
            "claim" => layout.claims = items().map(Places::of).collect(),
            "article" => {
                layout.article = Places::of(value);
                layout.file = value
                    .get_ref()
                    .as_table()
                    .and_then(|t| t.iter().find(|(k, _)| k.get_ref() == "file"))
                    .and_then(|(_, v)| v.get_ref().as_str().map(str::to_owned));
            }
            _ => {}
        }
    }
    layout
}

/// Collects findings for one sidecar.
struct Findings<'a> {
    path: &'a Path,
    source: &'a str,
    out: Vec<Diagnostic>,
}

impl Findings<'_> {
    fn push(&mut self, severity: Severity, span: Option<&Range<usize>>, message: String) {
        let at = span.map(|s| line_column(self.source, s.start));
        self.out.push(Diagnostic { path: self.path.to_path_buf(), at, severity, message });
    }
}

/// Short quotation of `text` for a message.
pub(crate) fn quote(text: &str) -> String {
    const MAX: usize = 40;
    let mut short: String = text.chars().take(MAX).collect();
    if text.chars().count() > MAX {
        short.push('…');
    }
    format!("{short:?}")
}

/// Checks one span against the article; `what` names it, `prefix` is `""`
/// or `"cue."` for the keys of its values.
#[allow(clippy::too_many_arguments)]
fn check_span(
    f: &mut Findings<'_>,
    index: &CharIndex<'_>,
    chars: usize,
    places: &Places,
    prefix: &str,
    what: &str,
    span: (usize, usize),
    text: &str,
) {
    let (start, end) = span;
    if end > chars {
        let key = if start > chars { "start" } else { "end" };
        let value = if start > chars { start } else { end };
        f.push(
            Severity::Error,
            Some(&places.at(&format!("{prefix}{key}"))),
            format!("{what}: `{key}` ({value}) is past the end of the article ({chars} chars)"),
        );
        return;
    }
    if start == end {
        f.push(
            Severity::Warning,
            Some(&places.at(&format!("{prefix}start"))),
            format!("{what}: empty span {start}..{end}"),
        );
    }
    let actual = index.slice(start..end).unwrap_or_default();
    if actual == text {
        return;
    }
    let hint = match index.find_near(text, start) {
        Some(s) if !text.is_empty() => format!(
            "; the quoted text is at {s}..{}: re-open the article in hashiya to re-anchor",
            s + text.chars().count()
        ),
        _ => "; the quoted text is nowhere in the article (an orphan)".to_owned(),
    };
    f.push(
        Severity::Error,
        Some(&places.at(&format!("{prefix}text"))),
        format!(
            "{what}: `text` {} is not the article's text at {start}..{end}, {}{hint}",
            quote(text),
            quote(actual)
        ),
    );
}

/// Warnings about labels: not in the schema, or the same label and span twice.
fn label_findings(f: &mut Findings<'_>, entities: &[Entity], layout: &Layout, schema: &Schema) {
    for (i, e) in entities.iter().enumerate() {
        let places = layout.entities.get(i).unwrap_or(&layout.article);
        if schema.label(&e.label).is_none() {
            let names: Vec<&str> = schema.labels.iter().map(|l| l.name.as_str()).collect();
            f.push(
                Severity::Warning,
                Some(&places.at("label")),
                format!(
                    "entity `{}`: label `{}` is not in the schema ({})",
                    e.id,
                    e.label,
                    names.join(", ")
                ),
            );
        }
        if let Some(twin) =
            entities[..i].iter().find(|o| (o.start, o.end, &o.label) == (e.start, e.end, &e.label))
        {
            f.push(
                Severity::Warning,
                Some(&places.at("id")),
                format!("entity `{}` has the same label and span as `{}`", e.id, twin.id),
            );
        }
    }
}

/// Every finding for the sidecar text `source` (at `sidecar`) of the
/// article named `article_name` with text `article` (`None`: the article
/// is missing or unreadable, already reported), under `schema`.
pub fn check_source(
    sidecar: &Path,
    source: &str,
    article_name: &str,
    article: Option<&str>,
    schema: &Schema,
) -> Vec<Diagnostic> {
    let mut f = Findings { path: sidecar, source, out: Vec::new() };
    let parsed = match parse_unanchored(source, sidecar) {
        Ok(parsed) => parsed,
        Err(SidecarError::Syntax { .. }) => {
            // Every syntax error TOML can find, not only the first.
            let (_, errors) = DeTable::parse_recoverable(source);
            for e in errors {
                let span = e.span().unwrap_or(0..0);
                f.push(Severity::Error, Some(&span), e.message().trim().to_owned());
            }
            return f.out;
        }
        Err(e) => {
            let message = match &e {
                SidecarError::Schema { message, .. } => message.clone(),
                other => other.to_string(),
            };
            let at = e.line_column();
            f.out.push(Diagnostic {
                path: sidecar.to_path_buf(),
                at,
                severity: Severity::Error,
                message,
            });
            return f.out;
        }
    };
    let layout = layout(source);
    if let Some(file) = &layout.file {
        if file != article_name {
            f.push(
                Severity::Warning,
                Some(&layout.article.at("file")),
                format!(
                    "`[article] file` is {file:?}, but this sidecar belongs to {article_name:?}"
                ),
            );
        }
    }
    label_findings(&mut f, &parsed.entities, &layout, schema);
    let Some(text) = article else { return f.out };
    let index = CharIndex::new(text);
    let chars = text.chars().count();
    for (i, e) in parsed.entities.iter().enumerate() {
        let places = layout.entities.get(i).unwrap_or(&layout.article);
        let what = format!("entity `{}`", e.id);
        check_span(&mut f, &index, chars, places, "", &what, (e.start, e.end), &e.text);
    }
    for (i, c) in parsed.claims.iter().enumerate() {
        let places = layout.claims.get(i).unwrap_or(&layout.article);
        let what = format!("claim `{}`", c.id);
        check_span(&mut f, &index, chars, places, "", &what, (c.start, c.end), &c.text);
        if let Some(cue) = &c.cue {
            let what = format!("cue of claim `{}`", c.id);
            check_span(
                &mut f,
                &index,
                chars,
                places,
                "cue.",
                &what,
                (cue.start, cue.end),
                &cue.text,
            );
        }
    }
    let hash = sha256_hex(text.as_bytes());
    match &parsed.sha256 {
        None => f.push(
            Severity::Warning,
            Some(&layout.article.item),
            "`[article]` has no `sha256`: changes to the article cannot be detected".to_owned(),
        ),
        Some(h) if *h != hash => f.push(
            Severity::Error,
            Some(&layout.article.at("sha256")),
            "the article changed since this sidecar was saved (`sha256` differs): \
             re-open it in hashiya to re-anchor and save"
                .to_owned(),
        ),
        Some(_) => {}
    }
    f.out.sort_by_key(|d| (d.at, d.severity));
    f.out
}

/// Schemas by folder, read once each.
#[derive(Debug, Default)]
pub struct Schemas {
    by_folder: HashMap<PathBuf, Schema>,
}

impl Schemas {
    /// The schema for articles in `folder`; a broken `hashiya.toml` is
    /// reported (once) in `out` and the built-in schema used.
    pub fn get(&mut self, folder: &Path, out: &mut Vec<Diagnostic>) -> &Schema {
        self.by_folder.entry(folder.to_path_buf()).or_insert_with(|| {
            Schema::for_folder(folder).unwrap_or_else(|e| {
                out.push(match e {
                    SchemaError::Invalid { path, line, column, message } => Diagnostic {
                        path,
                        at: Some((line, column)),
                        severity: Severity::Error,
                        message,
                    },
                    SchemaError::Io { path, source } => Diagnostic {
                        path,
                        at: None,
                        severity: Severity::Error,
                        message: source.to_string(),
                    },
                });
                Schema::builtin()
            })
        })
    }
}

/// Every finding for one entry: its article and sidecar read from disk.
/// Unreadable files are findings too.
pub fn check_entry(entry: &Entry, schemas: &mut Schemas) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let error = |path: &Path, message: String| Diagnostic {
        path: path.to_path_buf(),
        at: None,
        severity: Severity::Error,
        message,
    };
    let source = match read_file(&entry.sidecar, Input::Data) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                out.push(error(&entry.sidecar, format!("not valid UTF-8 at byte offset {at}")));
                return out;
            }
        },
        // An article never annotated has nothing to check.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return out,
        Err(e) => {
            out.push(error(&entry.sidecar, e.to_string()));
            return out;
        }
    };
    let article = if entry.article.is_file() {
        match read_article(&entry.article) {
            Ok(text) => Some(text),
            Err(e) => {
                out.push(error(&entry.article, format!("cannot check offsets: {e}")));
                None
            }
        }
    } else {
        out.push(error(
            &entry.sidecar,
            format!("no article {} beside this sidecar", entry.article.display()),
        ));
        None
    };
    let folder = match entry.article.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let schema = schemas.get(folder, &mut out).clone();
    out.extend(check_source(
        &entry.sidecar,
        &source,
        &article_file_name(&entry.sidecar),
        article.as_deref(),
        &schema,
    ));
    out
}

/// Checks every entry, writing each finding to `out` as a line. Errors
/// (and, when `strict`, warnings) are the outcome's problems.
pub fn run(entries: &[Entry], strict: bool, out: &mut dyn Write) -> Result<Outcome, ReviewError> {
    let mut schemas = Schemas::default();
    let mut progress = Progress::new(entries.len());
    let (mut errors, mut warnings, mut sidecars) = (0, 0, 0);
    for (i, entry) in entries.iter().enumerate() {
        progress.step(i, &entry.name());
        sidecars += usize::from(entry.sidecar.is_file());
        let found = check_entry(entry, &mut schemas);
        if found.is_empty() {
            continue;
        }
        progress.clear();
        let mut text = String::new();
        for d in &found {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            text.push_str(&d.to_string());
            text.push('\n');
        }
        out.write_all(text.as_bytes()).map_err(ReviewError::Output)?;
    }
    out.flush().map_err(ReviewError::Output)?;
    let summary =
        format!("checked {sidecars} sidecar(s): {errors} error(s), {warnings} warning(s)");
    let problems = errors + if strict { warnings } else { 0 };
    Ok(Outcome { problems, summary: Some(summary) })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "قال وزير الدفاع لي شانغفو إن الصين مستعدة.";

    fn sidecar(body: &str) -> String {
        format!(
            "schema = 1\n\n[article]\nfile = \"a.txt\"\nsha256 = \"{}\"\n{body}",
            sha256_hex(ARTICLE.as_bytes())
        )
    }

    fn run(source: &str) -> Vec<String> {
        check_source(
            Path::new("a.txt.ann.toml"),
            source,
            "a.txt",
            Some(ARTICLE),
            &Schema::builtin(),
        )
        .iter()
        .map(ToString::to_string)
        .collect()
    }

    #[test]
    fn a_matching_sidecar_is_clean() {
        // "لي شانغفو" starts after "قال وزير الدفاع " (16 chars) and has 9.
        let body = "\n[[entity]]\nid = \"e1\"\nlabel = \"PERSON\"\nstart = 16\nend = 25\ntext = \"لي شانغفو\"\n";
        assert_eq!(run(&sidecar(body)), Vec::<String>::new());
    }

    #[test]
    fn a_wrong_offset_is_reported_at_its_text_not_re_anchored() {
        let body = "\n[[entity]]\nid = \"e1\"\nlabel = \"PERSON\"\nstart = 15\nend = 24\ntext = \"لي شانغفو\"\n";
        let found = run(&sidecar(body));
        assert_eq!(found.len(), 1, "{found:?}");
        // Line 12 holds `text = …`; the value starts at column 8.
        assert!(found[0].starts_with("a.txt.ann.toml:12:8: error: entity `e1`"), "{found:?}");
        assert!(found[0].contains("at 16..25"), "{found:?}");
    }

    #[test]
    fn every_syntax_error_is_reported() {
        let found = run("schema = 1\nx = = 2\n[article\n");
        assert!(found.len() >= 2, "{found:?}");
        assert!(found[0].starts_with("a.txt.ann.toml:2:"), "{found:?}");
    }

    #[test]
    fn drift_is_an_error_and_a_missing_hash_a_warning() {
        let drift = sidecar("").replace(&sha256_hex(ARTICLE.as_bytes()), "00");
        let found = run(&drift);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("a.txt.ann.toml:5:10: error: the article changed"),
            "{found:?}"
        );
        let found = run("schema = 1\n[article]\nfile = \"a.txt\"\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].contains(": warning: "), "{found:?}");
    }
}
