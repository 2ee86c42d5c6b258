//! Rules for dates, numbers and percentages in Arabic.
//!
//! Read on folded words ([`super::tokens`]), so hamza forms, harakat and
//! Arabic-Indic digits (٢٠٢٢) do not matter; the first word may carry
//! proclitics (ويوم, وفي), which the span leaves out. What is a date
//! (`docs/guidelines.md` says the same to annotators):
//!
//! - a day name, with يوم or اليوم before it when written (يوم الثلاثاء,
//!   اليوم الأربعاء, الجمعة);
//! - a month, Gregorian (يناير … ديسمبر) or Levantine (كانون الثاني، شباط،
//!   آذار …), with both names when written so (مايو/أيار), a day number
//!   before it (5 فبراير), a year after it (فبراير 2022), شهر before it, and
//!   الماضي, المقبل … or «من هذا العام», «من العام الماضي» … after it: one span. مارس and آب are
//!   words too (he practised; father): they need a number, شهر or a second
//!   month name beside them;
//! - a year (1900–2099) after عام, العام, سنة (included: عام 2022), or after
//!   في, منذ, حتى, خلال, بحلول, قبل, بعد (the year alone);
//! - a period named relatively: العام الماضي, الأسبوع المقبل, الشهر الجاري,
//!   هذا العام, الأشهر الأخيرة …, and أمس.
//!
//! Percentages: a number with % or ٪, or «في المئة», «في المائة»,
//! «بالمئة» after it. Numbers: any other number, with ألف, مليون, مليار
//! after it. The default schema has `DATE` but no label for numbers or
//! percentages: percentages are suggested as `PERCENT`, numbers as the first
//! of `NUMBER`, `CARDINAL`, `QUANTITY` — each only when the schema (a
//! `hashiya.toml`) has that label; else the rule is off.

use std::ops::Range;

use super::tokens::{Token, readings, tokens};
use super::{Failure, Input, Proposal, Recommender, Suggestion, slice};
use crate::annotate::Schema;

/// The name its suggestions carry.
pub const NAME: &str = "dates";

/// Day names, folded, with the article.
const DAYS: &[&str] = &["الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت"];

/// One-word month names, folded: Gregorian, then Levantine.
#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "يناير", "فبراير", "مارس", "ابريل", "افريل", "مايو", "يونيو", "يونيه", "يوليو", "يوليه",
    "اغسطس", "سبتمبر", "اكتوبر", "نوفمبر", "ديسمبر",
    "شباط", "اذار", "نيسان", "ايار", "حزيران", "تموز", "اب", "ايلول",
];

/// Month names that are words too: they need a number, شهر or a second
/// month name beside them.
const AMBIGUOUS: &[&str] = &["مارس", "اب"];

/// Two-word Levantine months: first word, then the words that may follow.
const TWO_WORD_MONTHS: &[(&str, &[&str])] =
    &[("كانون", &["الثاني", "الاول"]), ("تشرين", &["الاول", "الثاني"])];

/// Words a year follows, kept in the span.
const YEAR_NOUNS: &[&str] = &["عام", "العام", "سنه", "السنه", "عامي"];

/// Words a year follows, left out of the span.
const YEAR_PREPOSITIONS: &[&str] =
    &["في", "منذ", "حتي", "خلال", "بحلول", "قبل", "بعد", "مطلع", "اواخر"];

/// Periods named relatively: the noun…
#[rustfmt::skip]
const PERIODS: &[&str] = &[
    "العام", "السنه", "الشهر", "الاسبوع", "العقد", "الربع",
    "الاعوام", "السنوات", "الاشهر", "الشهور", "الاسابيع", "الايام", "العقود",
];

/// …and what follows it.
#[rustfmt::skip]
const RELATIVE: &[&str] = &[
    "الماضي", "المقبل", "القادم", "الجاري", "الحالي", "المنصرم",
    "الماضيه", "المقبله", "القادمه", "الاخيره", "الحاليه",
];

/// What follows a month and stays in its span: من + one of these.
const OF_YEAR: &[&[&str]] = &[
    &["هذا", "العام"],
    &["العام", "الماضي"],
    &["العام", "الجاري"],
    &["العام", "الحالي"],
    &["العام", "المقبل"],
    &["العام", "القادم"],
];

/// Words after a number that make it bigger.
const MULTIPLIERS: &[&str] = &["الف", "الاف", "مليون", "ملايين", "مليار", "مليارات"];

/// What a span found is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Date,
    Percent,
    Number,
}

/// The date and number rules, with the labels of a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateRecommender {
    date: Option<String>,
    percent: Option<String>,
    number: Option<String>,
}

