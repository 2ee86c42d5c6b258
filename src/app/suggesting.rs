//! Suggestions in the reader: asked for with `toggle_suggestions`, computed
//! on threads of their own and delivered as a message
//! ([`super::Msg::Suggested`]); drawn apart from annotations (dim,
//! underlined: see the help's legend).
//!
//! Two kinds of work, neither on the UI thread:
//! - the built-ins, at every change of the open article: the gazetteer from
//!   the other articles' entities (gathered on the thread from the corpus
//!   views' scan, shared copy-on-write, once per article) and the open
//!   article's own, the date rules, the claims;
//! - the external recommenders of the article's `hashiya.toml`
//!   (`[[recommender]]`), once per article opened with suggestions on (a
//!   model is slow; what they proposed is kept and joined with the
//!   built-ins' at every change). One that fails (crashes, hangs past its
//!   time-out, prints garbage) is named in the status line and the message
//!   log; the built-ins' suggestions come meanwhile and keys never wait.
//!
//! `next_suggestion` jumps to the next one, `accept_suggestion` makes the
//! one at the cursor an ordinary annotation whose `by` names the annotator
//! and the recommender (`alice+gazetteer`), `accept_suggestion_label`
//! accepts every suggestion of its label, `reject_suggestion` drops it and
//! remembers it in the sidecar (`[[rejected]]`, see `docs/format.md`), so
//! that it and the same form with the same label are not suggested again in
//! that article.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::App;
use crate::annotate::keys;
use crate::annotate::{Author, Claimant, Cue, Schema, Store};
use crate::corpus::Corpus;
use crate::suggest::external::External;
use crate::suggest::{
    Builtins, ClaimantGuess, Failure, Gazetteer, Input, Proposal, Recommender, Rejection,
    Suggestion, suggest,
};

/// The suggestions of the open article, and the work on them.
#[derive(Debug, Default)]
pub struct Suggestions {
    /// Shown and computed (toggled by `toggle_suggestions`).
    pub on: bool,
    /// The open article's suggestions, by start.
    pub list: Vec<Suggestion>,
    /// For which article, store revision and external answer the list was made.
    made_for: Option<MadeFor>,
    /// The built-ins' thread at work: for what, and its answer.
    pending: Option<Pending>,
    /// The other articles' mentions, for (article, articles read).
    others: Option<Others>,
    /// The external recommenders of the open article.
    external: ExternalRun,
}

/// What a list was made for: the article (index), the store's revision,
/// and whether the external recommenders' answer was in.
pub type MadeFor = (usize, u64, bool);

/// The other articles' mentions (see [`others`]) for (article, articles read).
type Others = ((usize, usize), Arc<Vec<(String, String)>>);

/// A computation at work: what for, and its answer (the suggestions and
/// the other articles' mentions it used).
type Pending = (MadeFor, Receiver<(Vec<Suggestion>, Others)>);

/// The external recommenders' run for one article.
#[derive(Debug, Default)]
struct ExternalRun {
    /// The article (index) it is for.
    article: Option<usize>,
    /// The thread at work, and its answer.
    rx: Option<Receiver<(Vec<Suggestion>, Vec<Failure>)>>,
    /// What they proposed, once in.
    list: Option<Arc<Vec<Suggestion>>>,
}

/// What a finished computation delivers.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggested {
    /// The article (index), store revision and external answer it was made for.
    pub made_for: MadeFor,
    /// Its suggestions.
    pub list: Vec<Suggestion>,
}

// Scores are never NaN (the recommenders give 0 to 1; external ones are
// checked): equality is an equivalence.
impl Eq for Suggested {}

