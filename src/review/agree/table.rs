//! The report as a plain-text table for people: labels and paths shown as
//! [`line`] shows them.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use std::path::Path;

use super::metrics::Scores;
use super::{Agreement, FoldersReport, Listed, Report, Version};
use crate::text::safe::{Line, line};

/// Figures with three decimals; `-` for none.
fn figure(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_owned(), |x| format!("{x:.3}"))
}

/// `text` padded with spaces to `width` terminal columns.
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

/// One row: name, counts, P, R, F1 and an optional last column.
fn row(out: &mut String, width: usize, name: &str, s: &Scores, last: Option<String>) {
    let _ = write!(
        out,
        "{} {:>5} {:>5} {:>5} {:>5} {:>5} {:>6} {:>6} {:>6}",
        pad(name, width),
        s.a,
        s.b,
        s.tp,
        s.fp,
        s.fn_,
        figure(Some(s.precision)),
        figure(Some(s.recall)),
        figure(Some(s.f1)),
    );
    if let Some(last) = last {
        let _ = write!(out, " {last:>6}");
    }
    out.push('\n');
}

fn header(out: &mut String, width: usize, title: &str, kappa: bool) {
    let _ = write!(
        out,
        "{} {:>5} {:>5} {:>5} {:>5} {:>5} {:>6} {:>6} {:>6}",
        pad(title, width),
        "A",
        "B",
        "tp",
        "fp",
        "fn",
        "P",
        "R",
        "F1"
    );
    if kappa {
        let _ = write!(out, " {:>6}", "κ");
    }
    out.push('\n');
}

/// The report as a table: one row per entity label, overall and partial
/// rows, then the claims. Warnings are not included.
pub fn table(report: &Report) -> String {
    let mut out = String::new();
    let (a, b, article) = (Line(&report.a), Line(&report.b), Line(&report.article));
    let _ = writeln!(out, "B = {b}\nA = {a} (reference)");
    match &report.agreement.entities.kappa {
        Some(k) => {
            let _ = writeln!(out, "article: {article} ({} word tokens)", k.tokens);
        }
        None => {
            let _ = writeln!(out, "article: {article} (not found: no kappa)");
        }
    }
    out.push('\n');
    figures(&mut out, &report.agreement);
    if let Some(list) = &report.disagreements {
        listed(&mut out, "this article", list);
    }
    out
}

/// The folder form's report as a table: one row per article (entities,
/// exact match, and token kappa), the pooled figures as [`table`] shows one
/// article's, then the articles left out. Warnings are not included.
pub fn folders_table(report: &FoldersReport) -> String {
    let mut out = String::new();
    let (a, b) = (Line(&report.a), Line(&report.b));
    let _ = writeln!(out, "B = {b}\nA = {a} (reference)");
    let pooled = &report.pooled;
    let _ = writeln!(out, "{} article(s) annotated in both\n", pooled.articles);
    let name_of = |r: &Report| {
        let name = Path::new(&r.article).file_name().map(|n| n.to_string_lossy().into_owned());
        line(&name.unwrap_or_else(|| r.article.clone())).into_owned()
    };
    let names: Vec<String> = report.articles.iter().map(name_of).collect();
    let width = names.iter().map(|n| n.width()).chain(["entities by article".width()]).max();
    let width = width.unwrap_or(0);
    header(&mut out, width, "entities by article", true);
    for (name, r) in names.iter().zip(&report.articles) {
        let kappa = r.agreement.entities.kappa.as_ref().map(|k| figure(k.overall));
        row(&mut out, width, name, &r.agreement.entities.overall, Some(kappa.unwrap_or_default()));
    }
    out.push('\n');
    match &pooled.agreement.entities.kappa {
        Some(k) if pooled.kappa_articles == pooled.articles => {
            let _ = writeln!(
                out,
                "pooled over {} article(s) ({} word tokens)\n",
                pooled.articles, k.tokens
            );
        }
        Some(k) => {
            let _ = writeln!(
                out,
                "pooled over {} article(s) (kappa over the {} word tokens of {} with their text)\n",
                pooled.articles, k.tokens, pooled.kappa_articles
            );
        }
        None => {
            let _ = writeln!(
                out,
                "pooled over {} article(s) (no text found: no kappa)\n",
                pooled.articles
            );
        }
    }
    figures(&mut out, &pooled.agreement);
    let list = |names: &[String]| {
        names.iter().map(|n| line(n).into_owned()).collect::<Vec<_>>().join(", ")
    };
    if !report.only_a.is_empty() {
        let _ = writeln!(out, "\nonly in A (no counterpart in B): {}", list(&report.only_a));
    }
    if !report.only_b.is_empty() {
        let _ = writeln!(out, "\nonly in B (no counterpart in A): {}", list(&report.only_b));
    }
    for f in &report.failed {
        let _ = writeln!(out, "\nnot compared: {}: {}", Line(&f.article), Line(&f.error));
    }
    for (name, r) in names.iter().zip(&report.articles) {
        if let Some(list) = &r.disagreements {
            listed(&mut out, name, list);
        }
    }
    out
}

