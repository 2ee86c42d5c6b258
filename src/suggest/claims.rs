//! The claim recommender: a cue of the schema's lexicon
//! ([`crate::annotate::cues`]) followed by a reported clause or a quote.
//!
//! Sentence by sentence, for each cue outside quotation marks (`docs/guidelines.md`
//! gives annotators the same rules):
//!
//! - a quotation («…», “…”, "…") opening within eight words after the cue,
//!   before the sentence ends and before another cue: a **direct** claim,
//!   its content the words inside the marks;
//! - else a complementizer (إن, أن, أنه, بأن …) within fifteen words after the
//!   cue: an **indirect** claim from the complementizer to the end of the
//!   clause — the end of the sentence (its final punctuation left out), or
//!   a comma before another cue (…، مضيفاً أن) or before a connective that
//!   starts the writer's own words (في الوقت الذي، في حين، بينما، مما، دون) —
//!   **mixed** when it holds quoted words;
//! - "according to" (وفقاً لـ, بحسب, نقلاً عن …): the rest of the sentence
//!   after the source's comma, or the sentence up to the comma before the
//!   cue: an indirect claim.
//!
//! The claimant is the first speaker of the claim form's ranking
//! ([`crate::annotate::speaker::attribute`]), read with the article's
//! entities and the entities suggested with it (a suggested one is named
//! as its words); a pronoun subject takes the previous claim's claimant.

use std::ops::Range;

use super::{
    ClaimParts, ClaimantGuess, Failure, Input, Proposal, Recommender, Suggestion, overlaps, slice,
};
use crate::annotate::cues::CueLexicon;
use crate::annotate::speaker::{self, Mention, Query, Speaker};
use crate::annotate::{ClaimKind, Claimant, Schema};
use crate::text::Document;
use crate::text::normalize::{Folding, fold};
use crate::text::sentences::sentences;
use crate::text::words;

/// The name its suggestions carry.
pub const NAME: &str = "claims";

/// Complementizers, folded.
#[rustfmt::skip]
const COMPLEMENTIZERS: &[&str] = &[
    "ان", "انه", "انها", "انهم", "انهما", "اننا", "انني", "انكم", "بان", "بانه", "بانها",
    "بانهم", "وان", "وانه", "وانها",
];

/// Connectives after a comma that start the writer's own words again.
const CONNECTIVES: &[&[&str]] = &[
    &["في", "الوقت", "الذي"],
    &["في", "حين"],
    &["بينما"],
    &["مما"],
    &["دون"],
    &["وهي"],
    &["وهو"],
    &["حتي"],
];

/// "But": the writer's own words again, after a comma or not.
const BUT: &[&str] = &["لكن", "ولكن", "لكنه", "لكنها", "لكنهم", "ولكنه", "ولكنها"];

/// How many words may come between a cue and its complementizer (the
/// speaker, whom it was said to, when: نقل منشور على تطبيق … عن وزير الدفاع
/// أندريه بيلوسوف أن takes fourteen).
const MAX_BEFORE_COMPLEMENTIZER: usize = 15;

/// The fewest words of a quotation that no colon introduces.
const MIN_QUOTE_WORDS: usize = 4;

/// "According to" cue heads, folded.
const ACCORDING: &[&str] = &["وفقا", "نقلا", "بحسب", "حسب", "حسبما", "طبقا"];

/// Quotation marks (each opens and closes: marks are used both ways round).
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '«' | '»' | '“' | '”' | '„')
}

/// Final punctuation left out of a content span.
fn is_final(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…' | '،' | ',' | '؛' | ';' | ':') || c.is_whitespace()
}

/// The claim recommender (see the module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRecommender {
    lexicon: CueLexicon,
}

/// One sentence being read: its text, where it starts, its words and quotes.
struct Sentence {
    chars: Vec<char>,
    start: usize,
    /// Words: range in the sentence and folded text.
    words: Vec<(Range<usize>, String)>,
    /// The insides of quotations, in the sentence.
    quotes: Vec<Range<usize>>,
}