/// The rejections kept in a store's sidecar (`[[rejected]]`).
pub fn rejections(store: &Store) -> Vec<Rejection> {
    let Some(items) = store.file_extra().top.get(keys::REJECTED).and_then(toml::Value::as_array)
    else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|t| {
            let int = |k: &str| t.get(k).and_then(toml::Value::as_integer).map(|n| n as usize);
            let text = |k: &str| t.get(k).and_then(toml::Value::as_str).map(str::to_owned);
            let (start, end) = (int(keys::START)?, int(keys::END)?);
            Some(Rejection {
                range: start..end,
                text: text(keys::TEXT).unwrap_or_default(),
                label: text(keys::LABEL)?,
            })
        })
        .collect()
}

/// The entities of every article of `corpus` but `current`, as (key,
/// label): the gazetteer's mentions from the other articles.
pub fn others(corpus: &Corpus, current: usize) -> Vec<(String, String)> {
    (0..corpus.len())
        .filter(|&i| i != current)
        .filter_map(|i| corpus.article(i))
        .flat_map(|a| a.entities.iter())
        .filter(|e| !e.orphan && !e.conflict)
        .map(|e| (e.key.clone(), e.label.clone()))
        .collect()
}

/// Suggestions already made (by the external recommenders), given again
/// to [`suggest`] so that they are settled with the built-ins' (each keeps
/// its own source).
struct Given<'a>(&'a [Suggestion]);

impl Recommender for Given<'_> {
    fn name(&self) -> &'static str {
        "external"
    }

    fn suggest(&self, _: &Input<'_>) -> Result<Vec<Suggestion>, Failure> {
        Ok(self.0.to_vec())
    }
}

/// The suggestions of the built-ins for `text` with `store`, joined with
/// `external` (what the external recommenders proposed): the gazetteer
/// made from `others` (see [`others`]) and the article's own entities (a
/// name tagged once here is suggested at its other mentions), the dates,
/// the external ones (so that the claim recommender may name an entity
/// they propose as claimant), the claims.
pub fn compute(
    others: &[(String, String)],
    text: &str,
    store: &Store,
    schema: &Schema,
    external: &[Suggestion],
) -> Vec<Suggestion> {
    let own: Vec<(String, String)> = store
        .entities()
        .filter(|e| !e.orphan && e.conflict.is_none())
        .map(|e| (crate::corpus::entity_key(&e.text), e.label.clone()))
        .collect();
    let mentions = others.iter().chain(&own).map(|(k, l)| (k.as_str(), l.as_str()));
    let builtins = Builtins::new(Gazetteer::from_mentions(mentions), schema);
    let rejected = rejections(store);
    let input = Input { name: "", text, store, rejected: &rejected, schema, proposed: &[] };
    let given = Given(external);
    let order: [&dyn Recommender; 4] =
        [&builtins.gazetteer, &builtins.dates, &given, &builtins.claims];
    suggest(&order, &input).0
}

/// Runs the external recommenders `folder/hashiya.toml` declares on the
/// article `name` (its text and annotations): what they propose, and their
/// failures (one naming the file when it cannot be read).
pub fn run_external(
    folder: &std::path::Path,
    name: &str,
    text: &str,
    store: &Store,
    schema: &Schema,
) -> (Vec<Suggestion>, Vec<Failure>) {
    let defs = match crate::suggest::config::for_folder(folder) {
        Ok(defs) => defs,
        Err(e) => {
            let failure = Failure { name: "[[recommender]]".into(), message: e.to_string() };
            return (Vec::new(), vec![failure]);
        }
    };
    if defs.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let externals: Vec<External> = defs.into_iter().map(External::new).collect();
    let order: Vec<&dyn Recommender> = externals.iter().map(|e| e as &dyn Recommender).collect();
    let rejected = rejections(store);
    let input = Input { name, text, store, rejected: &rejected, schema, proposed: &[] };
    suggest(&order, &input)
}

/// The status line's message naming the recommenders that failed (each
/// failure whole goes to the message log).
fn failures_message(failures: &[Failure]) -> String {
    let names: Vec<&str> = failures.iter().map(|f| f.name.as_str()).collect();
    let why = match failures {
        [one] => one.to_string(),
        _ => format!("recommenders {} failed: M shows why", names.join(", ")),
    };
    format!("{why} (the others' suggestions are shown)")
}

