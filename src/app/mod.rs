//! Application state and its update function.
//!
//! Data flows one way: every input — a key, typed text, the mouse, a
//! resize, a tick of the clock, a signal — reaches the app as one [`Msg`];
//! [`App::update`] applies it to the state (a key is looked up in the keymap,
//! giving an [`Action`]), then saves what changed; the TUI draws the state.
//! Nothing here touches the terminal, so every behaviour is testable by
//! feeding messages and looking at the state or at a `TestBackend` screen.

pub mod annotating;
pub mod annotations;
pub mod article_info;
pub mod articles;
pub mod claim_form;
mod claiming;
pub mod clock;
pub mod corpus_search;
pub mod corpus_table;
pub mod corpus_view;
pub mod curation;
pub mod help;
mod input;
pub mod input_pause;
pub mod instance_lock;
mod jumps;
pub mod linking;
pub mod loading;
pub mod msg;
mod navigation;
pub mod positions;
pub mod priority;
pub mod reader;
pub mod recovery;
pub mod relating;
mod respan;
pub mod review;
mod review_ops;
pub mod saving;
pub mod selection;
pub mod suggesting;
pub mod sync;
pub mod unsaved;

use crate::keymap::{Action, Emergency, EmergencyExit, Keymap, Mode as KeyMode};
use crate::layout::LayoutOptions;
use crate::text::Document;
use crate::text::load::LoadError;
use annotating::{LabelPurpose, TagAll};
use annotations::Annotations;
use articles::ArticleSource;
use claim_form::ClaimForm;
use clock::Clock;
use loading::{Opening, PendingLoad, open_file};
use reader::Reader;
use selection::{Edge, Unit};
use unsaved::{Leave, UnsavedPrompt};

pub use msg::{Mouse, Msg};

/// What the keyboard is talking to.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Mode {
    /// Reading: scrolling, cursor, commands.
    #[default]
    Read,
    /// Typing a search query.
    Search {
        /// The query typed so far.
        query: String,
    },
    /// The help overlay.
    Help(help::Help),
    /// The message log.
    Messages(help::Pager),
    /// The article list, with the highlighted entry.
    List {
        /// Highlighted entry.
        selected: usize,
    },
    /// The search across every article ([`App::corpus_search`]): typing
    /// edits the query, the picker keys move through the matches.
    CorpusSearch,
    /// The label picker.
    Label {
        /// What the label is for.
        purpose: LabelPurpose,
        /// Highlighted label.
        selected: usize,
    },
    /// The claim form.
    Claim(Box<ClaimForm>),
    /// Editing the note of an entity.
    Note {
        /// The entity.
        id: String,
        /// The note so far.
        text: String,
    },
    /// "Tag all occurrences", mention by mention.
    TagAll(TagAll),
    /// The link picker: the entity under the cursor to a canonical entity.
    Link(Box<linking::LinkPicker>),
    /// Leaving with work that is not on disk: retry, save elsewhere,
    /// leave anyway (recovery file) or cancel.
    Unsaved(UnsavedPrompt),
    /// The relation type picker, once both ends of a relation are chosen.
    Relation(relating::RelationPick),
}

impl Mode {
    /// The keymap mode whose bindings apply (the help and the message log
    /// are pagers; the article list is a picker). The review screen
    /// is chosen by [`App::keymap_mode`].
    pub fn keymap_mode(&self) -> KeyMode {
        match self {
            Self::Read => KeyMode::Reader,
            // The help's filter is typed as a search is.
            Self::Help(h) if h.typing => KeyMode::Search,
            Self::Help(_) | Self::Messages(_) => KeyMode::Pager,
            Self::Search { .. } => KeyMode::Search,
            Self::List { .. }
            | Self::Label { .. }
            | Self::TagAll(_)
            | Self::CorpusSearch
            | Self::Link(_)
            | Self::Relation(_) => KeyMode::Picker,
            Self::Claim(_) | Self::Note { .. } => KeyMode::Form,
            // Typing the path for "save elsewhere" is filling a form.
            Self::Unsaved(p) if p.path.is_some() => KeyMode::Form,
            Self::Unsaved(_) => KeyMode::Unsaved,
        }
    }

    /// Short name for the status line.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Read => "READ",
            Self::Search { .. } => "SEARCH",
            Self::Help(_) => "HELP",
            Self::Messages(_) => "MESSAGES",
            Self::List { .. } => "LIST",
            Self::CorpusSearch => "SEARCH ALL",
            Self::Label { .. } => "LABEL",
            Self::Claim(_) => "CLAIM",
            Self::Note { .. } => "NOTE",
            Self::TagAll(_) => "TAG ALL",
            Self::Link(_) => "LINK",
            Self::Unsaved(_) => "UNSAVED",
            Self::Relation(_) => "RELATION",
        }
    }
}