impl Sentence {
    fn new(text: &str, start: usize) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let folding = Folding::default();
        let words = words::words(text)
            .map(|r| {
                let w: String = chars[r.clone()].iter().collect();
                (r, fold(&w, &folding))
            })
            .collect();
        let mut quotes = Vec::new();
        let mut open: Option<usize> = None;
        for (i, &c) in chars.iter().enumerate() {
            if is_quote(c) {
                match open.take() {
                    Some(o) => quotes.push(o + 1..i),
                    None => open = Some(i),
                }
            }
        }
        Self { chars, start, words, quotes }
    }

    /// The quotation `offset` is inside, if any.
    fn quoted(&self, offset: usize) -> bool {
        self.quotes.iter().any(|q| q.start <= offset && offset < q.end)
    }

    /// The index of the first word starting at or after `offset`.
    fn word_after(&self, offset: usize) -> usize {
        self.words.iter().position(|(r, _)| r.start >= offset).unwrap_or(self.words.len())
    }

    /// True when nothing but letters, spaces, commas and colons lie in `range`.
    fn no_stop(&self, range: Range<usize>) -> bool {
        self.chars[range].iter().all(|&c| !matches!(c, '.' | '!' | '?' | '؟' | ';' | '؛'))
    }

    /// `range` without final punctuation and spaces at its end, and spaces at its start.
    fn trimmed(&self, mut range: Range<usize>) -> Range<usize> {
        while range.start < range.end && self.chars[range.start].is_whitespace() {
            range.start += 1;
        }
        while range.end > range.start && is_final(self.chars[range.end - 1]) {
            range.end -= 1;
        }
        range
    }

    /// Where an indirect clause starting at `from` ends (see the module):
    /// before a comma that a later cue or a connective follows, else the
    /// sentence's end.
    fn clause_end(&self, from: usize, cues: &[Range<usize>]) -> usize {
        let first = self.word_after(from);
        for (i, (r, w)) in self.words.iter().enumerate().skip(first + 1) {
            if self.quoted(r.start) {
                continue;
            }
            let gap_start = self.words[i - 1].0.end;
            let gap = &self.chars[gap_start..r.start];
            // لكن starts the writer's own words, comma or not.
            if BUT.contains(&w.as_str()) {
                return gap
                    .iter()
                    .position(|c| matches!(c, '،' | ','))
                    .map_or(r.start, |k| gap_start + k);
            }
            let Some(comma) = gap.iter().position(|c| matches!(c, '،' | ',')) else { continue };
            let cue = cues.iter().any(|c| c.start == r.start);
            let connective = CONNECTIVES.iter().any(|words| {
                words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| self.words.get(i + k).is_some_and(|x| x.1 == *w))
            });
            if cue || connective {
                // Up to the comma: a quotation mark closed before it stays in.
                return gap_start + comma;
            }
        }
        self.chars.len()
    }

    /// Is word `i` a complementizer? A bare أن right after a verb in the
    /// present tense that is not the cue (تحاول أن تظهر) is the particle of
    /// an infinitive, not one.
    fn complementizer(&self, i: usize, cue: &Range<usize>) -> bool {
        let w = self.words[i].1.as_str();
        if !COMPLEMENTIZERS.contains(&w) {
            return false;
        }
        if w != "ان" || i == 0 || self.words[i - 1].0.start == cue.start {
            return true;
        }
        let before = &self.words[i - 1].1;
        !before.starts_with(['ي', 'ت', 'ن']) || before.starts_with("ال")
    }

    /// The content and kind of a claim introduced by the cue at `cue`.
    fn content(
        &self,
        cue: &Range<usize>,
        cues: &[Range<usize>],
    ) -> Option<(Range<usize>, ClaimKind)> {
        let head =
            self.words.iter().find(|(r, _)| r.start == cue.start).map(|(_, w)| w.as_str())?;
        let next_cue = cues.iter().map(|c| c.start).filter(|&s| s > cue.start).min();
        let limit = next_cue.unwrap_or(self.chars.len());
        let bare = head.strip_prefix(['و', 'ف']).unwrap_or(head);
        if ACCORDING.contains(&head) || ACCORDING.contains(&bare) {
            return self.according(cue, cues);
        }
        // A quotation soon after the cue (no complementizer before it).
        if let Some(q) = self.quotes.iter().find(|q| q.start > cue.end && q.start <= limit) {
            let between: Vec<&str> = self
                .words
                .iter()
                .filter(|(r, _)| r.start >= cue.end && r.end < q.start)
                .map(|(_, w)| w.as_str())
                .collect();
            let complementizer = between.iter().any(|w| COMPLEMENTIZERS.contains(w));
            // A quotation of a few words that no colon introduces is a
            // phrase the writer marks (شراكة “بلا حدود”), not what was said.
            let colon = self.chars[cue.end..q.start].contains(&':');
            let words =
                self.words.iter().filter(|(r, _)| q.start <= r.start && r.end <= q.end).count();
            if between.len() <= 8
                && !complementizer
                && (colon || words >= MIN_QUOTE_WORDS)
                && self.no_stop(cue.end..q.start - 1)
            {
                let range = self.trimmed(q.clone());
                return (!range.is_empty()).then_some((range, ClaimKind::Direct));
            }
        }
        // A complementizer soon after the cue.
        let first = self.word_after(cue.end);
        let comp = (first..self.words.len())
            .take(MAX_BEFORE_COMPLEMENTIZER)
            .take_while(|&i| self.words[i].0.start < limit && !self.quoted(self.words[i].0.start))
            .find(|&i| self.complementizer(i, cue))
            .map(|i| &self.words[i])?;
        if !self.no_stop(cue.end..comp.0.start) {
            return None;
        }
        let end = self.clause_end(comp.0.start, cues);
        let range = self.trimmed(comp.0.start..end);
        let mixed = self.quotes.iter().any(|q| range.start < q.start && q.end <= range.end);
        (range.len() > comp.0.len())
            .then_some((range, if mixed { ClaimKind::Mixed } else { ClaimKind::Indirect }))
    }

    /// The content of an "according to" claim.
    fn according(
        &self,
        cue: &Range<usize>,
        cues: &[Range<usize>],
    ) -> Option<(Range<usize>, ClaimKind)> {
        let words_before = self.words.iter().filter(|(r, _)| r.end <= cue.start).count();
        if words_before == 0 {
            // The source, a comma, then the claim.
            let comma =
                (cue.end..self.chars.len()).find(|&i| matches!(self.chars[i], '،' | ','))?;
            let end = self.clause_end(comma + 1, cues);
            let range = self.trimmed(comma + 1..end);
            return (self
                .words
                .iter()
                .filter(|(r, _)| r.start >= range.start && r.end <= range.end)
                .count()
                >= 2)
                .then_some((range, ClaimKind::Indirect));
        }
        // The claim, a comma, then the source: the clause right before the
        // comma — unless a cue before it already reported that claim
        // (وقال إنه …، وفقاً لبيان: the source of the same claim).
        let comma = (0..cue.start).rev().find(|&i| !self.chars[i].is_whitespace())?;
        if !matches!(self.chars[comma], '،' | ',')
            || words_before < 2
            || cues.iter().any(|c| c.start < cue.start)
        {
            return None;
        }
        let from =
            (0..comma).rev().find(|&i| matches!(self.chars[i], '،' | ',')).map_or(0, |i| i + 1);
        let range = self.trimmed(from..comma);
        Some((range, ClaimKind::Indirect))
    }
}