impl App {
    /// Turns suggestions on (gathering the corpus if not yet) or off.
    pub(super) fn toggle_suggestions(&mut self) {
        let s = &mut self.suggestions;
        s.on = !s.on;
        if s.on {
            self.corpus.start(&self.articles);
            self.message = Some(
                "suggestions on (dim, underlined): ' next, y accept, Y accept all of its label, \
                 z reject, s hides them"
                    .to_string(),
            );
            if let Some(done) = self.poll_suggestions() {
                self.on_suggested(done);
            }
        } else {
            s.list.clear();
            s.made_for = None;
            s.pending = None;
            // Shown again, they run again (a recommender fixed meanwhile).
            s.external = ExternalRun::default();
            self.message = Some("suggestions off".to_string());
        }
    }

    /// Starts the external recommenders on the open article when another
    /// article is open; takes their answer in when it came (its failures
    /// become the message). True when their answer is in.
    fn poll_external(&mut self) -> bool {
        let current = self.current;
        let run = &mut self.suggestions.external;
        if run.article != Some(current) {
            *run = ExternalRun { article: Some(current), ..ExternalRun::default() };
            let folder: Option<PathBuf> =
                self.articles.get(current).and_then(|a| a.path()).map(|p| match p.parent() {
                    // A bare file name: the working directory.
                    Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                    _ => PathBuf::from("."),
                });
            let Some(folder) = folder else {
                // A built-in sample has no hashiya.toml.
                run.list = Some(Arc::new(Vec::new()));
                return true;
            };
            let name = self.articles.get(current).map(|a| a.name.clone()).unwrap_or_default();
            let (tx, rx) = channel();
            let text = self.reader.doc.text().to_owned();
            let store = self.ann.store.clone();
            let schema = self.ann.schema.clone();
            std::thread::spawn(move || {
                let _ = tx.send(run_external(&folder, &name, &text, &store, &schema));
            });
            run.rx = Some(rx);
            return false;
        }
        let Some(rx) = &run.rx else { return run.list.is_some() };
        match rx.try_recv() {
            Ok((list, failures)) => {
                run.rx = None;
                run.list = Some(Arc::new(list));
                if failures.len() > 1 {
                    for f in &failures {
                        self.log.push(&f.to_string(), false);
                    }
                }
                if !failures.is_empty() {
                    self.message = Some(failures_message(&failures));
                }
                true
            }
            Err(TryRecvError::Empty) => false,
            Err(TryRecvError::Disconnected) => {
                run.rx = None;
                run.list = Some(Arc::new(Vec::new()));
                self.message = Some("the external recommenders' thread stopped".to_string());
                true
            }
        }
    }

    /// Takes in a finished computation (returned, for [`Msg::Suggested`]),
    /// and starts one when the open article (or its annotations, or the
    /// external recommenders' answer) changed and the corpus is gathered.
    pub(super) fn poll_suggestions(&mut self) -> Option<Suggested> {
        if !self.suggestions.on {
            return None;
        }
        let mut done = None;
        if let Some((made_for, rx)) = &self.suggestions.pending {
            match rx.try_recv() {
                Ok((list, others)) => {
                    done = Some(Suggested { made_for: *made_for, list });
                    self.suggestions.others = Some(others);
                    self.suggestions.pending = None;
                }
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => self.suggestions.pending = None,
            }
        }
        if self.is_loading() {
            return done;
        }
        let external_in = self.poll_external();
        self.corpus.poll(self.current, std::time::Duration::from_millis(5));
        if self.corpus.is_scanning() {
            return done;
        }
        let now = (self.current, self.ann.store.revision(), external_in);
        let fresh = done.as_ref().is_some_and(|d| d.made_for == now);
        if fresh || self.suggestions.made_for == Some(now) {
            return done;
        }
        // The other articles' mentions: gathered once per article and
        // corpus, on the thread (the corpus is shared, not copied).
        let key = (self.current, self.corpus.corpus.read());
        let cached = match &self.suggestions.others {
            Some((k, others)) if *k == key => Some(Arc::clone(others)),
            _ => None,
        };
        let corpus = cached.is_none().then(|| Arc::clone(&self.corpus.corpus));
        let external = self.suggestions.external.list.clone().unwrap_or_default();
        let (tx, rx) = channel();
        let text = self.reader.doc.text().to_owned();
        let store = self.ann.store.clone();
        let schema = self.ann.schema.clone();
        let current = self.current;
        std::thread::spawn(move || {
            let others = match (cached, corpus) {
                (Some(others), _) => others,
                (None, Some(corpus)) => Arc::new(others(&corpus, current)),
                (None, None) => Arc::new(Vec::new()),
            };
            let list = compute(&others, &text, &store, &schema, &external);
            let _ = tx.send((list, (key, others)));
        });
        self.suggestions.pending = Some((now, rx));
        done
    }

