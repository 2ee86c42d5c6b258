//! The report as a plain-text table for people: labels and paths shown as
//! [`line`] shows them.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::Report;
use super::metrics::Scores;
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
    let entities = &report.agreement.entities;
    let claims = &report.agreement.claims;
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

    let mut out = String::new();
    let (a, b, article) = (Line(&report.a), Line(&report.b), Line(&report.article));
    let _ = writeln!(out, "B = {b}\nA = {a} (reference)");
    match &entities.kappa {
        Some(k) => {
            let _ = writeln!(out, "article: {article} ({} word tokens)", k.tokens);
        }
        None => {
            let _ = writeln!(out, "article: {article} (not found: no kappa)");
        }
    }
    out.push('\n');
    header(&mut out, width, "entities", entities.kappa.is_some());
    for (label, scores) in &entities.labels {
        row(&mut out, width, &line(label), scores, kappa_of(Some(label)));
    }
    out.push_str(&rule);
    out.push('\n');
    row(&mut out, width, "overall", &entities.overall, kappa_of(None));
    row(&mut out, width, "partial", &entities.partial, None);
    out.push('\n');
    header(&mut out, width, "claims", false);
    row(&mut out, width, "span", &claims.span, None);
    row(&mut out, width, "span+claimant", &claims.span_claimant, None);
    out
}