/// The whole state of a reading session.
#[derive(Debug)]
pub struct App {
    /// The articles of the session.
    pub articles: Vec<ArticleSource>,
    /// Index of the open article.
    pub current: usize,
    /// The open article.
    pub reader: Reader,
    /// Keyboard mode.
    pub mode: Mode,
    /// Key bindings.
    pub keymap: Keymap,
    /// Layout options for every article (width is set from the screen).
    pub options: LayoutOptions,
    /// A message for the status line (errors, "not found").
    pub message: Option<String>,
    /// The last messages, for the message log (`M`).
    pub log: help::MessageLog,
    /// Actions applied so far: one applied while a message is handled
    /// clears the message first, so a message set again is given again.
    actions: u64,
    /// Set when the session ends (the user quit, a signal, a failing
    /// terminal): the event loop stops.
    pub quit: bool,
    /// Ctrl-C twice within a second quits, whatever the keymap.
    pub emergency: EmergencyExit,
    /// The signal that ended the session, if one did (exit status 128 + it).
    pub stopped_by: Option<i32>,
    /// Lines for standard error once the terminal is restored: where
    /// unsaved work went.
    pub notices: Vec<String>,
    /// Where the time comes from (failing saves are retried by it).
    pub clock: Clock,
    /// The cell where a mouse drag started.
    pub drag_from: Option<std::ops::Range<usize>>,
    /// The open article's annotations.
    pub ann: Annotations,
    /// The annotation whose span is being changed (`E`), if one is.
    pub respan: Option<String>,
    /// The first end (an entity id) of a relation being made (`R`), while
    /// the cursor goes to the second.
    pub relation_from: Option<String>,
    /// The review screen, when it is up.
    pub review: Option<review::Review>,
    /// The corpus behind the corpus views, gathered in the background.
    pub corpus: corpus_view::CorpusScan,
    /// Read articles that are not valid UTF-8 anyway (read-only for annotation).
    pub lossy: bool,
    /// Why the open article could not be read, if it could not.
    pub load_error: Option<crate::text::load::LoadError>,
    /// The whole open article, while only its head is shown.
    pub loading: Option<PendingLoad>,
    /// Quit (keeping [`App::load_error`] and this flag) if the article
    /// being loaded turns out unreadable: set by the caller for the first
    /// article, which must fail as if read before the screen changed;
    /// cleared when it loads and by opening another article.
    pub exit_on_load_error: bool,
    /// Who annotates, once [`App::set_annotator`] was called: new
    /// annotations record `by` and get ids unique without coordination
    /// (`e-4kq8r2mz`), so that annotators in two clones never give the same.
    pub authoring: Option<Authoring>,
    /// The search across every article (`F`).
    pub corpus_search: corpus_search::CorpusSearch,
    /// Titles and statuses of the articles, for the article list.
    pub infos: article_info::ArticleInfos,
    /// The article list shows only articles of this status (`None`: all).
    pub list_filter: Option<crate::annotate::ArticleStatus>,
    /// Where each article was left (`None`: not remembered).
    pub positions: Option<positions::Positions>,
    /// Suggested annotations of the open article (`s`).
    pub suggestions: suggesting::Suggestions,
    /// The registry of canonical entities of the open article's corpus.
    pub linking: linking::Linking,
}

/// Who annotates in this session (see [`App::set_annotator`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authoring {
    /// The annotator, when known: recorded as `by` (and the time as `at`).
    pub author: Option<crate::annotate::Author>,
}

impl App {
    /// Opens the first of `articles` (which must not be empty).
    pub fn new(articles: Vec<ArticleSource>, keymap: Keymap, options: LayoutOptions) -> Self {
        let mut app = Self {
            articles,
            current: 0,
            reader: Reader::new(String::new(), Document::default(), options),
            mode: Mode::Read,
            keymap,
            options,
            message: None,
            log: help::MessageLog::default(),
            actions: 0,
            quit: false,
            emergency: EmergencyExit::default(),
            stopped_by: None,
            notices: Vec::new(),
            clock: Clock::system(),
            drag_from: None,
            ann: Annotations::default(),
            respan: None,
            relation_from: None,
            review: None,
            corpus: corpus_view::CorpusScan::default(),
            lossy: false,
            load_error: None,
            loading: None,
            exit_on_load_error: false,
            authoring: None,
            corpus_search: corpus_search::CorpusSearch::default(),
            infos: article_info::ArticleInfos::default(),
            list_filter: None,
            positions: None,
            suggestions: suggesting::Suggestions::default(),
            linking: linking::Linking::default(),
        };
        app.open(0);
        app.log_message(None, false);
        app
    }