    /// True while suggestions are being computed (the event loop then
    /// polls often, so that they show as soon as they are in).
    pub fn suggestions_running(&self) -> bool {
        self.suggestions.on
            && (self.suggestions.pending.is_some() || self.suggestions.external.rx.is_some())
    }

    /// Applies a suggestion action; false for another action.
    pub(super) fn suggestion_action(&mut self, action: crate::keymap::Action) -> bool {
        use crate::keymap::Action;
        match action {
            Action::ToggleSuggestions => self.toggle_suggestions(),
            Action::NextSuggestion => self.next_suggestion(),
            Action::AcceptSuggestion => self.accept_suggestion(),
            Action::AcceptSuggestionLabel => self.accept_suggestion_label(),
            Action::RejectSuggestion => self.reject_suggestion(),
            _ => return false,
        }
        true
    }

    /// The suggestions to draw: the open article's.
    pub fn visible_suggestions(&self) -> &[Suggestion] {
        match self.suggestions.made_for {
            Some((article, _, _)) if self.suggestions.on && article == self.current => {
                &self.suggestions.list
            }
            _ => &[],
        }
    }

    /// A computation finished: its suggestions are shown if they are for
    /// the open article as it is (else a new one starts at the next tick).
    pub(super) fn on_suggested(&mut self, done: Suggested) {
        let (article, revision, _) = done.made_for;
        if (article, revision) == (self.current, self.ann.store.revision()) {
            self.suggestions.list = done.list;
            self.suggestions.made_for = Some(done.made_for);
        }
    }

    /// The suggestion under the cursor, if any (the shortest).
    fn suggestion_at_cursor(&self) -> Option<usize> {
        let c = self.reader.cursor;
        self.visible_suggestions()
            .iter()
            .enumerate()
            .filter(|(_, s)| s.range.start <= c && c < s.range.end)
            .min_by_key(|(_, s)| s.range.len())
            .map(|(i, _)| i)
    }

    fn no_suggestion(&mut self) {
        self.message = Some(if self.suggestions.on {
            "no suggestion here: ' goes to the next".to_string()
        } else {
            "suggestions are off: s shows them".to_string()
        });
    }

    /// Puts the cursor on the next suggestion (wrapping around).
    pub(super) fn next_suggestion(&mut self) {
        let c = self.reader.cursor;
        let list = self.visible_suggestions();
        let Some(s) = list.iter().find(|s| s.range.start > c).or_else(|| list.first()) else {
            self.no_suggestion();
            return;
        };
        let (start, what) = (s.range.start, describe(s));
        self.reader.selection = None;
        self.reader.anchor = None;
        self.reader.set_cursor(start);
        self.message = Some(what);
    }