/// The sentences of a paragraph, those a quotation runs across joined
/// («… الباردة.. إنها …» is one quotation, whatever the sentence breaks).
fn quoted_sentences(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut open = false;
    for r in sentences(text) {
        let marks = chars[r.clone()].iter().filter(|c| is_quote(**c)).count();
        match out.last_mut() {
            Some(last) if open => last.end = r.end,
            _ => out.push(r.clone()),
        }
        open ^= marks % 2 == 1;
    }
    out
}

/// The words of a headline's sides: at most this many name the speaker.
const HEADLINE_SPEAKER: usize = 8;

/// A headline's words: at most this many (a list of keywords is no claim).
const HEADLINE_WORDS: usize = 25;

/// An entity the ranking may name, owned.
struct Known {
    id: String,
    label: String,
    range: Range<usize>,
    text: String,
    /// Suggested now, not yet annotated.
    suggested: bool,
}

impl ClaimRecommender {
    /// The recommender with `schema`'s cue lexicon.
    pub fn new(schema: &Schema) -> Self {
        Self { lexicon: CueLexicon::new(&schema.cues) }
    }

    fn known(input: &Input<'_>) -> Vec<Known> {
        let mut known: Vec<Known> = input
            .store
            .entities()
            .filter(|e| !e.orphan)
            .map(|e| Known {
                id: e.id.clone(),
                label: e.label.clone(),
                range: e.range(),
                text: e.text.clone(),
                suggested: false,
            })
            .collect();
        for (i, s) in input.proposed.iter().enumerate() {
            if let Proposal::Entity(label) = &s.proposal {
                if !known.iter().any(|k| overlaps(&k.range, &s.range)) {
                    known.push(Known {
                        id: format!("~{i}"),
                        label: label.clone(),
                        range: s.range.clone(),
                        text: s.text.clone(),
                        suggested: true,
                    });
                }
            }
        }
        known.sort_by_key(|k| (k.range.start, k.range.end));
        known
    }

