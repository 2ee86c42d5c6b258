//! Cue words: the reporting verbs and phrases that introduce a claim
//! (قال, أكد, وفقاً لـ …), found in a text as whole words.
//!
//! The lexicon is the schema's `cues = [...]` (`assets/schema.toml`, or a
//! `hashiya.toml` beside the articles). An entry is one or more words,
//! compared folded (harakat, tatweel and hamza forms ignored, as search
//! does). A word of the text matches an entry's word when, folded, it is
//! that word with a conjunction before it (و ف) and/or an inflection after
//! it (ت ا وا تا ن ون ين): قال matches قالت, وقال, وقالت, قالوا; أكد matches
//! أكدت and وأكد. A cue found is always whole words of the text — قالت,
//! never its stem قال — except for an entry's last word written with a
//! tatweel (`لـ` in `وفقاً لـ`), which stands for a proclitic and matches
//! the start of the next word (وفقًا لبيان gives the cue «وفقًا ل»).

use std::ops::Range;

use crate::text::normalize::{Fold, Folding, fold, fold_char};
use crate::text::words;

/// What may come before a cue word's stem.
const PREFIXES: [&str; 3] = ["", "و", "ف"];

/// What may come after a cue word's stem.
const SUFFIXES: [&str; 8] = ["", "ت", "ا", "وا", "تا", "ن", "ون", "ين"];

/// One entry of the lexicon, folded.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// Its words, folded.
    words: Vec<String>,
    /// The last word is a proclitic (written with a tatweel: `لـ`).
    proclitic_last: bool,
}

/// The cue lexicon of a schema, ready to match.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CueLexicon {
    entries: Vec<Entry>,
}

/// A cue found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueMatch {
    /// Its `char` range in the text searched: whole words (see the module).
    pub range: Range<usize>,
    /// The lexicon entry it matched (index into the schema's cues).
    pub entry: usize,
}

/// For each `char` of `text` folding keeps, the index of that `char`.
fn fold_mapped(text: &str) -> Vec<usize> {
    let folding = Folding::default();
    text.chars()
        .enumerate()
        .filter(|(_, c)| matches!(fold_char(*c, &folding), Fold::Char(_)))
        .map(|(i, _)| i)
        .collect()
}

impl CueLexicon {
    /// The lexicon of `cues` (entries with no word are left out).
    pub fn new(cues: &[String]) -> Self {
        let folding = Folding::default();
        let entries = cues
            .iter()
            .map(|cue| {
                let proclitic_last = cue.trim_end().ends_with(crate::text::normalize::TATWEEL);
                let words = cue
                    .split_whitespace()
                    .map(|w| fold(w, &folding))
                    .filter(|w| !w.is_empty())
                    .collect();
                Entry { words, proclitic_last }
            })
            .collect();
        Self { entries }
    }

    /// True when the lexicon has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.iter().all(|e| e.words.is_empty())
    }

    /// True when the folded word `word` is `stem` with an allowed
    /// conjunction before it and inflection after it.
    fn word_matches(word: &str, stem: &str) -> bool {
        PREFIXES.iter().any(|p| {
            word.strip_prefix(p)
                .and_then(|rest| rest.strip_prefix(stem))
                .is_some_and(|rest| SUFFIXES.contains(&rest))
        })
    }

    /// The index of an entry of one word that `word` (as written) matches.
    pub fn word_entry(&self, word: &str) -> Option<usize> {
        let folded = fold(word, &Folding::default());
        self.entries.iter().position(|e| {
            e.words.len() == 1 && !e.proclitic_last && Self::word_matches(&folded, &e.words[0])
        })
    }

    /// Every cue of the lexicon in `text`, by start; where two overlap, the
    /// one with more words (then the earlier entry) is kept.
    pub fn find(&self, text: &str) -> Vec<CueMatch> {
        let chars: Vec<char> = text.chars().collect();
        let spans: Vec<Range<usize>> = words::words(text).collect();
        let folded: Vec<String> = spans
            .iter()
            .map(|w| fold(&chars[w.clone()].iter().collect::<String>(), &Folding::default()))
            .collect();
        let mut found: Vec<(usize, CueMatch)> = Vec::new();
        for (i, _) in spans.iter().enumerate() {
            for (entry, e) in self.entries.iter().enumerate() {
                if let Some(range) = Self::match_at(e, &chars, &spans, &folded, i) {
                    found.push((e.words.len(), CueMatch { range, entry }));
                }
            }
        }
        // More words first, then earlier entries; drop what overlaps a kept one.
        found.sort_by_key(|(n, m)| (std::cmp::Reverse(*n), m.entry, m.range.start));
        let mut kept: Vec<CueMatch> = Vec::new();
        for (_, m) in found {
            if !kept.iter().any(|k| k.range.start < m.range.end && m.range.start < k.range.end) {
                kept.push(m);
            }
        }
        kept.sort_by_key(|m| m.range.start);
        kept
    }

    /// The range of entry `e` matched from word `i`, if it matches there.
    fn match_at(
        e: &Entry,
        chars: &[char],
        spans: &[Range<usize>],
        folded: &[String],
        i: usize,
    ) -> Option<Range<usize>> {
        let n = e.words.len();
        if n == 0 || i + n > spans.len() {
            return None;
        }
        for k in 0..n {
            // Consecutive words, with nothing but spaces between them.
            if k > 0
                && !chars[spans[i + k - 1].end..spans[i + k].start]
                    .iter()
                    .all(|c| c.is_whitespace())
            {
                return None;
            }
            let last = k + 1 == n;
            if last && e.proclitic_last {
                if !folded[i + k].starts_with(&e.words[k]) || folded[i + k] == e.words[k] {
                    return None;
                }
            } else if !Self::word_matches(&folded[i + k], &e.words[k]) {
                return None;
            }
        }
        let start = spans[i].start;
        let last = &spans[i + n - 1];
        if !e.proclitic_last {
            return Some(start..last.end);
        }
        // Up to the proclitic's letters (and their marks) inside the last word.
        let word: String = chars[last.clone()].iter().collect();
        // The first folded letter after the proclitic: the tatweel and
        // marks written between the two stay with the proclitic.
        let from = fold_mapped(&word);
        let len = e.words[n - 1].chars().count();
        let end = from.get(len).copied().unwrap_or(last.len());
        Some(start..last.start + end)
    }
}

