//! Suggestions in the reader: asked for with `toggle_suggestions`, computed
//! on a thread of their own (the gazetteer from the other articles' entities,
//! gathered by the corpus views' scan and taken once per article, and the
//! open article's own; then the built-in recommenders on the open article)
//! and delivered as a message ([`super::Msg::Suggested`]); drawn apart from annotations (dim,
//! underlined: see the help's legend). `next_suggestion` jumps to the next
//! one, `accept_suggestion` makes the one at the cursor an ordinary
//! annotation whose `by` names the annotator and the recommender
//! (`alice+gazetteer`), `accept_suggestion_label` accepts every suggestion
//! of its label, `reject_suggestion` drops it and remembers it in the
//! sidecar (`[[rejected]]`, see `docs/format.md`), so that it and the same
//! form with the same label are not suggested again in that article.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::App;
use crate::annotate::keys;
use crate::annotate::{Author, Claimant, Cue, Schema, Store};
use crate::corpus::Corpus;
use crate::suggest::{
    Builtins, ClaimantGuess, Gazetteer, Input, Proposal, Rejection, Suggestion, suggest,
};

/// The suggestions of the open article, and the work on them.
#[derive(Debug, Default)]
pub struct Suggestions {
    /// Shown and computed (toggled by `toggle_suggestions`).
    pub on: bool,
    /// The open article's suggestions, by start.
    pub list: Vec<Suggestion>,
    /// For which article (index) and store revision the list was made.
    made_for: Option<(usize, u64)>,
    /// The thread at work: for which article and revision, and its answer.
    pending: Option<Pending>,
    /// The other articles' mentions, for (article, articles read).
    others: Option<Others>,
}

/// The other articles' mentions (see [`others`]) for (article, articles read).
type Others = ((usize, usize), Arc<Vec<(String, String)>>);

/// A computation at work: for which article and revision, and its answer.
type Pending = ((usize, u64), Receiver<Vec<Suggestion>>);

/// What a finished computation delivers.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggested {
    /// The article (index) and store revision it was made for.
    pub made_for: (usize, u64),
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

/// The suggestions of the built-ins for `text` with `store`: the gazetteer
/// made from `others` (see [`others`]) and the article's own entities (a
/// name tagged once here is suggested at its other mentions).
pub fn compute(
    others: &[(String, String)],
    text: &str,
    store: &Store,
    schema: &Schema,
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
    suggest(&builtins.all(), &input).0
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
            self.message = Some("suggestions off".to_string());
        }
    }

    /// Takes in a finished computation (returned, for [`Msg::Suggested`]),
    /// and starts one when the open article (or its annotations) changed
    /// and the corpus is gathered.
    pub(super) fn poll_suggestions(&mut self) -> Option<Suggested> {
        if !self.suggestions.on {
            return None;
        }
        let now = (self.current, self.ann.store.revision());
        let mut done = None;
        if let Some((made_for, rx)) = &self.suggestions.pending {
            match rx.try_recv() {
                Ok(list) => {
                    done = Some(Suggested { made_for: *made_for, list });
                    self.suggestions.pending = None;
                }
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => self.suggestions.pending = None,
            }
        }
        let fresh = done.as_ref().is_some_and(|d| d.made_for == now);
        if fresh || self.suggestions.made_for == Some(now) || self.suggestions.pending.is_some() {
            return done;
        }
        self.corpus.poll(self.current, std::time::Duration::from_millis(5));
        if self.corpus.is_scanning() || self.is_loading() {
            return done;
        }
        // The other articles' mentions: gathered once per article and corpus.
        let key = (self.current, self.corpus.corpus.read());
        let others = match &self.suggestions.others {
            Some((k, others)) if *k == key => Arc::clone(others),
            _ => {
                let others = Arc::new(others(&self.corpus.corpus, self.current));
                self.suggestions.others = Some((key, Arc::clone(&others)));
                others
            }
        };
        let (tx, rx) = channel();
        let text = self.reader.doc.text().to_owned();
        let store = self.ann.store.clone();
        let schema = self.ann.schema.clone();
        std::thread::spawn(move || {
            let _ = tx.send(compute(&others, &text, &store, &schema));
        });
        self.suggestions.pending = Some((now, rx));
        done
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
            Some((article, _)) if self.suggestions.on && article == self.current => {
                &self.suggestions.list
            }
            _ => &[],
        }
    }

    /// A computation finished: its suggestions are shown if they are for
    /// the open article as it is (else a new one starts at the next tick).
    pub(super) fn on_suggested(&mut self, done: Suggested) {
        if done.made_for == (self.current, self.ann.store.revision()) {
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
        if self.suggestions.made_for.is_some() {
            self.suggestions.made_for = Some((self.current, self.ann.store.revision()));
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
        let found = compute(&others(&corpus, 0), text, &store, &schema);
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
        let found = compute(&others(&corpus, 0), text, &store, &schema);
        assert!(found.iter().all(|s| s.text != "بوتين"), "{found:?}");
    }
}