    /// Notes the message in the log when it is new (differs from
    /// `before`), or given again by an action (`again`).
    fn log_message(&mut self, before: Option<&str>, again: bool) {
        if let Some(message) = &self.message {
            if before != Some(message.as_str()) || again {
                self.log.push(message, again);
            }
        }
    }

    /// Opens article `index`, keeping the screen size, unless the open
    /// article has work that cannot be saved: then the unsaved-work prompt
    /// comes up and false is returned (the article opens once the work is
    /// safe). A large file shows its head at once; the rest arrives through
    /// [`App::poll_load`].
    pub fn open(&mut self, index: usize) -> bool {
        if index >= self.articles.len() || !self.guard_unsaved(Leave::Open(index)) {
            return false;
        }
        self.open_now(index);
        true
    }

    /// Opens article `index` (see [`App::open`]) whatever the state of the
    /// open one's work (the caller made it safe).
    fn open_now(&mut self, index: usize) {
        let Some(source) = self.articles.get(index).cloned() else { return };
        let (width, height) =
            (self.reader.viewport.cache.options().width, self.reader.viewport.height);
        self.load_error = None;
        self.loading = None;
        self.exit_on_load_error = false;
        self.respan = None;
        self.relation_from = None;
        self.remember_position();
        let (doc, lossy_read) = self.read(&source);
        let mut options = self.options;
        options.width = width;
        self.save_now();
        if self.loading.is_some() {
            self.ann = Annotations::read_only("loading the whole article");
        } else {
            self.open_annotations(&source, doc.text(), lossy_read);
        }
        self.reader = Reader::new(source.name.clone(), doc, options);
        self.reader.viewport.height = height;
        self.current = index;
        if self.loading.is_none() {
            self.restore_position();
        }
    }

    /// The document of `source` (its head if it is large), and whether it
    /// was read with `--lossy` replacements.
    fn read(&mut self, source: &ArticleSource) -> (Document, bool) {
        let opened = match source.path() {
            Some(path) if !self.lossy => open_file(path),
            _ => source.load().map(|text| Opening::Whole(Document::new(text))),
        };
        match opened {
            Ok(Opening::Whole(doc)) => (doc, false),
            Ok(Opening::Head(head, pending)) => {
                self.loading = Some(pending);
                (head, false)
            }
            Err(LoadError::InvalidUtf8 { .. }) if self.lossy => {
                (Document::new(source.load_lossy().unwrap_or_default()), true)
            }
            Err(e) => {
                self.message = Some(e.to_string());
                self.load_error = Some(e);
                (Document::default(), false)
            }
        }
    }

    /// Opens the annotations of `source`, whose text is `text`.
    fn open_annotations(&mut self, source: &ArticleSource, text: &str, lossy_read: bool) {
        let (ann, message) = if self.load_error.is_some() {
            (Annotations::default(), None)
        } else if lossy_read {
            (Annotations::read_only("the file is not valid UTF-8 and was read with --lossy"), None)
        } else {
            Annotations::open(source.path(), text)
        };
        self.ann = ann;
        self.apply_author();
        self.open_registry(source.path());
        if message.is_some() {
            self.message = message;
        }
    }

    /// Sets who annotates: every annotation made from now on records
    /// `by = name` and when, and gets an id unique without coordination
    /// (see [`crate::annotate::ids`]). `None`: unique ids, no name.
    pub fn set_annotator(&mut self, name: Option<&str>) {
        self.authoring = Some(Authoring { author: name.map(crate::annotate::Author::new) });
        self.apply_author();
    }

    /// Puts the annotator and the id scheme on the open article's store.
    fn apply_author(&mut self) {
        if let Some(authoring) = &self.authoring {
            self.ann.store.set_id_scheme(crate::annotate::IdScheme::unique());
            self.ann.store.set_author(authoring.author.clone());
        }
    }

    /// True while only the head of the open article is in memory.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Takes the whole article if its background read is done; true if it
    /// was (the screen must be redrawn).
    pub fn poll_load(&mut self) -> bool {
        match self.loading.as_mut().and_then(PendingLoad::try_take) {
            Some(outcome) => {
                self.finish_load(outcome);
                true
            }
            None => false,
        }
    }

    /// Starts reading the whole article in the background, if only its
    /// head is in memory (called once the first screen is up).
    pub fn start_load(&mut self) {
        if let Some(pending) = self.loading.as_mut() {
            pending.start();
        }
    }

    /// Waits for the whole article, if it is still being read: every
    /// action but drawing needs the whole text.
    pub fn wait_load(&mut self) {
        if let Some(outcome) = self.loading.as_mut().map(PendingLoad::wait) {
            self.finish_load(outcome);
        }
    }

