//! `hashiya suggest`: the recommenders' suggestions for a corpus, printed
//! (table, TSV, JSON Lines) or written to a file; `--evaluate` measures the
//! built-in recommenders leave-one-out.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{CliError, SuggestArgs, SuggestFormat};
use crate::annotate::Schema;
use crate::corpus::{ArticleData, Corpus, files};
use crate::review::ReviewError;
use crate::review::corpus::{Article, Entry};
use crate::suggest::evaluate::{Annotated, evaluate, leave_one_out};
use crate::suggest::external::External;
use crate::suggest::{
    Builtins, ClaimantGuess, Gazetteer, Input, Proposal, Recommender, Suggestion, config, suggest,
};
use crate::text::safe::{self, SafeWriter, line, tsv_field};

/// The articles `paths` name, sorted: every article of a folder, each file given.
fn articles(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ReviewError> {
    let mut out = std::collections::BTreeSet::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| ReviewError::io(path, e))?;
        if meta.is_dir() {
            out.extend(files::list(path).map_err(|e| ReviewError::io(path, e))?.articles);
        } else if files::is_article(path) {
            out.insert(path.clone());
        } else {
            return Err(ReviewError::NotAnArticle(path.clone()));
        }
    }
    if out.is_empty() {
        let named: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(ReviewError::Usage(format!("no article (*.txt) in {}", named.join(", "))));
    }
    Ok(out.into_iter().collect())
}

