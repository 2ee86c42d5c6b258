//! What can be annotated: entity labels (name, Arabic display name, key,
//! colour), claim kinds and the cue verbs the claim form offers.
//!
//! The defaults are `assets/schema.toml`, built into the binary. A
//! `hashiya.toml` in the article's folder may replace the labels (its own
//! `[[label]]` tables) and/or the cue verbs (`cues = [...]`), and say the
//! corpus's language (`language = "fa"`: see [`crate::text::language`];
//! detected from each article when absent). A file with
//! an error is refused whole, never partly used nor replaced by the
//! defaults behind the user's back: [`Schema::check_toml`] names every
//! problem with its line and column; unknown keys are warnings.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::model::ClaimKind;
use super::palette;
use crate::text::language::Language;
use crate::text::position::{ConfigReport, Problems, read_config};

/// The built-in schema file.
pub const BUILTIN_SCHEMA: &str = include_str!("../../assets/schema.toml");

/// The name the built-in schema has in error messages.
pub const BUILTIN_SCHEMA_PATH: &str = "assets/schema.toml";

/// The per-folder configuration file that may replace labels and cues.
pub const CONFIG_FILE: &str = "hashiya.toml";

/// A colour given as red, green, blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
}

/// The 16 colours every terminal has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs, reason = "the names say it")]
pub enum NamedColor {
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
}

impl NamedColor {
    /// Every named colour.
    pub const ALL: [Self; 16] = [
        Self::Black,
        Self::Red,
        Self::Green,
        Self::Yellow,
        Self::Blue,
        Self::Magenta,
        Self::Cyan,
        Self::Gray,
        Self::DarkGray,
        Self::LightRed,
        Self::LightGreen,
        Self::LightYellow,
        Self::LightBlue,
        Self::LightMagenta,
        Self::LightCyan,
        Self::White,
    ];

    /// The name in configuration files (`light_blue`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Black => "black",
            Self::Red => "red",
            Self::Green => "green",
            Self::Yellow => "yellow",
            Self::Blue => "blue",
            Self::Magenta => "magenta",
            Self::Cyan => "cyan",
            Self::Gray => "gray",
            Self::DarkGray => "dark_gray",
            Self::LightRed => "light_red",
            Self::LightGreen => "light_green",
            Self::LightYellow => "light_yellow",
            Self::LightBlue => "light_blue",
            Self::LightMagenta => "light_magenta",
            Self::LightCyan => "light_cyan",
            Self::White => "white",
        }
    }
}

/// A label colour: a terminal colour by name or an exact RGB value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Color {
    /// One of the 16 named colours.
    Named(NamedColor),
    /// `#rrggbb`.
    Rgb(Rgb),
}

impl FromStr for Color {
    type Err = String;

    /// Parses `#rrggbb` or a name; names ignore case, `-`, `_` and spaces
    /// (`LightBlue`, `light-blue`), and `grey` is `gray`.
    fn from_str(s: &str) -> Result<Self, String> {
        if let Some(hex) = s.strip_prefix('#') {
            let channel = |i: usize| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok());
            return match (hex.len(), channel(0), channel(2), channel(4)) {
                (6, Some(r), Some(g), Some(b)) => Ok(Self::Rgb(Rgb { r, g, b })),
                _ => Err(format!("`{s}` is not a colour: write #rrggbb with six hex digits")),
            };
        }
        let squash = |n: &str| {
            n.chars()
                .filter(|c| !matches!(c, '-' | '_' | ' '))
                .flat_map(char::to_lowercase)
                .collect::<String>()
                .replace("grey", "gray")
        };
        let wanted = squash(s);
        NamedColor::ALL
            .into_iter()
            .find(|c| squash(c.name()) == wanted)
            .map(Self::Named)
            .ok_or_else(|| {
                let names: Vec<_> = NamedColor::ALL.iter().map(|c| c.name()).collect();
                format!("unknown colour `{s}` (use #rrggbb or one of: {})", names.join(", "))
            })
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Named(n) => f.write_str(n.name()),
            Self::Rgb(Rgb { r, g, b }) => write!(f, "#{r:02x}{g:02x}{b:02x}"),
        }
    }
}

/// One entity label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelDef {
    /// The name written in sidecars (`PERSON`).
    pub name: String,
    /// The name shown to users (`شخص`).
    pub display: String,
    /// The key that picks it in the label picker, if any.
    pub key: Option<char>,
    /// Its highlight colour (a default one when the file gives none; never
    /// one that looks like the selection or a search match, see [`palette`]).
    pub color: Color,
    /// What it is for, for the help (may be empty).
    pub description: String,
}