/// The first of `names` the schema has.
fn label_of(schema: &Schema, names: &[&str]) -> Option<String> {
    names.iter().find(|n| schema.label(n).is_some()).map(|n| (*n).to_owned())
}

/// The value of a folded word of ASCII digits (separators allowed inside).
fn number(word: &str) -> Option<u64> {
    let first = word.chars().next()?;
    if !first.is_ascii_digit() || !word.chars().all(|c| c.is_ascii_digit() || ",.٫٬".contains(c))
    {
        return None;
    }
    word.chars().filter(char::is_ascii_digit).collect::<String>().parse().ok()
}

fn is_year(word: &str) -> bool {
    word.len() == 4 && number(word).is_some_and(|n| (1900..=2099).contains(&n))
}

/// Reading a text's words.
struct Reader {
    chars: Vec<char>,
    tokens: Vec<Token>,
}

impl Reader {
    /// The folded word `i`, if there is one.
    fn word(&self, i: usize) -> Option<&str> {
        self.tokens.get(i).map(|t| t.folded.as_str())
    }

    /// Word `i` is there, follows the one before with only spaces between, and is in `list`.
    fn next_in(&self, i: usize, list: &[&str]) -> bool {
        self.tokens.get(i).is_some_and(|t| t.joined && list.contains(&t.folded.as_str()))
    }

    /// The text between words `i` and `i + 1`, spaces left out.
    fn gap(&self, i: usize) -> String {
        match (self.tokens.get(i), self.tokens.get(i + 1)) {
            (Some(a), Some(b)) => self.chars[a.range.end..b.range.start]
                .iter()
                .filter(|c| !c.is_whitespace())
                .collect(),
            _ => String::new(),
        }
    }

    /// Is word `i` (or, read with its proclitics left out, a word after
    /// `skip` folded letters) in `list`? The folded letters it skips.
    fn first_in(&self, i: usize, list: &[&str]) -> Option<usize> {
        let t = self.tokens.get(i)?;
        readings(&t.folded).into_iter().find(|(_, w)| list.contains(&w.as_str())).map(|(s, _)| s)
    }

    /// The span of words `first..end`, the first's `skip` folded letters left out.
    fn span(&self, first: usize, skip: usize, end: usize) -> Range<usize> {
        self.tokens[first].from_folded(skip).start..self.tokens[end - 1].range.end
    }

    /// A month at word `i`: (folded letters skipped, end word, its name
    /// as read) — one or two words.
    fn month_at(&self, i: usize) -> Option<(usize, usize, String)> {
        let t = self.tokens.get(i)?;
        if let Some((skip, name)) =
            readings(&t.folded).into_iter().find(|(_, w)| MONTHS.contains(&w.as_str()))
        {
            return Some((skip, i + 1, name));
        }
        for (head, tails) in TWO_WORD_MONTHS {
            if let Some(skip) = self.first_in(i, &[head]) {
                if self.next_in(i + 1, tails) {
                    return Some((skip, i + 2, (*head).to_owned()));
                }
            }
        }
        None
    }

    /// A month expression starting at word `i` (see the module).
    fn month_expression(&self, i: usize) -> Option<(Range<usize>, usize)> {
        // شهر or a day number, then the month; or the month alone.
        let lead = if let Some(skip) = self.first_in(i, &["شهر"]) {
            Some(skip)
        } else if self.word(i).and_then(number).is_some_and(|n| (1..=31).contains(&n)) {
            Some(0)
        } else {
            None
        };
        let (skip, mut end, mut sure) = if let Some(skip) = lead {
            if !self.tokens.get(i + 1).is_some_and(|t| t.joined) {
                return None;
            }
            let (0, end, _) = self.month_at(i + 1)? else { return None };
            (skip, end, true)
        } else {
            let (skip, end, name) = self.month_at(i)?;
            (skip, end, !AMBIGUOUS.contains(&name.as_str()))
        };
        // A second name: مايو/أيار.
        if matches!(self.gap(end - 1).as_str(), "/" | "-") {
            if let Some((0, second, _)) = self.month_at(end) {
                end = second;
                sure = true;
            }
        }
        // A year after it.
        if self.tokens.get(end).is_some_and(|t| t.joined && is_year(&t.folded)) {
            end += 1;
            sure = true;
        }
        // الماضي, المقبل … (شهر فبراير الماضي), or من هذا العام …
        if self.next_in(end, RELATIVE) {
            end += 1;
        }
        // من هذا العام …
        if self.next_in(end, &["من"]) {
            if let Some(tail) = OF_YEAR
                .iter()
                .find(|tail| tail.iter().enumerate().all(|(k, w)| self.next_in(end + 1 + k, &[w])))
            {
                end += 1 + tail.len();
            }
        }
        sure.then(|| (self.span(i, skip, end), end))
    }