    /// A headline of the form «speaker: words» or «words: speaker» (one
    /// colon, no sentence end before the last word, the words at least three
    /// words long, the speaker at most [`HEADLINE_SPEAKER`]): a direct claim
    /// without a cue.
    fn headline(
        &self,
        ptext: &str,
        base: usize,
        mentions: &[Mention<'_>],
        text: &str,
    ) -> Option<Suggestion> {
        let chars: Vec<char> = ptext.chars().collect();
        let colon = chars.iter().position(|&c| c == ':')?;
        // A headline ends with no full stop (a sentence «وقال: "…".» does).
        if chars.iter().filter(|&&c| c == ':').count() != 1
            || chars.iter().any(|c| matches!(c, '.' | '؟' | '!'))
        {
            return None;
        }
        let words: Vec<Range<usize>> = words::words(ptext).collect();
        // «وقال: "…"» is a cue's quotation, read as a sentence.
        let first: String = chars[words.first()?.clone()].iter().collect();
        if words.len() > HEADLINE_WORDS || self.lexicon.word_entry(&first).is_some() {
            return None;
        }
        let before = words.iter().filter(|w| w.end <= colon).count();
        let after = words.len() - before;
        let (content, claimant) = if (1..=HEADLINE_SPEAKER).contains(&before) && after >= 3 {
            let first = words.get(before)?.start;
            (first..chars.len(), words[0].start..colon)
        } else if (1..=3).contains(&after) && before >= 3 {
            (words[0].start..colon, words[before].start..chars.len())
        } else {
            return None;
        };
        let sentence = Sentence::new(ptext, base);
        let content = sentence.trimmed(content);
        let claimant = sentence.trimmed(claimant);
        if content.is_empty() || claimant.is_empty() {
            return None;
        }
        let range = base + content.start..base + content.end;
        let query = Query {
            text: ptext,
            start: base,
            claim: range.clone(),
            mentions,
            previous: None,
            lexicon: &self.lexicon,
        };
        let who = speaker::attribute(&query).speakers.into_iter().next().map_or_else(
            || {
                let r = base + claimant.start..base + claimant.end;
                ClaimantGuess::Words { text: slice(text, &r), range: r }
            },
            |s| match s {
                Speaker::Entity(id) => mentions.iter().find(|m| m.id == id).map_or(
                    ClaimantGuess::Text(id.clone()),
                    |m| {
                        if id.starts_with('~') {
                            ClaimantGuess::Words { range: m.range.clone(), text: m.text.to_owned() }
                        } else {
                            ClaimantGuess::Entity { id: id.clone(), text: m.text.to_owned() }
                        }
                    },
                ),
                Speaker::Words { range, text } => ClaimantGuess::Words { range, text },
                Speaker::Text(t) => ClaimantGuess::Text(t),
            },
        );
        Some(Suggestion {
            text: slice(text, &range),
            range,
            proposal: Proposal::Claim(ClaimParts {
                cue: None,
                claimant: Some(who),
                kind: ClaimKind::Direct,
            }),
            score: 0.5,
            source: NAME.to_owned(),
        })
    }

    /// The claims of `input`'s text, by start.
    fn find(&self, input: &Input<'_>) -> Vec<Suggestion> {
        let known = Self::known(input);
        let mentions: Vec<Mention<'_>> = known
            .iter()
            .map(|k| Mention { id: &k.id, label: &k.label, range: k.range.clone(), text: &k.text })
            .collect();
        let guess = |s: &Speaker| -> Option<ClaimantGuess> {
            Some(match s {
                Speaker::Entity(id) => {
                    let k = known.iter().find(|k| k.id == *id)?;
                    if k.suggested {
                        ClaimantGuess::Words { range: k.range.clone(), text: k.text.clone() }
                    } else {
                        ClaimantGuess::Entity { id: k.id.clone(), text: k.text.clone() }
                    }
                }
                Speaker::Words { range, text } => {
                    ClaimantGuess::Words { range: range.clone(), text: text.clone() }
                }
                Speaker::Text(t) => ClaimantGuess::Text(t.clone()),
            })
        };
        let doc = Document::new(input.text.to_owned());
        let mut out: Vec<Suggestion> = Vec::new();
        let mut previous: Option<Speaker> = None;
        for p in 0..doc.paragraphs().len() {
            let ptext = doc.paragraph_text(p);
            let base = doc.paragraphs()[p].char_start;
            if let Some(claim) = self.headline(ptext, base, &mentions, input.text) {
                out.push(claim);
                continue;
            }
            for r in quoted_sentences(ptext) {
                let text: String = ptext.chars().skip(r.start).take(r.len()).collect();
                let sentence = Sentence::new(&text, base + r.start);
                let cues: Vec<Range<usize>> = self
                    .lexicon
                    .find(&text)
                    .into_iter()
                    .map(|m| m.range)
                    .filter(|c| !sentence.quoted(c.start))
                    .collect();
                for cue in &cues {
                    let Some((content, kind)) = sentence.content(cue, &cues) else { continue };
                    let range = sentence.start + content.start..sentence.start + content.end;
                    if out.iter().any(|s| s.range == range) {
                        continue;
                    }
                    if let Some(before) = input
                        .store
                        .claims()
                        .filter(|c| !c.orphan && c.start < range.start)
                        .filter_map(|c| c.claimant.as_ref())
                        .next_back()
                        .filter(|_| previous.is_none())
                    {
                        previous = Some(match before {
                            Claimant::Entity(id) => Speaker::Entity(id.clone()),
                            Claimant::Text(t) => Speaker::Text(t.clone()),
                        });
                    }
                    let query = Query {
                        text: &text,
                        start: sentence.start,
                        claim: range.clone(),
                        mentions: &mentions,
                        previous: previous.clone(),
                        lexicon: &self.lexicon,
                    };
                    let attribution = speaker::attribute(&query);
                    let first = attribution.speakers.first();
                    if let Some(s) = first {
                        previous = Some(s.clone());
                    }
                    let cue_range = sentence.start + cue.start..sentence.start + cue.end;
                    let score = match kind {
                        ClaimKind::Direct => 0.7,
                        ClaimKind::Mixed | ClaimKind::Indirect => 0.6,
                    };
                    out.push(Suggestion {
                        text: slice(input.text, &range),
                        range,
                        proposal: Proposal::Claim(ClaimParts {
                            cue: Some((cue_range.clone(), slice(input.text, &cue_range))),
                            claimant: first.and_then(guess),
                            kind,
                        }),
                        score,
                        source: NAME.to_owned(),
                    });
                }
            }
        }
        out
    }
}

impl Recommender for ClaimRecommender {
    fn name(&self) -> &str {
        NAME
    }