    /// Makes suggestion `index` an annotation; `by` names the annotator
    /// and the recommender. Returns the new annotation's id.
    fn accept_one(&mut self, index: usize) -> Option<String> {
        let s = self.suggestions.list.get(index)?.clone();
        let store = &mut self.ann.store;
        let who = store.author().map(|a| a.name.clone());
        let by = match who {
            Some(name) => format!("{name}+{}", s.source),
            None => s.source.clone(),
        };
        let previous = store.author().cloned();
        let clock = previous.as_ref().map(|a| a.clock.clone());
        let mut author = Author::new(&by);
        if let Some(clock) = clock {
            author.clock = clock;
        }
        store.set_author(Some(author));
        let id = match &s.proposal {
            Proposal::Entity(label) => store.add_entity(label, s.range.clone(), &s.text).ok(),
            Proposal::Claim(parts) => {
                let id = store.add_claim(s.range.clone(), &s.text).ok();
                if let Some(id) = &id {
                    let cue = parts.cue.as_ref().map(|(r, t)| Cue::new(r.clone(), t));
                    let claimant = parts.claimant.as_ref().map(|c| match c {
                        ClaimantGuess::Entity { id, .. } => Claimant::Entity(id.clone()),
                        ClaimantGuess::Words { text, .. } | ClaimantGuess::Text(text) => {
                            Claimant::Text(text.clone())
                        }
                    });
                    let _ = store.set_cue(id, cue);
                    let _ = store.set_claimant(id, claimant);
                    let _ = store.set_kind(id, parts.kind);
                }
                id
            }
        };
        store.set_author(previous);
        id
    }

    /// Accepts the suggestion under the cursor.
    pub(super) fn accept_suggestion(&mut self) {
        if self.refused() {
            return;
        }
        let Some(index) = self.suggestion_at_cursor() else { return self.no_suggestion() };
        let what = describe(&self.suggestions.list[index]);
        self.ann.store.begin("accept a suggestion");
        let id = self.accept_one(index);
        self.ann.store.end();
        if id.is_some() {
            self.suggestions.list.remove(index);
            self.keep_made_for();
            self.message = Some(format!("accepted: {what}"));
        }
    }

    /// Accepts every suggestion with the label of the one under the cursor.
    pub(super) fn accept_suggestion_label(&mut self) {
        if self.refused() {
            return;
        }
        let Some(index) = self.suggestion_at_cursor() else { return self.no_suggestion() };
        let label = self.suggestions.list[index].label().to_owned();
        self.ann.store.begin(format!("accept every {label} suggestion"));
        let mut accepted = 0;
        let mut i = 0;
        while i < self.suggestions.list.len() {
            if self.suggestions.list[i].label() == label && self.accept_one(i).is_some() {
                self.suggestions.list.remove(i);
                accepted += 1;
            } else {
                i += 1;
            }
        }
        self.ann.store.end();
        self.keep_made_for();
        self.message = Some(format!("accepted {accepted} {label} suggestion(s)"));
    }

    /// Rejects the suggestion under the cursor, remembered in the sidecar.
    pub(super) fn reject_suggestion(&mut self) {
        if self.refused() {
            return;
        }
        let Some(index) = self.suggestion_at_cursor() else { return self.no_suggestion() };
        let s = self.suggestions.list.remove(index);
        let by = self.ann.store.author().map(|a| a.name.clone());
        let mut table = toml::Table::new();
        table.insert(keys::START.into(), toml::Value::Integer(s.range.start as i64));
        table.insert(keys::END.into(), toml::Value::Integer(s.range.end as i64));
        table.insert(keys::TEXT.into(), toml::Value::String(s.text.clone()));
        table.insert(keys::LABEL.into(), toml::Value::String(s.label().to_owned()));
        if let Some(by) = by {
            table.insert(keys::BY.into(), toml::Value::String(by));
        }
        let mut extra = self.ann.store.file_extra().clone();
        let list = extra
            .top
            .entry(keys::REJECTED.to_owned())
            .or_insert_with(|| toml::Value::Array(Vec::new()));
        if let toml::Value::Array(items) = list {
            items.push(toml::Value::Table(table));
        }
        self.ann.store.set_file_extra(extra);
        self.ann.store.touch();
        // The same form with the same label goes too (the gazetteer's rule).
        let key = crate::corpus::entity_key(&s.text);
        let label = s.label().to_owned();
        self.suggestions
            .list
            .retain(|o| !(o.label() == label && crate::corpus::entity_key(&o.text) == key));
        self.keep_made_for();
        self.message = Some(format!("rejected: {}", describe(&s)));
    }

