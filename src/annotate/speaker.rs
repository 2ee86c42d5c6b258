//! Who makes a claim: the claimant suggestions of the claim form, ranked
//! from the words of the claim's sentence. Pure: text and entities in,
//! speakers out.
//!
//! The rules, in order (the cue is the lexicon's cue nearest before the
//! claim, or the sentence's first one, never one inside quotation marks):
//!
//! 1. "according to X" (`وفقاً لـ X`, `نقلاً عن X`, `بحسب X`, `حسبما X`), and
//!    the verb نقل with `عن X`: X.
//! 2. A subject written before its verb, at the start of a clause
//!    (`الصين تحذر …`, `وزير الدفاع الروسي يقول إن …`): that subject.
//! 3. The subject right after the cue verb (`قال/قالت/وقال/وتقول/أكد/أضاف/
//!    نفى/أعلن X …`), up to the complementizer (إن, أن …), a colon, a
//!    preposition, a time word (يوم, الأسبوع …), the one it was said to
//!    (لرويترز) or a comma — with the
//!    person an apposition names after that comma (`رئيس الأركان ، فاليري
//!    جيراسيموف ،`).
//! 4. A pronoun subject (`وقال إنه …`, `وأضاف: …`, `مشيراً إلى أن …`): the
//!    subject of the sentence before the cue — its first person, else its
//!    first entity of a speaker label.
//! 5. A sentence without a cue: the speaker of a headline's `X: …` or
//!    `…: X`, else the sentence's first person, else its first entity of a
//!    speaker label (entities in quotation marks are what is said, never
//!    who says it).
//! 6. The previous claim's claimant.
//!
//! In a subject (rules 1–3, 5) a person wins; else an entity the subject
//! starts with (`وزارة الدفاع الصينية`); else, when the subject is a title
//! that is not tagged (`وزير الدفاع الصيني`, `قائد الناتو`), its words,
//! offered to be tagged or kept as text — followed by the entity inside it.
//! Words that are not tagged here but name an entity tagged elsewhere in
//! the article (بكين) give that entity first.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::cues::CueLexicon;
use crate::text::normalize::{Folding, fold};

/// Labels whose entities can speak (organisations and places speak
/// through their governments and spokespeople).
pub const SPEAKER_LABELS: [&str; 7] = ["PERSON", "PER", "ORG", "GPE", "NORP", "LOC", "FAC"];

/// Labels of people.
const PERSON_LABELS: [&str; 2] = ["PERSON", "PER"];

/// An entity of the article, as the ranking sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its label.
    pub label: &'a str,
    /// Its document range.
    pub range: Range<usize>,
    /// Its text.
    pub text: &'a str,
}

/// A claimant suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Speaker {
    /// A tagged entity, by id.
    Entity(String),
    /// Words of the sentence naming the speaker that are not tagged (a
    /// title such as وزير الدفاع الصيني): document range and text.
    Words {
        /// Document range.
        range: Range<usize>,
        /// The words.
        text: String,
    },
    /// A claimant given as text (a previous claim's free-text claimant).
    Text(String),
}

/// What the ranking reads.
#[derive(Debug, Clone)]
pub struct Query<'a> {
    /// The sentence (or sentences) holding the claim.
    pub text: &'a str,
    /// The document offset of `text`'s first `char`.
    pub start: usize,
    /// The claim's document range.
    pub claim: Range<usize>,
    /// The article's entities (those outside `text` are not looked at).
    pub mentions: &'a [Mention<'a>],
    /// The claimant of the previous claim, if it has one.
    pub previous: Option<Speaker>,
    /// The cue lexicon.
    pub lexicon: &'a CueLexicon,
}

/// What the ranking found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attribution {
    /// Claimant suggestions, best first, without repeats.
    pub speakers: Vec<Speaker>,
    /// The document range of the cue it read, if any.
    pub cue: Option<Range<usize>>,
}

/// One piece of the sentence.
#[derive(Debug, Clone)]
struct Token {
    /// `char` range in the sentence.
    range: Range<usize>,
    /// Folded text of a word; the character of a punctuation mark.
    folded: String,
    /// A word (else punctuation; spaces are not tokens).
    word: bool,
    /// Inside quotation marks.
    quoted: bool,
}

/// Complementizers (إن, أن, أنه …), folded.
#[rustfmt::skip]
const COMPLEMENTIZERS: &[&str] = &[
    "ان", "انه", "انها", "انهم", "انهما", "اننا", "انني", "بان", "بانه", "بانها", "لان",
];