/// The figures of one agreement: entities by label, overall and partial,
/// then claims.
fn figures(out: &mut String, agreement: &Agreement) {
    let entities = &agreement.entities;
    let claims = &agreement.claims;
    let width = entities
        .labels
        .keys()
        .map(|l| line(l).width())
        .chain([UnicodeWidthStr::width("span+claimant")])
        .max()
        .unwrap_or(0);
    let kappa_of = |label: Option<&str>| {
        entities.kappa.as_ref().map(|k| {
            figure(match label {
                Some(l) => k.labels.get(l).copied().flatten(),
                None => k.overall,
            })
        })
    };
    // Name, five counts of 1 + 5 columns, three figures and κ of 1 + 6.
    let kappa_columns = if entities.kappa.is_some() { 7 } else { 0 };
    let rule = "-".repeat(width + 6 * 5 + 7 * 3 + kappa_columns);

    header(out, width, "entities", entities.kappa.is_some());
    for (label, scores) in &entities.labels {
        row(out, width, &line(label), scores, kappa_of(Some(label)));
    }
    out.push_str(&rule);
    out.push('\n');
    row(out, width, "overall", &entities.overall, kappa_of(None));
    row(out, width, "partial", &entities.partial, None);
    let l = &entities.linking;
    if l.linked > 0 {
        let _ = writeln!(
            out,
            "linking: {} of {} matched mentions linked; same entity {}, different {}, one side \
             only {} (agreement {})",
            l.linked,
            l.matched,
            l.same,
            l.different,
            l.one_side,
            figure(l.agreement)
        );
    }
    out.push('\n');
    header(out, width, "claims", false);
    row(out, width, "span", &claims.span, None);
    row(out, width, "span+claimant", &claims.span_claimant, None);
    row(out, width, "whole claim", &claims.full, None);
    out.push('\n');
    header(out, width, "relations", false);
    row(out, width, "type+ends", &agreement.relations.full, None);
}

/// One version of a disagreement: `e3 PERSON 16..25 "…"`, with the claim's
/// claimant and cue, and who made it.
fn version(v: &Version) -> String {
    let mut s =
        format!("{} {} {}..{} \"{}\"", line(&v.id), line(&v.label), v.start, v.end, line(&v.text));
    if let Some(who) = &v.claimant {
        let _ = write!(s, " claimant \"{}\"", line(who));
    }
    if let Some(cue) = &v.cue {
        let _ = write!(s, " cue \"{}\"", line(cue));
    }
    if let Some(by) = &v.by {
        let _ = write!(s, " by {}", line(by));
    }
    s
}

/// The disagreements, one block each: where, what, why, then A's and B's
/// versions (`—` for none).
fn listed(out: &mut String, title: &str, list: &[Listed]) {
    let _ = writeln!(out, "\n{title}: {} disagreement(s)", list.len());
    for d in list {
        let start = d.a.iter().chain(&d.b).map(|v| v.start).min().unwrap_or(0);
        let end = d.a.iter().chain(&d.b).map(|v| v.end).max().unwrap_or(start);
        let why: Vec<&str> = d.why.iter().map(|w| w.describe()).collect();
        let _ = writeln!(out, "  {start}..{end} {}: {}", d.kind, why.join(", "));
        for (side, versions) in [("A", &d.a), ("B", &d.b)] {
            if versions.is_empty() {
                let _ = writeln!(out, "    {side}: —");
            }
            for v in versions {
                let _ = writeln!(out, "    {side}: {}", version(v));
            }
        }
    }
}
