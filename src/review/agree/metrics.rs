//! Agreement measures, pure and generic: precision/recall/F1 from
//! one-to-one matches, exact and greedy-overlap matching of spans, token
//! labels from spans, and Cohen's kappa.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::hash::Hash;
use std::ops::Range;

use serde::Serialize;

/// Precision, recall and F1 of B against A, with the counts they come from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    /// Items of A (the reference).
    pub a: usize,
    /// Items of B (the annotation compared).
    pub b: usize,
    /// Items of B matched to an item of A.
    pub tp: usize,
    /// Items of B matched to nothing: `b - tp`.
    pub fp: usize,
    /// Items of A matched to nothing: `a - tp`.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// `tp / b`; 1 when A and B are both empty, 0 when only B is.
    pub precision: f64,
    /// `tp / a`; 1 when A and B are both empty, 0 when only A is.
    pub recall: f64,
    /// `2 tp / (a + b)`, the harmonic mean of precision and recall; 1 when
    /// A and B are both empty.
    pub f1: f64,
}

impl Scores {
    /// The scores of `tp` one-to-one matches between `a` items of A and `b`
    /// items of B (`tp` is at most the smaller of the two).
    pub fn new(tp: usize, a: usize, b: usize) -> Self {
        let tp = tp.min(a).min(b);
        let ratio = |num: usize, den: usize| {
            if den == 0 {
                // Nothing to be right or wrong about: perfect only when the
                // other side is empty too.
                if a == 0 && b == 0 { 1.0 } else { 0.0 }
            } else {
                num as f64 / den as f64
            }
        };
        Self {
            a,
            b,
            tp,
            fp: b - tp,
            fn_: a - tp,
            precision: ratio(tp, b),
            recall: ratio(tp, a),
            f1: ratio(2 * tp, a + b),
        }
    }
}

/// One-to-one matches of equal keys: pairs `(i, j)` with `a[i] == b[j]`.
/// Each key of B takes the first unmatched equal key of A, in order, so
/// duplicates match as many times as both sides have them.
pub fn exact_matches<K: Eq + Hash>(a: &[K], b: &[K]) -> Vec<(usize, usize)> {
    let mut free: HashMap<&K, VecDeque<usize>> = HashMap::with_capacity(a.len());
    for (i, key) in a.iter().enumerate() {
        free.entry(key).or_default().push_back(i);
    }
    b.iter().enumerate().filter_map(|(j, key)| Some((free.get_mut(key)?.pop_front()?, j))).collect()
}

/// Number of `char`s two spans share.
fn shared(x: &Range<usize>, y: &Range<usize>) -> usize {
    x.end.min(y.end).saturating_sub(x.start.max(y.start))
}

/// One-to-one matches of overlapping spans of the same label, chosen
/// greedily by largest overlap: every pair of the same label that shares at
/// least one `char` (or has the very same span, for empty spans) is a
/// candidate; candidates are taken from the largest overlap down (ties: the
/// pair whose ends are closest, then A's order, then B's), skipping any
/// whose A or B item is already matched. Greedy, so not always the largest
/// possible number of matches.
pub fn overlap_matches(
    a: &[(Range<usize>, &str)],
    b: &[(Range<usize>, &str)],
) -> Vec<(usize, usize)> {
    let mut by_label: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, label)) in a.iter().enumerate() {
        by_label.entry(label).or_default().push(i);
    }
    let mut candidates: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (j, (span_b, label)) in b.iter().enumerate() {
        for &i in by_label.get(label).map_or(&[][..], Vec::as_slice) {
            let span_a = &a[i].0;
            let overlap = shared(span_a, span_b);
            if overlap > 0 || span_a == span_b {
                let distance =
                    span_a.start.abs_diff(span_b.start) + span_a.end.abs_diff(span_b.end);
                candidates.push((overlap, distance, i, j));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.cmp(&x.0).then((x.1, x.2, x.3).cmp(&(y.1, y.2, y.3))));
    let (mut used_a, mut used_b) = (vec![false; a.len()], vec![false; b.len()]);
    let mut matches = Vec::new();
    for (_, _, i, j) in candidates {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            matches.push((i, j));
        }
    }
    matches.sort_unstable();
    matches
}

