//! The claim form: claimant, cue, kind and note of one claim — a new one
//! or one made before — with suggestions read from the claim's sentence
//! (see [`crate::annotate::speaker`] and [`crate::annotate::cues`]).
//!
//! Every field's value is what it shows. In the claimant field typing
//! filters the article's entities (spelling-insensitive, as search is) and
//! the highlighted one is the claimant; typed text becomes a free-text
//! claimant only when no entity matches, or when asked for (Ctrl-t). In the
//! cue field typing filters the words of the sentence (a space: several
//! words). The kind is chosen with ←→; typing there is refused with a word
//! in the status line.

use std::ops::Range;

use crate::annotate::cues::{CueLexicon, candidates as cue_words};
use crate::annotate::speaker::{self, Mention, Query, Speaker};
use crate::annotate::{ClaimKind, Claimant, Cue, Schema, Store};
use crate::text::Document;
use crate::text::normalize::{Folding, fold};
use crate::text::sentences::sentence_at;

/// The fields of the form, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Who makes the claim.
    Claimant,
    /// The reporting verb.
    Cue,
    /// Direct, indirect or mixed.
    Kind,
    /// A free note.
    Note,
}

impl Field {
    /// Every field, in order.
    pub const ALL: [Field; 4] = [Field::Claimant, Field::Cue, Field::Kind, Field::Note];
}

/// One claimant choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// An entity of the article.
    Entity {
        /// Its id.
        id: String,
        /// Its text.
        text: String,
        /// Its label.
        label: String,
    },
    /// Words of the sentence naming the speaker, not tagged: kept as text,
    /// or tagged as an entity with Ctrl-e.
    Words {
        /// Document range.
        range: Range<usize>,
        /// The words.
        text: String,
    },
    /// A free-text claimant.
    Text(String),
}

impl Choice {
    /// The text the choice shows and is filtered by.
    pub fn text(&self) -> &str {
        match self {
            Self::Entity { text, .. } | Self::Words { text, .. } | Self::Text(text) => text,
        }
    }

    /// The claimant it stands for.
    pub fn claimant(&self) -> Claimant {
        match self {
            Self::Entity { id, .. } => Claimant::Entity(id.clone()),
            Self::Words { text, .. } | Self::Text(text) => Claimant::Text(text.trim().to_string()),
        }
    }
}

/// A cue choice: document range and text.
pub type CueChoice = (Range<usize>, String);

/// The form's state while it is open.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimForm {
    /// The claim being described.
    pub id: String,
    /// True for a claim made by this form (its title says so).
    pub fresh: bool,
    /// The field with the focus.
    pub field: Field,
    /// Claimant choices: the suggestions read from the sentence first,
    /// then every other entity, nearest first (one mention per name and
    /// label).
    pub claimants: Vec<Choice>,
    /// How many of `claimants` are suggestions.
    pub suggested: usize,
    /// The chosen claimant (index into `claimants`), if any.
    pub claimant: Option<usize>,
    /// What is typed in the claimant field: a filter over `claimants`.
    pub claimant_filter: String,
    /// The highlighted match of the filter.
    pub claimant_pick: usize,
    /// Ctrl-t: the typed text is the claimant, even where entities match.
    pub free_text: bool,
    /// Cue choices: the lexicon's cues around the claim (the one the
    /// speaker was read after first).
    pub cues: Vec<CueChoice>,
    /// Every word of the claim's sentence (document ranges), for the filter.
    pub words: Vec<CueChoice>,
    /// The chosen cue (index into `cues`), if any.
    pub cue: Option<usize>,
    /// What is typed in the cue field: a filter over the sentence's words.
    pub cue_filter: String,
    /// The highlighted match of the cue filter.
    pub cue_pick: usize,
    /// The kind.
    pub kind: ClaimKind,
    /// The note.
    pub note: String,
}

/// The index of `item` in `list`, pushed at its end if missing.
fn index_of<T: PartialEq>(list: &mut Vec<T>, item: T) -> usize {
    if let Some(i) = list.iter().position(|x| *x == item) {
        i
    } else {
        list.push(item);
        list.len() - 1
    }
}

