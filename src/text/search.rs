//! Spelling-insensitive search over an article.
//!
//! The text is folded once ([`SearchIndex::new`]); every query is folded the
//! same way and searched for as a substring of the folded text, and matches
//! are mapped back to ranges of `char` offsets in the original text (see
//! [`Folded::original_range`]: a match covers the harakat of its last
//! letter). Queries that fold to nothing (empty, only harakat or tatweel)
//! match nothing.

use std::ops::Range;

use memchr::memmem::{Finder, FinderRev};

use super::normalize::{Folded, Folding, fold};

/// A text folded once for many queries.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    folded: Folded,
    folding: Folding,
}

impl SearchIndex {
    /// Folds `text` with `folding`.
    pub fn new(text: &str, folding: Folding) -> Self {
        Self { folded: Folded::new(text, &folding), folding }
    }

    /// Folds `text` with `folding` on this thread only: slower than
    /// [`SearchIndex::new`] on a long text, but without the second thread's
    /// piece in memory at once (for building in the background).
    pub fn new_sequential(text: &str, folding: Folding) -> Self {
        Self { folded: Folded::new_parallel(text, &folding, 1), folding }
    }

    /// The folds in use.
    pub fn folding(&self) -> &Folding {
        &self.folding
    }

    /// The folded text and its offset map.
    pub fn folded(&self) -> &Folded {
        &self.folded
    }

    /// A matcher for `query`, folded like the text.
    pub fn matcher(&self, query: &str) -> Matcher<'_> {
        let needle = fold(query, &self.folding);
        let finder = Finder::new(needle.as_bytes()).into_owned();
        Matcher { index: self, needle, finder }
    }

    /// All matches of `query`, in order, not overlapping; see [`Matcher::find_all`].
    pub fn find_all(&self, query: &str) -> Vec<Range<usize>> {
        self.matcher(query).find_all()
    }

    /// How many non-overlapping matches `query` has.
    pub fn count(&self, query: &str) -> usize {
        self.matcher(query).count()
    }

    /// The first match of `query` starting at or after `from`; see [`Matcher::next_match`].
    pub fn next_match(&self, query: &str, from: usize) -> Option<Range<usize>> {
        self.matcher(query).next_match(from)
    }

    /// The matches of `query` overlapping the original range `chars`; see
    /// [`Matcher::matches_in`].
    pub fn matches_in(&self, query: &str, chars: Range<usize>) -> Vec<Range<usize>> {
        self.matcher(query).matches_in(chars)
    }

    /// The last match of `query` starting before `before`; see [`Matcher::prev_match`].
    pub fn prev_match(&self, query: &str, before: usize) -> Option<Range<usize>> {
        self.matcher(query).prev_match(before)
    }
}

/// A folded query bound to a [`SearchIndex`].
#[derive(Debug, Clone)]
pub struct Matcher<'a> {
    index: &'a SearchIndex,
    needle: String,
    finder: Finder<'static>,
}