    /// Puts the whole article in place of its head, keeping what is on
    /// screen and the cursor, and opens its annotations.
    fn finish_load(&mut self, outcome: Result<Document, LoadError>) {
        self.loading = None;
        let Some(source) = self.articles.get(self.current).cloned() else { return };
        match outcome {
            Ok(doc) => {
                self.open_annotations(&source, doc.text(), false);
                self.reader.replace_document(doc);
                self.reader.index_in_background();
                self.exit_on_load_error = false;
                self.restore_position();
            }
            Err(e) => {
                self.message = Some(e.to_string());
                self.load_error = Some(e);
                self.ann = Annotations::default();
                self.reader.replace_document(Document::default());
                // The flag stays up so that the caller knows why we quit.
                if self.exit_on_load_error {
                    self.quit = true;
                }
            }
        }
    }

    /// Sets the size of the article pane.
    pub fn resize(&mut self, width: usize, height: usize) {
        self.reader.resize(width, height);
        let pos = self.reader.viewport.pos_of_char(&self.reader.doc, self.reader.cursor);
        let (top, bottom) =
            (self.reader.viewport.top, self.reader.viewport.max_top(&self.reader.doc));
        if top > bottom {
            self.reader.viewport.top = bottom;
        }
        self.reader.viewport.reveal(&self.reader.doc, pos);
    }

    /// The keymap mode for the next key: the review screen's when it is
    /// up (the search prompt's while its filter is typed), else the mode's.
    pub fn keymap_mode(&self) -> KeyMode {
        match &self.review {
            Some(r) if self.mode == Mode::Read && r.typing => KeyMode::Search,
            Some(_) if self.mode == Mode::Read => KeyMode::Review,
            _ => self.mode.keymap_mode(),
        }
    }

    /// Applies one message: the input it stands for, then saves what
    /// changed (while saves fail, when the retry is due). A bare [`Action`]
    /// is a message too.
    pub fn update(&mut self, msg: impl Into<Msg>) {
        let (before, actions) = (self.message.clone(), self.actions);
        self.update_inner(msg.into());
        self.log_message(before.as_deref(), self.actions != actions);
    }

    fn update_inner(&mut self, msg: Msg) {
        // A tick takes in what the corpus scan read; any other message
        // is answered first (see `corpus_view::INPUT_BUDGET`).
        let intake =
            if matches!(msg, Msg::Tick) { corpus_view::BUDGET } else { corpus_view::INPUT_BUDGET };
        match msg {
            Msg::Signal(signal) => {
                self.stopped_by = Some(signal);
                self.secure_work();
                self.quit = true;
                return;
            }
            Msg::TerminalLost(why) => {
                self.message = Some(why);
                self.secure_work();
                self.quit = true;
                return;
            }
            Msg::Tick => {
                if self.is_loading() {
                    self.poll_load();
                } else {
                    self.sync();
                }
            }
            Msg::Resize { .. } => {}
            Msg::CorpusSearch(event) => self.on_search_event(event),
            Msg::ArticleInfo(batch) => self.on_article_info(batch),
            Msg::Suggested(done) => self.on_suggested(done),
            input => {
                // Every input needs the whole text (G, search, annotating...).
                self.wait_load();
                if self.quit {
                    return;
                }
                match input {
                    Msg::Key(key) => self.on_key(key),
                    Msg::Action(action) => self.act(action),
                    Msg::Type(c) => self.type_char(c),
                    Msg::Backspace => self.backspace(),
                    Msg::Choice { forward } => self.cycle_choice(forward),
                    Msg::Mouse(mouse) => self.on_mouse(mouse),
                    Msg::Signal(_)
                    | Msg::TerminalLost(_)
                    | Msg::Tick
                    | Msg::Resize { .. }
                    | Msg::CorpusSearch(_)
                    | Msg::ArticleInfo(_)
                    | Msg::Suggested(_) => {}
                }
            }
        }
        self.save();
        self.leave_if_saved_meanwhile();
        self.refresh_corpus(intake);
        // Suggestions computed meanwhile come in (and new ones start) after
        // any message: ticks only come when no key does.
        if let Some(done) = self.poll_suggestions() {
            self.on_suggested(done);
        }
    }