/// Words that end a subject besides complementizers: prepositions, time
/// words (folded, without و/ف before them).
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "في", "علي", "عن", "من", "الي", "مع", "خلال", "بعد", "قبل", "منذ", "حول", "ضد", "عبر",
    "لدي", "عند", "حتي", "بشان", "امام", "اثناء", "دون", "بين",
    "يوم", "اليوم", "امس", "الاسبوع", "الشهر", "العام", "صباح", "مساء", "الليله",
    "الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت",
    "قوله", "قولها", "قولهم",
];

/// Words skipped right after a verb before its subject.
const SKIPPED: &[&str] = &["فيه", "فيها", "فيهما", "ايضا", "كذلك", "بدوره", "بدورها", "اذن"];

/// Words that open a clause without being its subject.
const OPENERS: &[&str] = &["كما", "ثم", "لكن", "ولكن", "بينما", "فيما", "قد", "لقد", "وقد"];

/// "According to" cue heads (folded).
const ACCORDING: &[&str] = &["وفقا", "نقلا", "بحسب", "حسب", "حسبما", "طبقا"];

/// Punctuation that ends a clause.
fn ends_clause(c: &str) -> bool {
    matches!(c, "،" | "," | "." | "؛" | ";" | ":" | "!" | "؟" | "?" | "(" | ")" | "–" | "-" | "—")
}

/// Quotation marks.
fn is_quote(c: &str) -> bool {
    matches!(c, "\"" | "«" | "»" | "“" | "”" | "„" | "‘" | "’")
}

/// True when folded `word` (or it without a leading و/ف) is in `list`.
fn in_list(word: &str, list: &[&str]) -> bool {
    list.contains(&word)
        || word
            .strip_prefix('و')
            .or_else(|| word.strip_prefix('ف'))
            .is_some_and(|w| list.contains(&w))
}

fn tokens(text: &str) -> Vec<Token> {
    let folding = Folding::default();
    let mut out = Vec::new();
    let mut pos = 0;
    let mut quoted = false;
    for segment in text.split_word_bounds() {
        let len = segment.chars().count();
        let range = pos..pos + len;
        pos += len;
        if segment.chars().all(char::is_whitespace) {
            continue;
        }
        let word = segment.chars().any(char::is_alphanumeric);
        if !word && segment.chars().count() == 1 && is_quote(segment) {
            // The mark itself is outside what it quotes.
            out.push(Token { range, folded: segment.to_string(), word, quoted: false });
            quoted = !quoted;
            continue;
        }
        let folded = if word { fold(segment, &folding) } else { segment.to_string() };
        out.push(Token { range, folded, word, quoted });
    }
    out
}

/// The ranking's working state for one query.
struct Ranker<'q> {
    q: &'q Query<'q>,
    tokens: Vec<Token>,
    /// Mentions inside the sentence, in sentence `char` ranges, by start.
    mentions: Vec<(Range<usize>, &'q Mention<'q>)>,
}

/// A subject found: its token range (`first..end`), and whether it ended
/// at a word or mark that closes a subject (not at its length limit).
struct Subject {
    first: usize,
    end: usize,
    closed: bool,
    /// The token after the comma that ended it, if one did.
    after_comma: Option<usize>,
}

/// The longest subject read, in words.
const MAX_SUBJECT: usize = 6;

impl<'q> Ranker<'q> {
    fn new(q: &'q Query<'q>) -> Self {
        let len = q.text.chars().count();
        let mut mentions: Vec<_> = q
            .mentions
            .iter()
            .filter(|m| SPEAKER_LABELS.contains(&m.label))
            .filter(|m| m.range.start >= q.start && m.range.end <= q.start + len)
            .map(|m| (m.range.start - q.start..m.range.end - q.start, m))
            .collect();
        mentions.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        Self { q, tokens: tokens(q.text), mentions }
    }

    fn is_person(m: &Mention<'_>) -> bool {
        PERSON_LABELS.contains(&m.label)
    }

    /// Mentions starting inside tokens `first..end`.
    fn mentions_in(&self, first: usize, end: usize) -> Vec<(Range<usize>, &'q Mention<'q>)> {
        let (Some(a), Some(b)) =
            (self.tokens.get(first), end.checked_sub(1).and_then(|e| self.tokens.get(e)))
        else {
            return Vec::new();
        };
        let span = a.range.start..b.range.end;
        self.mentions
            .iter()
            .filter(|(r, _)| span.start <= r.start && r.start < span.end)
            .cloned()
            .collect()
    }