impl Matcher<'_> {
    /// The folded query.
    pub fn needle(&self) -> &str {
        &self.needle
    }

    /// True when the query folds to nothing and so matches nothing.
    pub fn is_empty(&self) -> bool {
        self.needle.is_empty()
    }

    fn haystack(&self) -> &[u8] {
        self.index.folded.as_bytes()
    }

    fn map(&self, start: usize) -> Range<usize> {
        self.index.folded.original_range(start..start + self.needle.len())
    }

    /// Every match as a range of original `char` offsets, in order and not
    /// overlapping (leftmost first, as `str::match_indices`).
    pub fn find_all(&self) -> Vec<Range<usize>> {
        if self.is_empty() {
            return Vec::new();
        }
        let mut mapper = self.index.folded.mapper();
        let len = self.needle.len();
        self.finder.find_iter(self.haystack()).map(|i| mapper.map(i..i + len)).collect()
    }

    /// How many matches [`Matcher::find_all`] would return, without mapping them.
    pub fn count(&self) -> usize {
        if self.is_empty() {
            return 0;
        }
        self.finder.find_iter(self.haystack()).count()
    }

    /// The first occurrence whose first letter is at original offset `from`
    /// or later (it may overlap an occurrence found by [`Matcher::find_all`],
    /// as in an editor's "search next").
    pub fn next_match(&self, from: usize) -> Option<Range<usize>> {
        if self.is_empty() {
            return None;
        }
        let folded = &self.index.folded;
        let byte = folded.byte_of(folded.folded_index(from));
        self.finder.find(&self.haystack()[byte..]).map(|i| self.map(byte + i))
    }

    /// The last occurrence whose first letter is before original offset `before`.
    pub fn prev_match(&self, before: usize) -> Option<Range<usize>> {
        if self.is_empty() {
            return None;
        }
        let folded = &self.index.folded;
        let haystack = self.haystack();
        let finder = FinderRev::new(self.needle.as_bytes());
        // Occurrences starting before `before` may end after it.
        let start_limit = folded.byte_of(folded.folded_index(before));
        let mut end = floor_char_boundary(haystack, start_limit + self.needle.len());
        loop {
            let i = finder.rfind(&haystack[..end])?;
            if i < start_limit {
                return Some(self.map(i));
            }
            // An occurrence starting too late: look for one ending before its end.
            end = floor_char_boundary(haystack, i + self.needle.len() - 1);
        }
    }

    /// The occurrences that overlap the original range `chars`, in order
    /// (for highlighting the visible part of the text). Occurrences are
    /// found left to right starting with the first one that can reach into
    /// `chars`, without overlapping each other.
    pub fn matches_in(&self, chars: Range<usize>) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        if self.is_empty() || chars.start >= chars.end {
            return out;
        }
        let folded = &self.index.folded;
        let needle_chars = self.needle.chars().count();
        let first = folded.folded_index(chars.start).saturating_sub(needle_chars - 1);
        let from = folded.byte_of(first);
        let mut mapper = folded.mapper();
        let len = self.needle.len();
        for i in self.finder.find_iter(&self.haystack()[from..]) {
            let range = mapper.map(from + i..from + i + len);
            if range.start >= chars.end {
                break;
            }
            if range.end > chars.start {
                out.push(range);
            }
        }
        out
    }
}

/// The largest char boundary of UTF-8 `s` at or before `i` (at most its length).
fn floor_char_boundary(s: &[u8], i: usize) -> usize {
    let mut i = i.min(s.len());
    while i > 0 && i < s.len() && (s[i] as i8) < -0x40 {
        i -= 1;
    }
    i
}