    /// Applies `action`.
    fn act(&mut self, action: Action) {
        self.message = None;
        self.actions = self.actions.wrapping_add(1);
        if matches!(self.mode, Mode::Unsaved(_)) {
            self.unsaved_action(action);
            return;
        }
        if matches!(self.mode, Mode::Help(_) | Mode::Messages(_)) {
            self.pager_action(action);
            return;
        }
        // A failed search leaves nothing to tag until the cursor or the
        // selection changes.
        let before = self
            .reader
            .no_target
            .is_some()
            .then(|| (self.reader.cursor, self.reader.selection.clone()));
        if !self.suggestion_action(action) {
            self.apply(action);
        }
        if before.is_some_and(|b| b != (self.reader.cursor, self.reader.selection.clone())) {
            self.reader.no_target = None;
        }
        if matches!(
            action,
            Action::CursorLeft
                | Action::CursorRight
                | Action::NextWord
                | Action::PreviousWord
                | Action::LineStart
                | Action::LineEnd
        ) {
            self.reader.extend_to_cursor();
        }
        if self.message.is_none() {
            self.respan_hint();
        }
    }

    #[allow(clippy::too_many_lines, reason = "one arm per action, no logic")]
    fn apply(&mut self, action: Action) {
        if self.reviewing() && self.review_action(action) {
            return;
        }
        let r = &mut self.reader;
        let page = r.viewport.height.saturating_sub(1).max(1);
        match action {
            Action::Quit => self.request_quit(),
            Action::ScrollLineDown => self.scroll(1, true),
            Action::ScrollLineUp => self.scroll(1, false),
            Action::ScrollPageDown => self.scroll(page, true),
            Action::ScrollPageUp => self.scroll(page, false),
            Action::ScrollHalfPageDown => self.scroll(page.div_ceil(2), true),
            Action::ScrollHalfPageUp => self.scroll(page.div_ceil(2), false),
            Action::GoTop => r.go_top(),
            Action::GoBottom => r.go_bottom(),
            Action::CursorLeft => r.move_visual(true),
            Action::CursorRight => r.move_visual(false),
            Action::NextWord => r.move_word(true),
            Action::PreviousWord => r.move_word(false),
            Action::LineStart => r.move_line_edge(false),
            Action::LineEnd => r.move_line_edge(true),
            Action::Select => r.toggle_selection(),
            Action::SelectLeft => r.select_visual(true),
            Action::SelectRight => r.select_visual(false),
            Action::SelectLeftChar => r.select_char(true),
            Action::SelectRightChar => r.select_char(false),
            Action::ExtendStartLeft => r.move_edge(Edge::Start, true, Unit::Word),
            Action::ExtendStartRight => r.move_edge(Edge::Start, false, Unit::Word),
            Action::ExtendEndLeft => r.move_edge(Edge::End, true, Unit::Word),
            Action::ExtendEndRight => r.move_edge(Edge::End, false, Unit::Word),
            Action::ExtendStartLeftChar => r.move_edge(Edge::Start, true, Unit::Char),
            Action::ExtendStartRightChar => r.move_edge(Edge::Start, false, Unit::Char),
            Action::ExtendEndLeftChar => r.move_edge(Edge::End, true, Unit::Char),
            Action::ExtendEndRightChar => r.move_edge(Edge::End, false, Unit::Char),
            Action::NextAnnotation => self.jump_annotation(true),
            Action::PreviousAnnotation => self.jump_annotation(false),
            Action::NextUntaggedMention => self.jump_untagged(true),
            Action::PreviousUntaggedMention => self.jump_untagged(false),
            Action::TrimProclitics => self.trim_proclitics(),
            Action::NextParagraph => self.move_paragraph(true),
            Action::PreviousParagraph => self.move_paragraph(false),
            Action::NextArticle => self.switch_article(true),
            Action::PreviousArticle => self.switch_article(false),
            Action::ToggleArticleList => self.toggle_article_list(),
            Action::Search => self.mode = Mode::Search { query: String::new() },
            Action::SearchCorpus | Action::CycleStatus | Action::FilterStatus => self.nav(action),
            Action::SearchNext => self.jump(true),
            Action::SearchPrevious => self.jump(false),
            Action::ClearSearch if self.respan.is_some() => {
                self.cancel_respan();
            }
            Action::ClearSearch => self.clear_search(),
            Action::Relate => self.relate(),
            Action::Help => self.toggle_help(),
            Action::MessageLog => self.toggle_message_log(),
            Action::TagEntity => self.tag_entity(),
            Action::TagClaim => self.tag_claim(),
            Action::TagAllOccurrences => self.tag_all_occurrences(),
            Action::DeleteAnnotation => self.delete_annotation(),
            Action::EditNote => self.edit_note(),
            Action::ChangeLabel => self.change_label(),
            Action::LinkEntity => self.link_entity(),
            Action::Undo | Action::Redo => self.undo_redo(action == Action::Redo),
            Action::Confirm => self.confirm(),
            Action::Cancel => self.cancel(),
            Action::NextItem => self.list_move(true),
            Action::PreviousItem => self.list_move(false),
            Action::NextField | Action::PreviousField => {
                if let Mode::Claim(form) = &mut self.mode {
                    form.next_field(action == Action::NextField);
                }
            }
            Action::EditSpan => self.edit_span(),
            Action::FreeText => {
                if let Mode::Claim(form) = &mut self.mode {
                    self.message = Some(form.toggle_free_text());
                }
            }
            Action::TagClaimant => self.tag_claimant(),
            Action::ToggleReview => self.toggle_review(),
            // Only the review screen takes these (handled above), only the
            // curation screen the four after `FilterBy` (`app::curation`),
            // and only the unsaved-work prompt the last three (in `act`);
            // `act` takes the suggestion keys (`app::suggesting`).
            Action::ToggleSuggestions
            | Action::NextSuggestion
            | Action::AcceptSuggestion
            | Action::AcceptSuggestionLabel
            | Action::RejectSuggestion
            | Action::FilterText
            | Action::FilterKind
            | Action::FilterLabel
            | Action::FilterBy
            | Action::TakeAll
            | Action::Drop
            | Action::NextOpen
            | Action::PreviousOpen
            | Action::CycleSort
            | Action::CycleView
            | Action::RetrySave
            | Action::SaveElsewhere
            | Action::QuitAnyway => {}
        }
    }

