//! The sidecar's key names, in one place: every reader (`read`,
//! `read_canonical`, `read_sections`), the writer and the tools that name a
//! field (`check`, `list`, curation) take them from here, so that a field is
//! spelt once. The format is in `docs/format.md`.

/// Top level: the format version.
pub const SCHEMA: &str = "schema";
/// Top level: the next `e<N>` number (legacy counters, see `docs/format.md`).
pub const NEXT_ENTITY: &str = "next_entity";
/// Top level: the next `c<N>` number.
pub const NEXT_CLAIM: &str = "next_claim";
/// The `[article]` table.
pub const ARTICLE: &str = "article";
/// `[article]`: the article's file name.
pub const FILE: &str = "file";
/// `[article]`: the article's SHA-256.
pub const SHA256: &str = "sha256";
/// `[article]`: how far the work on the article is (`todo`, `in_progress`,
/// `done`; see [`super::status`]).
pub const STATUS: &str = "status";
/// The `[[entity]]` tables.
pub const ENTITY: &str = "entity";
/// The `[[claim]]` tables.
pub const CLAIM: &str = "claim";
/// The `[[relation]]` tables (a declared kind, see [`super::kinds`]).
pub const RELATION: &str = "relation";

/// An annotation's id.
pub const ID: &str = "id";
/// An entity's label.
pub const LABEL: &str = "label";
/// An entity's link: the id of a canonical entity in the corpus registry
/// (`k-4kq8r2mz`).
pub const LINK: &str = "link";
/// A span's first `char`.
pub const START: &str = "start";
/// A span's end (exclusive).
pub const END: &str = "end";
/// A span's quoted text.
pub const TEXT: &str = "text";
/// An annotation's note.
pub const NOTE: &str = "note";
/// Who made an annotation.
pub const BY: &str = "by";
/// When an annotation was made.
pub const AT: &str = "at";
/// The conflict mark of a version kept side by side.
pub const CONFLICT: &str = "conflict";
/// A claim's claimant entity (an id).
pub const CLAIMANT: &str = "claimant";
/// A claim's free-text claimant.
pub const CLAIMANT_TEXT: &str = "claimant_text";
/// A claim's cue (an inline table with `start`, `end`, `text`).
pub const CUE: &str = "cue";
/// A relation's first argument (an entity id).
pub const FROM: &str = "from";
/// A relation's second argument (an entity id).
pub const TO: &str = "to";
/// A claim's kind.
pub const KIND: &str = "kind";
/// `conflict`: the id of the other version.
pub const WITH: &str = "with";
/// `conflict`: where the other version came from.
pub const SOURCE: &str = "source";

/// The `[[rejected]]` tables: suggestions the annotator rejected in this
/// article (`start`, `end`, `text`, `label`, `by`), not suggested again
/// (see `suggest`); kept like an unknown table by the readers and writer.
pub const REJECTED: &str = "rejected";

/// Who curated an annotation of a gold standard (`hashiya curate`); kept
/// with the annotation's unknown fields, written after the known ones.
pub const CURATED_BY: &str = "curated_by";

/// Keys the readers handle themselves at the top level.
pub const TOP_KEYS: [&str; 6] = [SCHEMA, NEXT_ENTITY, NEXT_CLAIM, ARTICLE, ENTITY, CLAIM];
/// Known keys of `[article]`.
pub const ARTICLE_KEYS: [&str; 2] = [FILE, SHA256];
/// Known keys of an entity, in the order the writer writes them.
pub const ENTITY_KEYS: [&str; 10] = [ID, LABEL, LINK, START, END, TEXT, NOTE, BY, AT, CONFLICT];
/// Known keys of a claim, in the order the writer writes them.
pub const CLAIM_KEYS: [&str; 12] =
    [ID, START, END, TEXT, CLAIMANT, CLAIMANT_TEXT, CUE, KIND, NOTE, BY, AT, CONFLICT];
/// Known keys of a cue.
pub const CUE_KEYS: [&str; 3] = [START, END, TEXT];
/// Known keys of a conflict mark.
pub const CONFLICT_KEYS: [&str; 2] = [WITH, SOURCE];