/// One relation type: typed, directed relations between two entities
/// (see [`super::kinds::Kinds::relation`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationDef {
    /// The name written in sidecars (`member_of`).
    pub name: String,
    /// The name shown to users (`عضو في`).
    pub display: String,
    /// The key that picks it in the relation picker, if any.
    pub key: Option<char>,
    /// The labels its first argument may have (empty: any).
    pub from: Vec<String>,
    /// The labels its second argument may have (empty: any).
    pub to: Vec<String>,
}

impl RelationDef {
    /// True when an entity labelled `from` may relate to one labelled `to`.
    pub fn allows(&self, from: &str, to: &str) -> bool {
        let fits =
            |labels: &[String], label: &str| labels.is_empty() || labels.iter().any(|l| l == label);
        fits(&self.from, from) && fits(&self.to, to)
    }
}

/// The keys a `[[relation]]` table may have.
const RELATION_KEYS: [&str; 5] = ["name", "display", "key", "from", "to"];

/// Why a schema could not be read: it could not be read, or names its
/// file, line and column.
pub type SchemaError = crate::text::position::FileError;

/// The keys a `[[label]]` table may have.
const LABEL_KEYS: [&str; 5] = ["name", "display", "key", "color", "description"];

/// Labels, claim kinds and cues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schema {
    /// Entity labels, in picker order.
    pub labels: Vec<LabelDef>,
    /// Cue verbs and phrases the claim form offers, in order.
    pub cues: Vec<String>,
    /// The corpus's language, when `hashiya.toml` gives it (`language =
    /// "ar"`); `None`: detected from each article ([`Schema::language_of`]).
    pub language: Option<Language>,
    /// Relation types, in picker order (`[[relation]]` tables).
    pub relations: Vec<RelationDef>,
}

impl Default for Schema {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Schema {
    /// The built-in schema (`assets/schema.toml`; empty if it failed to
    /// parse, which its tests rule out).
    pub fn builtin() -> Self {
        empty_schema()
            .merged_toml(BUILTIN_SCHEMA, Path::new(BUILTIN_SCHEMA_PATH))
            .unwrap_or_else(|_| empty_schema())
    }

    /// The relation type named `name`.
    pub fn relation(&self, name: &str) -> Option<&RelationDef> {
        self.relations.iter().find(|r| r.name == name)
    }

    /// The relation types an entity labelled `from` may have with one
    /// labelled `to`, in picker order.
    pub fn relations_between(&self, from: &str, to: &str) -> Vec<&RelationDef> {
        self.relations.iter().filter(|r| r.allows(from, to)).collect()
    }

    /// The language of an article whose text is `text`: the one this schema
    /// gives, else the one detected from the text
    /// ([`crate::text::language::detect`]).
    pub fn language_of(&self, text: &str) -> Language {
        self.language.unwrap_or_else(|| crate::text::language::detect(text))
    }

    /// [`Schema::language_of`] a document, whose detected language it keeps.
    pub fn language_of_document(&self, doc: &crate::text::Document) -> Language {
        self.language.unwrap_or_else(|| doc.detected_language())
    }

    /// The claim kinds, in form order.
    pub fn claim_kinds(&self) -> [ClaimKind; 3] {
        ClaimKind::ALL
    }

