//! Reading a sidecar a section at a time, for files not in the writer's
//! exact form (written by a script, edited by hand) that are still made of
//! plain sections: top-level keys, one `[article]`, and any number of
//! `[[entity]]` and `[[claim]]` tables.
//!
//! The full TOML parser builds a tree of the whole file (its tokens, its
//! events and its tables: about 30 bytes of memory per byte of input, 3 GB
//! for a sidecar of a million entities). Here the file is split at its
//! table headers by the TOML lexer, without keeping its tokens, and each
//! section is parsed alone, so that only one section's tree exists at a
//! time. The sections are read by the same code as the whole file
//! ([`State::read_root`]), with spans moved to the section's place, so the
//! result and every error (message, line, column) are the full reader's —
//! proved by property tests against `read::parse_full`.
//!
//! Files where sections could interact are left to the full reader:
//! another header than those three (sub-tables, dotted or quoted names,
//! unknown tables), `[article]` twice, or top-level `article`, `entity` or
//! `claim` keys beside the headers.

use std::ops::Range;
use std::path::Path;

use toml::de::DeTable;
use toml_parser::lexer::TokenKind;

use super::kinds::Kinds;
use super::read::{Parsed, Reader, State, syntax_error};
use super::sidecar::SidecarError;

/// What a section of a sidecar holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SectionKind {
    /// The top-level keys before the first header.
    Top,
    /// `[article]`.
    Article,
    /// One `[[entity]]`.
    Entity,
    /// One `[[claim]]`.
    Claim,
    /// One `[[<table>]]` of a declared kind (a relation…).
    Record,
}

/// A section: its kind and its bytes in the file, header line included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Section {
    /// What it holds.
    pub(crate) kind: SectionKind,
    /// Where it is.
    pub(crate) range: Range<usize>,
}

/// The sections of `source` in file order (the first is always
/// [`SectionKind::Top`], perhaps empty), or `None` when the file is not
/// made of plain sections (see the module docs). One pass of the TOML
/// lexer; a value spanning lines (an array, a multi-line string) is never
/// taken for a header.
pub(crate) fn sections(source: &str, kinds: &Kinds) -> Option<Vec<Section>> {
    let mut out = vec![Section { kind: SectionKind::Top, range: 0..source.len() }];
    let mut tokens = toml_parser::Source::new(source).lex().peekable();
    // Open brackets and braces of the value being read (headers excluded).
    let mut depth = 0usize;
    let mut line_start = Some(0);
    let mut article = false;
    while let Some(token) = tokens.next() {
        let span = token.span();
        match token.kind() {
            TokenKind::Newline if depth == 0 => line_start = Some(span.end()),
            TokenKind::Whitespace | TokenKind::Newline | TokenKind::Comment => {}
            TokenKind::LeftSquareBracket if depth == 0 && line_start.is_some() => {
                let array = tokens.peek().is_some_and(|t| {
                    t.kind() == TokenKind::LeftSquareBracket && t.span().start() == span.end()
                });
                if array {
                    tokens.next();
                }
                let mut name = None;
                let mut closing = 0;
                let mut last_end = span.end();
                for t in tokens.by_ref() {
                    match t.kind() {
                        TokenKind::Whitespace if closing == 0 => {}
                        TokenKind::Atom if name.is_none() && closing == 0 => {
                            name = source.get(t.span().start()..t.span().end());
                        }
                        TokenKind::RightSquareBracket
                            if name.is_some() && (closing == 0 || t.span().start() == last_end) =>
                        {
                            closing += 1;
                        }
                        _ => return None,
                    }
                    last_end = t.span().end();
                    if closing == 1 + usize::from(array) {
                        break;
                    }
                }
                let kind = match (name, array) {
                    (Some("article"), false) if !article => {
                        article = true;
                        SectionKind::Article
                    }
                    (Some("entity"), true) => SectionKind::Entity,
                    (Some("claim"), true) => SectionKind::Claim,
                    (Some(table), true) if kinds.record_table(table).is_some() => {
                        SectionKind::Record
                    }
                    _ => return None,
                };
                let at = line_start.unwrap_or(span.start());
                if let Some(previous) = out.last_mut() {
                    previous.range.end = at;
                }
                out.push(Section { kind, range: at..source.len() });
                line_start = None;
            }
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => {
                depth += 1;
                line_start = None;
            }
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
                depth = depth.saturating_sub(1);
                line_start = None;
            }
            TokenKind::Eof => break,
            _ => line_start = None,
        }
    }
    Some(out)
}