/// The label of every token: the label of the longest span sharing at least
/// one `char` with it (so the outermost of nested spans; ties: the earlier
/// start, then the smaller label), or `None`. `tokens` must be sorted and
/// not overlap, as [`crate::text::words::words`] gives them.
pub fn token_labels<'l>(
    tokens: &[Range<usize>],
    spans: &[(Range<usize>, &'l str)],
) -> Vec<Option<&'l str>> {
    let mut best: Vec<Option<(&Range<usize>, &'l str)>> = vec![None; tokens.len()];
    let beats = |(span, label): (&Range<usize>, &str), (old, old_label): (&Range<usize>, &str)| {
        (std::cmp::Reverse(span.len()), span.start, label)
            < (std::cmp::Reverse(old.len()), old.start, old_label)
    };
    for (span, label) in spans {
        let first = tokens.partition_point(|t| t.end <= span.start);
        for (k, token) in tokens.iter().enumerate().skip(first) {
            if token.start >= span.end {
                break;
            }
            if shared(token, span) == 0 {
                continue;
            }
            if best[k].is_none_or(|old| beats((span, label), old)) {
                best[k] = Some((span, label));
            }
        }
    }
    best.into_iter().map(|b| b.map(|(_, label)| label)).collect()
}

/// Cohen's kappa between two annotators who gave `a[k]` and `b[k]` to item
/// `k`: `(p_o - p_e) / (1 - p_e)`, where `p_o` is the share of items they
/// agree on and `p_e = Σ_l (n_a(l) / n) (n_b(l) / n)` the agreement expected
/// by chance from how often each uses each category. When `p_e = 1` (both
/// gave one and the same category to every item) kappa is 1 if they agree
/// on every item, else 0. `None` when there are no items. Extra items of the
/// longer slice are ignored.
pub fn cohen_kappa<L: Ord>(a: &[L], b: &[L]) -> Option<f64> {
    let n = a.len().min(b.len());
    if n == 0 {
        return None;
    }
    let mut counts: BTreeMap<&L, (u128, u128)> = BTreeMap::new();
    let mut agree: u128 = 0;
    for (x, y) in a.iter().zip(b) {
        counts.entry(x).or_default().0 += 1;
        counts.entry(y).or_default().1 += 1;
        agree += u128::from(x == y);
    }
    // Multiplied through by n², in integers: κ = (n·agree − Σ) / (n² − Σ).
    let n = n as u128;
    let chance: u128 = counts.values().map(|(ca, cb)| ca * cb).sum();
    if chance == n * n {
        return Some(if agree == n { 1.0 } else { 0.0 });
    }
    let (num, den) = ((n * agree) as f64 - chance as f64, (n * n - chance) as f64);
    Some(num / den)
}

/// The pairs of labels two annotators gave to the same items, counted: what
/// Cohen's kappa is computed from, and what adds up over articles (pooled
/// kappa is the kappa of the summed counts, as if the articles were one).
/// `None` is "outside every entity" (`O`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Confusion {
    /// `(A's label, B's label)` → how many items got them.
    pairs: BTreeMap<(Option<String>, Option<String>), u64>,
}

impl Confusion {
    /// The counts of the items labelled `a[k]` by A and `b[k]` by B (extra
    /// items of the longer slice are ignored, as in [`cohen_kappa`]).
    pub fn of(a: &[Option<&str>], b: &[Option<&str>]) -> Self {
        let mut by_ref: BTreeMap<(Option<&str>, Option<&str>), u64> = BTreeMap::new();
        for pair in a.iter().copied().zip(b.iter().copied()) {
            *by_ref.entry(pair).or_default() += 1;
        }
        let pairs = by_ref
            .into_iter()
            .map(|((x, y), n)| ((x.map(str::to_owned), y.map(str::to_owned)), n))
            .collect();
        Self { pairs }
    }

    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: &Self) {
        for (pair, n) in &other.pairs {
            *self.pairs.entry(pair.clone()).or_default() += n;
        }
    }

    /// How many items were labelled.
    pub fn items(&self) -> u64 {
        self.pairs.values().sum()
    }

    /// Cohen's kappa over the labels: the same figure as [`cohen_kappa`] of
    /// the label sequences counted.
    pub fn kappa(&self) -> Option<f64> {
        kappa_of_counts(self.pairs.iter().map(|((x, y), &n)| ((x.as_deref(), y.as_deref()), n)))
    }

    /// Cohen's kappa of the yes/no decision "this item is `label`".
    pub fn label_kappa(&self, label: &str) -> Option<f64> {
        let is = |l: &Option<String>| l.as_deref() == Some(label);
        kappa_of_counts(self.pairs.iter().map(|((x, y), &n)| ((is(x), is(y)), n)))
    }
}