/// All matches of `query` in `text` as ranges of `char` offsets, in order
/// and not overlapping. For many queries over one text use [`SearchIndex`].
pub fn find_all(text: &str, query: &str, folding: &Folding) -> Vec<Range<usize>> {
    SearchIndex::new(text, *folding).find_all(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str, r: &Range<usize>) -> String {
        text.chars().skip(r.start).take(r.len()).collect()
    }

    fn found(text: &str, query: &str) -> Vec<String> {
        find_all(text, query, &Folding::default()).iter().map(|r| chars(text, r)).collect()
    }

    #[test]
    fn plain_query_finds_vocalised_word_with_its_final_haraka() {
        let text = "قال أَحْمَدُ، ثم ذهب";
        let hits = find_all(text, "احمد", &Folding::default());
        // "قال " is 4 chars; أَحْمَدُ is 8 chars (4 letters, 4 harakat); the comma is not in it.
        assert_eq!(hits, vec![4..12]);
        assert_eq!(chars(text, &hits[0]), "أَحْمَدُ");
    }

    #[test]
    fn letter_variants_match_both_ways() {
        assert_eq!(found("في مدرسة البلدة", "مدرسه"), vec!["مدرسة"]);
        assert_eq!(found("في مدرسه البلدة", "مدرسة"), vec!["مدرسه"]);
        assert_eq!(found("سلام على الجميع", "علي"), vec!["على"]);
        assert_eq!(found("إسلام وآسيا", "اسلام"), vec!["إسلام"]);
        assert_eq!(found("الـــجزائر", "الجزائر"), vec!["الـــجزائر"]);
        assert_eq!(found("عام ٢٠٢٤ و2024", "2024"), vec!["٢٠٢٤", "2024"]);
        assert_eq!(found("Hello HELLO", "hello"), vec!["Hello", "HELLO"]);
    }

    #[test]
    fn folding_off_is_exact() {
        let hits = find_all("على علي", "علي", &Folding::none());
        assert_eq!(hits, vec![4..7]);
    }

    #[test]
    fn empty_or_mark_only_query_matches_nothing() {
        let index = SearchIndex::new("أَحْمَد", Folding::default());
        for q in ["", "َ", "ـــ", "\u{651}\u{64E}"] {
            assert!(index.find_all(q).is_empty(), "{q:?}");
            assert_eq!(index.count(q), 0);
            assert_eq!(index.next_match(q, 0), None);
            assert_eq!(index.prev_match(q, 7), None);
        }
    }

    #[test]
    fn next_and_prev_navigate_from_a_position() {
        // Matches of "ب" at chars 0, 2, 4 (spaces between).
        let index = SearchIndex::new("ب ب ب", Folding::default());
        let m = index.matcher("ب");
        assert_eq!(m.next_match(0), Some(0..1));
        assert_eq!(m.next_match(1), Some(2..3));
        assert_eq!(m.next_match(5), None);
        assert_eq!(m.prev_match(4), Some(2..3));
        assert_eq!(m.prev_match(5), Some(4..5));
        assert_eq!(m.prev_match(0), None);
        assert_eq!(m.count(), 3);
    }

    #[test]
    fn prev_match_finds_occurrence_reaching_past_the_limit() {
        // "ابجد": searching backwards from inside "بج" still finds it.
        let index = SearchIndex::new("ابجد", Folding::default());
        assert_eq!(index.prev_match("بج", 2), Some(1..3));
        assert_eq!(index.prev_match("بج", 1), None);
    }

    #[test]
    fn matches_in_a_window_include_those_overlapping_its_edges() {
        // "كتاب كتاب كتاب": matches at 0..4, 5..9, 10..14.
        let index = SearchIndex::new("كتاب كتاب كتاب", Folding::default());
        let m = index.matcher("كتاب");
        assert_eq!(m.matches_in(3..11), vec![0..4, 5..9, 10..14]);
        assert_eq!(m.matches_in(4..5), Vec::<Range<usize>>::new());
        assert_eq!(m.matches_in(6..7), vec![5..9]);
    }

    #[test]
    fn counting_matches_find_all() {
        let text = "أن إن آن ان".repeat(50);
        let index = SearchIndex::new(&text, Folding::default());
        assert_eq!(index.count("ان"), 200);
        assert_eq!(index.find_all("ان").len(), 200);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use crate::text::normalize::fold;
    use proptest::prelude::*;

    fn arabic_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(vec![
                    'ا', 'أ', 'إ', 'آ', 'ب', 'ة', 'ه', 'ى', 'ي', 'ل', 'م', ' ', '،', '٣', '3', 'A',
                    'a', '\u{64E}', '\u{651}', '\u{650}', 'ـ', '\u{200F}', '\u{200C}',
                ]),
                any::<char>(),
            ],
            0..60,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn folding_is_idempotent(text in arabic_text()) {
            let once = fold(&text, &Folding::default());
            prop_assert_eq!(fold(&once, &Folding::default()), once.clone());
        }

        #[test]
        fn matches_are_ordered_valid_ranges_that_fold_to_the_query(
            text in arabic_text(), query in arabic_text()
        ) {
            let folding = Folding::default();
            let len = text.chars().count();
            let needle = fold(&query, &folding);
            let hits = find_all(&text, &query, &folding);
            let mut prev_end = 0;
            for r in &hits {
                prop_assert!(r.start < r.end && r.end <= len);
                prop_assert!(r.start >= prev_end);
                prev_end = r.end;
                let slice: String = text.chars().skip(r.start).take(r.len()).collect();
                prop_assert_eq!(fold(&slice, &folding), needle.clone());
            }
        }

        #[test]
        fn a_substring_of_the_text_is_always_found(
            text in arabic_text(), a in 0usize..60, b in 0usize..60
        ) {
            let folding = Folding::default();
            let chars: Vec<char> = text.chars().collect();
            let (a, b) = (a.min(chars.len()), b.min(chars.len()));
            let (a, b) = (a.min(b), a.max(b));
            let query: String = chars[a..b].iter().collect();
            let hits = find_all(&text, &query, &folding);
            if fold(&query, &folding).is_empty() {
                prop_assert!(hits.is_empty());
            } else {
                prop_assert!(!hits.is_empty());
                // The occurrence at `a` is found by searching from its first folded letter.
                let index = SearchIndex::new(&text, folding);
                let hit = index.next_match(&query, a);
                prop_assert!(hit.is_some());
                let hit = hit.unwrap_or_default();
                prop_assert!(hit.start >= a && hit.start < b);
            }
        }

        #[test]
        fn next_and_prev_agree_with_a_scan_of_all_occurrences(
            text in arabic_text(), query in arabic_text(), from in 0usize..70
        ) {
            let index = SearchIndex::new(&text, Folding::default());
            let m = index.matcher(&query);
            // Every occurrence, overlapping ones included.
            let folded = index.folded();
            let folded_str = std::str::from_utf8(folded.as_bytes()).unwrap();
            let all: Vec<Range<usize>> = if m.is_empty() { Vec::new() } else {
                (0..folded_str.len())
                    .filter(|&i| folded_str.is_char_boundary(i)
                        && folded_str[i..].starts_with(m.needle()))
                    .map(|i| folded.original_range(i..i + m.needle().len()))
                    .collect()
            };
            let expect_next = all.iter().find(|r| r.start >= from).cloned();
            let expect_prev = all.iter().rev().find(|r| r.start < from).cloned();
            prop_assert_eq!(m.next_match(from), expect_next);
            prop_assert_eq!(m.prev_match(from), expect_prev);
        }
    }
}