    /// A day name at word `i`, with يوم before it.
    fn day(&self, i: usize) -> Option<(Range<usize>, usize)> {
        if let Some(skip) = self.first_in(i, &["يوم", "اليوم"]) {
            if self.next_in(i + 1, DAYS) {
                return Some((self.span(i, skip, i + 2), i + 2));
            }
        }
        let skip = self.first_in(i, DAYS)?;
        Some((self.span(i, skip, i + 1), i + 1))
    }

    /// A year at word `i` (with its noun), or a preposition and a year.
    fn year(&self, i: usize) -> Option<(Range<usize>, usize)> {
        if let Some(skip) = self.first_in(i, YEAR_NOUNS) {
            if self.tokens.get(i + 1).is_some_and(|t| t.joined && is_year(&t.folded)) {
                return Some((self.span(i, skip, i + 2), i + 2));
            }
        }
        if self.first_in(i, YEAR_PREPOSITIONS).is_some()
            && self.tokens.get(i + 1).is_some_and(|t| t.joined && is_year(&t.folded))
        {
            return Some((self.span(i + 1, 0, i + 2), i + 2));
        }
        None
    }

    /// A period named relatively at word `i`, or أمس.
    fn relative(&self, i: usize) -> Option<(Range<usize>, usize)> {
        if let Some(skip) = self.first_in(i, PERIODS) {
            if self.next_in(i + 1, RELATIVE) {
                return Some((self.span(i, skip, i + 2), i + 2));
            }
        }
        if let Some(skip) = self.first_in(i, &["هذا", "هذه"]) {
            if self.next_in(i + 1, PERIODS) {
                return Some((self.span(i, skip, i + 2), i + 2));
            }
        }
        let skip = self.first_in(i, &["امس"])?;
        Some((self.span(i, skip, i + 1), i + 1))
    }

    /// A number at word `i`, as a percentage or a plain number.
    fn number(&self, i: usize) -> Option<(Range<usize>, usize, Kind)> {
        let t = self.tokens.get(i)?;
        // و ف ب ل ك before the digits (و30) are left out.
        let skip =
            t.folded.chars().take_while(|c| matches!(c, 'و' | 'ف' | 'ب' | 'ل' | 'ك')).count();
        if skip > 2 || number(&t.folded.chars().skip(skip).collect::<String>()).is_none() {
            return None;
        }
        let mut range = t.from_folded(skip);
        let after = self.chars.get(t.range.end..).unwrap_or_default();
        let sign = after.iter().take_while(|c| **c == ' ').count();
        if matches!(after.get(sign), Some('%' | '٪')) {
            range.end += sign + 1;
            return Some((range, i + 1, Kind::Percent));
        }
        let before = &self.chars[..range.start];
        if skip == 0 && matches!(before.last(), Some('%' | '٪')) {
            range.start -= 1;
            return Some((range, i + 1, Kind::Percent));
        }
        if self.next_in(i + 1, &["في"]) && self.next_in(i + 2, &["المئه", "المائه"]) {
            return Some((self.span(i, skip, i + 3), i + 3, Kind::Percent));
        }
        if self.next_in(i + 1, &["بالمئه", "بالمائه"]) {
            return Some((self.span(i, skip, i + 2), i + 2, Kind::Percent));
        }
        if self.next_in(i + 1, MULTIPLIERS) {
            return Some((self.span(i, skip, i + 2), i + 2, Kind::Number));
        }
        Some((range, i + 1, Kind::Number))
    }

    /// Every date, percentage and number, by start.
    fn find(&self) -> Vec<(Range<usize>, Kind)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.tokens.len() {
            let date = self
                .month_expression(i)
                .or_else(|| self.day(i))
                .or_else(|| self.year(i))
                .or_else(|| self.relative(i));
            if let Some((range, end)) = date {
                out.push((range, Kind::Date));
                i = end;
            } else if let Some((range, end, kind)) = self.number(i) {
                out.push((range, kind));
                i = end;
            } else {
                i += 1;
            }
        }
        out
    }
}

impl DateRecommender {
    /// The rules with the labels `schema` has (see the module).
    pub fn new(schema: &Schema) -> Self {
        Self {
            date: label_of(schema, &["DATE"]),
            percent: label_of(schema, &["PERCENT"]),
            number: label_of(schema, &["NUMBER", "CARDINAL", "QUANTITY"]),
        }
    }