/// Where a claim's sentence(s) are: from the start of the sentence of its
/// first `char` to the end of the sentence of its last.
pub fn sentences_of(doc: &Document, range: &Range<usize>) -> Range<usize> {
    let first = sentence_at(doc, range.start);
    let last = sentence_at(doc, range.end.saturating_sub(1).max(range.start));
    first.start.min(range.start)..last.end.max(range.end)
}

/// The text of document range `r`.
fn text_of(doc: &Document, r: &Range<usize>) -> String {
    doc.text().chars().skip(r.start).take(r.len()).collect()
}

/// How far entity `e` is from `range`: before it, nearest first; then
/// after it.
fn distance(e: &Range<usize>, range: &Range<usize>) -> usize {
    if e.end <= range.start {
        range.start - e.end
    } else {
        1_000_000 + e.start.saturating_sub(range.end)
    }
}

impl ClaimForm {
    /// A form for claim `id` covering `range`. A `fresh` claim is pre-filled
    /// from its sentence: the speaker it names, the cue before the speaker,
    /// "direct" when it is quoted; an existing claim shows what it has.
    pub fn new(
        id: String,
        range: Range<usize>,
        fresh: bool,
        doc: &Document,
        store: &Store,
        schema: &Schema,
    ) -> Self {
        let lexicon = CueLexicon::new(&schema.cues);
        let sentence = sentences_of(doc, &range);
        let sentence_text = text_of(doc, &sentence);
        let mentions: Vec<Mention<'_>> = store
            .entities()
            .filter(|e| !e.orphan)
            .map(|e| Mention { id: &e.id, label: &e.label, range: e.range(), text: &e.text })
            .collect();
        let previous = store
            .claims()
            .filter(|c| c.id != id && !c.orphan && c.start < range.start)
            .filter_map(|c| c.claimant.clone())
            .next_back()
            .map(|c| match c {
                Claimant::Entity(id) => Speaker::Entity(id),
                Claimant::Text(t) => Speaker::Text(t),
            });
        let query = Query {
            text: &sentence_text,
            start: sentence.start,
            claim: range.clone(),
            mentions: &mentions,
            previous,
            lexicon: &lexicon,
        };
        let attribution = speaker::attribute(&query);
        let mut claimants: Vec<Choice> = Vec::new();
        for s in &attribution.speakers {
            let choice = match s {
                Speaker::Entity(id) => store.entity(id).map(|e| Choice::Entity {
                    id: e.id.clone(),
                    text: e.text.clone(),
                    label: e.label.clone(),
                }),
                Speaker::Words { range, text } => {
                    Some(Choice::Words { range: range.clone(), text: text.clone() })
                }
                Speaker::Text(t) => Some(Choice::Text(t.clone())),
            };
            claimants.extend(choice.filter(|c| !claimants.contains(c)));
        }
        let suggested = claimants.len();
        // Then every other entity, nearest first, one mention per name and
        // label (any mention of بكين names the same speaker).
        let mut others: Vec<_> = store.entities().filter(|e| !e.orphan).collect();
        others.sort_by_key(|e| (distance(&e.range(), &sentence), e.start));
        let folding = Folding::default();
        let mut seen: Vec<(String, String)> = claimants
            .iter()
            .filter_map(|c| match c {
                Choice::Entity { text, label, .. } => Some((fold(text, &folding), label.clone())),
                Choice::Words { .. } | Choice::Text(_) => None,
            })
            .collect();
        for e in others {
            let key = (fold(&e.text, &folding), e.label.clone());
            if !seen.contains(&key) {
                seen.push(key);
                claimants.push(Choice::Entity {
                    id: e.id.clone(),
                    text: e.text.clone(),
                    label: e.label.clone(),
                });
            }
        }

        let (cues, words) = cue_choices(doc, &range, &sentence, &lexicon, attribution.cue.as_ref());
        let kind = if is_quoted(doc, &range) { ClaimKind::Direct } else { ClaimKind::Indirect };
        let mut form = Self {
            id,
            fresh,
            field: Field::Claimant,
            claimant: (suggested > 0).then_some(0),
            claimants,
            suggested,
            claimant_filter: String::new(),
            claimant_pick: 0,
            free_text: false,
            cue: (!cues.is_empty()).then_some(0),
            cues,
            words,
            cue_filter: String::new(),
            cue_pick: 0,
            kind,
            note: String::new(),
        };
        if let Some(claim) = store.claim(&form.id).filter(|_| !fresh) {
            form.claimant = claim.claimant.as_ref().map(|c| form.choice_of(c));
            form.cue = claim.cue.as_ref().map(|c| {
                let at = form.cues.iter().position(|(r, _)| *r == c.range());
                at.unwrap_or_else(|| {
                    form.cues.insert(0, (c.range(), c.text.clone()));
                    0
                })
            });
            form.kind = claim.kind;
            form.note = claim.note.clone().unwrap_or_default();
        }
        form
    }