#[cfg(test)]
mod speed {
    use super::*;
    use std::time::Instant;

    /// The fastest of five runs of `f`, in ms (the machine is shared).
    fn best<T>(mut f: impl FnMut() -> T) -> (T, f64) {
        let mut out = None;
        let mut ms = f64::MAX;
        for _ in 0..5 {
            let t = Instant::now();
            let v = f();
            ms = ms.min(t.elapsed().as_secs_f64() * 1e3);
            out = Some(v);
        }
        (out.unwrap(), ms)
    }

    /// Timings over 29 MB of the sample articles; run with
    /// `cargo test --release --lib speed -- --ignored --nocapture`.
    #[test]
    #[ignore = "timing, run by hand in an optimised build"]
    #[allow(clippy::print_stdout, reason = "prints its timings")]
    fn search_29_mb() {
        let sample: String = crate::assets::SAMPLE_ARTICLES.iter().map(|(_, text)| *text).collect();
        let mut text = String::new();
        while text.len() < 29_000_000 {
            text.push_str(&sample);
        }
        text.push_str(" كَلِمَةٌ-فريدة");
        if let Ok(threads) = std::env::var("HASHIYA_FOLD_ONLY") {
            // For `perf stat`: fold ten times and nothing else.
            let threads = threads.parse().unwrap_or(1);
            for _ in 0..10 {
                std::hint::black_box(Folded::new_parallel(&text, &Folding::default(), threads));
            }
            return;
        }
        let (n, ms) = best(|| crate::text::document::count_chars(text.as_bytes()));
        println!("calibration: counting {n} chars {ms:.1} ms");
        for threads in [1, 2] {
            let (folded, ms) =
                best(|| Folded::new_parallel(&text, &Folding::default(), threads).heap_bytes());
            println!("folding on {threads} thread(s) {ms:.1} ms, {folded} bytes");
        }
        let (index, fold_ms) = best(|| SearchIndex::new(&text, Folding::default()));
        let (last, last_ms) = best(|| index.next_match("كلمه-فريده", 0));
        let (first, first_ms) = best(|| index.next_match("روسيا", 0));
        let (count, count_ms) = best(|| index.count("في"));
        let (all, all_ms) = best(|| index.find_all("في"));
        let (rare, rare_ms) = best(|| index.find_all("الرئيس"));
        let (none, none_ms) = best(|| index.count("غيرموجود"));
        println!(
            "{} MB, {} chars: fold {fold_ms:.1} ms; unique word at the end {last:?} {last_ms:.1} ms; \
             first match {first:?} {first_ms:.3} ms; count 'في' = {count} in {count_ms:.1} ms; \
             find_all 'في' ({}) {all_ms:.1} ms; find_all 'الرئيس' ({}) {rare_ms:.1} ms; \
             count of a missing word = {none} in {none_ms:.1} ms",
            text.len() / 1_000_000,
            index.folded().original_len(),
            all.len(),
            rare.len(),
        );
        assert_eq!(count, all.len());
        assert!(last.is_some());
    }
}

