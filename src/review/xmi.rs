//! INCEpTION's format: UIMA CAS XMI 2.0 with the DKPro Core type system,
//! both ways (`export --format xmi`, `import --from xmi`).
//!
//! One `NAME.xmi` per article and the type system, `TypeSystem.xml`
//! ([`TYPE_SYSTEM`], shipped as `assets/inception/TypeSystem.xml`), as
//! INCEpTION's own XMI export lays them out:
//!
//! ```xml
//! <type2:DocumentMetaData … documentTitle="004.txt" documentId="004"/>
//! <type:NamedEntity xmi:id="3" sofa="1" begin="16" end="25" value="PERSON" note="…"/>
//! <custom:Cue xmi:id="4" sofa="1" begin="0" end="3"/>
//! <custom:Claim xmi:id="5" sofa="1" begin="29" end="41" kind="indirect" claimant="3" cue="4" note="…"/>
//! <cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="…"/>
//! <cas:View sofa="1" members="2 3 4 5"/>
//! ```
//!
//! - The sofa string is the article's text exactly as Hashiya holds it
//!   (a byte-order mark, `\r\n` line ends and all); line breaks and tabs are
//!   written as character references (an attribute value's raw ones would
//!   become spaces), and so are DEL, C1 controls, bidi controls, U+2028,
//!   U+2029 and U+FEFF, so that the file shows nothing as a control.
//! - Offsets (`begin`, `end`) count UTF-16 code units, as Java (UIMA,
//!   INCEpTION) and dkpro-cassis do: a character outside the Basic
//!   Multilingual Plane counts 2. Hashiya counts `char`s; both ways map.
//! - XML 1.0 cannot hold U+0000–U+0008, U+000B, U+000C, U+000E–U+001F,
//!   U+FFFE, U+FFFF, not even as references. Each is written as U+FFFD (one
//!   code unit, so no offset moves) and counted in [`Exported::replaced`]
//!   for a warning; `import` takes U+FFFD in the sofa as matching any of them.
//! - Orphans (stale offsets) are left out ([`Exported::skipped`]).
//!
//! The reader is a streaming parser (quick-xml: no DTD, no entity
//! expansion beyond XML's five, no recursion), linear in the file, which is
//! read within the data limit. It takes `NamedEntity` (and DKPro's subtypes
//! in the same package, labelled by their type name when `value` is empty),
//! `webanno.custom.Claim` and `webanno.custom.Cue`; every other annotation
//! type and every feature it does not know is named in a warning with its
//! count, never dropped in silence.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use super::interchange::{InClaim, InClaimant, InEntity, Incoming, Span};
use super::{Outcome, ReviewError};
use crate::annotate::anchor::CharIndex;
use crate::annotate::{Author, ClaimKind, Claimant, Store};
use crate::limits::{Input, read_file_to_string};
use crate::text::{escape_scan, safe};

/// The type system every export is written with (`TypeSystem.xml`).
pub const TYPE_SYSTEM: &str = include_str!("../../assets/inception/TypeSystem.xml");
/// Its file name beside the `.xmi` files, as INCEpTION names it.
pub const TYPE_SYSTEM_FILE: &str = "TypeSystem.xml";

const NS_XMI: &[u8] = b"http://www.omg.org/XMI";
const NS_CAS: &[u8] = b"http:///uima/cas.ecore";
const NS_TCAS: &[u8] = b"http:///uima/tcas.ecore";
const NS_NER: &[u8] = b"http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore";
const NS_METADATA: &[u8] = b"http:///de/tudarmstadt/ukp/dkpro/core/api/metadata/type.ecore";
const NS_CUSTOM: &[u8] = b"http:///webanno/custom.ecore";

