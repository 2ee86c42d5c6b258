//! `hashiya claims CORPUS [--by NAME]`: who said what across the corpus,
//! each claimant resolved to its canonical entity when the claimant mention
//! is linked (see [`crate::corpus::registry`]).
//!
//! The articles are read on the machine's cores and the claims written as
//! each article comes in, in article order ([`super::corpus::par_articles`]):
//! the output streams and memory holds a few articles at a time, plus one
//! count per article for each canonical claimant (the closing summary).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write;

use serde_json::json;

use super::corpus::{Entry, par_articles};
use super::list::skipped_outcome;
use super::registries::Registries;
use super::{Outcome, ReviewError};
use crate::corpus::{ArticleData, Registry, entity_key};
use crate::text::safe::{self, line, tsv_field};

/// Output formats of `claims` and `entities`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WhoFormat {
    /// Aligned lines for people.
    Table,
    /// Tab-separated values with a header row (tabs and line breaks in
    /// values escaped as `\t`, `\n`).
    Tsv,
    /// One JSON object.
    Json,
}

/// One claim as `claims` lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ClaimRow {
    /// The article's file name.
    pub article: String,
    /// The claim's id.
    pub id: String,
    /// The claimant: the canonical entity's name when linked, else as written.
    pub claimant: String,
    /// The canonical entity's id, when the claimant mention is linked.
    pub entity: Option<String>,
    /// Its knowledge-base id, when it has one.
    pub kb_id: Option<String>,
    /// The claimant as written in the article.
    pub mention: String,
    /// The cue's text.
    pub cue: String,
    /// `direct`, `indirect` or `mixed`.
    pub kind: String,
    /// The claim's text.
    pub content: String,
}

/// Who `--by` asks for: the canonical entities the name names (in every
/// registry), their names' keys, and the name's own key.
struct By {
    key: String,
    ids: BTreeSet<String>,
    keys: BTreeSet<String>,
}

impl By {
    fn new(name: &str, registries: &Registries) -> Self {
        let (mut ids, mut keys) = (BTreeSet::new(), BTreeSet::new());
        for (_, registry) in registries.iter() {
            for e in registry.named(name) {
                ids.insert(e.id.clone());
                keys.extend(e.names().map(entity_key));
            }
        }
        Self { key: entity_key(name.trim()), ids, keys }
    }

    /// True when the claim of `row`, whose claimant's key is `key`, is by
    /// the one asked for: linked to an entity the name names, or, not
    /// linked, written with the same key as the name or one of such an
    /// entity's names.
    fn matches(&self, registry: &Registry, row: &ClaimRow, key: &str) -> bool {
        match &row.entity {
            Some(id) if registry.get(id).is_some() => self.ids.contains(id),
            _ => !key.is_empty() && (key == self.key || self.keys.contains(key)),
        }
    }
}

/// The claims of one article, resolved with `registry`, filtered by `by`.
fn rows(entry: &Entry, data: &ArticleData, registry: &Registry, by: Option<&By>) -> Vec<ClaimRow> {
    data.claims
        .iter()
        .filter_map(|c| {
            let canonical = c.link.as_deref().and_then(|id| registry.get(id));
            let row = ClaimRow {
                article: entry.name(),
                id: c.id.clone(),
                claimant: canonical.map_or_else(|| c.claimant.clone(), |k| k.name.clone()),
                entity: canonical.map(|k| k.id.clone()),
                kb_id: canonical.and_then(|k| k.kb_id.clone()),
                mention: c.claimant.clone(),
                cue: c.cue.clone(),
                kind: c.kind.clone(),
                content: c.text.clone(),
            };
            by.is_none_or(|b| b.matches(registry, &row, &entity_key(&c.claimant))).then_some(row)
        })
        .collect()
}

/// The mentions of the canonical entities that made the claims listed: per
/// entity, per article, the forms as written and how often.
type Mentions = BTreeMap<String, BTreeMap<String, BTreeMap<String, usize>>>;