    /// The subject starting at token `at` (or at `char` `from` inside it).
    fn subject_from(&self, mut at: usize) -> Subject {
        while self.tokens.get(at).is_some_and(|t| t.word && in_list(&t.folded, SKIPPED)) {
            at += 1;
        }
        let first = at;
        let mut words = 0;
        while let Some(t) = self.tokens.get(at) {
            if !t.word {
                let after_comma = matches!(t.folded.as_str(), "،" | ",").then_some(at + 1);
                let closed = ends_clause(&t.folded);
                return Subject { first, end: at, closed, after_comma };
            }
            // «لرويترز», «لتشانج»: whom it was said to, not who said it.
            let addressee = t.folded.starts_with('ل')
                && self
                    .mentions
                    .iter()
                    .any(|(r, _)| t.range.start < r.start && r.start < t.range.end);
            if in_list(&t.folded, COMPLEMENTIZERS)
                || in_list(&t.folded, STOP_WORDS)
                || (at > first && addressee)
                || (at > first && self.q.lexicon.word_entry(&t.folded).is_some())
            {
                return Subject { first, end: at, closed: true, after_comma: None };
            }
            words += 1;
            at += 1;
            if words == MAX_SUBJECT {
                return Subject { first, end: at, closed: false, after_comma: None };
            }
        }
        Subject { first, end: at, closed: true, after_comma: None }
    }

    /// The speakers a subject names, best first (see the module).
    fn speakers_of(&self, s: &Subject, from: Option<usize>) -> Vec<Speaker> {
        let found = self.mentions_in(s.first, s.end);
        let found: Vec<_> = match from {
            Some(from) => found.into_iter().filter(|(r, _)| r.start >= from).collect(),
            None => found,
        };
        if let Some((_, m)) = found.iter().find(|(_, m)| Self::is_person(m)) {
            return vec![Speaker::Entity(m.id.to_string())];
        }
        // An apposition after the comma: «رئيس الأركان ، فاليري جيراسيموف ،».
        if let Some(next) = s.after_comma.and_then(|i| self.tokens.get(i)) {
            if let Some((_, m)) = self.mentions.iter().find(|(r, m)| {
                r.start >= next.range.start && r.start < next.range.end && Self::is_person(m)
            }) {
                return vec![Speaker::Entity(m.id.to_string())];
            }
        }
        let Some(first_word) = self.tokens.get(s.first).filter(|_| s.end > s.first) else {
            return Vec::new();
        };
        let start = from.unwrap_or(first_word.range.start);
        if let Some((_, m)) = found.iter().find(|(r, _)| r.start < first_word.range.end) {
            return vec![Speaker::Entity(m.id.to_string())];
        }
        let mut out = Vec::new();
        if s.closed {
            let end = self.tokens[s.end - 1].range.end;
            let text: String = self.q.text.chars().skip(start).take(end - start).collect();
            out.push(Speaker::Words { range: self.q.start + start..self.q.start + end, text });
        }
        out.extend(found.iter().map(|(_, m)| Speaker::Entity(m.id.to_string())));
        out
    }

    /// The index of the token holding `char` `offset`.
    fn token_at(&self, offset: usize) -> Option<usize> {
        self.tokens.iter().position(|t| t.range.start <= offset && offset < t.range.end)
    }

    /// The first token of the clause holding token `at`.
    fn clause_start(&self, at: usize) -> usize {
        (0..at)
            .rev()
            .find(|&i| !self.tokens[i].word && ends_clause(&self.tokens[i].folded))
            .map_or(0, |i| i + 1)
    }

    /// The sentence's subject before token `at`: its first person, else its
    /// first entity of a speaker label (outside quotation marks).
    fn subject_before(&self, at: usize) -> Option<Speaker> {
        let end = self.tokens.get(at).map_or(usize::MAX, |t| t.range.start);
        let outside =
            |r: &Range<usize>| self.token_at(r.start).is_some_and(|i| !self.tokens[i].quoted);
        let before: Vec<_> =
            self.mentions.iter().filter(|(r, _)| r.end <= end && outside(r)).collect();
        before
            .iter()
            .find(|(_, m)| Self::is_person(m))
            .or_else(|| before.first())
            .map(|(_, m)| Speaker::Entity(m.id.to_string()))
    }