    /// Esc in the reader: drops the selection, else a relation waiting for
    /// its second end, else the search highlights.
    fn clear_search(&mut self) {
        let r = &mut self.reader;
        if r.selection.is_some() {
            r.selection = None;
            r.anchor = None;
        } else if !self.cancel_relation() {
            self.reader.search = None;
        }
    }

    /// Shows or hides the article list.
    fn toggle_article_list(&mut self) {
        match self.mode {
            Mode::List { .. } => self.mode = Mode::Read,
            _ => self.show_article_list(),
        }
    }

    /// A character typed that no key binding took: text in the search
    /// prompt, the note or the claim form; a label's key in the label
    /// picker; y/n/a in "tag all".
    pub fn type_char(&mut self, c: char) {
        if let Some(r) = self.review.as_mut().filter(|r| r.typing) {
            r.text.push(c);
            r.selected = 0;
            return;
        }
        match &mut self.mode {
            Mode::CorpusSearch => self.corpus_type(Some(c)),
            Mode::Search { query } => query.push(c),
            Mode::Link(picker) => {
                picker.query.push(c);
                picker.selected = 0;
            }
            Mode::Note { text, .. } => text.push(c),
            Mode::Unsaved(UnsavedPrompt { path: Some(path), .. }) => path.push(c),
            Mode::Claim(form) => {
                if let Some(why) = form.type_char(c) {
                    self.message = Some(why);
                }
            }
            Mode::Label { .. } => {
                if !self.label_key(c) {
                    self.message = Some(format!("no label on key {}", safe_char(c)));
                }
            }
            Mode::Relation(_) => {
                if !self.relation_key(c) {
                    self.message = Some(format!("no relation type on key {}", safe_char(c)));
                }
            }
            Mode::TagAll(_) => match c {
                'y' => self.tag_all_step(true, false),
                'n' => self.tag_all_step(false, false),
                'a' => self.tag_all_step(true, true),
                _ => {
                    self.message = Some(format!(
                        "{} does nothing here: y tags this mention, n skips it, a tags all, Esc stops",
                        safe_char(c)
                    ));
                }
            },
            // Keys reach the reader as actions; a key no binding takes says
            // so in `on_key`.
            Mode::Read => {}
            Mode::Help(_) => {
                self.help_type(c);
            }
            Mode::Messages(_) | Mode::List { .. } | Mode::Unsaved(_) => {
                self.message =
                    Some(format!("{} does nothing here (? shows the keys)", safe_char(c)));
            }
        }
    }

    /// Backspace in a text-entry mode.
    pub fn backspace(&mut self) {
        if let Some(r) = self.review.as_mut().filter(|r| r.typing) {
            r.text.pop();
            return;
        }
        match &mut self.mode {
            Mode::CorpusSearch => self.corpus_type(None),
            Mode::Search { query } => {
                query.pop();
            }
            Mode::Link(picker) => {
                picker.query.pop();
                picker.selected = 0;
            }
            Mode::Note { text, .. } | Mode::Unsaved(UnsavedPrompt { path: Some(text), .. }) => {
                text.pop();
            }
            Mode::Claim(form) => {
                if let Some(why) = form.backspace() {
                    self.message = Some(why);
                }
            }
            Mode::Help(_) => {
                self.help_backspace();
            }
            _ => {}
        }
    }