/// True for a character XML 1.0 cannot hold at all.
pub fn not_in_xml(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// True for what [`escape_into`] does not write as itself.
fn needs_escape(c: char) -> bool {
    matches!(c, '&' | '<' | '>' | '"' | '\u{FEFF}') || not_in_xml(c) || safe::is_unsafe(c)
}

/// Appends `s` escaped for a double-quoted attribute value; returns how
/// many characters XML 1.0 cannot hold were written as U+FFFD. Finds what
/// to escape with one pass over the bytes ([`escape_scan`]).
pub(super) fn escape_into(out: &mut String, s: &str) -> usize {
    let mut replaced = 0;
    let single = |b: u8| matches!(b, 0..=0x1F | 0x7F | b'&' | b'<' | b'>' | b'"');
    let may_need = |bytes: &[u8]| escape_scan::may_need(bytes, single, true);
    out.reserve(s.len());
    escape_scan::split_at_escapes(s, may_need, needs_escape, |text, c| {
        out.push_str(text);
        match c {
            None => {}
            Some('&') => out.push_str("&amp;"),
            Some('<') => out.push_str("&lt;"),
            Some('>') => out.push_str("&gt;"),
            Some('"') => out.push_str("&quot;"),
            Some(c) if not_in_xml(c) => {
                replaced += 1;
                out.push('\u{FFFD}');
            }
            Some(c) => {
                let _ = write!(out, "&#x{:X};", c as u32);
            }
        }
    });
    replaced
}

/// The UTF-16 offsets of `at`, `char` offsets in `text` (any order; each
/// past the end counts as the end). Linear in the text plus `at` sorted.
pub fn to_utf16(text: &str, at: &[usize]) -> Vec<usize> {
    if !text.bytes().any(|b| b >= 0xF0) {
        return at.to_vec(); // no character outside the BMP: the same offsets
    }
    let mut order: Vec<usize> = (0..at.len()).collect();
    order.sort_unstable_by_key(|&i| at[i]);
    let mut out = vec![0; at.len()];
    let (mut chars, mut units) = (0, 0);
    let mut it = text.chars();
    for i in order {
        while chars < at[i] {
            let Some(c) = it.next() else { break };
            units += c.len_utf16();
            chars += 1;
        }
        out[i] = units;
    }
    out
}

/// The `char` offsets in `text` of `at`, UTF-16 offsets (any order): `None`
/// for one past the end or inside a surrogate pair. Linear plus the sort.
pub fn from_utf16(text: &str, at: &[usize]) -> Vec<Option<usize>> {
    if !text.bytes().any(|b| b >= 0xF0) {
        let len = text.chars().count();
        return at.iter().map(|&u| (u <= len).then_some(u)).collect();
    }
    let mut order: Vec<usize> = (0..at.len()).collect();
    order.sort_unstable_by_key(|&i| at[i]);
    let mut out = vec![None; at.len()];
    let (mut chars, mut units) = (0, 0);
    let mut it = text.chars();
    for i in order {
        while units < at[i] {
            let Some(c) = it.next() else { break };
            units += c.len_utf16();
            chars += 1;
        }
        out[i] = (units == at[i]).then_some(chars);
    }
    out
}

/// One article as XMI.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exported {
    /// The `.xmi` file.
    pub xmi: String,
    /// Ids of the annotations left out (orphans), and claimants left out
    /// because their entity is.
    pub skipped: Vec<String>,
    /// Characters XML 1.0 cannot hold, written as U+FFFD.
    pub replaced: usize,
}