    /// The cue the ranking reads: the last one outside quotation marks
    /// starting before the claim, else the first one.
    fn cue(&self) -> Option<Range<usize>> {
        let claim_start = self.q.claim.start.saturating_sub(self.q.start);
        let cues: Vec<Range<usize>> = self
            .q
            .lexicon
            .find(self.q.text)
            .into_iter()
            .map(|m| m.range)
            .filter(|r| self.token_at(r.start).is_some_and(|i| !self.tokens[i].quoted))
            .collect();
        cues.iter().rev().find(|r| r.start < claim_start).or_else(|| cues.first()).cloned()
    }

    fn rank(&self) -> Attribution {
        let mut speakers = Vec::new();
        let cue = self.cue();
        if let Some(cue) = &cue {
            // Rules 1–4, then 6: what follows the cue is what is said.
            speakers = self.with_cue(cue);
            speakers.extend(self.q.previous.clone());
        } else {
            // Rules 5, then 6.
            speakers.extend(self.headline());
            speakers.extend(self.subject_before(self.tokens.len()));
            speakers.extend(self.q.previous.clone());
        }
        // Then whoever the sentence names first.
        speakers.extend(self.subject_before(self.tokens.len()));
        let mut unique: Vec<Speaker> = Vec::new();
        for s in speakers.into_iter().flat_map(|s| self.known(s)) {
            if !unique.contains(&s) {
                unique.push(s);
            }
        }
        Attribution {
            speakers: unique,
            cue: cue.map(|r| self.q.start + r.start..self.q.start + r.end),
        }
    }

    /// Untagged words naming an entity tagged elsewhere in the article
    /// (the same text, spelling-insensitive): that entity (the mention
    /// nearest the sentence), then the words.
    fn known(&self, speaker: Speaker) -> Vec<Speaker> {
        let Speaker::Words { text, .. } = &speaker else { return vec![speaker] };
        let folding = Folding::default();
        let want = fold(text, &folding);
        let here = self.q.start;
        let same = self
            .q
            .mentions
            .iter()
            .filter(|m| SPEAKER_LABELS.contains(&m.label) && fold(m.text, &folding) == want)
            .min_by_key(|m| m.range.start.abs_diff(here));
        match same {
            Some(m) => vec![Speaker::Entity(m.id.to_string()), speaker],
            None => vec![speaker],
        }
    }

    /// Rules 1–4 for the cue at `cue` (sentence `char`s).
    fn with_cue(&self, cue: &Range<usize>) -> Vec<Speaker> {
        let Some(first) = self.token_at(cue.start) else { return Vec::new() };
        let last = self.token_at(cue.end - 1).unwrap_or(first);
        let head = &self.tokens[first].folded;
        // 1. According to X: X starts after the cue (inside its last word
        //    when the cue ends with a proclitic).
        if in_list(head, ACCORDING) {
            let ends_inside = self.tokens[last].range.end > cue.end;
            let (at, from) = if ends_inside { (last, Some(cue.end)) } else { (last + 1, None) };
            let mut subject = self.subject_from(at);
            if subject.first > at && ends_inside {
                subject.first = at;
            }
            // حسبما ذكرت X: the verb after حسبما is skipped.
            if !ends_inside
                && self
                    .tokens
                    .get(at)
                    .is_some_and(|t| t.word && self.q.lexicon.word_entry(&t.folded).is_some())
            {
                subject = self.subject_from(at + 1);
            }
            let found = self.speakers_of(&subject, from);
            if !found.is_empty() {
                return found;
            }
        }
        // 1. نقل … عن X (عن before the clause or the complementizer ends).
        if head.trim_start_matches(['و', 'ف']).starts_with("نقل") {
            let about = (last + 1..self.tokens.len())
                .take_while(|&i| {
                    let t = &self.tokens[i];
                    t.word && !in_list(&t.folded, COMPLEMENTIZERS)
                })
                .find(|&i| self.tokens[i].folded == "عن");
            if let Some(about) = about {
                let found = self.speakers_of(&self.subject_from(about + 1), None);
                if !found.is_empty() {
                    return found;
                }
            }
        }
        // 2. A subject before its verb, at the start of its clause (a verb
        //    with و/ف before it starts a clause of its own).
        let conjoined = head
            .strip_prefix(['و', 'ف'])
            .is_some_and(|rest| self.q.lexicon.word_entry(rest).is_some());
        let is_verb = self.q.lexicon.word_entry(&self.tokens[first].folded).is_some();
        let mut lead = self.clause_start(first);
        while lead < first
            && (!self.tokens[lead].word || in_list(&self.tokens[lead].folded, OPENERS))
        {
            lead += 1;
        }
        if is_verb
            && !conjoined
            && lead < first
            && first - lead <= 5
            && (lead..first).all(|i| self.tokens[i].word)
        {
            let before = Subject { first: lead, end: first, closed: true, after_comma: None };
            let found = self.speakers_of(&before, None);
            if !found.is_empty() {
                return found;
            }
        }
        // 3. The subject after the verb.
        let after = self.subject_from(last + 1);
        if after.end > after.first {
            let found = self.speakers_of(&after, None);
            if !found.is_empty() {
                return found;
            }
        }
        // 4. A pronoun subject: the sentence's subject before the cue.
        self.subject_before(first).into_iter().collect()
    }