/// The search checked against a naive reference written from the rules in
/// the module documentation: fold char by char, search the folded chars
/// naively, map back by hand.
#[cfg(test)]
mod reference {
    use super::*;
    use crate::text::normalize::{Fold, fold_char};
    use proptest::prelude::*;

    /// Every original char with what folding makes of it.
    struct Naive {
        /// Folded chars and the original index each came from.
        kept: Vec<(char, usize)>,
        folds: Vec<Fold>,
    }

    impl Naive {
        fn new(text: &str, folding: Folding) -> Self {
            let folds: Vec<Fold> = text.chars().map(|c| fold_char(c, &folding)).collect();
            let kept = folds
                .iter()
                .enumerate()
                .filter_map(|(i, f)| match f {
                    Fold::Char(c) => Some((*c, i)),
                    _ => None,
                })
                .collect();
            Self { kept, folds }
        }

        /// Folded char index where a search from original `from` starts.
        fn folded_index(&self, from: usize) -> usize {
            self.kept.iter().filter(|&&(_, i)| i < from).count()
        }

        /// Folded start indexes of every occurrence, overlapping ones included.
        fn occurrences(&self, needle: &[char]) -> Vec<usize> {
            if needle.is_empty() || needle.len() > self.kept.len() {
                return Vec::new();
            }
            (0..=self.kept.len() - needle.len())
                .filter(|&s| needle.iter().enumerate().all(|(k, &c)| self.kept[s + k].0 == c))
                .collect()
        }

        /// Leftmost non-overlapping occurrences starting at folded index `from`.
        fn non_overlapping(&self, needle: &[char], from: usize) -> Vec<usize> {
            let mut out = Vec::new();
            let mut next = from;
            for s in self.occurrences(needle) {
                if s >= next {
                    out.push(s);
                    next = s + needle.len();
                }
            }
            out
        }

        /// The original range of folded chars `s..s + len`: from the first
        /// char's original to after the last one's, plus the absorbed
        /// (not skipped) chars right after it.
        fn map(&self, s: usize, len: usize) -> Range<usize> {
            let start = self.kept[s].1;
            let mut end = self.kept[s + len - 1].1 + 1;
            while matches!(self.folds.get(end), Some(Fold::Absorbed)) {
                end += 1;
            }
            start..end
        }
    }