    /// The index of the choice standing for `claimant`, added if missing.
    fn choice_of(&mut self, claimant: &Claimant) -> usize {
        let found = self.claimants.iter().position(|c| match (c, claimant) {
            (Choice::Entity { id, .. }, Claimant::Entity(want)) => id == want,
            (Choice::Words { text, .. } | Choice::Text(text), Claimant::Text(want)) => {
                text.trim() == want
            }
            _ => false,
        });
        found.unwrap_or_else(|| {
            let choice = match claimant {
                Claimant::Entity(id) => {
                    Choice::Entity { id: id.clone(), text: id.clone(), label: String::new() }
                }
                Claimant::Text(t) => Choice::Text(t.clone()),
            };
            self.claimants.push(choice);
            self.claimants.len() - 1
        })
    }

    /// The claimant choices the typed filter matches (indices into
    /// `claimants`, in their order): their folded text holds the folded
    /// filter.
    pub fn claimant_matches(&self) -> Vec<usize> {
        let needle = fold(self.claimant_filter.trim(), &Folding::default());
        if needle.is_empty() {
            return Vec::new();
        }
        (0..self.claimants.len())
            .filter(|&i| fold(self.claimants[i].text(), &Folding::default()).contains(&needle))
            .collect()
    }

    /// The cue choices the typed filter matches: runs of as many words of
    /// the sentence as the filter has, whose folded text holds it; the
    /// lexicon's cues first.
    pub fn cue_matches(&self) -> Vec<CueChoice> {
        let folding = Folding::default();
        let needle = fold(self.cue_filter.trim(), &folding);
        if needle.is_empty() {
            return Vec::new();
        }
        let n = self.cue_filter.split_whitespace().count().max(1);
        let mut out: Vec<CueChoice> = Vec::new();
        for (i, (first, _)) in self.words.iter().enumerate() {
            let Some((last, _)) = self.words.get(i + n - 1) else { break };
            let range = first.start..last.end;
            let text: String =
                self.words[i..i + n].iter().map(|(_, w)| w.as_str()).collect::<Vec<_>>().join(" ");
            if fold(&text, &folding).contains(&needle) {
                out.push((range, text));
            }
        }
        // The lexicon's cues that match come first.
        out.sort_by_key(|(r, _)| !self.cues.iter().any(|(c, _)| c == r));
        out
    }

    /// The claimant choice shown now: the highlighted match while a filter
    /// is typed (none: the typed text), else the chosen one.
    pub fn current_claimant(&self) -> Option<Choice> {
        if self.claimant_filter.trim().is_empty() {
            return self.claimant.and_then(|i| self.claimants.get(i)).cloned();
        }
        let matches = self.claimant_matches();
        if self.free_text || matches.is_empty() {
            return Some(Choice::Text(self.claimant_filter.trim().to_string()));
        }
        matches
            .get(self.claimant_pick.min(matches.len() - 1))
            .and_then(|&i| self.claimants.get(i))
            .cloned()
    }

