//! `hashiya entities CORPUS`: the canonical entities of the corpus's
//! registry (`entities.toml`) with how many mentions are linked to each and
//! how many claims they make, and the mentions not linked that look like
//! them (the same folded, clitic-trimmed key as a name or an alias).
//!
//! The articles are read on the machine's cores ([`super::corpus::par_articles`]);
//! what is kept is one set of counts per canonical entity.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Write;

use serde_json::json;

use super::claims::WhoFormat;
use super::corpus::{Entry, par_articles};
use super::list::skipped_outcome;
use super::registries::{Registries, folder_of};
use super::{Outcome, ReviewError};
use crate::corpus::{ArticleData, Canonical};
use crate::text::safe::{self, line, tsv_field};

/// What the corpus says of one canonical entity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Mentions linked to it.
    pub mentions: usize,
    /// Claims whose claimant mention is linked to it.
    pub claims: usize,
    /// Articles with a linked mention.
    pub articles: usize,
    /// Mentions not linked whose key is one of its names' keys, by form.
    pub unlinked: BTreeMap<String, usize>,
}

/// One article's contribution: per canonical id, (linked mentions, claims,
/// unlinked look-alikes by text).
type Found = HashMap<String, (usize, usize, Vec<String>)>;

/// Lists the canonical entities of the registries of `entries`' folders to `out`.
pub fn run(
    entries: &[Entry],
    format: WhoFormat,
    out: &mut dyn Write,
) -> Result<Outcome, ReviewError> {
    let registries = Registries::read(entries)?;
    let indexes: BTreeMap<_, _> =
        registries.iter().map(|(folder, r)| (folder.clone(), r.key_index())).collect();
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    let mut dangling = 0usize;
    let skipped = par_articles(
        entries,
        || (),
        |(), article| {
            let registry = registries.of(&article.entry);
            let index = indexes.get(&folder_of(&article.entry.article));
            let data = ArticleData::of(&article.loaded.store);
            let mut found: Found = HashMap::new();
            let mut missing = 0;
            for e in &data.entities {
                match &e.link {
                    Some(id) if registry.get(id).is_some() => {
                        found.entry(id.clone()).or_default().0 += 1;
                    }
                    Some(_) => missing += 1,
                    None => {
                        for id in index.and_then(|i| i.get(&e.key)).into_iter().flatten() {
                            found.entry(id.clone()).or_default().2.push(e.text.clone());
                        }
                    }
                }
            }
            for c in &data.claims {
                if let Some(id) = c.link.as_ref().filter(|id| registry.get(id).is_some()) {
                    found.entry(id.clone()).or_default().1 += 1;
                }
            }
            Ok((found, missing))
        },
        |_, (found, missing), _| {
            dangling += missing;
            for (id, (mentions, claims, unlinked)) in found {
                let c = counts.entry(id).or_default();
                c.mentions += mentions;
                c.claims += claims;
                c.articles += usize::from(mentions > 0);
                for text in unlinked {
                    *c.unlinked.entry(text).or_default() += 1;
                }
            }
            Ok(())
        },
    )?;
    let mut rows: Vec<(&Canonical, Counts)> = registries
        .iter()
        .flat_map(|(_, r)| r.iter())
        .map(|k| (k, counts.get(&k.id).cloned().unwrap_or_default()))
        .collect();
    rows.sort_by(|a, b| {
        (b.1.mentions, b.1.claims)
            .cmp(&(a.1.mentions, a.1.claims))
            .then_with(|| a.0.id.cmp(&b.0.id))
    });
    let text = match format {
        WhoFormat::Table => table(&rows),
        WhoFormat::Tsv => tsv(&rows),
        WhoFormat::Json => {
            let value = json!({
                "entities": rows.iter().map(|(k, c)| json!({
                    "id": k.id, "name": k.name, "type": k.kind, "aliases": k.aliases,
                    "kb_id": k.kb_id, "mentions": c.mentions, "claims": c.claims,
                    "articles": c.articles, "unlinked": c.unlinked,
                })).collect::<Vec<_>>(),
                "dangling_links": dangling,
            });
            safe::to_json(&value, true).map_err(|e| ReviewError::Output(e.into()))? + "\n"
        }
    };
    out.write_all(text.as_bytes()).map_err(ReviewError::Output)?;
    out.flush().map_err(ReviewError::Output)?;
    if dangling > 0 {
        safe::eprintln(format_args!(
            "hashiya: warning: {dangling} mention(s) linked to ids no registry holds"
        ));
    }
    Ok(skipped_outcome(skipped))
}

fn unlinked_text(unlinked: &BTreeMap<String, usize>) -> String {
    unlinked.iter().map(|(t, n)| format!("{} ×{n}", line(t))).collect::<Vec<_>>().join(", ")
}

fn table(rows: &[(&Canonical, Counts)]) -> String {
    let mut out = String::new();
    if rows.is_empty() {
        out.push_str("(no canonical entities: entities.toml is missing or empty)\n");
    }
    let _ = writeln!(out, "{:>8}  {:>6}  {:>8}  entity", "mentions", "claims", "unlinked");
    for (k, c) in rows {
        let unlinked: usize = c.unlinked.values().sum();
        let kind = if k.kind.is_empty() { String::new() } else { format!(" {}", line(&k.kind)) };
        let kb = k.kb_id.as_deref().map(|q| format!(" {}", line(q))).unwrap_or_default();
        let _ = writeln!(
            out,
            "{:>8}  {:>6}  {unlinked:>8}  {} ({}{kind}{kb})",
            c.mentions,
            c.claims,
            line(&k.name),
            line(&k.id)
        );
        if !k.aliases.is_empty() {
            let aliases: Vec<_> = k.aliases.iter().map(|a| line(a).into_owned()).collect();
            let _ = writeln!(out, "{:28}also: {}", "", aliases.join(", "));
        }
        if !c.unlinked.is_empty() {
            let _ = writeln!(out, "{:28}not linked: {}", "", unlinked_text(&c.unlinked));
        }
    }
    out
}

fn tsv(rows: &[(&Canonical, Counts)]) -> String {
    let mut out =
        String::from("id\tname\ttype\tkb_id\taliases\tmentions\tclaims\tarticles\tunlinked\n");
    for (k, c) in rows {
        let aliases: Vec<String> = k.aliases.iter().map(|a| tsv_field(a)).collect();
        let unlinked: Vec<String> =
            c.unlinked.iter().map(|(t, n)| format!("{}×{n}", tsv_field(t))).collect();
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            tsv_field(&k.id),
            tsv_field(&k.name),
            tsv_field(&k.kind),
            k.kb_id.as_deref().map(tsv_field).unwrap_or_default(),
            aliases.join("|"),
            c.mentions,
            c.claims,
            c.articles,
            unlinked.join("|")
        );
    }
    out
}
