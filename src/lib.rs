//! Hashiya (حاشية): a terminal reader and annotator for right-to-left
//! Arabic articles.
//!
//! # Module map
//!
//! | module | owns |
//! |---|---|
//! | [`text`] | the article: paragraphs, sentences (`sentence_bounds`: UAX #29 sentence boundaries found fast, the segmenter's own elsewhere), `char` offsets, safe glyphs, words (proclitic trimming, and why a word is not trimmed), `tokens` (for spaCy and `CoNLL`: every span whole tokens), folded search (Arabic, Persian, Urdu and Kurdish spellings and digits alike; `hits`: one article's matches with their context); `language`: the article's language (given in `hashiya.toml` or detected), which says whether proclitics are trimmed; `safe`: the one way text from files is printed (symbols for controls, marks for bidi controls, safe JSON; `json_string`: a safe JSON string written straight into a buffer; `escape_scan`: what to escape found by a chunked byte scan); `plural`: counts in words |
//! | [`layout`] | pure layout: bidi levels, shaping (every Arabic-script letter with presentation forms), wrapping, reordering, cell map |
//! | [`render`] | `hashiya render`: visual lines to any writer |
//! | [`view`] | pure viewport: lazy layout cache, scrolling, highlights |
//! | [`app`] | state and `update(Msg)` (every input is one message): opening (large files head first), reader, word cursor, selection (by words, visible), search, annotating, jumps between annotations, claims and their form, changing spans (`E`), relations made with two selections (`relating`), review screen (filter by annotator), the corpus views gathered in the background by threads at a lower priority (`corpus_view`, `priority`) that step aside while a key is answered (`input_pause`: bounded) with their rows kept (`corpus_table`: the articles and claims views keep which article or claim each row shows, and make the cells of the rows on screen), saving with retries, watching the sidecar in the background and merging, instance markers, the unsaved-work prompt, recovery files, linking mentions to canonical entities (`linking`: the `=` picker, linking on tagging, the coreference chain), the help (filtered) and the message log; `curation`: the curation screen's state; corpus navigation (`navigation`): the search of every article on a thread whose results come back as messages (`corpus_search`), titles and statuses for the article list read in the background (`article_info`), where each article was left (`positions`, a per-user state file) |
//! | [`tui`] | the terminal: setup and restore, widgets, the event loop (terminal events and signals into messages); `key_trace`: the opt-in trace of the reader's own time per key (`HASHIYA_TRACE_KEYS`); `text`: the one path for all UI text (fields as isolates through the layout engine, cut with an ellipsis, wrapped; logical order with marks in terminal-bidi mode); `help_view`: the help and the message log; `marks`: direction marks for terminals that reorder by themselves; `curate_view`, `curate_run`: the curation screen; `list_view`: the article list (statuses, titles) and the search of every article |
//! | [`annotate`] | pure annotations: annotation kinds as data (`kinds`: entity, claim, relation and any a test adds, each declaring its table, id prefix, fields, spans and references; kinds beyond entities and claims held as `Record`s), entities, claims, relations, store with undo (one step per user action: transactions), TOML sidecars (key names in `keys`), who made each annotation and ids unique without coordination (`ids`), labels and their colour-blind-safe palette, the article's status (`status`: to do, in progress, done; the furthest wins a merge), cue lexicon matching, the claimant ranking, three-way merge with conflicts marked |
//! | [`keymap`] | actions by name, keys per mode, `keymaps/default.toml` and user overrides (refused whole when invalid), the Ctrl-C Ctrl-C exit |
//! | [`review`] | reviewing without the terminal: `list`, `check` (sidecars, `hashiya.toml`, keymaps), `stats` (per annotator too), `claims` (who said what, by canonical speaker), `entities` (canonical entities, their mentions and look-alikes), `export` (brat, doccano JSONL, spaCy/Prodigy JSONL, `CoNLL`, XMI, Label Studio: `labelstudio_task`, one task as typed structs written by hand), `import` (brat, INCEpTION's UIMA CAS XMI and Label Studio tasks both ways: `xmi`, `labelstudio`, merged through `interchange`; brat: offsets on brat's view of CRLF text, brat data Hashiya has no model for kept in `[[brat]]` tables and written back), `agree` (two sidecars, two folders pooled, or two annotators of one; the disagreements listed), `compare` (when annotations are the same: shared by `agree` and `curate`), `curate` (gold standards: agreed annotations, decisions, state in GOLD) |
//! | [`corpus`] | the corpus model: one aggregate (entity index, claims by claimant, label counts, per-article and per-annotator progress) used by `stats`, `list` and the reader's corpus views, updated one article at a time; `files`: the one collector of a folder's articles and sidecars; `registry`: the canonical entities of a corpus (`entities.toml`: stable ids, names, aliases, Wikidata ids), parsed with positions, written deterministically, merged by id (`registry_merge`), saved by load-merge-save (`registry_file`); linked mentions and claimants count as their canonical entity |
//! | [`suggest`] | suggestions (pure): the `Recommender` trait and the built-ins — the corpus gazetteer (every entity annotated in the corpus found again by its key, longest first), rules for Arabic dates and numbers, claims from cues with claimant and kind —, external recommenders speaking a JSON-lines protocol with a time-out (declared in `hashiya.toml`), the leave-one-out evaluation |
//! | [`team`] | a team on one corpus through git: `init` (hashiya.toml, .gitattributes, the git merge driver), `merge_driver` (git's merge of sidecars, by id) |
//! | [`cli`] | command-line definitions and dispatch (the binary is thin); one exit-status scheme; `settings`: the user's `config.toml` and who reorders bidi text (terminals found by their variables); `annotator`: who annotates (`--annotator`, `HASHIYA_ANNOTATOR`, config, user name); "did you mean" for a misspelt command; completions and the man page from the definitions |
//! | [`limits`] | how large an input may be (configurable), and reading files and streams within it |
//! | [`assets`] | the sample articles built into the binary |
//!
//! Pure layers (`text`, `layout`, `view`, `annotate`, `corpus`, `suggest`, `review`, `team`) know nothing of the
//! terminal; `app` is state without I/O to the screen; `tui` draws it.

// Nothing is printed but through `text::safe` (and the TUI, which draws safe
// glyphs): `println!`/`eprintln!` are refused here, and so are
// `std::io::stdout`/`stderr` (clippy.toml) outside the few places allowed.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod annotate;
pub mod app;
pub mod assets;
pub mod cli;
pub mod corpus;
pub mod keymap;
pub mod layout;
pub mod limits;
pub mod render;
pub mod review;
pub mod suggest;
pub mod team;
pub mod text;
pub mod tui;
pub mod view;