    /// Rule 5 for headlines: `X: …` or `…: X`, X a short subject.
    fn headline(&self) -> Vec<Speaker> {
        let colons: Vec<usize> =
            (0..self.tokens.len()).filter(|&i| self.tokens[i].folded == ":").collect();
        let (Some(&first), Some(&last)) = (colons.first(), colons.last()) else {
            return Vec::new();
        };
        let lead = (0..first).find(|&i| self.tokens[i].word).unwrap_or(first);
        if first > lead
            && first - lead <= 4
            && (lead..first).all(|i| self.tokens[i].word)
            && first + 1 < self.tokens.len()
        {
            let s = Subject { first: lead, end: first, closed: true, after_comma: None };
            let found = self.speakers_of(&s, None);
            if !found.is_empty() {
                return found;
            }
        }
        let end = (last + 1..self.tokens.len())
            .rev()
            .find(|&i| self.tokens[i].word)
            .map_or(last + 1, |i| i + 1);
        if end > last + 1 && end - last - 1 <= 3 && (last + 1..end).all(|i| self.tokens[i].word) {
            let s = Subject { first: last + 1, end, closed: true, after_comma: None };
            return self.speakers_of(&s, None);
        }
        Vec::new()
    }
}

/// Ranks the claimants of a claim (see the module for the rules).
pub fn attribute(query: &Query<'_>) -> Attribution {
    Ranker::new(query).rank()
}

#[cfg(test)]
mod tests {
    //! Sentences that are not in the sample articles (the table over the
    //! samples is in `speaker_table_tests`): the rules on text they were
    //! not written from.

    use super::*;
    use crate::annotate::Schema;

    /// The first suggestion for `sentence` (claimed whole) with `tags`
    /// (label, text) tagged at their first occurrence, as its text.
    fn first(sentence: &str, tags: &[(&str, &str)], previous: Option<&str>) -> String {
        let chars: Vec<char> = sentence.chars().collect();
        let owned: Vec<(String, String, Range<usize>)> = tags
            .iter()
            .enumerate()
            .map(|(i, (label, text))| {
                let byte = sentence.find(text).unwrap();
                let start = sentence[..byte].chars().count();
                (format!("e{i}"), (*label).to_string(), start..start + text.chars().count())
            })
            .collect();
        let texts: Vec<String> =
            owned.iter().map(|(_, _, r)| chars[r.clone()].iter().collect()).collect();
        let mentions: Vec<Mention<'_>> = owned
            .iter()
            .zip(&texts)
            .map(|((id, label, range), text)| Mention { id, label, range: range.clone(), text })
            .collect();
        let lexicon = CueLexicon::new(&Schema::builtin().cues);
        let query = Query {
            text: sentence,
            start: 0,
            claim: 0..chars.len(),
            mentions: &mentions,
            previous: previous.map(|p| Speaker::Text(p.to_string())),
            lexicon: &lexicon,
        };
        match attribute(&query).speakers.first() {
            Some(Speaker::Entity(id)) => {
                let i = owned.iter().position(|(e, _, _)| e == id).unwrap();
                texts[i].clone()
            }
            Some(Speaker::Words { text, .. } | Speaker::Text(text)) => text.clone(),
            None => String::new(),
        }
    }