#[allow(clippy::too_many_lines, reason = "one element after the other, in file order")]
/// The XMI of article `text` (file `file`, id `id`) and its annotations.
pub fn export(id: &str, file: &str, text: &str, store: &Store) -> Exported {
    let mut out = Exported::default();
    // Every offset written, to map to UTF-16 in one pass.
    let mut offsets = vec![0, text.chars().count()];
    let entities: Vec<_> = store.entities().filter(|e| !e.orphan).collect();
    let claims: Vec<_> = store.claims().filter(|c| !c.orphan).collect();
    for e in store.entities().filter(|e| e.orphan) {
        out.skipped.push(e.id.clone());
    }
    for c in store.claims().filter(|c| c.orphan) {
        out.skipped.push(c.id.clone());
    }
    for e in &entities {
        offsets.extend([e.start, e.end]);
    }
    for c in &claims {
        offsets.extend([c.start, c.end]);
        if let Some(cue) = &c.cue {
            offsets.extend([cue.start, cue.end]);
        }
    }
    let units = to_utf16(text, &offsets);
    let mut units = units.into_iter().skip(2);
    let mut next = || units.next().unwrap_or(0);
    let x = &mut out.xmi;
    x.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xmi:XMI xmlns:xmi=\"http://www.omg.org/XMI\" \
         xmlns:cas=\"http:///uima/cas.ecore\" \
         xmlns:type=\"http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore\" \
         xmlns:type2=\"http:///de/tudarmstadt/ukp/dkpro/core/api/metadata/type.ecore\" \
         xmlns:custom=\"http:///webanno/custom.ecore\" xmi:version=\"2.0\">\n  <cas:NULL xmi:id=\"0\"/>\n",
    );
    let mut replaced = 0;
    let mut members = vec![2];
    let len16 = to_utf16(text, &[offsets[1]])[0];
    x.push_str("  <type2:DocumentMetaData xmi:id=\"2\" sofa=\"1\" begin=\"0\" end=\"");
    let _ = write!(x, "{len16}\" language=\"x-unspecified\" documentTitle=\"");
    replaced += escape_into(x, file);
    x.push_str("\" documentId=\"");
    replaced += escape_into(x, id);
    x.push_str("\" isLastSegment=\"false\"/>\n");
    let mut xmi_id = 2;
    let mut entity_ids: HashMap<&str, usize> = HashMap::new();
    for e in &entities {
        xmi_id += 1;
        members.push(xmi_id);
        entity_ids.insert(&e.id, xmi_id);
        let (b, en) = (next(), next());
        let _ = write!(
            x,
            "  <type:NamedEntity xmi:id=\"{xmi_id}\" sofa=\"1\" begin=\"{b}\" end=\"{en}\" value=\""
        );
        replaced += escape_into(x, &e.label);
        x.push('"');
        if let Some(note) = &e.note {
            x.push_str(" note=\"");
            replaced += escape_into(x, note);
            x.push('"');
        }
        x.push_str("/>\n");
    }
    for c in &claims {
        let (b, en) = (next(), next());
        let cue = c.cue.as_ref().map(|_| {
            let (cb, ce) = (next(), next());
            xmi_id += 1;
            members.push(xmi_id);
            let _ = writeln!(
                x,
                "  <custom:Cue xmi:id=\"{xmi_id}\" sofa=\"1\" begin=\"{cb}\" end=\"{ce}\"/>"
            );
            xmi_id
        });
        xmi_id += 1;
        members.push(xmi_id);
        let _ = write!(
            x,
            "  <custom:Claim xmi:id=\"{xmi_id}\" sofa=\"1\" begin=\"{b}\" end=\"{en}\" kind=\"{}\"",
            c.kind.name()
        );
        match &c.claimant {
            Some(Claimant::Entity(id)) => match entity_ids.get(id.as_str()) {
                Some(target) => {
                    let _ = write!(x, " claimant=\"{target}\"");
                }
                None => out.skipped.push(format!("the claimant {id} of {}", c.id)),
            },
            Some(Claimant::Text(text)) => {
                x.push_str(" claimantText=\"");
                replaced += escape_into(x, text);
                x.push('"');
            }
            None => {}
        }
        if let Some(cue) = cue {
            let _ = write!(x, " cue=\"{cue}\"");
        }
        if let Some(note) = &c.note {
            x.push_str(" note=\"");
            replaced += escape_into(x, note);
            x.push('"');
        }
        x.push_str("/>\n");
    }
    x.push_str(
        "  <cas:Sofa xmi:id=\"1\" sofaNum=\"1\" sofaID=\"_InitialView\" mimeType=\"text\" sofaString=\"",
    );
    replaced += escape_into(x, text);
    x.push_str("\"/>\n  <cas:View sofa=\"1\" members=\"");
    for (i, m) in members.iter().enumerate() {
        if i > 0 {
            x.push(' ');
        }
        let _ = write!(x, "{m}");
    }
    x.push_str("\"/>\n</xmi:XMI>\n");
    out.replaced = replaced;
    out
}