/// Lists the claims of `entries` (only those by `by`, when given) to `out`.
pub fn run(
    entries: &[Entry],
    by: Option<&str>,
    format: WhoFormat,
    out: &mut dyn Write,
) -> Result<Outcome, ReviewError> {
    let registries = Registries::read(entries)?;
    let by = by.map(|name| By::new(name, &registries));
    let output = |e: std::io::Error| ReviewError::Output(e);
    match format {
        WhoFormat::Tsv => out
            .write_all(b"article\tclaim\tclaimant\tentity\tkb_id\tmention\tcue\tkind\tcontent\n")
            .map_err(output)?,
        WhoFormat::Json => out.write_all(b"{\n  \"claims\": [").map_err(output)?,
        WhoFormat::Table => {}
    }
    let mut first = true;
    let mut listed = 0usize;
    let mut claimants: BTreeSet<String> = BTreeSet::new();
    let mut mentions: Mentions = BTreeMap::new();
    let skipped = par_articles(
        entries,
        || (),
        |(), article| {
            let registry = registries.of(&article.entry);
            let data = ArticleData::of(&article.loaded.store);
            let rows = rows(&article.entry, &data, registry, by.as_ref());
            let linked: Vec<(String, String)> = data
                .entities
                .iter()
                .filter_map(|e| e.link.clone().map(|l| (l, e.text.clone())))
                .collect();
            Ok((rows, linked))
        },
        |entry, (rows, linked), _| {
            for (link, text) in linked {
                let per_article = mentions.entry(link).or_default();
                *per_article.entry(entry.name()).or_default().entry(text).or_default() += 1;
            }
            let mut text = String::new();
            for row in &rows {
                claimants.extend(row.entity.clone());
                listed += 1;
                write_row(&mut text, row, format, &mut first);
            }
            out.write_all(text.as_bytes()).map_err(output)
        },
    )?;
    mentions.retain(|id, _| claimants.contains(id));
    let mut tail = String::new();
    let registry_of = |id: &str| registries.iter().find_map(|(_, r)| r.get(id));
    match format {
        WhoFormat::Table => {
            if listed == 0 {
                tail.push_str("(no claims)\n");
            }
            for (id, articles) in &mentions {
                let Some(k) = registry_of(id) else { continue };
                let total: usize = articles.values().flat_map(BTreeMap::values).sum();
                let kb = k.kb_id.as_deref().map(|q| format!(", {q}")).unwrap_or_default();
                let _ = writeln!(
                    tail,
                    "\n{} ({}{kb}): {total} mention(s) in {} article(s)",
                    line(&k.name),
                    line(&k.id),
                    articles.len()
                );
                for (article, forms) in articles {
                    let forms: Vec<String> =
                        forms.iter().map(|(f, n)| format!("{} ×{n}", line(f))).collect();
                    let _ = writeln!(tail, "  {}: {}", line(article), forms.join(", "));
                }
            }
        }
        WhoFormat::Tsv => {}
        WhoFormat::Json => {
            let resolved: Vec<serde_json::Value> = mentions
                .iter()
                .filter_map(|(id, articles)| {
                    let k = registry_of(id)?;
                    Some(json!({
                        "entity": k.id, "name": k.name, "kb_id": k.kb_id,
                        "mentions": articles.iter().map(|(a, forms)| json!({
                            "article": a, "forms": forms,
                        })).collect::<Vec<_>>(),
                    }))
                })
                .collect();
            let entities = safe::to_json(&resolved, false).map_err(|e| output(e.into()))?;
            let _ = write!(
                tail,
                "{}],\n  \"entities\": {entities}\n}}\n",
                if first { "" } else { "\n  " }
            );
        }
    }
    out.write_all(tail.as_bytes()).map_err(output)?;
    out.flush().map_err(output)?;
    Ok(skipped_outcome(skipped))
}

/// Appends one claim in `format`.
fn write_row(out: &mut String, row: &ClaimRow, format: WhoFormat, first: &mut bool) {
    match format {
        WhoFormat::Table => {
            let entity =
                row.entity.as_deref().map(|id| format!(" [{}]", line(id))).unwrap_or_default();
            let mention = if row.entity.is_some() && row.mention != row.claimant {
                format!(" «{}»", line(&row.mention))
            } else {
                String::new()
            };
            let claimant =
                if row.claimant.is_empty() { "(no claimant)".into() } else { line(&row.claimant) };
            let cue =
                if row.cue.is_empty() { String::new() } else { format!(" {}", line(&row.cue)) };
            let _ = writeln!(
                out,
                "{}  {}  {claimant}{entity}{mention}{cue}  {}\n    {}",
                line(&row.article),
                line(&row.id),
                row.kind,
                line(&row.content)
            );
        }
        WhoFormat::Tsv => {
            let opt = |s: &Option<String>| s.as_deref().map(tsv_field).unwrap_or_default();
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                tsv_field(&row.article),
                tsv_field(&row.id),
                tsv_field(&row.claimant),
                opt(&row.entity),
                opt(&row.kb_id),
                tsv_field(&row.mention),
                tsv_field(&row.cue),
                tsv_field(&row.kind),
                tsv_field(&row.content)
            );
        }
        WhoFormat::Json => {
            out.push_str(if std::mem::take(first) { "\n    " } else { ",\n    " });
            out.push_str(&safe::to_json(row, false).unwrap_or_default());
        }
    }
}