    #[test]
    fn the_speaker_after_the_verb_a_person_first() {
        let s = "وقالت المتحدثة باسم الخارجية الروسية ماريا زاخاروفا إن موسكو سترد";
        let tags = [("PERSON", "ماريا زاخاروفا"), ("GPE", "موسكو")];
        assert_eq!(first(s, &tags, None), "ماريا زاخاروفا");
        let s = "أكد الرئيس الفرنسي إيمانويل ماكرون يوم الجمعة أن بلاده ستواصل دعم أوكرانيا";
        let tags = [("PERSON", "إيمانويل ماكرون"), ("GPE", "أوكرانيا")];
        assert_eq!(first(s, &tags, None), "إيمانويل ماكرون");
        let s = "قال المستشار الألماني أولاف شولتس في مؤتمر صحفي إن الاتفاق قريب";
        assert_eq!(first(s, &[("PERSON", "أولاف شولتس")], None), "أولاف شولتس");
    }

    #[test]
    fn an_organisation_or_a_place_as_speaker() {
        let s = "ونفت وزارة الخارجية الإيرانية هذه الاتهامات";
        assert_eq!(
            first(s, &[("ORG", "وزارة الخارجية الإيرانية")], None),
            "وزارة الخارجية الإيرانية"
        );
        let s = "وأعلن حزب الله مسؤوليته عن الهجوم على إسرائيل";
        let tags = [("ORG", "حزب الله"), ("GPE", "إسرائيل")];
        assert_eq!(first(s, &tags, None), "حزب الله");
        // Subject before the verb.
        let s = "الأمم المتحدة تحذر من مجاعة وشيكة في غزة";
        let tags = [("ORG", "الأمم المتحدة"), ("GPE", "غزة")];
        assert_eq!(first(s, &tags, None), "الأمم المتحدة");
    }

    #[test]
    fn an_untagged_speaker_is_offered_as_its_words() {
        let s = "وقال مصدر دبلوماسي لرويترز إن المحادثات تعثرت";
        assert_eq!(first(s, &[("ORG", "رويترز")], None), "مصدر دبلوماسي");
        assert_eq!(first("وأضافت الوزيرة أن الحكومة لن تتراجع", &[], None), "الوزيرة");
        let s = "ذكرت وكالة الأنباء الرسمية أن الرئيس غادر البلاد";
        assert_eq!(first(s, &[], None), "وكالة الأنباء الرسمية");
        assert_eq!(first("وأشار التقرير إلى أن 3 من كل 4 يستخدمون الهواتف", &[], None), "التقرير");
    }

    #[test]
    fn according_to_and_quoting() {
        let s = "وبحسب مسؤولين أمريكيين، فإن الهجوم كان متوقعا";
        assert_eq!(first(s, &[], None), "مسؤولين أمريكيين");
        let s = "نقلاً عن مصادر مطلعة، فإن الاتفاق بات وشيكا";
        assert_eq!(first(s, &[], None), "مصادر مطلعة");
        let s = "وارتفع عدد الإصابات في ديسمبر، وفقًا لوزارة الصحة المصرية.";
        assert_eq!(first(s, &[("ORG", "وزارة الصحة المصرية")], None), "وزارة الصحة المصرية");
    }

    #[test]
    fn a_pronoun_speaker_is_the_previous_claimant_or_the_subject_before() {
        let s = "وأضاف أن روسيا لن تتراجع";
        assert_eq!(first(s, &[("GPE", "روسيا")], Some("بوتين")), "بوتين");
        let s = "استقبل بايدن نظيره الفرنسي في البيت الأبيض، مؤكدا أن التحالف متين";
        assert_eq!(first(s, &[("PERSON", "بايدن")], Some("ماكرون")), "بايدن");
        // A headline.
        assert_eq!(first("بايدن: لن نسمح بذلك", &[("PERSON", "بايدن")], None), "بايدن");
    }

    #[test]
    fn words_naming_an_entity_tagged_elsewhere_give_that_entity() {
        let text = "زار الوفد بكين أمس. قالت بكين إنها ترحب.";
        let lexicon = CueLexicon::new(&Schema::builtin().cues);
        let mentions = [Mention { id: "e1", label: "GPE", range: 10..14, text: "بكين" }];
        let sentence = "قالت بكين إنها ترحب.";
        let start = text.chars().count() - sentence.chars().count();
        let query = Query {
            text: sentence,
            start,
            claim: start..start + sentence.chars().count(),
            mentions: &mentions,
            previous: None,
            lexicon: &lexicon,
        };
        let found = attribute(&query);
        assert_eq!(found.speakers[0], Speaker::Entity("e1".into()));
        assert!(matches!(&found.speakers[1], Speaker::Words { text, .. } if text == "بكين"));
        // The cue it read, as whole words, in document offsets.
        assert_eq!(found.cue, Some(start..start + 4));
    }
}