/// Cohen's kappa from counted pairs of categories, by the integer formula
/// of [`cohen_kappa`].
fn kappa_of_counts<L: Ord>(pairs: impl Iterator<Item = ((L, L), u64)>) -> Option<f64> {
    let mut counts: BTreeMap<L, (u128, u128)> = BTreeMap::new();
    let (mut n, mut agree): (u128, u128) = (0, 0);
    for ((x, y), k) in pairs {
        let k = u128::from(k);
        n += k;
        if x == y {
            agree += k;
        }
        counts.entry(x).or_default().0 += k;
        counts.entry(y).or_default().1 += k;
    }
    if n == 0 {
        return None;
    }
    let chance: u128 = counts.values().map(|(ca, cb)| ca * cb).sum();
    if chance == n * n {
        return Some(if agree == n { 1.0 } else { 0.0 });
    }
    let (num, den) = ((n * agree) as f64 - chance as f64, (n * n - chance) as f64);
    Some(num / den)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(x: f64, y: f64) -> bool {
        (x - y).abs() < 1e-12
    }

    #[test]
    fn scores_from_counts() {
        // 3 of B's 4 match A's 4: P = R = F1 = 3/4.
        let s = Scores::new(3, 4, 4);
        assert_eq!((s.tp, s.fp, s.fn_), (3, 1, 1));
        assert!(close(s.precision, 0.75) && close(s.recall, 0.75) && close(s.f1, 0.75));
        // 2 matches, A has 5, B has 3: P = 2/3, R = 2/5, F1 = 2·2/(5+3) = 1/2,
        // which is also 2PR/(P+R) = (8/15)/(16/15).
        let s = Scores::new(2, 5, 3);
        assert_eq!((s.fp, s.fn_), (1, 3));
        assert!(close(s.precision, 2.0 / 3.0) && close(s.recall, 0.4) && close(s.f1, 0.5));
    }

    #[test]
    fn scores_of_empty_sides() {
        let both = Scores::new(0, 0, 0);
        assert_eq!((both.precision, both.recall, both.f1), (1.0, 1.0, 1.0));
        let only_a = Scores::new(0, 2, 0);
        assert_eq!((only_a.precision, only_a.recall, only_a.f1, only_a.fn_), (0.0, 0.0, 0.0, 2));
        let only_b = Scores::new(0, 0, 3);
        assert_eq!((only_b.precision, only_b.recall, only_b.f1, only_b.fp), (0.0, 0.0, 0.0, 3));
    }

    #[test]
    fn exact_matches_are_one_to_one() {
        let a = ["x", "y", "x", "z"];
        let b = ["x", "x", "x", "w", "y"];
        // B's three x take A's two x in order; the third finds none.
        assert_eq!(exact_matches(&a, &b), vec![(0, 0), (2, 1), (1, 4)]);
        assert!(exact_matches::<&str>(&[], &b).is_empty());
    }

    #[test]
    fn overlap_matches_take_the_largest_overlap_first() {
        let a = [(0..10, "P"), (12..20, "P"), (30..35, "G")];
        let b = [
            (5..15, "P"),  // shares 5 with a0, 3 with a1
            (8..20, "P"),  // shares 2 with a0, 8 with a1
            (30..35, "P"), // a2 is G: no match
            (40..40, "G"), // empty, shares nothing
        ];
        // Candidates by overlap: (a1,b1)=8, (a0,b0)=5, (a1,b0)=3, (a0,b1)=2.
        assert_eq!(overlap_matches(&a, &b), vec![(0, 0), (1, 1)]);
        // Greedy, not optimal: b0 shares 2 with a0 and 6 with a1, b1 shares 1
        // with a1 only. (a1,b0)=6 is taken first, which blocks both (a0,b0)
        // and (a1,b1): one match where two were possible.
        let a = [(0..4, "P"), (4..10, "P")];
        let b = [(2..10, "P"), (5..6, "P")];
        assert_eq!(overlap_matches(&a, &b), vec![(1, 0)]);
        // Identical empty spans match.
        assert_eq!(overlap_matches(&[(3..3, "P")], &[(3..3, "P")]), vec![(0, 0)]);
    }

    proptest::proptest! {
        /// An exact pair has the largest overlap its entities can have and
        /// distance 0, so greedy overlap matching keeps every exact pair.
        #[test]
        fn overlap_matching_keeps_exact_pairs(
            a in proptest::collection::vec((0usize..30, 0usize..6, 0usize..2), 0..8),
            b in proptest::collection::vec((0usize..30, 0usize..6, 0usize..2), 0..8),
        ) {
            let label = |l: usize| ["P", "G"][l];
            let a: Vec<_> = a.into_iter().map(|(s, n, l)| (s..s + n, label(l))).collect();
            let b: Vec<_> = b.into_iter().map(|(s, n, l)| (s..s + n, label(l))).collect();
            let exact = exact_matches(&a, &b).len();
            let partial = overlap_matches(&a, &b);
            proptest::prop_assert!(partial.len() >= exact);
            // And it is one-to-one.
            let mut used_a: Vec<usize> = partial.iter().map(|p| p.0).collect();
            let mut used_b: Vec<usize> = partial.iter().map(|p| p.1).collect();
            used_a.sort_unstable();
            used_a.dedup();
            used_b.sort_unstable();
            used_b.dedup();
            proptest::prop_assert_eq!((used_a.len(), used_b.len()), (partial.len(), partial.len()));
        }
    }

    #[test]
    fn tokens_take_the_outermost_span() {
        let tokens = [0..3, 4..8, 9..12, 13..15];
        let spans = [(4..12, "ORG"), (9..12, "GPE"), (13..14, "PERSON")];
        assert_eq!(
            token_labels(&tokens, &spans),
            vec![None, Some("ORG"), Some("ORG"), Some("PERSON")],
            "nested GPE loses to ORG; a span on part of a token labels it"
        );
        // Order of the spans does not matter.
        let reversed = [(13..14, "PERSON"), (9..12, "GPE"), (4..12, "ORG")];
        assert_eq!(token_labels(&tokens, &reversed), token_labels(&tokens, &spans));
        // Spans between tokens label nothing.
        assert_eq!(token_labels(&tokens, &[(3..4, "X")]), vec![None; 4]);
    }

    #[test]
    fn kappa_by_hand() {
        // 10 tokens, P = PERSON, G = GPE, O = outside:
        //   A: P P O O O O O G G O     counts P 2, O 6, G 2
        //   B: P O O O O O O G G G     counts P 1, O 6, G 3
        // They agree on tokens 0, 2–6, 7, 8: p_o = 8/10.
        // p_e = (2·1 + 6·6 + 2·3) / 100 = 44/100.
        // κ = (0.80 − 0.44) / (1 − 0.44) = 0.36 / 0.56 = 9/14 ≈ 0.642857.
        let a = ["P", "P", "O", "O", "O", "O", "O", "G", "G", "O"];
        let b = ["P", "O", "O", "O", "O", "O", "O", "G", "G", "G"];
        assert!(close(cohen_kappa(&a, &b).unwrap(), 9.0 / 14.0));
        // PERSON vs not: A says P on 0, 1; B on 0. p_o = 9/10;
        // p_e = (2/10)(1/10) + (8/10)(9/10) = 0.74; κ = 0.16 / 0.26 = 8/13.
        let pa: Vec<bool> = a.iter().map(|l| *l == "P").collect();
        let pb: Vec<bool> = b.iter().map(|l| *l == "P").collect();
        assert!(close(cohen_kappa(&pa, &pb).unwrap(), 8.0 / 13.0));
    }

    proptest::proptest! {
        /// Kappa from counted pairs is kappa of the sequences, overall and
        /// per label; counts of two parts add up to the counts of the whole.
        #[test]
        fn confusion_kappa_is_cohen_kappa(
            pairs in proptest::collection::vec((0usize..4, 0usize..4), 0..60),
            cut in 0usize..60,
        ) {
            let label = |l: usize| [None, Some("P"), Some("G"), Some("O2")][l];
            let a: Vec<Option<&str>> = pairs.iter().map(|p| label(p.0)).collect();
            let b: Vec<Option<&str>> = pairs.iter().map(|p| label(p.1)).collect();
            let whole = Confusion::of(&a, &b);
            proptest::prop_assert_eq!(whole.kappa(), cohen_kappa(&a, &b));
            for name in ["P", "G", "O2", "absent"] {
                let ya: Vec<bool> = a.iter().map(|l| *l == Some(name)).collect();
                let yb: Vec<bool> = b.iter().map(|l| *l == Some(name)).collect();
                proptest::prop_assert_eq!(whole.label_kappa(name), cohen_kappa(&ya, &yb));
            }
            let cut = cut.min(a.len());
            let mut parts = Confusion::of(&a[..cut], &b[..cut]);
            parts.add(&Confusion::of(&a[cut..], &b[cut..]));
            proptest::prop_assert_eq!(parts.items(), a.len() as u64);
            proptest::prop_assert_eq!(parts, whole);
        }
    }

    #[test]
    fn kappa_edge_cases() {
        assert_eq!(cohen_kappa::<u8>(&[], &[]), None);
        // Both constant, same category: p_e = 1, perfect agreement → 1.
        assert_eq!(cohen_kappa(&["O"; 5], &["O"; 5]), Some(1.0));
        // Each constant, different categories: p_e = 0, p_o = 0 → 0.
        assert_eq!(cohen_kappa(&["O"; 5], &["P"; 5]), Some(0.0));
        // Identical but varied labels → 1.
        assert_eq!(cohen_kappa(&[1, 2, 2, 3], &[1, 2, 2, 3]), Some(1.0));
        // Systematic disagreement below chance: A: x x y y, B: y y x x.
        // p_o = 0, p_e = (2·2 + 2·2)/16 = 1/2 → κ = −1.
        assert_eq!(cohen_kappa(&["x", "x", "y", "y"], &["y", "y", "x", "x"]), Some(-1.0));
    }
}