    /// The label named `name`.
    pub fn label(&self, name: &str) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// The label picked by `key`.
    pub fn label_for_key(&self, key: char) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.key == Some(key))
    }

    /// The schema for articles in `folder`: the built-in one, with labels
    /// and cues replaced by those of `folder/hashiya.toml` if it gives them;
    /// the first error if that file is wrong ([`Schema::read_folder`] gives
    /// every problem, warnings included).
    pub fn for_folder(folder: &Path) -> Result<Self, SchemaError> {
        match Self::read_folder(folder) {
            (Some(schema), _) => Ok(schema),
            (None, report) => {
                Err(report.errors.into_iter().next().unwrap_or_else(|| SchemaError::Invalid {
                    path: folder.join(CONFIG_FILE),
                    line: 1,
                    column: 1,
                    message: "invalid schema".to_string(),
                }))
            }
        }
    }

    /// The schema for articles in `folder` (see [`Schema::for_folder`]) and
    /// every problem of `folder/hashiya.toml`: no schema when it has an
    /// error. No file is no problem; a link to a missing file is one. The
    /// file is read only if it is small ([`read_config`]).
    pub fn read_folder(folder: &Path) -> (Option<Self>, ConfigReport) {
        let path = folder.join(CONFIG_FILE);
        let mut report = ConfigReport::default();
        match read_config(&path) {
            Ok(source) => Self::builtin().check_toml(&source, &path),
            Err(SchemaError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound
                    && std::fs::symlink_metadata(&path).is_err() =>
            {
                (Some(Self::builtin()), report)
            }
            Err(e) => {
                report.errors.push(e);
                (None, report)
            }
        }
    }

    /// This schema with the labels and/or cues that `source` (named `path`
    /// in errors) gives instead of its own, or the first error of `source`.
    pub fn merged_toml(self, source: &str, path: &Path) -> Result<Self, SchemaError> {
        match self.check_toml(source, path) {
            (Some(schema), _) => Ok(schema),
            (None, report) => Err(report
                .errors
                .into_iter()
                .next()
                .unwrap_or_else(|| SchemaError::at(path, source, 0, "invalid schema"))),
        }
    }

    /// This schema with the labels and/or cues that `source` (named `path`)
    /// gives instead of its own, and every problem of `source`, each with
    /// its line and column. Errors (no schema then): broken TOML (duplicate
    /// keys included), wrong types, `label = []`, a label without a name or
    /// with an empty or duplicate one, a key that is not one character or
    /// picks two labels, a colour that is none, a `language` that is no
    /// known code, control or bidi characters in any text. Warnings: unknown keys (ignored), empty cues (dropped), a
    /// colour that would look like the selection or a search match (replaced
    /// by a default one, see [`palette`]).
    pub fn check_toml(mut self, source: &str, path: &Path) -> (Option<Self>, ConfigReport) {
        let mut check = Check { problems: Problems::new(path, source) };
        let (root, syntax) = DeTable::parse_recoverable(source);
        if !syntax.is_empty() {
            for e in syntax {
                let message = format!("{}: fix the TOML syntax", e.message().trim());
                check.error(e.span().map_or(0, |s| s.start), message);
            }
            return (None, check.done());
        }
        let mut entries: Vec<_> = root.get_ref().iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        let (mut labels, mut cues, mut language, mut relations) = (None, None, None, None);
        for (key, value) in entries {
            match key.get_ref().as_ref() {
                "label" => labels = check.labels(value),
                "relation" => relations = check.relations(value),
                "cues" => cues = check.cues(value),
                "language" => language = check.language(value),
                // External recommenders: read and checked by `suggest::config`.
                "recommender" => {}
                other => check.warn(
                    key.span().start,
                    format!(
                        "unknown key \"{other}\", ignored: {CONFIG_FILE} gives `cues = [...]`, \
                         `language = \"ar\"`, `[[label]]`, `[[relation]]` and `[[recommender]]` tables"
                    ),
                ),
            }
        }
        if let Some((relations, places)) = &relations {
            let known = labels.as_ref().unwrap_or(&self.labels);
            for (relation, at) in relations.iter().zip(places) {
                let unknown = relation
                    .from
                    .iter()
                    .chain(&relation.to)
                    .find(|l| !known.iter().any(|k| &k.name == *l));
                if let Some(label) = unknown {
                    check.warn(
                        *at,
                        format!(
                            "relation \"{}\" names label \"{label}\", which is not a label of \
                             the schema: no entity can be its argument",
                            relation.name
                        ),
                    );
                }
            }
        }
        let report = check.done();
        if !report.is_ok() {
            return (None, report);
        }
        if let Some(labels) = labels {
            self.labels = labels;
        }
        if let Some((relations, _)) = relations {
            self.relations = relations;
        }
        if let Some(cues) = cues {
            self.cues = cues;
        }
        if language.is_some() {
            self.language = language;
        }
        (Some(self), report)
    }
}

/// A schema with nothing in it.
fn empty_schema() -> Schema {
    Schema { labels: Vec::new(), cues: Vec::new(), language: None, relations: Vec::new() }
}

/// Why `text` cannot be shown as a label, cue or description: it holds a
/// control character or a bidi control (named by code point).
fn forbidden(text: &str) -> Option<String> {
    text.chars().find_map(|c| {
        let what = if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            "a control character"
        } else if matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
        {
            "a bidi control"
        } else {
            return None;
        };
        Some(format!("{what} (U+{:04X})", u32::from(c)))
    })
}

/// Checking one schema file: where its problems go.
struct Check<'a> {
    problems: Problems<'a>,
}