    /// ←/→ in a form: cycles the focused field's choices.
    pub fn cycle_choice(&mut self, forward: bool) {
        if let Mode::Claim(form) = &mut self.mode {
            if let Some(why) = form.cycle(forward) {
                self.message = Some(why);
            }
        }
    }

    /// Notes a key press for the emergency exit (before the keymap sees
    /// it): true when it is the second Ctrl-C within a second, and the app
    /// is quitting. A first Ctrl-C that the keymap leaves unbound says how.
    pub fn emergency_key(
        &mut self,
        key: &crossterm::event::KeyEvent,
        now: std::time::Instant,
    ) -> bool {
        match self.emergency.press(key, now) {
            Emergency::Quit => {
                self.quit = true;
                true
            }
            Emergency::Armed if self.keymap.lookup(self.keymap_mode(), key).is_none() => {
                self.message = Some("Ctrl-C again within a second quits".to_string());
                false
            }
            Emergency::Armed | Emergency::No => false,
        }
    }

    /// Saves the annotations if they changed (called after every message):
    /// at once normally; while saves fail, when the next retry is due.
    pub fn save(&mut self) {
        self.save_at(false);
    }

    /// Saves the annotations if they changed, now, even while the retry of
    /// a failing save is not due (the user asked, or the program is ending).
    pub fn save_now(&mut self) {
        self.save_at(true);
    }

    fn save_at(&mut self, force: bool) {
        let now = self.clock.now();
        if let Some(m) = self.ann.save_if_dirty(self.reader.doc.text(), now, force) {
            self.message = Some(m);
        }
        self.take_recovered();
    }

    /// Merges what others saved to the sidecar (called when idle), then
    /// saves: the merge result, so that both sides see the union, or a
    /// save that waited for the changed sidecar to be read.
    pub fn sync(&mut self) {
        if let Some(m) = self.ann.sync(self.reader.doc.text()) {
            self.message = Some(m);
        }
        self.take_recovered();
        self.save();
    }

    /// Notes a recovery file written because the sidecar became unreadable.
    fn take_recovered(&mut self) {
        if let Some(recovered) = self.ann.recovered.take() {
            self.notices.push(recovered.notice());
        }
    }

    /// Esc in a mode.
    fn cancel(&mut self) {
        match &self.mode {
            Mode::Claim(_) => self.close_claim_form(),
            Mode::Note { .. } => self.close_note(false),
            Mode::Label { .. } => self.cancel_label(),
            Mode::TagAll(t) => {
                let t = t.clone();
                self.end_tag_all(&t);
                self.message = Some(format!(
                    "tagged {}",
                    crate::text::plural::count(t.accepted, "mention", "mentions")
                ));
                self.reader.selection = None;
                self.mode = Mode::Read;
            }
            _ => self.mode = Mode::Read,
        }
    }

    fn scroll(&mut self, n: usize, down: bool) {
        let r = &mut self.reader;
        if down {
            r.viewport.scroll_down(&r.doc, n);
        } else {
            r.viewport.scroll_up(&r.doc, n);
        }
        r.keep_cursor_visible();
    }

    fn move_paragraph(&mut self, forward: bool) {
        let r = &mut self.reader;
        let para = r.doc.paragraph_at_char(r.cursor);
        let paragraphs = r.doc.paragraphs();
        let target = if forward {
            (para + 1..paragraphs.len()).find(|&i| !paragraphs[i].range().is_empty())
        } else {
            (0..para).rev().find(|&i| !paragraphs[i].range().is_empty())
        };
        if let Some(i) = target {
            let start = paragraphs[i].char_start;
            r.set_cursor(start);
            r.move_word(true);
            r.move_word(false);
            if r.doc.paragraph_at_char(r.cursor) != i {
                r.set_cursor(start);
            }
        }
    }

    fn switch_article(&mut self, forward: bool) {
        let n = self.articles.len();
        if n < 2 {
            self.message = Some("only one article is open".to_string());
            return;
        }
        let next = if forward { (self.current + 1) % n } else { (self.current + n - 1) % n };
        self.open(next);
    }

    fn list_move(&mut self, down: bool) {
        if let Mode::TagAll(_) = self.mode {
            // Next skips this mention; previous does nothing.
            if down {
                self.tag_all_step(false, false);
            }
            return;
        }
        if let Mode::CorpusSearch = self.mode {
            self.corpus_search.step(down);
            return;
        }
        if let Mode::Link(_) = self.mode {
            self.link_move(down);
            return;
        }
        if let Mode::List { .. } = self.mode {
            self.list_step(down);
            return;
        }
        if let Mode::Relation(pick) = &mut self.mode {
            let n = pick.choices.len();
            pick.selected = if down {
                (pick.selected + 1).min(n.saturating_sub(1))
            } else {
                pick.selected.saturating_sub(1)
            };
            return;
        }
        let n = self.ann.schema.labels.len();
        if let Mode::List { selected } | Mode::Label { selected, .. } = &mut self.mode {
            *selected = if down {
                (*selected + 1).min(n.saturating_sub(1))
            } else {
                selected.saturating_sub(1)
            };
        }
    }