    /// The cue shown now: the highlighted match while a filter is typed,
    /// else the chosen one.
    pub fn current_cue(&self) -> Option<CueChoice> {
        if self.cue_filter.trim().is_empty() {
            return self.cue.and_then(|i| self.cues.get(i)).cloned();
        }
        let matches = self.cue_matches();
        matches.get(self.cue_pick.min(matches.len().saturating_sub(1))).cloned()
    }

    /// Makes what the focused field shows its value: a typed filter gives
    /// way to the choice it highlights.
    pub fn settle(&mut self) {
        if !self.claimant_filter.trim().is_empty() {
            self.claimant =
                self.current_claimant().map(|choice| index_of(&mut self.claimants, choice));
        }
        if !self.cue_filter.trim().is_empty() {
            if let Some(choice) = self.current_cue() {
                self.cue = Some(index_of(&mut self.cues, choice));
            }
        }
        self.claimant_filter.clear();
        self.cue_filter.clear();
        self.claimant_pick = 0;
        self.cue_pick = 0;
        self.free_text = false;
    }

    /// Moves the focus to the next (or previous) field, keeping what the
    /// one left shows.
    pub fn next_field(&mut self, forward: bool) {
        self.settle();
        let i = Field::ALL.iter().position(|f| *f == self.field).unwrap_or(0);
        let n = Field::ALL.len();
        self.field = Field::ALL[if forward { (i + 1) % n } else { (i + n - 1) % n }];
    }

    /// ←/→ in the focused field: the next match of a typed filter, else
    /// the next choice (with "none"). Returns a message for the note field,
    /// where there is nothing to choose.
    pub fn cycle(&mut self, forward: bool) -> Option<String> {
        fn step(current: Option<usize>, len: usize, forward: bool) -> Option<usize> {
            // The choices are None, 0, 1, … len-1.
            let pos = current.map_or(0, |i| i + 1);
            let n = len + 1;
            let next = if forward { (pos + 1) % n } else { (pos + n - 1) % n };
            next.checked_sub(1)
        }
        fn pick(at: usize, len: usize, forward: bool) -> usize {
            if len == 0 {
                0
            } else if forward {
                (at.min(len - 1) + 1) % len
            } else {
                (at.min(len - 1) + len - 1) % len
            }
        }
        match self.field {
            Field::Claimant if !self.claimant_filter.trim().is_empty() => {
                self.claimant_pick =
                    pick(self.claimant_pick, self.claimant_matches().len(), forward);
            }
            Field::Claimant => self.claimant = step(self.claimant, self.claimants.len(), forward),
            Field::Cue if !self.cue_filter.trim().is_empty() => {
                self.cue_pick = pick(self.cue_pick, self.cue_matches().len(), forward);
            }
            Field::Cue => self.cue = step(self.cue, self.cues.len(), forward),
            Field::Kind => {
                let all = ClaimKind::ALL;
                let i = all.iter().position(|k| *k == self.kind).unwrap_or(0);
                self.kind = all[if forward { (i + 1) % 3 } else { (i + 2) % 3 }];
            }
            Field::Note => {
                return Some("the note is free text: type it (Tab moves to the next field)".into());
            }
        }
        None
    }

    /// Typing in the focused field. Returns a message when typing has no
    /// meaning there (the kind).
    pub fn type_char(&mut self, c: char) -> Option<String> {
        match self.field {
            Field::Claimant => {
                self.claimant_filter.push(c);
                self.claimant_pick = 0;
            }
            Field::Cue => {
                self.cue_filter.push(c);
                self.cue_pick = 0;
            }
            Field::Note => self.note.push(c),
            Field::Kind => {
                return Some(format!(
                    "«{}» not typed: the kind is chosen with ←→ (direct, indirect, mixed)",
                    crate::text::safe::line(&c.to_string())
                ));
            }
        }
        None
    }

    /// Backspace in the focused field. Returns a message when there is
    /// nothing to delete there (the kind).
    pub fn backspace(&mut self) -> Option<String> {
        match self.field {
            Field::Claimant => {
                self.claimant_filter.pop();
                self.claimant_pick = 0;
                if self.claimant_filter.is_empty() {
                    self.free_text = false;
                }
            }
            Field::Cue => {
                self.cue_filter.pop();
                self.cue_pick = 0;
            }
            Field::Note => {
                self.note.pop();
            }
            Field::Kind => return Some("the kind is chosen with ←→".to_string()),
        }
        None
    }