/// Parses and checks sidecar `source` a section at a time (see the module
/// docs); `None` when it is not made of plain sections.
pub(crate) fn parse_sections(
    source: &str,
    path: &Path,
    kinds: &Kinds,
) -> Option<Result<Parsed, SidecarError>> {
    let sections = sections(source, kinds)?;
    let mut state = State::new(kinds);
    let count = |kind| sections.iter().filter(|s| s.kind == kind).count();
    state.reserve(count(SectionKind::Entity), count(SectionKind::Claim));
    let mut start = 0;
    for (i, section) in sections.iter().enumerate() {
        let base = section.range.start;
        let root = match DeTable::parse(&source[section.range.clone()]) {
            Ok(root) => root,
            Err(e) => return Some(Err(syntax_error(source, path, base, &e))),
        };
        if i == 0 {
            // Where the whole file's table starts (after a BOM).
            start = root.span().start;
        }
        let table = root.get_ref();
        let shared = |k: &str| {
            ["article", "entity", "claim"].contains(&k) || kinds.record_table(k).is_some()
        };
        if section.kind == SectionKind::Top
            && table.iter().any(|(k, _)| shared(k.get_ref().as_ref()))
        {
            return None;
        }
        state.read_root(&Reader::new(source, path, base), table);
    }
    Some(state.finish(&Reader::new(source, path, 0), start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Option<Vec<(SectionKind, &str)>> {
        sections(source, Kinds::builtin())
            .map(|s| s.into_iter().map(|s| (s.kind, &source[s.range])).collect())
    }

    #[test]
    fn a_file_splits_at_its_headers() {
        let source = "schema = 1\n[article]\nfile = \"a\"\n  [[entity]] # x\nid = \"e1\"\n[[claim]]\nid = \"c1\"\n";
        assert_eq!(
            kinds(source),
            Some(vec![
                (SectionKind::Top, "schema = 1\n"),
                (SectionKind::Article, "[article]\nfile = \"a\"\n"),
                (SectionKind::Entity, "  [[entity]] # x\nid = \"e1\"\n"),
                (SectionKind::Claim, "[[claim]]\nid = \"c1\"\n"),
            ])
        );
        assert_eq!(kinds(""), Some(vec![(SectionKind::Top, "")]));
        assert_eq!(kinds("[[ entity ]]\n").map(|k| k.len()), Some(2));
    }

    #[test]
    fn headers_inside_values_are_not_headers() {
        let source = "x = [\n[1],\n]\ny = \"\"\"\n[[entity]]\n\"\"\"\nz = '''\n[article]'''\n";
        assert_eq!(kinds(source).map(|k| k.len()), Some(1));
        let inline = "x = { a = [\n[2]] }\n[[claim]]\n";
        assert_eq!(kinds(inline).map(|k| k.len()), Some(2));
    }

    #[test]
    fn other_shapes_are_left_to_the_full_reader() {
        for source in [
            "[article]\n[article]\n",
            "[entity]\n",
            "[[article]]\n",
            "[[entity]]\n[entity.cue]\n",
            "[[claim.cue]]\n",
            "[\"entity\"]\n",
            "[[\"entity\"]]\n",
            "[other]\n",
            "[ [entity]]\n",
            "[[entity] ]\n",
        ] {
            assert_eq!(kinds(source), None, "{source:?}");
        }
    }
}