/// The folder whose `hashiya.toml` applies: the first article's.
fn folder_of(article: &Path) -> PathBuf {
    article.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// One suggestion as a JSON object (safe to print).
fn json(article: &str, s: &Suggestion) -> String {
    let (cue, claimant, kind) = match &s.proposal {
        Proposal::Entity(_) => (None, None, None),
        Proposal::Claim(p) => (
            p.cue
                .as_ref()
                .map(|(r, t)| serde_json::json!({"start": r.start, "end": r.end, "text": t})),
            p.claimant.as_ref().map(|c| match c {
                ClaimantGuess::Entity { id, text } => serde_json::json!({"id": id, "text": text}),
                ClaimantGuess::Words { range, text } => {
                    serde_json::json!({"start": range.start, "end": range.end, "text": text})
                }
                ClaimantGuess::Text(t) => serde_json::json!({"text": t}),
            }),
            Some(p.kind.name()),
        ),
    };
    let value = serde_json::json!({
        "article": article, "start": s.range.start, "end": s.range.end, "label": s.label(),
        "text": s.text, "score": s.score, "source": s.source,
        "cue": cue, "claimant": claimant, "kind": kind,
    });
    safe::to_json(&value, false).unwrap_or_default()
}

/// The claim parts of a suggestion as (cue, claimant, kind) texts.
fn parts(s: &Suggestion) -> (String, String, String) {
    match &s.proposal {
        Proposal::Entity(_) => Default::default(),
        Proposal::Claim(p) => (
            p.cue.as_ref().map(|c| c.1.clone()).unwrap_or_default(),
            p.claimant.as_ref().map(|c| c.text().to_owned()).unwrap_or_default(),
            p.kind.name().to_owned(),
        ),
    }
}

/// Every suggestion in `format`.
fn rendered(rows: &[(String, Vec<Suggestion>)], format: SuggestFormat) -> String {
    let mut out = String::new();
    match format {
        SuggestFormat::Json => {
            for (article, found) in rows {
                for s in found {
                    out.push_str(&json(article, s));
                    out.push('\n');
                }
            }
        }
        SuggestFormat::Tsv => {
            out.push_str("article\tstart\tend\tlabel\tscore\tsource\ttext\tcue\tclaimant\tkind\n");
            for (article, found) in rows {
                for s in found {
                    let (cue, claimant, kind) = parts(s);
                    let _ = writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{:.3}\t{}\t{}\t{}\t{}\t{}",
                        tsv_field(article),
                        s.range.start,
                        s.range.end,
                        tsv_field(s.label()),
                        s.score,
                        tsv_field(&s.source),
                        tsv_field(&s.text),
                        tsv_field(&cue),
                        tsv_field(&claimant),
                        kind
                    );
                }
            }
        }
        SuggestFormat::Table => {
            for (article, found) in rows {
                let _ = writeln!(out, "{} ({} suggestion(s))", line(article), found.len());
                for s in found {
                    let (cue, claimant, kind) = parts(s);
                    let _ = write!(
                        out,
                        "  {:>6}-{:<6} {:<8} {:.2} {:<10} {}",
                        s.range.start,
                        s.range.end,
                        line(s.label()),
                        s.score,
                        line(&s.source),
                        line(&s.text)
                    );
                    if s.is_claim() {
                        let _ = write!(
                            out,
                            "  [cue: {}; claimant: {}; {kind}]",
                            line(&cue),
                            line(&claimant)
                        );
                    }
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// The evaluation in `format`.
fn evaluation_text(eval: &crate::suggest::evaluate::Evaluation, format: SuggestFormat) -> String {
    match format {
        SuggestFormat::Table => eval.to_table(),
        SuggestFormat::Json => safe::to_json(&eval.to_json(), true).unwrap_or_default() + "\n",
        SuggestFormat::Tsv => {
            let mut out =
                String::from("label\tannotated\tsuggested\tcorrect\tprecision\trecall\tf1\n");
            for (label, c) in eval.rows() {
                let _ = writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{:.4}\t{:.4}\t{:.4}",
                    tsv_field(label),
                    c.annotated,
                    c.suggested,
                    c.correct,
                    c.precision(),
                    c.recall(),
                    c.f1()
                );
            }
            out
        }
    }
}

/// Prints `text` on standard output; a closed pipe is not an error.
fn print(text: &str) -> Result<(), CliError> {
    #[allow(clippy::disallowed_methods, reason = "wrapped in a SafeWriter at once")]
    let mut out = SafeWriter::new(std::io::BufWriter::new(std::io::stdout().lock()));
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(CliError::from),
    }
}

/// Runs `hashiya suggest`.
pub fn run(args: &SuggestArgs) -> Result<(), CliError> {
    let paths = articles(&args.paths)?;
    let folder = paths.first().map_or_else(|| PathBuf::from("."), |p| folder_of(p));
    let schema = Schema::for_folder(&folder)
        .map_err(|e| CliError::from(ReviewError::Usage(e.to_string())))?;
    let mut loaded: Vec<(Annotated, bool)> = Vec::new();
    for path in &paths {
        let entry = Entry::of_article(path.clone());
        let annotated = entry.sidecar.exists();
        let article = Article::load(&entry)?;
        let name = entry.name();
        loaded
            .push((Annotated { name, text: article.text, store: article.loaded.store }, annotated));
    }
    if args.evaluate {
        let annotated: Vec<Annotated> =
            loaded.into_iter().filter(|(_, a)| *a).map(|(a, _)| a).collect();
        if annotated.is_empty() {
            return Err(ReviewError::Nothing(folder.display().to_string()).into());
        }
        let found = leave_one_out(&annotated, &schema);
        return print(&evaluation_text(&evaluate(&annotated, &found), args.format));
    }
    let articles: Vec<Annotated> = loaded.into_iter().map(|(a, _)| a).collect();
    let (rows, failures) = if args.leave_one_out {
        let found = leave_one_out(&articles, &schema);
        (articles.iter().map(|a| a.name.clone()).zip(found).collect(), Vec::new())
    } else {
        let defs = if args.builtin_only {
            Vec::new()
        } else {
            config::for_folder(&folder)
                .map_err(|e| CliError::from(ReviewError::Usage(e.to_string())))?
        };
        let externals: Vec<External> = defs.into_iter().map(External::new).collect();
        let corpus = Corpus::build(articles.iter().map(|a| ArticleData::of(&a.store)));
        let builtins = Builtins::new(Gazetteer::from_corpus(&corpus), &schema);
        // Entities first (built-in, then external), claims last: a claim may name them.
        let mut order: Vec<&dyn Recommender> = vec![&builtins.gazetteer, &builtins.dates];
        order.extend(externals.iter().map(|e| e as &dyn Recommender));
        order.push(&builtins.claims);
        let mut rows = Vec::new();
        let mut failures = Vec::new();
        for a in &articles {
            let input = Input {
                name: &a.name,
                text: &a.text,
                store: &a.store,
                rejected: &[],
                schema: &schema,
                proposed: &[],
            };
            let (found, failed) = suggest(&order, &input);
            for f in failed {
                safe::eprintln(format_args!("hashiya: {}: {f}", a.name));
                failures.push(f);
            }
            rows.push((a.name.clone(), found));
        }
        (rows, failures)
    };
    match &args.out {
        Some(file) => {
            let text = rendered(&rows, SuggestFormat::Json);
            std::fs::write(file, text).map_err(|e| ReviewError::io(file, e))?;
        }
        None => print(&rendered(&rows, args.format))?,
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(CliError::Unclean(format!(
            "{} recommender run(s) failed; the other recommenders' suggestions are given",
            failures.len()
        )))
    }
}