    /// The spans found in `text` with their labels (those the schema has).
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, String)> {
        let reader = Reader { chars: text.chars().collect(), tokens: tokens(text) };
        reader
            .find()
            .into_iter()
            .filter_map(|(range, kind)| {
                let label = match kind {
                    Kind::Date => self.date.as_ref(),
                    Kind::Percent => self.percent.as_ref(),
                    Kind::Number => self.number.as_ref(),
                }?;
                Some((range, label.clone()))
            })
            .collect()
    }
}

impl Recommender for DateRecommender {
    fn name(&self) -> &str {
        NAME
    }

    fn suggest(&self, input: &Input<'_>) -> Result<Vec<Suggestion>, Failure> {
        Ok(self
            .find(input.text)
            .into_iter()
            .filter(|(range, label)| {
                !input.rejected.iter().any(|r| r.label == *label && r.range == *range)
            })
            .map(|(range, label)| Suggestion {
                text: slice(input.text, &range),
                range,
                score: if label == "DATE" { 0.9 } else { 0.8 },
                proposal: Proposal::Entity(label),
                source: NAME.to_owned(),
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(extra: &str) -> Schema {
        Schema::builtin().merged_toml(extra, std::path::Path::new("hashiya.toml")).unwrap()
    }

    fn with_numbers() -> Schema {
        let mut s = Schema::builtin();
        for (name, key) in [("PERCENT", '9'), ("CARDINAL", '0')] {
            let mut l = s.labels[0].clone();
            l.name = name.into();
            l.key = Some(key);
            s.labels.push(l);
        }
        s
    }

    fn found(schema: &Schema, text: &str) -> Vec<(String, String)> {
        DateRecommender::new(schema)
            .find(text)
            .into_iter()
            .map(|(r, l)| (slice(text, &r), l))
            .collect()
    }

    fn texts(schema: &Schema, text: &str) -> Vec<String> {
        found(schema, text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn days_and_months_in_both_calendars() {
        let s = Schema::builtin();
        let text = "قال يوم الثلاثاء إن الاجتماع عقد في 5 فبراير 2022، وفي كانون الثاني الماضي \
                    وفي مايو/أيار من هذا العام، وفي شباط، ثم الجمعة.";
        assert_eq!(
            texts(&s, text),
            [
                "يوم الثلاثاء",
                "5 فبراير 2022",
                "كانون الثاني الماضي",
                "مايو/أيار من هذا العام",
                "شباط",
                "الجمعة"
            ]
        );
        // Hamza forms, harakat and Arabic-Indic digits do not matter; و is left out.
        assert_eq!(texts(&s, "ويومَ الإثنين ٣ آذار ٢٠٢٤"), ["يومَ الإثنين", "٣ آذار ٢٠٢٤"]);
    }

    #[test]
    fn months_that_are_words_need_a_number_or_a_second_name() {
        let s = Schema::builtin();
        assert!(texts(&s, "مارس الضغط على أب الطفل").is_empty());
        assert_eq!(
            texts(&s, "في 12 مارس وفي شهر آب وفي آب/أغسطس"),
            ["12 مارس", "شهر آب", "آب/أغسطس"]
        );
    }

    #[test]
    fn years_and_relative_periods() {
        let s = Schema::builtin();
        let text = "منذ 2014 وفي عام 2022، وقالت روسيا الأسبوع الماضي إن العام الماضي كان صعبا \
                    وهذا العام أيضا، وقد وصل أمس 2000 جندي";
        assert_eq!(
            texts(&s, text),
            ["2014", "عام 2022", "الأسبوع الماضي", "العام الماضي", "هذا العام", "أمس"]
        );
    }

    #[test]
    fn percentages_and_numbers_only_with_their_labels() {
        let text = "ارتفع 5% و٪12 و30 في المئة و٤٥٫٥ بالمئة، ووصل 3 ملايين و2000 جندي عام 2023";
        // The default schema has no label for them: dates only.
        assert_eq!(texts(&Schema::builtin(), text), ["عام 2023"]);
        let s = with_numbers();
        assert_eq!(
            found(&s, text),
            [
                ("5%".into(), "PERCENT".into()),
                ("٪12".into(), "PERCENT".into()),
                ("30 في المئة".into(), "PERCENT".into()),
                ("٤٥٫٥ بالمئة".into(), "PERCENT".into()),
                ("3 ملايين".into(), "CARDINAL".into()),
                ("2000".into(), "CARDINAL".into()),
                ("عام 2023".into(), "DATE".into()),
            ]
        );
        // A schema without DATE gets no dates.
        let no_date = schema("[[label]]\nname = \"PERSON\"\nkey = \"1\"\n");
        assert!(texts(&no_date, text).is_empty());
    }
}