/// Cue candidates in `text`: the lexicon's cues first (in order), then
/// every other word (in order). Ranges are `char` ranges of `text`.
pub fn candidates(text: &str, lexicon: &CueLexicon) -> Vec<Range<usize>> {
    let cues: Vec<Range<usize>> = lexicon.find(text).into_iter().map(|m| m.range).collect();
    let mut out = cues.clone();
    out.extend(
        words::words(text).filter(|w| !cues.iter().any(|c| c.start < w.end && w.start < c.end)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::Schema;

    fn texts(text: &str, found: &[Range<usize>]) -> Vec<String> {
        found.iter().map(|r| text.chars().skip(r.start).take(r.len()).collect()).collect()
    }

    fn lexicon() -> CueLexicon {
        CueLexicon::new(&Schema::builtin().cues)
    }

    #[test]
    fn whole_words_never_the_stem() {
        let text = "قالت بكين إنها دعمت روسيا. وتقول الصين إنها طرف. وأكدت موسكو ذلك، وقالوا.";
        let found: Vec<_> = lexicon().find(text).into_iter().map(|m| m.range).collect();
        assert_eq!(texts(text, &found), ["قالت", "وتقول", "وأكدت", "وقالوا"]);
    }

    #[test]
    fn words_that_only_begin_like_a_cue_are_not_cues() {
        let text = "قالب الحلوى وأقال الوزير وذكرى الحرب";
        assert!(lexicon().find(text).is_empty(), "{:?}", lexicon().find(text));
    }

    #[test]
    fn harakat_and_hamza_forms_are_ignored() {
        let text = "وَقَالَ الوزير، ثم اكد انه";
        let found: Vec<_> = lexicon().find(text).into_iter().map(|m| m.range).collect();
        assert_eq!(texts(text, &found), ["وَقَالَ", "اكد"]);
    }

    #[test]
    fn a_phrase_ending_in_a_proclitic_stops_inside_the_next_word() {
        let text = "يأمل في ذلك، وفقًا لبيان صادر عن الوزارة، نقلاً عن مسؤول.";
        let found: Vec<_> = lexicon().find(text).into_iter().map(|m| m.range).collect();
        assert_eq!(texts(text, &found), ["وفقًا ل", "نقلاً عن"]);
    }

    #[test]
    fn the_lexicon_is_the_schemas_and_can_be_extended_there() {
        let source = "cues = [\"همس\", \"أفاد\"]\n";
        let schema =
            Schema::builtin().merged_toml(source, std::path::Path::new("hashiya.toml")).unwrap();
        let lexicon = CueLexicon::new(&schema.cues);
        let text = "وهمست الوزيرة إن الأمر انتهى، وأفادت مصادر، وقال آخر";
        let found: Vec<_> = lexicon.find(text).into_iter().map(|m| m.range).collect();
        // قال is not in this folder's lexicon.
        assert_eq!(texts(text, &found), ["وهمست", "وأفادت"]);
    }

    #[test]
    fn candidates_are_the_cues_then_every_other_word() {
        let text = "وقال يفمينوف إنه يأمل";
        let all = candidates(text, &lexicon());
        assert_eq!(texts(text, &all), ["وقال", "يفمينوف", "إنه", "يأمل"]);
    }
}