    fn pool() -> Vec<char> {
        vec![
            'ا', 'أ', 'إ', 'آ', 'ٱ', 'ب', 'ت', 'ة', 'ه', 'ى', 'ي', 'ل', 'م', 'ر', 'س', 'ئ', ' ',
            '،', '٣', '۳', '3', 'A', 'a', 'Z', 'z', 'Σ', 'σ', '\u{130}', '\u{23A}', '\u{2C65}',
            '\u{212A}', 'k', '\u{64E}', '\u{651}', '\u{650}', '\u{670}', '\u{6E1}', 'ـ',
            '\u{200F}', '\u{200C}', '\u{61C}', '\u{FEFF}', '\n', 'é', 'É', '😀', 'ی', 'ک', 'ك',
            'ە', 'ۀ', '\u{654}', '۴',
        ]
    }

    fn text(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![8 => proptest::sample::select(pool()), 1 => any::<char>()],
            0..max,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    fn foldings() -> impl Strategy<Value = Folding> {
        prop_oneof![
            4 => Just(Folding::all()),
            1 => Just(Folding::none()),
            1 => any::<[bool; 11]>().prop_map(|b| Folding {
                harakat: b[0],
                tatweel: b[1],
                alef: b[2],
                alef_maqsura: b[3],
                ta_marbuta: b[4],
                digits: b[5],
                case: b[6],
                format: b[7],
                yeh: b[8],
                kaf: b[9],
                heh: b[10],
            }),
        ]
    }

    /// A query: random, or a piece of the text (so that it is found).
    fn text_and_query() -> impl Strategy<Value = (String, String)> {
        (text(300), text(6), any::<bool>(), 0usize..300, 1usize..8).prop_map(
            |(text, random, take, at, len)| {
                if take {
                    let chars: Vec<char> = text.chars().collect();
                    let a = at.min(chars.len());
                    let b = (a + len).min(chars.len());
                    (text.clone(), chars[a..b].iter().collect())
                } else {
                    (text, random)
                }
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn search_agrees_with_the_naive_reference(
            (text, query) in text_and_query(),
            folding in foldings(),
            from in 0usize..320,
            window in 0usize..40,
        ) {
            let naive = Naive::new(&text, folding);
            let needle: Vec<char> = fold(&query, &folding).chars().collect();
            let index = SearchIndex::new(&text, folding);
            let m = index.matcher(&query);
            prop_assert_eq!(m.needle().chars().collect::<Vec<_>>(), needle.clone());

            let all: Vec<Range<usize>> =
                naive.non_overlapping(&needle, 0).iter().map(|&s| naive.map(s, needle.len())).collect();
            prop_assert_eq!(m.find_all(), all.clone());
            prop_assert_eq!(m.count(), all.len());

            let start = naive.folded_index(from);
            let every = naive.occurrences(&needle);
            let next = every.iter().find(|&&s| s >= start).map(|&s| naive.map(s, needle.len()));
            let prev = every.iter().rev().find(|&&s| s < start).map(|&s| naive.map(s, needle.len()));
            prop_assert_eq!(m.next_match(from), next);
            prop_assert_eq!(m.prev_match(from), prev);

            let chars = from..from + window;
            let shown: Vec<Range<usize>> = if needle.is_empty() || window == 0 {
                Vec::new()
            } else {
                let first = naive.folded_index(chars.start).saturating_sub(needle.len() - 1);
                naive
                    .non_overlapping(&needle, first)
                    .iter()
                    .map(|&s| naive.map(s, needle.len()))
                    .take_while(|r| r.start < chars.end)
                    .filter(|r| r.end > chars.start)
                    .collect()
            };
            prop_assert_eq!(m.matches_in(chars), shown);
        }
    }
}