    /// The list stays the open article's after the store changed through it.
    fn keep_made_for(&mut self) {
        if let Some((_, _, external)) = self.suggestions.made_for {
            self.suggestions.made_for = Some((self.current, self.ann.store.revision(), external));
        }
    }
}

/// A suggestion in words, for the status line.
fn describe(s: &Suggestion) -> String {
    let text: String = s.text.chars().take(40).collect();
    format!("{} «{text}» ({}, {:.2})", s.label(), s.source, s.score)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::ArticleData;

    #[test]
    fn rejections_are_read_back_from_the_sidecar_tables_and_not_suggested_again() {
        let text = "زار بوتين موسكو ثم عاد بوتين";
        let mut other = Store::new();
        other.add_entity("PERSON", 0..5, "بوتين").unwrap();
        let corpus = Corpus::build([ArticleData::default(), ArticleData::of(&other)]);
        let schema = Schema::builtin();
        let mut store = Store::new();
        let found = compute(&others(&corpus, 0), text, &store, &schema, &[]);
        assert_eq!(found.iter().filter(|s| s.text == "بوتين").count(), 2);
        let mut extra = store.file_extra().clone();
        let rejected: toml::Table =
            "rejected = [{ start = 4, end = 9, text = \"بوتين\", label = \"PERSON\", by = \"x\" }]"
                .parse()
                .unwrap();
        extra.top.extend(rejected);
        store.set_file_extra(extra);
        assert_eq!(
            rejections(&store),
            [Rejection { range: 4..9, text: "بوتين".into(), label: "PERSON".into() }]
        );
        // The form is rejected: neither mention is suggested again.
        let found = compute(&others(&corpus, 0), text, &store, &schema, &[]);
        assert!(found.iter().all(|s| s.text != "بوتين"), "{found:?}");
    }

    #[test]
    fn external_suggestions_are_joined_with_the_builtins_and_settled_like_them() {
        let text = "زار بوتين موسكو ثم عاد";
        let schema = Schema::builtin();
        let external = |range: std::ops::Range<usize>, label: &str| Suggestion {
            text: text.chars().skip(range.start).take(range.len()).collect(),
            range,
            proposal: Proposal::Entity(label.into()),
            score: 0.5,
            source: "stub".into(),
        };
        let given = [external(4..9, "PERSON"), external(10..15, "GPE")];
        let mut store = Store::new();
        let found = compute(&[], text, &store, &schema, &given);
        let stub: Vec<_> = found.iter().filter(|s| s.source == "stub").map(|s| &s.text).collect();
        assert_eq!(stub, ["بوتين", "موسكو"]);
        // Annotated since (or rejected), it is not suggested again.
        store.add_entity("PERSON", 4..9, "بوتين").unwrap();
        let found = compute(&[], text, &store, &schema, &given);
        assert!(found.iter().all(|s| s.text != "بوتين"), "{found:?}");
        assert!(found.iter().any(|s| s.text == "موسكو" && s.source == "stub"));
    }

    #[test]
    fn a_broken_recommender_table_is_a_failure_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("hashiya.toml"), "[[recommender]]\nname = \"a\"\n").unwrap();
        let (found, failures) =
            run_external(dir.path(), "a.txt", "نص", &Store::new(), &Schema::builtin());
        assert!(found.is_empty());
        assert_eq!(failures.len(), 1);
        assert!(failures[0].message.contains("hashiya.toml:"), "{failures:?}");
        // None declared: nothing runs, nothing fails.
        let empty = tempfile::tempdir().unwrap();
        let (found, failures) =
            run_external(empty.path(), "a.txt", "نص", &Store::new(), &Schema::builtin());
        assert!(found.is_empty() && failures.is_empty());
    }
}