    fn suggest(&self, input: &Input<'_>) -> Result<Vec<Suggestion>, Failure> {
        Ok(self
            .find(input)
            .into_iter()
            .filter(|s| {
                !input.rejected.iter().any(|r| r.label == super::CLAIM && r.range == s.range)
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::Store;

    /// (content, cue, claimant, kind) of each claim found in `text`, with
    /// `entities` (label, text) tagged at their first occurrence.
    fn claims(text: &str, entities: &[(&str, &str)]) -> Vec<(String, String, String, ClaimKind)> {
        let mut store = Store::new();
        for (label, name) in entities {
            let byte = text.find(name).unwrap();
            let start = text[..byte].chars().count();
            store.add_entity(label, start..start + name.chars().count(), name).unwrap();
        }
        let schema = Schema::builtin();
        let input =
            Input { name: "a", text, store: &store, rejected: &[], schema: &schema, proposed: &[] };
        ClaimRecommender::new(&schema)
            .suggest(&input)
            .unwrap()
            .into_iter()
            .map(|s| match s.proposal {
                Proposal::Claim(p) => (
                    s.text,
                    p.cue.map(|c| c.1).unwrap_or_default(),
                    p.claimant.map(|c| c.text().to_owned()).unwrap_or_default(),
                    p.kind,
                ),
                Proposal::Entity(_) => unreachable!(),
            })
            .collect()
    }

    fn row(
        content: &str,
        cue: &str,
        who: &str,
        kind: ClaimKind,
    ) -> (String, String, String, ClaimKind) {
        (content.into(), cue.into(), who.into(), kind)
    }

    #[test]
    fn an_inna_clause_is_indirect_to_the_end_of_the_sentence() {
        let text = "وقال بيلوسوف إنه التقى بنائب رئيس اللجنة. ثم غادر.";
        assert_eq!(
            claims(text, &[("PERSON", "بيلوسوف")]),
            [row("إنه التقى بنائب رئيس اللجنة", "وقال", "بيلوسوف", ClaimKind::Indirect)]
        );
    }

    #[test]
    fn a_quote_is_direct_and_its_marks_are_left_out() {
        let text = "وقال بوتين لتشانج: «إننا نقدر هذا التعاون».";
        assert_eq!(
            claims(text, &[("PERSON", "بوتين"), ("PERSON", "تشانج")]),
            [row("إننا نقدر هذا التعاون", "وقال", "بوتين", ClaimKind::Direct)]
        );
        let text = "وأضاف: \"هذا بلا شك مهم\"";
        assert_eq!(claims(text, &[])[0].0, "هذا بلا شك مهم");
        assert_eq!(claims(text, &[])[0].3, ClaimKind::Direct);
    }

    #[test]
    fn a_clause_with_quoted_words_is_mixed_and_ends_before_the_next_cue() {
        let text = "وقال بيلوسوف إن بوتين وشي اتفقا على تعميق “الشراكة الاستراتيجية” بينهما، \
                    مضيفا أنه واثق من النتائج.";
        let found = claims(text, &[("PERSON", "بيلوسوف"), ("PERSON", "بوتين")]);
        assert_eq!(
            found,
            [
                row(
                    "إن بوتين وشي اتفقا على تعميق “الشراكة الاستراتيجية” بينهما",
                    "وقال",
                    "بيلوسوف",
                    ClaimKind::Mixed
                ),
                row("أنه واثق من النتائج", "مضيفا", "بيلوسوف", ClaimKind::Indirect),
            ]
        );
    }

    #[test]
    fn every_cue_kind_and_the_writers_own_words() {
        // A cue with و and an inflection, أن after a preposition, a
        // participle, a present tense, and "according to" both ways.
        let text = "وأشارت الوزارة إلى أن الجيش انسحب، في الوقت الذي تقدمت فيه القوات. \
                    وتقول الصين إنها لم تقدم أسلحة. \
                    بحسب مسؤولين أمريكيين، فإن الهجوم كان متوقعا. \
                    وارتفع عدد الإصابات في ديسمبر، وفقًا لوزارة الصحة.";
        let found = claims(text, &[("GPE", "الصين"), ("ORG", "وزارة الصحة")]);
        let got: Vec<(&str, &str, ClaimKind)> =
            found.iter().map(|(c, q, _, k)| (c.as_str(), q.as_str(), *k)).collect();
        assert_eq!(
            got,
            [
                ("أن الجيش انسحب", "وأشارت", ClaimKind::Indirect),
                ("إنها لم تقدم أسلحة", "وتقول", ClaimKind::Indirect),
                ("فإن الهجوم كان متوقعا", "بحسب", ClaimKind::Indirect),
                ("وارتفع عدد الإصابات في ديسمبر", "وفقًا ل", ClaimKind::Indirect),
            ]
        );
        assert_eq!(found[1].2, "الصين");
        assert_eq!(found[3].2, "وزارة الصحة");
    }

    #[test]
    fn headlines_scare_quotes_sources_and_the_writers_words() {
        // «speaker: words» and «words: speaker», no cue, direct.
        let found = claims("ميدفيديف: الصراع في أوكرانيا ‘دائم’", &[("PERSON", "ميدفيديف")]);
        assert_eq!(found, [row("الصراع في أوكرانيا ‘دائم’", "", "ميدفيديف", ClaimKind::Direct)]);
        let found = claims("هجوم أوكرانيا المضاد مهمة “صعبة”: قائد الناتو", &[]);
        assert_eq!(found[0].0, "هجوم أوكرانيا المضاد مهمة “صعبة”");
        // A list of keywords, and a sentence with a full stop, are no headline.
        assert!(claims("المصدر: صدى البلد", &[]).is_empty());
        // A few quoted words after a verb are the writer's marks, not a quote.
        assert!(claims("وأعلنت الصين شراكة “بلا حدود” مع روسيا.", &[]).is_empty());
        // "According to" after a claim a cue already reported: no second claim.
        let text = "وقال إنه يأمل في “تعزيز الاتصال” ، وفقًا لبيان صادر عن الوزارة.";
        assert_eq!(claims(text, &[]).len(), 1);
        assert_eq!(claims(text, &[])[0].0, "إنه يأمل في “تعزيز الاتصال”");
        // لكن starts the writer's words again; أن after a verb is no complementizer.
        let text = "وتقول الصين إنها طرف محايد لكنها تعرضت لانتقادات.";
        assert_eq!(claims(text, &[])[0].0, "إنها طرف محايد");
        let text = "واتهمت الصين الحلف بإثارة التوترات، حتى وهي تحاول أن تظهر نفسها كطرف محايد.";
        assert!(claims(text, &[]).is_empty(), "{:?}", claims(text, &[]));
    }

    #[test]
    fn a_quotation_across_sentence_breaks_is_one_claim() {
        let text = "وقال لي: \"لدينا علاقات قوية.. إنها في غاية الاستقرار. لقد اخترت روسيا\".";
        let found = claims(text, &[("PERSON", "لي")]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "لدينا علاقات قوية.. إنها في غاية الاستقرار. لقد اخترت روسيا");
    }

    #[test]
    fn no_claim_without_a_clause_or_a_quote_nor_inside_a_quote() {
        assert!(claims("وأعلنت الصين وروسيا شراكة بلا حدود.", &[]).is_empty());
        // The cue inside the quotation is what is said, not a new claim.
        let found = claims("وقال: «قال لي إن الأمر انتهى».", &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "قال لي إن الأمر انتهى");
    }
}