    fn confirm(&mut self) {
        match std::mem::take(&mut self.mode) {
            Mode::Search { query } => {
                if query.is_empty() {
                    return;
                }
                self.reader.search(&query);
                self.reader.selection = None;
                self.reader.anchor = None;
                if !self.reader.jump_to_match(true) {
                    // Nothing is selected, and the word under the cursor is
                    // not what the user was looking for: e and c wait.
                    self.reader.keep_cursor_visible();
                    self.reader.no_target =
                        Some(format!("the search for {} found nothing", annotating::quote(&query)));
                    self.message = Some(format!(
                        "not found: {} — nothing selected",
                        annotating::quote(&query)
                    ));
                }
            }
            Mode::List { selected } => {
                self.open(selected);
            }
            Mode::CorpusSearch => {
                self.mode = Mode::CorpusSearch;
                self.open_corpus_match();
            }
            mode @ Mode::Label { .. } => {
                let Mode::Label { selected, .. } = mode else { return };
                self.mode = mode;
                self.pick_label(selected);
            }
            Mode::Relation(pick) => {
                let selected = pick.selected;
                self.mode = Mode::Relation(pick);
                self.pick_relation(selected);
            }
            mode @ Mode::Claim(_) => {
                self.mode = mode;
                self.close_claim_form();
            }
            mode @ Mode::Note { .. } => {
                self.mode = mode;
                self.close_note(true);
            }
            mode @ Mode::TagAll(_) => {
                self.mode = mode;
                self.tag_all_step(true, false);
            }
            mode @ Mode::Link(_) => {
                self.mode = mode;
                self.pick_link();
            }
            mode @ (Mode::Unsaved(_) | Mode::Help(_) | Mode::Messages(_)) => self.mode = mode,
            Mode::Read => self.confirm_in_reader(),
        }
    }

    fn jump(&mut self, forward: bool) {
        if self.reader.search.is_none() {
            self.message = Some("no search yet: press / to search".to_string());
        } else if !self.reader.jump_to_match(forward) {
            self.message = Some("no match".to_string());
        }
    }
}

/// A typed character for a message: controls shown as symbols.
fn safe_char(c: char) -> String {
    format!("«{}»", crate::text::safe::line(&c.to_string()))
}

impl App {
    /// A click at column `x`, row `y` of the article pane (`width` columns):
    /// puts the cursor on the word drawn there (or the character, between
    /// words) and drops the selection.
    pub fn click(&mut self, x: usize, y: usize, width: usize) {
        let r = &mut self.reader;
        let rows = r.viewport.rows(&r.doc);
        let Some(row) = rows.get(y) else { return };
        let line = row.line();
        let indent = row.layout.start_column(line, width);
        let Some(cell) = x.checked_sub(indent).and_then(|x| row.layout.cell_at(line, x)) else {
            return;
        };
        let base = row.para_char_start(&r.doc);
        let cell = base + cell.logical.start as usize..base + cell.logical.end as usize;
        r.selection = None;
        r.anchor = None;
        r.no_target = None;
        let word = r.word_range(cell.start);
        r.set_cursor(word.start);
        self.drag_from = Some(cell);
    }

    /// The mouse dragged to column `x`, row `y` (button held since a click):
    /// selects the words from the one clicked to the one under the pointer,
    /// in logical order — or, `by_char` (Alt or Ctrl held), exactly the
    /// characters between the two cells.
    pub fn drag(&mut self, x: usize, y: usize, width: usize, by_char: bool) {
        let Some(from) = self.drag_from.clone() else { return };
        let r = &mut self.reader;
        let rows = r.viewport.rows(&r.doc);
        let Some(row) = rows.get(y.min(rows.len().saturating_sub(1))) else { return };
        let line = row.line();
        let indent = row.layout.start_column(line, width);
        let cells = row.layout.line_cells(line);
        // Past the ends of the line, the nearest cell.
        let cell = match x.checked_sub(indent).and_then(|x| row.layout.cell_at(line, x)) {
            Some(c) => c,
            None if x < indent => match cells.first() {
                Some(c) => c,
                None => return,
            },
            None => match cells.last() {
                Some(c) => c,
                None => return,
            },
        };
        let base = row.para_char_start(&r.doc);
        let to = base + cell.logical.start as usize..base + cell.logical.end as usize;
        r.no_target = None;
        r.drag_select(from, to, by_char);
    }
}
