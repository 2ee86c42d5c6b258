//! What can be annotated: entity labels (name, Arabic display name, key,
//! colour), claim kinds and the cue verbs the claim form offers.
//!
//! The defaults are `assets/schema.toml`, built into the binary. A
//! `hashiya.toml` in the article's folder may replace the labels (its own
//! `[[label]]` tables) and/or the cue verbs (`cues = [...]`); its other keys
//! belong to other parts of Hashiya and are ignored here.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use toml::Spanned;

use super::model::ClaimKind;
use crate::text::position::line_column;

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
    /// Its highlight colour.
    pub color: Color,
    /// What it is for, for the help (may be empty).
    pub description: String,
}

/// Why a schema could not be read: it could not be read, or names its
/// file, line and column.
pub type SchemaError = crate::text::position::FileError;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLabel {
    name: Spanned<String>,
    display: Option<String>,
    key: Option<Spanned<String>>,
    color: Option<Spanned<String>>,
    description: Option<String>,
}

#[derive(serde::Deserialize)]
struct RawFile {
    label: Option<Spanned<Vec<RawLabel>>>,
    cues: Option<Vec<String>>,
}

/// Labels, claim kinds and cues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schema {
    /// Entity labels, in picker order.
    pub labels: Vec<LabelDef>,
    /// Cue verbs and phrases the claim form offers, in order.
    pub cues: Vec<String>,
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
        let empty = Self { labels: Vec::new(), cues: Vec::new() };
        empty
            .merged_toml(BUILTIN_SCHEMA, Path::new(BUILTIN_SCHEMA_PATH))
            .unwrap_or_else(|_| Self { labels: Vec::new(), cues: Vec::new() })
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
    /// and cues replaced by those of `folder/hashiya.toml` if it gives them.
    pub fn for_folder(folder: &Path) -> Result<Self, SchemaError> {
        let path = folder.join(CONFIG_FILE);
        match crate::limits::read_file_to_string(&path, crate::limits::Input::Config) {
            Ok(source) => Self::builtin().merged_toml(&source, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::builtin()),
            Err(source) => Err(SchemaError::Io { path, source }),
        }
    }

    /// This schema with the labels and/or cues that `source` (named `path`
    /// in errors) gives instead of its own.
    pub fn merged_toml(mut self, source: &str, path: &Path) -> Result<Self, SchemaError> {
        let invalid = |at: usize, message: String| {
            let (line, column) = line_column(source, at);
            SchemaError::Invalid { path: path.to_path_buf(), line, column, message }
        };
        let raw: RawFile = toml::from_str(source)
            .map_err(|e| invalid(e.span().map_or(0, |s| s.start), e.message().trim().to_owned()))?;
        if let Some(raw_labels) = raw.label {
            let at = raw_labels.span().start;
            let raw_labels = raw_labels.into_inner();
            if raw_labels.is_empty() {
                return Err(invalid(at, "`label` must list at least one label".to_owned()));
            }
            let mut names = HashSet::new();
            let mut keys = HashSet::new();
            let mut labels = Vec::with_capacity(raw_labels.len());
            for raw in raw_labels {
                let name = raw.name.get_ref().trim().to_owned();
                if name.is_empty() || !names.insert(name.clone()) {
                    let why = if name.is_empty() { "an empty" } else { "a duplicate" };
                    return Err(invalid(raw.name.span().start, format!("{why} label name")));
                }
                let key = match &raw.key {
                    None => None,
                    Some(k) => {
                        let mut chars = k.get_ref().chars();
                        let (Some(c), None) = (chars.next(), chars.next()) else {
                            return Err(invalid(
                                k.span().start,
                                format!("`key` must be one character, not `{}`", k.get_ref()),
                            ));
                        };
                        if !keys.insert(c) {
                            return Err(invalid(
                                k.span().start,
                                format!("key `{c}` picks two labels"),
                            ));
                        }
                        Some(c)
                    }
                };
                let color = match &raw.color {
                    None => Color::Named(NamedColor::White),
                    Some(c) => c.get_ref().parse().map_err(|m| invalid(c.span().start, m))?,
                };
                labels.push(LabelDef {
                    display: raw
                        .display
                        .filter(|d| !d.trim().is_empty())
                        .unwrap_or_else(|| name.clone()),
                    name,
                    key,
                    color,
                    description: raw.description.unwrap_or_default(),
                });
            }
            self.labels = labels;
        }
        if let Some(cues) = raw.cues {
            self.cues = cues.into_iter().filter(|c| !c.trim().is_empty()).collect();
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_schema_has_the_eight_labels_in_order_with_keys_one_to_eight() {
        let schema = Schema::merged_toml(
            Schema { labels: Vec::new(), cues: Vec::new() },
            BUILTIN_SCHEMA,
            Path::new(BUILTIN_SCHEMA_PATH),
        )
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
        let source = "[ui]\ntheme = \"x\"\n\n[[label]]\nname = \"WEAPON\"\ndisplay = \"سلاح\"\nkey = \"w\"\ncolor = \"#102030\"\n";
        let schema = Schema::builtin().merged_toml(source, Path::new("hashiya.toml")).unwrap();
        assert_eq!(schema.labels.len(), 1);
        assert_eq!(schema.labels[0].key, Some('w'));
        assert_eq!(schema.labels[0].color, Color::Rgb(Rgb { r: 16, g: 32, b: 48 }));
        assert_eq!(schema.cues, Schema::builtin().cues);
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
        let (line, column, _) = error_at(
            "[[label]]\nname = \"A\"\nkey = \"1\"\n[[label]]\nname = \"B\"\nkey = \"1\"\n",
        );
        assert_eq!((line, column), (6, 7));
        let (line, column, _) = error_at("[[label]]\nname = \"A\"\nkey = \"12\"\n");
        assert_eq!((line, column), (3, 7));
        let (line, _, message) = error_at("[[label]]\nname = \"A\"\ncolour = \"red\"\n");
        assert_eq!(line, 3);
        assert!(message.contains("colour"), "{message}");
        let (line, column, _) = error_at("[[label]]\nname = \"A\"\n[[label]]\nname = \"A\"\n");
        assert_eq!((line, column), (4, 8));
    }
}