impl Check<'_> {
    fn error(&mut self, at: usize, message: String) {
        self.problems.error(at, message);
    }

    fn warn(&mut self, at: usize, message: String) {
        self.problems.warn(at, message);
    }

    fn done(self) -> ConfigReport {
        self.problems.finish()
    }

    /// The 1-based line of byte offset `at`.
    fn line(&mut self, at: usize) -> usize {
        self.problems.line(at)
    }

    /// A string value of `what`, checked for control and bidi characters.
    fn text(&mut self, value: &Spanned<DeValue<'_>>, what: &str) -> Option<String> {
        let at = value.span().start;
        let Some(text) = value.get_ref().as_str() else {
            self.error(at, format!("{what} must be a string, not {}", value.get_ref().type_str()));
            return None;
        };
        if let Some(why) = forbidden(text) {
            self.error(at, format!("{what} \"{text}\" holds {why}: write plain text"));
            return None;
        }
        Some(text.to_owned())
    }

    /// `language = "fa"`: one of the codes of [`Language::code`].
    fn language(&mut self, value: &Spanned<DeValue<'_>>) -> Option<Language> {
        let at = value.span().start;
        let text = self.text(value, "`language`")?;
        match text.parse() {
            Ok(language) => Some(language),
            Err(message) => {
                self.error(at, message);
                None
            }
        }
    }

    /// `cues = [...]`: the non-empty cues.
    fn cues(&mut self, value: &Spanned<DeValue<'_>>) -> Option<Vec<String>> {
        let Some(items) = value.get_ref().as_array() else {
            self.error(value.span().start, "`cues` must be a list of strings".to_string());
            return None;
        };
        let mut cues = Vec::new();
        for item in items {
            let Some(cue) = self.text(item, "a cue") else { continue };
            if cue.trim().is_empty() {
                self.warn(item.span().start, "empty cue, ignored".to_string());
            } else {
                cues.push(cue);
            }
        }
        Some(cues)
    }

    /// `[[relation]]` tables: the relation types, each with the place of its
    /// table, when every one is valid.
    fn relations(
        &mut self,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<(Vec<RelationDef>, Vec<usize>)> {
        let Some(items) = value.get_ref().as_array() else {
            let at = value.span().start;
            self.error(at, "`relation` must be [[relation]] tables (see docs/format.md)".into());
            return None;
        };
        let before = self.problems.error_count();
        let (mut out, mut places) = (Vec::new(), Vec::new());
        let mut names: HashMap<String, usize> = HashMap::new();
        let mut keys: HashMap<char, usize> = HashMap::new();
        for item in items {
            let at = item.span().start;
            let Some(table) = item.get_ref().as_table() else {
                self.error(at, "a relation must be a [[relation]] table".to_string());
                continue;
            };
            let mut relation = RelationDef {
                name: String::new(),
                display: String::new(),
                key: None,
                from: Vec::new(),
                to: Vec::new(),
            };
            let mut entries: Vec<_> = table.iter().collect();
            entries.sort_by_key(|(key, _)| key.span().start);
            for (key, value) in entries {
                self.relation_entry(key, value, &mut relation, &mut names, &mut keys);
            }
            if relation.name.is_empty() {
                if !table.iter().any(|(k, _)| k.get_ref() == "name") {
                    self.error(at, "a [[relation]] without `name`".to_string());
                }
                continue;
            }
            if relation.display.is_empty() {
                relation.display.clone_from(&relation.name);
            }
            out.push(relation);
            places.push(at);
        }
        (self.problems.error_count() == before).then_some((out, places))
    }

    /// One `key = value` of a `[[relation]]` table, into `relation`.
    fn relation_entry(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
        relation: &mut RelationDef,
        names: &mut HashMap<String, usize>,
        keys: &mut HashMap<char, usize>,
    ) {
        let vat = value.span().start;
        match key.get_ref().as_ref() {
            "name" => {
                let Some(name) = self.text(value, "the relation name") else { return };
                let name = name.trim().to_owned();
                let word = !name.is_empty() && !name.chars().any(char::is_whitespace);
                if !word {
                    self.error(vat, "a relation name is one word: name = \"member_of\"".into());
                } else if let Some(first) = names.get(&name) {
                    self.error(
                        vat,
                        format!("duplicate relation \"{name}\" (first at line {first})"),
                    );
                } else {
                    names.insert(name.clone(), self.line(vat));
                    relation.name = name;
                }
            }
            "display" => {
                if let Some(display) = self.text(value, "`display`") {
                    display.trim().clone_into(&mut relation.display);
                }
            }
            "key" => {
                let Some(text) = self.text(value, "`key`") else { return };
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if !c.is_whitespace() => {
                        if let Some(first) = keys.get(&c) {
                            self.error(
                                vat,
                                format!("key \"{c}\" picks two relations (first at line {first})"),
                            );
                        } else {
                            keys.insert(c, self.line(vat));
                            relation.key = Some(c);
                        }
                    }
                    _ => self.error(vat, format!("`key` must be one character, not \"{text}\"")),
                }
            }
            side @ ("from" | "to") => {
                let Some(labels) = value.get_ref().as_array() else {
                    self.error(vat, format!("`{side}` must be a list of label names"));
                    return;
                };
                let mut picked = Vec::new();
                for label in labels {
                    if let Some(name) = self.text(label, "a label name") {
                        picked.push(name.trim().to_owned());
                    }
                }
                if side == "from" {
                    relation.from = picked;
                } else {
                    relation.to = picked;
                }
            }
            other => self.warn(
                key.span().start,
                format!(
                    "unknown key \"{other}\" in [[relation]], ignored (its keys are {})",
                    RELATION_KEYS.join(", ")
                ),
            ),
        }
    }

    /// `[[label]]` tables: the labels, when every one is valid.
    fn labels(&mut self, value: &Spanned<DeValue<'_>>) -> Option<Vec<LabelDef>> {
        let at = value.span().start;
        let Some(items) = value.get_ref().as_array() else {
            self.error(at, "`label` must be [[label]] tables (see docs/format.md)".to_string());
            return None;
        };
        let mut items = items.into_iter().peekable();
        if items.peek().is_none() {
            self.error(at, "`label` must list at least one label".to_string());
            return None;
        }
        // Names and keys seen, with the line of their first use.
        let mut names: HashMap<String, usize> = HashMap::new();
        let mut keys: HashMap<char, usize> = HashMap::new();
        let mut labels = Vec::new();
        let mut ok = true;
        for item in items {
            match self.label(item, &mut names, &mut keys) {
                Some(label) => labels.push(label),
                None => ok = false,
            }
        }
        ok.then(|| self.colors(labels))
    }

    /// The labels with their colours settled: a label without `color` gets
    /// the first default colour no other label uses; a colour that would
    /// look like the selection or a search match is replaced the same way,
    /// with a warning at the colour ([`palette::clash`]).
    fn colors(&mut self, labels: Vec<(LabelDef, Option<usize>)>) -> Vec<LabelDef> {
        let kept = |(label, at): &(LabelDef, Option<usize>)| {
            at.is_some() && palette::clash(label.color).is_none()
        };
        let mut used: Vec<Color> =
            labels.iter().filter(|l| kept(l)).map(|(l, _)| l.color).collect();
        let mut out = Vec::with_capacity(labels.len());
        for (n, entry) in labels.into_iter().enumerate() {
            let keep = kept(&entry);
            let (mut label, at) = entry;
            if !keep {
                let color = palette::free_color(&used, n);
                used.push(color);
                if let (Some(at), Some(clash)) = (at, palette::clash(label.color)) {
                    self.warn(
                        at,
                        format!(
                            "color \"{}\" of label \"{}\" {}: it is drawn in {color} instead \
                             (choose a colour with a hue, away from #4400dd)",
                            label.color,
                            label.name,
                            clash.what()
                        ),
                    );
                }
                label.color = color;
            }
            out.push(label);
        }
        out
    }

    /// One `[[label]]` table.
    fn label(
        &mut self,
        item: &Spanned<DeValue<'_>>,
        names: &mut HashMap<String, usize>,
        keys: &mut HashMap<char, usize>,
    ) -> Option<(LabelDef, Option<usize>)> {
        let Some(table) = item.get_ref().as_table() else {
            self.error(item.span().start, "a label must be a [[label]] table".to_string());
            return None;
        };
        let before = self.problems.error_count();
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        let mut label = LabelDef {
            name: String::new(),
            display: String::new(),
            key: None,
            color: Color::Named(NamedColor::White),
            description: String::new(),
        };
        let mut has_name = false;
        let mut color_at = None;
        for (key, value) in entries {
            let at = value.span().start;
            match key.get_ref().as_ref() {
                "name" => {
                    has_name = true;
                    let Some(name) = self.text(value, "the label name") else { continue };
                    let name = name.trim().to_owned();
                    if name.is_empty() {
                        self.error(at, "empty label name: name = \"PERSON\", for instance".into());
                    } else if let Some(first) = names.get(&name) {
                        self.error(
                            at,
                            format!(
                                "duplicate label \"{name}\" (first at line {first}): label names \
                                 must be unique"
                            ),
                        );
                    } else {
                        names.insert(name.clone(), self.line(at));
                        label.name = name;
                    }
                }
                "display" => {
                    if let Some(display) = self.text(value, "`display`") {
                        display.trim().clone_into(&mut label.display);
                    }
                }
                "key" => {
                    let Some(text) = self.text(value, "`key`") else { continue };
                    let mut chars = text.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) if !c.is_whitespace() => {
                            if let Some(first) = keys.get(&c) {
                                self.error(
                                    at,
                                    format!("key \"{c}\" picks two labels (first at line {first})"),
                                );
                            } else {
                                keys.insert(c, self.line(at));
                                label.key = Some(c);
                            }
                        }
                        _ => self.error(at, format!("`key` must be one character, not \"{text}\"")),
                    }
                }
                "color" => {
                    let Some(text) = self.text(value, "`color`") else { continue };
                    match text.parse() {
                        Ok(color) => {
                            label.color = color;
                            color_at = Some(at);
                        }
                        Err(message) => self.error(at, message),
                    }
                }
                "description" => {
                    if let Some(description) = self.text(value, "`description`") {
                        label.description = description;
                    }
                }
                other => self.warn(
                    key.span().start,
                    format!(
                        "unknown key \"{other}\" in [[label]], ignored (its keys are {})",
                        LABEL_KEYS.join(", ")
                    ),
                ),
            }
        }
        if !has_name {
            self.error(item.span().start, "a [[label]] without `name`".to_string());
        }
        if self.problems.error_count() > before {
            return None;
        }
        if label.display.is_empty() {
            label.display.clone_from(&label.name);
        }
        Some((label, color_at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_schema_has_the_eight_labels_in_order_with_keys_one_to_eight() {
        let schema =
            Schema::merged_toml(empty_schema(), BUILTIN_SCHEMA, Path::new(BUILTIN_SCHEMA_PATH))
                .unwrap();
        let names: Vec<_> = schema.labels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["PERSON", "ORG", "GPE", "LOC", "DATE", "EVENT", "NORP", "MISC"]);
        let keys: Vec<_> = schema.labels.iter().map(|l| l.key).collect();
        assert_eq!(keys, ('1'..='8').map(Some).collect::<Vec<_>>());
        assert_eq!(schema.label("PERSON").unwrap().display, "شخص");
        assert_eq!(schema.label_for_key('8').unwrap().name, "MISC");
        assert!(schema.labels.iter().all(|l| l.display != l.name));
        for cue in ["قال", "أكد", "أضاف", "نفى", "أوضح", "أشار", "صرح", "وفقاً لـ"]
        {
            assert!(schema.cues.iter().any(|c| c == cue), "{cue}");
        }
        assert_eq!(Schema::builtin(), schema);
    }

    #[test]
    fn relation_types_default_and_come_from_hashiya_toml() {
        let builtin = Schema::builtin();
        let names: Vec<_> = builtin.relations.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["member_of", "located_in", "met_with"]);
        let allowed: Vec<_> =
            builtin.relations_between("PERSON", "ORG").iter().map(|r| r.name.as_str()).collect();
        assert_eq!(allowed, ["member_of", "met_with"]);
        assert!(builtin.relations_between("DATE", "DATE").is_empty());
        let source = "[[relation]]\nname = \"employs\"\nfrom = [\"ORG\"]\nto = [\"PERSON\", \"ROBOT\"]\n\
                      [[relation]]\nname = \"knows\"\nkey = \"k\"\n";
        let (schema, report) = Schema::builtin().check_toml(source, Path::new("hashiya.toml"));
        let schema = schema.expect("valid");
        let names: Vec<_> = schema.relations.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["employs", "knows"], "replaces the defaults");
        assert!(schema.relation("knows").unwrap().allows("DATE", "MISC"), "no labels: any");
        assert_eq!(schema.labels, Schema::builtin().labels, "labels untouched");
        assert_eq!(report.warnings.len(), 1, "{report:?}");
        for bad in [
            "[[relation]]\nname = \"a b\"\n",
            "[[relation]]\nname = \"a\"\n[[relation]]\nname = \"a\"\n",
            "[[relation]]\nfrom = [\"ORG\"]\n",
            "[[relation]]\nname = \"a\"\nfrom = \"ORG\"\n",
            "relation = 1\n",
        ] {
            let (schema, report) = Schema::builtin().check_toml(bad, Path::new("hashiya.toml"));
            assert!(schema.is_none() && !report.errors.is_empty(), "{bad}");
        }
    }

    #[test]
    fn colours_parse_by_name_or_hex() {
        assert_eq!("yellow".parse(), Ok(Color::Named(NamedColor::Yellow)));
        assert_eq!("LightBlue".parse(), Ok(Color::Named(NamedColor::LightBlue)));
        assert_eq!("dark-grey".parse(), Ok(Color::Named(NamedColor::DarkGray)));
        assert_eq!("#FF8000".parse(), Ok(Color::Rgb(Rgb { r: 255, g: 128, b: 0 })));
        assert!("#ff80".parse::<Color>().is_err());
        assert!("#ff800g".parse::<Color>().is_err());
        assert!("#ÿÿÿ".parse::<Color>().is_err());
        assert!("purple".parse::<Color>().is_err());
        for c in NamedColor::ALL {
            assert_eq!(Color::Named(c).to_string().parse(), Ok(Color::Named(c)));
        }
        assert_eq!(Color::Rgb(Rgb { r: 1, g: 2, b: 255 }).to_string(), "#0102ff");
    }

    #[test]
    fn a_folder_file_replaces_labels_and_keeps_cues() {
        let source =
            "[[label]]\nname = \"WEAPON\"\ndisplay = \"سلاح\"\nkey = \"w\"\ncolor = \"#c04000\"\n";
        let schema = Schema::builtin().merged_toml(source, Path::new("hashiya.toml")).unwrap();
        assert_eq!(schema.labels.len(), 1);
        assert_eq!(schema.labels[0].key, Some('w'));
        assert_eq!(schema.labels[0].display, "سلاح");
        assert_eq!(schema.labels[0].color, Color::Rgb(Rgb { r: 192, g: 64, b: 0 }));
        assert_eq!(schema.cues, Schema::builtin().cues);
        // Cues alone keep the labels; empty cues are dropped with a warning.
        let (schema, report) =
            Schema::builtin().check_toml("cues = [\"قال\", \" \"]\n", Path::new("hashiya.toml"));
        let schema = schema.unwrap();
        assert_eq!(schema.cues, ["قال"]);
        assert_eq!(schema.labels, Schema::builtin().labels);
        assert_eq!(report.warnings.len(), 1);
    }

    /// Every problem of `source` as `line:column: message`, errors then warnings.
    fn problems(source: &str) -> (Vec<String>, Vec<String>, bool) {
        let (schema, report) = Schema::builtin().check_toml(source, Path::new("f/hashiya.toml"));
        let show = |e: &SchemaError| match e {
            SchemaError::Invalid { line, column, message, path } => {
                assert_eq!(path, Path::new("f/hashiya.toml"));
                format!("{line}:{column}: {message}")
            }
            SchemaError::Io { .. } => panic!("no I/O here"),
        };
        (
            report.errors.iter().map(show).collect(),
            report.warnings.iter().map(show).collect(),
            schema.is_some(),
        )
    }

    fn error_at(source: &str) -> (usize, usize, String) {
        match Schema::builtin().merged_toml(source, Path::new("f/hashiya.toml")) {
            Err(SchemaError::Invalid { line, column, message, path }) => {
                assert_eq!(path, Path::new("f/hashiya.toml"));
                (line, column, message)
            }
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn errors_point_at_the_offending_value() {
        // Line 3, `color = "` is 9 characters: the value starts at column 9.
        let (line, column, message) = error_at("[[label]]\nname = \"A\"\ncolor = \"mauve\"\n");
        assert_eq!((line, column), (3, 9));
        assert!(message.contains("mauve"), "{message}");
        let (line, column, message) = error_at(
            "[[label]]\nname = \"A\"\nkey = \"1\"\n[[label]]\nname = \"B\"\nkey = \"1\"\n",
        );
        assert_eq!((line, column), (6, 7));
        assert_eq!(message, "key \"1\" picks two labels (first at line 3)");
        let (line, column, _) = error_at("[[label]]\nname = \"A\"\nkey = \"12\"\n");
        assert_eq!((line, column), (3, 7));
        let (line, column, message) =
            error_at("[[label]]\nname = \"A\"\n[[label]]\nname = \"A\"\n");
        assert_eq!((line, column), (4, 8));
        assert_eq!(message, "duplicate label \"A\" (first at line 2): label names must be unique");
    }

    #[test]
    fn every_problem_is_reported_and_any_error_refuses_the_file() {
        let source = "title = \"x\"\n\
                      [[label]]\nname = \"A\"\ncolour = \"red\"\n\
                      [[label]]\nname = \"  \"\n\
                      [[label]]\nname = \"A\"\ncolor = \"#12\"\n\
                      [[label]]\nname = \"B\\u202E\"\n\
                      [[label]]\nname = \"C\"\ndisplay = \"x\\u001b]52;c;AA\\u0007\"\n\
                      [[label]]\ndisplay = \"no name\"\n";
        let (errors, warnings, used) = problems(source);
        assert!(!used);
        assert_eq!(
            errors,
            [
                "6:8: empty label name: name = \"PERSON\", for instance",
                "8:8: duplicate label \"A\" (first at line 3): label names must be unique",
                "9:9: `#12` is not a colour: write #rrggbb with six hex digits",
                "11:8: the label name \"B\u{202e}\" holds a bidi control (U+202E): write plain text",
                "14:11: `display` \"x\u{1b}]52;c;AA\u{7}\" holds a control character (U+001B): \
                 write plain text",
                "15:1: a [[label]] without `name`",
            ],
            "{errors:#?}"
        );
        assert_eq!(
            warnings,
            [
                "1:1: unknown key \"title\", ignored: hashiya.toml gives `cues = [...]`, \
                 `language = \"ar\"`, `[[label]]`, `[[relation]]` and `[[recommender]]` tables",
                "4:1: unknown key \"colour\" in [[label]], ignored (its keys are name, display, \
                 key, color, description)",
            ]
        );
    }

    #[test]
    fn language_is_a_known_code_or_an_error_at_its_value() {
        let schema = Schema::builtin()
            .merged_toml("language = \"fa\"\n", Path::new("hashiya.toml"))
            .unwrap();
        assert_eq!(schema.language, Some(Language::Persian));
        assert_eq!(schema.labels, Schema::builtin().labels);
        // Given, it wins over detection; absent, the text decides.
        assert_eq!(schema.language_of("قال الرئيس"), Language::Persian);
        assert_eq!(Schema::builtin().language, None);
        assert_eq!(Schema::builtin().language_of("قال الرئيس"), Language::Arabic);
        assert_eq!(Schema::builtin().language_of("اردو پاکستان کی قومی زبان ہے"), Language::Urdu);
        let (errors, _, used) = problems("cues = [\"گفت\"]\nlanguage = \"farsi\"\n");
        assert!(!used);
        assert_eq!(
            errors,
            ["2:12: unknown language \"farsi\": write one of ar, fa, ur, ckb, ps, ug, pnb, he, \
                 yi, dv, other"]
        );
        let (errors, _, _) = problems("language = 1\n");
        assert_eq!(errors, ["1:12: `language` must be a string, not integer"]);
        let (errors, _, _) = problems("language = \"ar\\u202E\"\n");
        assert_eq!(
            errors,
            ["1:12: `language` \"ar\u{202e}\" holds a bidi control (U+202E): write plain text"]
        );
    }

    #[test]
    fn broken_toml_and_wrong_types_are_errors() {
        // A duplicate key is a TOML error; so is a missing `=`.
        let (errors, _, used) = problems("[[label]]\nname = \"A\"\nname = \"B\"\n");
        assert!(!used);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("3:1: duplicate key"), "{errors:?}");
        let (errors, _, _) = problems("cues = [\"a\"\n[[label]\n");
        assert!(!errors.is_empty());
        let (errors, _, _) = problems("label = []\ncues = \"قال\"\n");
        assert_eq!(
            errors,
            ["1:9: `label` must list at least one label", "2:8: `cues` must be a list of strings"]
        );
        let (errors, _, _) = problems("[[label]]\nname = 3\n");
        assert_eq!(errors, ["2:8: the label name must be a string, not integer"]);
        // A clean file has nothing to say.
        assert_eq!(problems("[[label]]\nname = \"A\"\n"), (vec![], vec![], true));
    }

    #[test]
    fn builtin_labels_use_the_default_palette_and_clash_with_no_mark() {
        let (schema, report) =
            empty_schema().check_toml(BUILTIN_SCHEMA, Path::new(BUILTIN_SCHEMA_PATH));
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        let colors: Vec<Color> = schema.unwrap().labels.iter().map(|l| l.color).collect();
        let palette: Vec<Color> = palette::DEFAULT_PALETTE.iter().map(|&c| Color::Rgb(c)).collect();
        assert_eq!(colors, palette);
    }

    #[test]
    fn a_colour_like_the_selection_or_a_match_is_replaced_with_a_warning() {
        let source = "[[label]]\nname = \"A\"\ncolor = \"gray\"\n\
                      [[label]]\nname = \"B\"\ncolor = \"#4400dd\"\n\
                      [[label]]\nname = \"C\"\n\
                      [[label]]\nname = \"D\"\ncolor = \"#eedd88\"\n";
        let (errors, warnings, used) = problems(source);
        assert!(used && errors.is_empty(), "{errors:?}");
        assert_eq!(
            warnings,
            [
                "3:9: color \"gray\" of label \"A\" has no hue, so it would look like the \
                 selection (drawn in the terminal's own text colour): it is drawn in #99ddff \
                 instead (choose a colour with a hue, away from #4400dd)",
                "6:9: color \"#4400dd\" of label \"B\" is too close to the search-match colour \
                 (#4400dd): it is drawn in #44bb99 instead (choose a colour with a hue, away \
                 from #4400dd)",
            ]
        );
        // D keeps its colour (the first default one), so A, B and C (no
        // colour: no warning) take the next free ones.
        let schema = Schema::builtin().merged_toml(source, Path::new("hashiya.toml")).unwrap();
        let colors: Vec<String> = schema.labels.iter().map(|l| l.color.to_string()).collect();
        assert_eq!(colors, ["#99ddff", "#44bb99", "#bbcc33", "#eedd88"]);
        assert!(schema.labels.iter().all(|l| palette::clash(l.color).is_none()));
    }

    #[test]
    fn a_folder_without_the_file_gets_the_builtin_schema_and_a_broken_one_none() {
        let dir = tempfile::tempdir().unwrap();
        let (schema, report) = Schema::read_folder(dir.path());
        assert_eq!(schema, Some(Schema::builtin()));
        assert!(report.errors.is_empty() && report.warnings.is_empty());
        std::fs::write(dir.path().join(CONFIG_FILE), "[[label]]\nname = \"\"\n").unwrap();
        let (schema, report) = Schema::read_folder(dir.path());
        assert_eq!(schema, None);
        assert_eq!(report.errors.len(), 1);
        assert!(Schema::for_folder(dir.path()).is_err());
        // A link to a missing file is a problem, not "no file".
        #[cfg(unix)]
        {
            std::fs::remove_file(dir.path().join(CONFIG_FILE)).unwrap();
            std::os::unix::fs::symlink("gone.toml", dir.path().join(CONFIG_FILE)).unwrap();
            let (schema, report) = Schema::read_folder(dir.path());
            assert_eq!(schema, None);
            assert!(matches!(report.errors[..], [SchemaError::Io { .. }]));
        }
    }
}