    /// Ctrl-t in the claimant field: the typed text is the claimant as
    /// free text, even where entities match (again: back to the matches).
    pub fn toggle_free_text(&mut self) -> String {
        if self.field != Field::Claimant || self.claimant_filter.trim().is_empty() {
            return "type the claimant first: Ctrl-t keeps the typed text as a free-text claimant"
                .to_string();
        }
        self.free_text = !self.free_text;
        if self.free_text {
            "the typed text is the claimant (free text); Ctrl-t again: the entities it matches"
                .to_string()
        } else {
            "the claimant is the highlighted entity again".to_string()
        }
    }

    /// The untagged words Ctrl-e would tag: the claimant shown now, when it
    /// is words of the sentence.
    pub fn words_to_tag(&self) -> Option<(Range<usize>, String)> {
        match self.current_claimant() {
            Some(Choice::Words { range, text }) => Some((range, text)),
            _ => None,
        }
    }

    /// Puts the entity just tagged for the claimant's words in their place
    /// and chooses it.
    pub fn tagged(&mut self, id: String, text: String, label: String) {
        self.settle();
        let choice = Choice::Entity { id, text, label };
        let words = |&i: &usize| matches!(self.claimants.get(i), Some(Choice::Words { .. }));
        if let Some(i) = self.claimant.filter(words) {
            self.claimants[i] = choice;
        } else {
            self.claimants.insert(0, choice);
            self.claimant = Some(0);
        }
    }

    /// The claimant as shown.
    pub fn claimant(&self) -> Option<Claimant> {
        self.current_claimant().map(|c| c.claimant()).filter(|c| match c {
            Claimant::Text(t) => !t.is_empty(),
            Claimant::Entity(_) => true,
        })
    }

    /// The cue as shown.
    pub fn cue(&self) -> Option<Cue> {
        self.current_cue().map(|(r, t)| Cue::new(r, &t))
    }

    /// Writes the form into the store, field by field where it differs
    /// (the caller groups the edits into one undo step). Errors are
    /// reported as a message.
    pub fn apply(&self, store: &mut Store) -> Result<(), String> {
        let id = self.id.as_str();
        let map = |e: crate::annotate::StoreError| e.to_string();
        let Some(claim) = store.claim(id).cloned() else {
            return Err(format!("claim {id} no longer exists"));
        };
        let claimant = self.claimant();
        if claim.claimant != claimant {
            store.set_claimant(id, claimant).map_err(map)?;
        }
        let cue = self.cue();
        if claim.cue.as_ref().map(Cue::range) != cue.as_ref().map(Cue::range) {
            store.set_cue(id, cue).map_err(map)?;
        }
        if claim.kind != self.kind {
            store.set_kind(id, self.kind).map_err(map)?;
        }
        let note = self.note.trim();
        if claim.note.as_deref().unwrap_or("") != note {
            store.set_note(id, (!note.is_empty()).then_some(note)).map_err(map)?;
        }
        Ok(())
    }
}

/// The cue choices of a claim: the lexicon's cues of its sentence (the one
/// the speaker was read after first, then in order), then those elsewhere
/// in its paragraph, nearest first; and every word of the sentence.
fn cue_choices(
    doc: &Document,
    claim: &Range<usize>,
    sentence: &Range<usize>,
    lexicon: &CueLexicon,
    read: Option<&Range<usize>>,
) -> (Vec<CueChoice>, Vec<CueChoice>) {
    let para = doc.paragraph_at_char(sentence.start);
    let start = doc.paragraphs().get(para).map_or(0, |p| p.char_start);
    let text = doc.paragraph_text(para);
    let chars: Vec<char> = text.chars().collect();
    let choice = |r: Range<usize>| (start + r.start..start + r.end, chars[r].iter().collect());
    let mut cues: Vec<(usize, CueChoice)> = lexicon
        .find(text)
        .into_iter()
        .map(|m| choice(m.range))
        .map(|(r, t): CueChoice| {
            let rank = if Some(&r) == read {
                0
            } else if sentence.start <= r.start && r.end <= sentence.end {
                1 + r.start
            } else {
                usize::MAX / 2 + distance(&r, claim)
            };
            (rank, (r, t))
        })
        .collect();
    cues.sort_by_key(|(rank, _)| *rank);
    let words = cue_words(text, &CueLexicon::default())
        .into_iter()
        .map(choice)
        .filter(|(r, _): &CueChoice| sentence.start <= r.start && r.end <= sentence.end)
        .collect();
    (cues.into_iter().map(|(_, c)| c).collect(), words)
}