/// An annotation read from the file, offsets still in UTF-16 units.
#[derive(Debug, Clone, Default)]
struct Raw {
    line: usize,
    xmi_id: Option<String>,
    sofa: Option<String>,
    begin: Option<usize>,
    end: Option<usize>,
    features: BTreeMap<String, String>,
}

/// What [`parse`] found.
#[derive(Debug, Default)]
pub struct Xmi {
    /// The `_InitialView` sofa string, when there is one.
    pub sofa: Option<String>,
    sofa_id: Option<String>,
    entities: Vec<(Raw, String)>,
    cues: Vec<Raw>,
    claims: Vec<Raw>,
    /// Types not taken, with their count.
    ignored: BTreeMap<String, usize>,
    /// Features not taken, `type.feature` with their count.
    ignored_features: BTreeMap<String, usize>,
    /// Sofas other than the initial view.
    other_sofas: usize,
}

/// Reads a UIMA CAS XMI file; `path` names it in errors.
pub fn parse(source: &str, path: &Path) -> Result<Xmi, ReviewError> {
    let mut reader = NsReader::from_str(source);
    let mut xmi = Xmi::default();
    let (mut line, mut counted) = (1, 0);
    let mut seen_root = false;
    // Elements open (the root is 1), and the latest child of the root.
    let (mut depth, mut parent) = (0_usize, String::new());
    loop {
        let event = reader.read_resolved_event().map(|(ns, event)| {
            let ns = match ns {
                ResolveResult::Bound(ns) => ns.0.to_vec(),
                _ => Vec::new(),
            };
            (ns, event)
        });
        let pos = (reader.buffer_position() as usize).min(source.len());
        line += memchr::memchr_iter(b'\n', &source.as_bytes()[counted..pos]).count();
        counted = pos;
        let (ns, event) = match event {
            Ok(e) => e,
            Err(e) => {
                let at = (reader.error_position() as usize).min(source.len());
                let line = 1 + memchr::memchr_iter(b'\n', &source.as_bytes()[..at]).count();
                return Err(parse_error(path, line, format!("not well-formed XML: {e}")));
            }
        };
        let opens = matches!(event, Event::Start(_));
        match event {
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Start(e) | Event::Empty(e) if depth >= 2 => {
                // A feature written as a child element (multi-valued
                // features, arrays): Hashiya's types have none.
                let local = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                *xmi.ignored_features.entry(format!("{parent}.{local}")).or_default() += 1;
                depth += usize::from(opens);
            }
            Event::Start(e) | Event::Empty(e) => {
                depth += usize::from(opens);
                if !seen_root {
                    seen_root = true;
                    if ns != NS_XMI || e.local_name().as_ref() != b"XMI" {
                        return Err(parse_error(
                            path,
                            line,
                            "not UIMA CAS XMI: the root element is not xmi:XMI".into(),
                        ));
                    }
                    continue;
                }
                parent = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                element(&mut xmi, &reader, &ns, &e, line, path)?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root {
        return Err(parse_error(path, line, "not UIMA CAS XMI: no element".into()));
    }
    Ok(xmi)
}

fn parse_error(path: &Path, line: usize, message: String) -> ReviewError {
    ReviewError::Parse { path: path.to_path_buf(), line, message }
}

/// One element below the root.
fn element(
    xmi: &mut Xmi,
    reader: &NsReader<&[u8]>,
    ns: &[u8],
    e: &BytesStart<'_>,
    line: usize,
    path: &Path,
) -> Result<(), ReviewError> {
    let local = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    let mut raw = Raw { line, ..Raw::default() };
    for attr in e.attributes() {
        let attr = attr.map_err(|err| parse_error(path, line, format!("bad attribute: {err}")))?;
        let (ans, name) = reader.resolve_attribute(attr.key);
        let name = String::from_utf8_lossy(name.as_ref()).into_owned();
        let value = attribute_value(&attr.value)
            .map_err(|err| parse_error(path, line, format!("attribute {name}: {err}")))?;
        let is_xmi = matches!(ans, ResolveResult::Bound(n) if n.0 == NS_XMI);
        match name.as_str() {
            "id" if is_xmi => raw.xmi_id = Some(value),
            _ if is_xmi => {}
            "sofa" => raw.sofa = Some(value),
            "begin" | "end" => {
                let n = value.trim().parse::<usize>().map_err(|_| {
                    parse_error(path, line, format!("{name}={value:?} is not an offset"))
                })?;
                if name == "begin" { raw.begin = Some(n) } else { raw.end = Some(n) }
            }
            _ => {
                raw.features.insert(name, value);
            }
        }
    }
    let type_name = format!("{}{local}", package(ns));
    match (ns, local.as_str()) {
        (NS_CAS, "Sofa") => {
            if raw.features.get("sofaID").map(String::as_str) == Some("_InitialView")
                && xmi.sofa.is_none()
            {
                xmi.sofa = Some(raw.features.remove("sofaString").unwrap_or_default());
                xmi.sofa_id = raw.xmi_id;
            } else {
                xmi.other_sofas += 1;
            }
        }
        (NS_CAS, "NULL" | "View")
        | (NS_TCAS, "DocumentAnnotation")
        | (NS_METADATA, "DocumentMetaData") => {}
        (NS_NER, _) => {
            let label = raw.features.remove("value").filter(|v| !v.is_empty()).unwrap_or(local);
            xmi.entities.push((raw, label));
        }
        (NS_CUSTOM, "Cue") => xmi.cues.push(raw),
        (NS_CUSTOM, "Claim") => xmi.claims.push(raw),
        _ => *xmi.ignored.entry(type_name).or_default() += 1,
    }
    Ok(())
}

/// `de.tudarmstadt.ukp.dkpro.core.api.ner.type.` from its XMI namespace.
fn package(ns: &[u8]) -> String {
    let ns = String::from_utf8_lossy(ns);
    let path = ns.strip_prefix("http:///").unwrap_or(&ns);
    let path = path.strip_suffix(".ecore").unwrap_or(path);
    if path.is_empty() { String::new() } else { format!("{}.", path.replace('/', ".")) }
}

/// An attribute's value as an XML 1.0 processor gives it: raw line breaks
/// and tabs are spaces, references are resolved (only XML's five entities).
fn attribute_value(raw: &[u8]) -> Result<String, String> {
    let text = std::str::from_utf8(raw).map_err(|e| e.to_string())?;
    let normalised: String = if text.contains(['\r', '\n', '\t']) {
        text.replace("\r\n", " ").replace(['\r', '\n', '\t'], " ")
    } else {
        text.to_owned()
    };
    quick_xml::escape::unescape(&normalised)
        .map(std::borrow::Cow::into_owned)
        .map_err(|e| e.to_string())
}

impl Xmi {
    /// The annotations as Hashiya reads them, offsets in `char`s of the
    /// sofa, quoting the sofa's text; what is not taken is in the warnings,
    /// which name `path`.
    #[allow(clippy::too_many_lines, reason = "entities, cues, claims, then what was left")]
    pub fn into_incoming(mut self, path: &Path) -> Incoming {
        let file = path.display().to_string();
        let mut incoming = Incoming::default();
        let Some(sofa) = self.sofa.take() else {
            incoming.warnings.push(format!("{file}: no _InitialView sofa: nothing imported"));
            return incoming;
        };
        let sofa_id = self.sofa_id.clone();
        let in_view = |raw: &Raw| raw.sofa.is_none() || raw.sofa == sofa_id;
        let mut units = Vec::new();
        let all = self.entities.iter().map(|(r, _)| r).chain(&self.cues).chain(&self.claims);
        for raw in all {
            units.push(raw.begin.unwrap_or(0));
            units.push(raw.end.unwrap_or(0));
        }
        let chars = from_utf16(&sofa, &units);
        let index = CharIndex::new(&sofa);
        let mut at = 0;
        let mut span_of = |raw: &Raw, what: &str, warnings: &mut Vec<String>| {
            let (b, e) = (chars[at], chars[at + 1]);
            at += 2;
            let here = format!("{file}:{}", raw.line);
            if raw.begin.is_none() || raw.end.is_none() {
                warnings.push(format!("{here}: {what} without begin or end: not imported"));
                return None;
            }
            if !in_view(raw) {
                warnings.push(format!("{here}: {what} of another view: not imported"));
                return None;
            }
            let (Some(b), Some(e)) = (b, e) else {
                warnings.push(format!(
                    "{here}: {what} {}..{} (UTF-16) is past the sofa's end or inside a character: not imported",
                    raw.begin.unwrap_or(0),
                    raw.end.unwrap_or(0)
                ));
                return None;
            };
            let quoted = index.slice(b..e).map(str::to_owned);
            Some(Span { range: b..e, quoted, at: here })
        };
        let mut by_xmi: HashMap<String, usize> = HashMap::new();
        for (raw, label) in &self.entities {
            let Some(span) = span_of(raw, "NamedEntity", &mut incoming.warnings) else { continue };
            let mut features = raw.features.clone();
            let note = features.remove("note");
            features.remove("identifier").filter(|v| !v.is_empty()).into_iter().for_each(|_| {
                *self.ignored_features.entry("NamedEntity.identifier".into()).or_default() += 1;
            });
            count_features(&mut self.ignored_features, "NamedEntity", features);
            if let Some(id) = &raw.xmi_id {
                by_xmi.insert(id.clone(), incoming.entities.len());
            }
            incoming.entities.push(InEntity { span, label: label.clone(), note });
        }
        let mut cues: HashMap<String, Span> = HashMap::new();
        for raw in &self.cues {
            let Some(span) = span_of(raw, "Cue", &mut incoming.warnings) else { continue };
            count_features(&mut self.ignored_features, "Cue", raw.features.clone());
            if let Some(id) = &raw.xmi_id {
                cues.insert(id.clone(), span);
            }
        }
        for raw in &self.claims {
            let Some(span) = span_of(raw, "Claim", &mut incoming.warnings) else { continue };
            let here = span.at.clone();
            let mut f = raw.features.clone();
            let kind = match f.remove("kind") {
                None => ClaimKind::default(),
                Some(k) => k.parse().unwrap_or_else(|()| {
                    incoming.warnings.push(format!(
                        "{here}: claim kind {k:?} is not direct, indirect or mixed: taken as indirect"
                    ));
                    ClaimKind::default()
                }),
            };
            let cue = f.remove("cue").and_then(|id| {
                let cue = cues.get(&id).cloned();
                if cue.is_none() {
                    incoming.warnings.push(format!("{here}: claim cue {id} is no Cue: left out"));
                }
                cue
            });
            let mut claimant = f.remove("claimant").and_then(|id| {
                let entity = by_xmi.get(&id).copied();
                if entity.is_none() {
                    incoming.warnings.push(format!(
                        "{here}: claimant {id} is no imported NamedEntity: left out"
                    ));
                }
                entity.map(InClaimant::Entity)
            });
            if let Some(text) = f.remove("claimantText").filter(|t| !t.is_empty()) {
                if claimant.is_some() {
                    incoming.warnings.push(format!(
                        "{here}: claim has both a claimant and a claimantText: the text {text:?} left out"
                    ));
                } else {
                    claimant = Some(InClaimant::Text(text));
                }
            }
            let note = f.remove("note");
            count_features(&mut self.ignored_features, "Claim", f);
            incoming.claims.push(InClaim { span, cue, claimant, kind, note });
        }
        if !self.ignored.is_empty() {
            let list: Vec<_> = self.ignored.iter().map(|(t, n)| format!("{n} × {t}")).collect();
            incoming
                .warnings
                .push(format!("{file}: annotation types not imported: {}", list.join(", ")));
        }
        if !self.ignored_features.is_empty() {
            let list: Vec<_> =
                self.ignored_features.iter().map(|(t, n)| format!("{n} × {t}")).collect();
            incoming.warnings.push(format!("{file}: features not imported: {}", list.join(", ")));
        }
        if self.other_sofas > 0 {
            incoming.warnings.push(format!(
                "{file}: {} view(s) other than _InitialView not imported",
                self.other_sofas
            ));
        }
        incoming.source_text = Some(sofa);
        incoming
    }
}

/// Counts the non-empty features left in `features` as not imported.
fn count_features(
    into: &mut BTreeMap<String, usize>,
    ty: &str,
    features: BTreeMap<String, String>,
) {
    for (name, value) in features {
        if !value.is_empty() {
            *into.entry(format!("{ty}.{name}")).or_default() += 1;
        }
    }
}

/// `import --from xmi`: the `NAME.xmi` beside each article `NAME.txt`,
/// merged into its sidecar (see [`super::interchange`]); lines to `out`.
pub fn import(
    articles: &[std::path::PathBuf],
    dry_run: bool,
    author: Option<&Author>,
    out: &mut dyn std::io::Write,
) -> Result<Outcome, ReviewError> {
    let mut read = |article: &Path, text: &str| -> Result<Incoming, ReviewError> {
        let path = article.with_extension("xmi");
        let source =
            read_file_to_string(&path, Input::Data).map_err(|e| ReviewError::io(&path, e))?;
        let mut incoming = parse(&source, &path)?.into_incoming(&path);
        let sofa = incoming.source_text.as_deref().unwrap_or(text);
        let same = sofa == text
            || (sofa.chars().count() == text.chars().count()
                && sofa
                    .chars()
                    .zip(text.chars())
                    .all(|(s, t)| s == t || (s == '\u{FFFD}' && not_in_xml(t))));
        if !same {
            incoming.warnings.insert(
                0,
                format!(
                    "{}: the sofa is not the text of {}: each annotation is placed by the text it covers",
                    path.display(),
                    article.display()
                ),
            );
        }
        Ok(incoming)
    };
    super::interchange::run(articles, &mut read, dry_run, author, out)
}

/// The `char` range of a span, for tests and callers that check offsets.
pub fn char_range(text: &str, units: Range<usize>) -> Option<Range<usize>> {
    let at = from_utf16(text, &[units.start, units.end]);
    Some(at[0]?..at[1]?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`escape_into`] char by char, as it was written first.
    fn escape_slowly(out: &mut String, s: &str) -> usize {
        let mut replaced = 0;
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                c if not_in_xml(c) => {
                    replaced += 1;
                    out.push('\u{FFFD}');
                }
                c if safe::is_unsafe(c) || c == '\u{FEFF}' => {
                    let _ = write!(out, "&#x{:X};", c as u32);
                }
                c => out.push(c),
            }
        }
        replaced
    }

    proptest::proptest! {
        #[test]
        fn escaping_is_the_char_by_char_escaping(
            s in "([\\x00-\\x7F]|[\u{80}-\u{A0}]|[\u{600}-\u{6FF}]|[\u{2000}-\u{2070}]|[\u{FEB0}-\u{FFFF}]|😀){0,150}"
        ) {
            let (mut fast, mut slow) = (String::new(), String::new());
            let n = escape_into(&mut fast, &s);
            proptest::prop_assert_eq!(n, escape_slowly(&mut slow, &s));
            proptest::prop_assert_eq!(fast, slow);
        }
    }
    use crate::annotate::Cue;

    #[test]
    fn utf16_offsets_count_two_for_a_character_outside_the_bmp() {
        let text = "a😀b";
        assert_eq!(to_utf16(text, &[3, 0, 1, 2]), vec![4, 0, 1, 3]);
        assert_eq!(from_utf16(text, &[4, 2, 3, 0, 5]), vec![Some(3), None, Some(2), Some(0), None]);
        assert_eq!(char_range("ab", 0..2), Some(0..2));
    }

    #[test]
    fn escaping_keeps_line_breaks_and_marks_as_references_and_replaces_what_xml_cannot_hold() {
        let mut out = String::new();
        let n = escape_into(&mut out, "a<&\"\r\n\t\u{202E}\u{0}\u{FEFF}");
        assert_eq!(out, "a&lt;&amp;&quot;&#xD;&#xA;&#x9;&#x202E;\u{FFFD}&#xFEFF;");
        assert_eq!(n, 1);
        assert_eq!(attribute_value(out.as_bytes()).unwrap(), "a<&\"\r\n\t\u{202E}\u{FFFD}\u{FEFF}");
        assert_eq!(attribute_value(b"a\r\nb\tc").unwrap(), "a b c");
    }

    #[test]
    fn export_then_parse_gives_every_annotation_back() {
        let text = "\u{FEFF}قال 😀 زيد:\r\nالصين مستعدة";
        let mut store = Store::new();
        let e = store.add_entity("PER\"SON", 6..9, "زيد").unwrap();
        store.set_note(&e, Some("a <note>")).unwrap();
        let c = store.add_claim(12..24, "الصين مستعدة").unwrap();
        store.set_cue(&c, Some(Cue::new(1..4, "قال"))).unwrap();
        store.set_claimant(&c, Some(Claimant::Entity(e))).unwrap();
        store.set_kind(&c, ClaimKind::Direct).unwrap();
        let out = export("x", "x.txt", text, &store);
        assert_eq!(out.replaced, 0);
        assert!(out.xmi.contains("begin=\"7\" end=\"10\""), "{}", out.xmi);
        let xmi = parse(&out.xmi, Path::new("x.xmi")).unwrap();
        assert_eq!(xmi.sofa.as_deref(), Some(text));
        let incoming = xmi.into_incoming(Path::new("x.xmi"));
        assert!(incoming.warnings.is_empty(), "{:?}", incoming.warnings);
        let entity = &incoming.entities[0];
        assert_eq!((entity.span.range.clone(), entity.label.as_str()), (6..9, "PER\"SON"));
        assert_eq!(entity.note.as_deref(), Some("a <note>"));
        let claim = &incoming.claims[0];
        assert_eq!(claim.span.range, 12..24);
        assert_eq!(claim.cue.as_ref().map(|c| c.range.clone()), Some(1..4));
        assert_eq!(claim.claimant, Some(InClaimant::Entity(0)));
        assert_eq!(claim.kind, ClaimKind::Direct);
    }

    #[test]
    fn other_types_and_features_are_named_not_dropped() {
        let xmi = r#"<?xml version="1.0"?><xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmlns:seg="http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore" xmlns:type="http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore">
<seg:Token xmi:id="5" sofa="1" begin="0" end="1"/>
<type:Person xmi:id="6" sofa="1" begin="0" end="1" identifier="Q1"><alt>x</alt></type:Person>
<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" sofaString="ab"/>
</xmi:XMI>"#;
        let incoming = parse(xmi, Path::new("y.xmi")).unwrap().into_incoming(Path::new("y.xmi"));
        assert_eq!(incoming.entities[0].label, "Person");
        assert_eq!(incoming.warnings.len(), 2, "{:?}", incoming.warnings);
        assert!(
            incoming.warnings[0]
                .contains("1 × de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token")
        );
        assert!(incoming.warnings[1].contains("1 × NamedEntity.identifier, 1 × Person.alt"));
    }

    #[test]
    fn broken_xml_is_an_error_naming_the_line() {
        let err = parse(
            "<xmi:XMI xmlns:xmi=\"http://www.omg.org/XMI\">\n<a b=\"1></xmi:XMI>",
            Path::new("z.xmi"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("z.xmi:"), "{err}");
        let err = parse("<root/>", Path::new("z.xmi")).unwrap_err().to_string();
        assert!(err.contains("not UIMA CAS XMI"), "{err}");
    }
}
