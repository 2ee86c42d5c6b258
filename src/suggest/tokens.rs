//! An article's words as the built-in recommenders read them: each word's
//! `char` range in the article, its folded form (as search folds it), where
//! each folded `char` came from, and whether only spaces part it from the
//! word before (a name never runs across punctuation or a line break).

use std::ops::Range;

use crate::text::normalize::{Fold, Folding, fold_char};
use crate::text::words;

/// One word of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Its `char` range in the article.
    pub range: Range<usize>,
    /// Its folded form.
    pub folded: String,
    /// For each `char` of `folded`, its offset in the article.
    pub at: Vec<usize>,
    /// Only spaces (no punctuation, no line break) between it and the word before.
    pub joined: bool,
}

impl Token {
    /// The article range of the folded `char`s `from..` of this word (to its
    /// end): where a span that skips `from` folded letters starts.
    pub fn from_folded(&self, from: usize) -> Range<usize> {
        self.at.get(from).map_or(self.range.end, |&s| s)..self.range.end
    }
}

/// The readings of a folded word as proclitics + a word: (how many folded
/// letters the proclitics take, the word). The word itself first.
pub fn readings(word: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = vec![(0, word.to_owned())];
    let mut push = |skip: usize, rest: String| {
        if rest.chars().count() >= 2 && !out.iter().any(|(_, r)| *r == rest) {
            out.push((skip, rest));
        }
    };
    for conj in [0, 1] {
        if conj == 1 && !matches!(chars.first(), Some('و' | 'ف')) {
            continue;
        }
        let after = &chars[conj..];
        if conj == 1 {
            push(1, after.iter().collect());
        }
        match after {
            // ل + the article with its alef elided: the span starts at the
            // article's lam.
            ['ل', 'ل', rest @ ..] if rest.len() >= 2 => {
                push(conj + 1, std::iter::once('ا').chain(after[1..].iter().copied()).collect());
            }
            ['ب' | 'ل' | 'ك', rest @ ..] => push(conj + 1, rest.iter().collect()),
            _ => {}
        }
    }
    out
}

/// The words of `text`, in order.
pub fn tokens(text: &str) -> Vec<Token> {
    let folding = Folding::default();
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Token> = Vec::new();
    let mut prev_end: Option<usize> = None;
    for range in words::words(text) {
        let mut folded = String::new();
        let mut at = Vec::new();
        for i in range.clone() {
            match fold_char(chars[i], &folding) {
                Fold::Char(c) => {
                    folded.push(c);
                    at.push(i);
                }
                Fold::Absorbed | Fold::Skipped => {}
            }
        }
        let joined = prev_end
            .is_some_and(|p| chars[p..range.start].iter().all(|&c| c == ' ' || c == '\u{a0}'));
        prev_end = Some(range.end);
        out.push(Token { range, folded, at, joined });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_mapped_back() {
        let text = "قالَ: أحمد  وبِكين\nغدا";
        let t = tokens(text);
        let folded: Vec<&str> = t.iter().map(|t| t.folded.as_str()).collect();
        assert_eq!(folded, ["قال", "احمد", "وبكين", "غدا"]);
        assert_eq!(t.iter().map(|t| t.joined).collect::<Vec<_>>(), [false, false, true, false]);
        // بكين without the و, harakat kept inside the span.
        let r = t[2].from_folded(1);
        assert_eq!(text.chars().skip(r.start).take(r.len()).collect::<String>(), "بِكين");
    }

    #[test]
    fn readings_of_a_word() {
        let r: Vec<String> = readings("وللولايات").into_iter().map(|(_, w)| w).collect();
        assert_eq!(r, ["وللولايات", "للولايات", "الولايات"]);
        assert_eq!(readings("لي").len(), 1);
    }
}