/// True when the claim is inside quotation marks.
fn is_quoted(doc: &Document, range: &Range<usize>) -> bool {
    let text = doc.text();
    let before = range.start.checked_sub(1).and_then(|i| text.chars().nth(i));
    let first = text.chars().nth(range.start);
    let quotes = ['"', '«', '“', '”', '\''];
    before.is_some_and(|c| quotes.contains(&c)) || first.is_some_and(|c| quotes.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document range of the first `needle` in `text`.
    fn find(text: &str, needle: &str) -> Range<usize> {
        let byte = text.find(needle).unwrap();
        let start = text[..byte].chars().count();
        start..start + needle.chars().count()
    }

    fn form_for(text: &str, tags: &[(&str, &str)], claim: &str) -> (ClaimForm, Store) {
        let doc = Document::new(text.to_string());
        let mut store = Store::new();
        for (label, name) in tags {
            store.add_entity(label, find(text, name), name).unwrap();
        }
        let range = find(text, claim);
        let id = store.add_claim(range.clone(), claim).unwrap();
        let form = ClaimForm::new(id, range, true, &doc, &store, &Schema::builtin());
        (form, store)
    }

    #[test]
    fn suggests_the_speaker_after_the_cue_and_the_whole_cue_word() {
        let text = "قالت بكين إنها دعمت روسيا في حماية الاستقرار.";
        let (form, _) = form_for(text, &[("GPE", "بكين"), ("GPE", "روسيا")], text);
        assert_eq!(form.claimant(), Some(Claimant::Entity("e1".to_string())));
        assert_eq!(form.cue().map(|c| c.text), Some("قالت".to_string()));
        assert_eq!(form.kind, ClaimKind::Indirect);
    }

    #[test]
    fn an_untagged_title_is_offered_as_words_to_tag() {
        let text = "قال وزير الدفاع الصيني يوم الاثنين إنه يأمل في توسيع التعاون مع روسيا";
        let (form, _) = form_for(text, &[("GPE", "روسيا")], text);
        assert_eq!(
            form.current_claimant(),
            Some(Choice::Words {
                range: find(text, "وزير الدفاع الصيني"),
                text: "وزير الدفاع الصيني".into()
            })
        );
        assert_eq!(form.claimant(), Some(Claimant::Text("وزير الدفاع الصيني".to_string())));
        assert!(form.words_to_tag().is_some());
    }

    #[test]
    fn typing_filters_entities_spelling_insensitively_and_enter_takes_the_highlighted() {
        let text = "وقال يفمينوف إنه يتعين على البلدين مواصلة التبادلات مع بكين وأوكرانيا";
        let (mut form, _) =
            form_for(text, &[("PERSON", "يفمينوف"), ("GPE", "بكين"), ("GPE", "أوكرانيا")], text);
        assert_eq!(form.claimant(), Some(Claimant::Entity("e1".into())));
        // «اوكر» finds أوكرانيا (hamza folded).
        for c in "اوكر".chars() {
            assert_eq!(form.type_char(c), None);
        }
        assert_eq!(form.claimant_matches().len(), 1);
        assert_eq!(form.claimant(), Some(Claimant::Entity("e3".into())));
        // Nothing matches: free text.
        form.type_char('ز');
        assert_eq!(form.claimant(), Some(Claimant::Text("اوكرز".into())));
        form.backspace();
        // Asked for: free text though an entity matches.
        form.toggle_free_text();
        assert_eq!(form.claimant(), Some(Claimant::Text("اوكر".into())));
        form.toggle_free_text();
        form.settle();
        assert_eq!(form.claimant(), Some(Claimant::Entity("e3".into())));
        assert!(form.claimant_filter.is_empty());
    }

    #[test]
    fn several_matches_are_walked_with_the_arrows() {
        let text = "تحدث لي شانغفو مع نيكولاي يفمينوف ، وقال يفمينوف إنه يأمل";
        let (mut form, _) =
            form_for(text, &[("PERSON", "نيكولاي يفمينوف"), ("PERSON", "لي شانغفو")], "يأمل");
        for c in "يفم".chars() {
            form.type_char(c);
        }
        // The untagged speaker after وقال (a suggestion, first), then the
        // entity نيكولاي يفمينوف.
        assert_eq!(form.claimant_matches().len(), 2);
        let first = form.claimant();
        assert_eq!(first, Some(Claimant::Text("يفمينوف".into())));
        form.cycle(true);
        assert_eq!(form.claimant(), Some(Claimant::Entity("e1".into())));
        form.cycle(true);
        assert_eq!(form.claimant(), first, "wraps around");
    }

    #[test]
    fn the_cue_field_filters_the_words_of_the_sentence() {
        let text = "وقال يفمينوف إنه يتعين على البلدين مواصلة التبادلات ، حسبما جاء في بيان بكين.";
        let (mut form, _) = form_for(text, &[("PERSON", "يفمينوف")], text);
        assert_eq!(form.cue().map(|c| c.text), Some("وقال".to_string()));
        form.field = Field::Cue;
        for c in "حسبما ج".chars() {
            form.type_char(c);
        }
        assert_eq!(form.cue().map(|c| c.text), Some("حسبما جاء".to_string()));
        assert_eq!(form.cue().map(|c| c.range()), Some(find(text, "حسبما جاء")));
        form.next_field(true);
        assert_eq!(form.field, Field::Kind);
        assert_eq!(form.cue().map(|c| c.text), Some("حسبما جاء".to_string()));
        // Typing in the kind field is refused, with a word.
        assert!(form.type_char('x').is_some());
        assert_eq!(form.kind, ClaimKind::Indirect);
    }

    #[test]
    fn cycling_includes_none() {
        let doc = Document::new("نص".to_string());
        let store = Store::new();
        let mut form = ClaimForm::new("c1".into(), 0..2, true, &doc, &store, &Schema::builtin());
        form.field = Field::Kind;
        form.cycle(true);
        assert_eq!(form.kind, ClaimKind::Mixed);
        form.field = Field::Claimant;
        form.cycle(true);
        assert_eq!(form.claimant, None, "no entity to choose");
        form.type_char('س');
        assert_eq!(form.claimant(), Some(Claimant::Text("س".to_string())));
    }

    #[test]
    fn an_existing_claim_shows_what_it_has() {
        let text = "وقال يفمينوف إنه يأمل. قالت بكين إنها تدعم.";
        let doc = Document::new(text.to_string());
        let mut store = Store::new();
        store.add_entity("PERSON", find(text, "يفمينوف"), "يفمينوف").unwrap();
        store.add_entity("GPE", find(text, "بكين"), "بكين").unwrap();
        let range = find(text, "قالت بكين إنها تدعم.");
        let id = store.add_claim(range.clone(), "قالت بكين إنها تدعم.").unwrap();
        store.set_claimant(&id, Some(Claimant::Entity("e1".into()))).unwrap();
        store.set_kind(&id, ClaimKind::Mixed).unwrap();
        let form = ClaimForm::new(id, range, false, &doc, &store, &Schema::builtin());
        assert_eq!(form.claimant(), Some(Claimant::Entity("e1".into())));
        assert_eq!(form.kind, ClaimKind::Mixed);
        assert_eq!(form.cue(), None);
        assert!(!form.fresh);
    }
}
