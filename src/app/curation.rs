//! The curation screen's state (`hashiya curate`): the articles to curate,
//! the disagreement under the cursor, the decisions, and `update(Msg)` —
//! every key, tick and signal goes through it, as in the reader. No
//! drawing here (`tui::curate_view` draws it).
//!
//! A decision is written at once: the article's gold sidecar (agreed
//! annotations plus what is decided) and the state file in GOLD, both by
//! atomic replace. A write that fails is said on the status line and tried
//! again at every tick and before leaving; the decisions stay in memory
//! meanwhile, and go to a recovery file if the state file still cannot be
//! written when the screen closes.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::Msg;
use super::clock::Clock;
use crate::keymap::{Action, Emergency, EmergencyExit, Keymap, Mode as KeyMode};
use crate::layout::LayoutOptions;
use crate::review::curate::{self, Article, Decision, Row, Source, State};
use crate::text::Document;
use crate::view::{LayoutCache, Pos, Viewport};

/// One article of the session: ready to curate, or why it cannot be.
#[derive(Debug)]
pub enum Entry {
    /// Loaded and compared.
    Ready(Box<Article>),
    /// Not curated: the name and why.
    Failed(String, String),
}

impl Entry {
    /// The article's file name.
    pub fn name(&self) -> &str {
        match self {
            Self::Ready(a) => &a.name,
            Self::Failed(name, _) => name,
        }
    }
}

/// The article pane: the open article laid out, scrolled to the
/// disagreement under the cursor.
#[derive(Debug, Default)]
pub struct Pane {
    /// The article's text.
    pub doc: Document,
    /// Where it is scrolled.
    pub viewport: Viewport,
}

/// The curation screen.
#[derive(Debug)]
pub struct Curation {
    /// The sources' names, in order (`1` takes the first's version…).
    pub sources: Vec<String>,
    /// The articles annotated in every source.
    pub entries: Vec<Entry>,
    /// The open article.
    pub current: usize,
    /// The highlighted disagreement of the open article.
    pub selected: usize,
    /// The decisions taken (and kept in GOLD).
    pub state: State,
    /// The gold folder.
    pub gold: PathBuf,
    /// Who curates (`curated_by`).
    pub curator: Option<String>,
    /// Decisions to undo: article, row, the decision before.
    history: Vec<(usize, String, Option<Decision>)>,
    /// What the status line says.
    pub message: Option<String>,
    /// A write that failed and is tried again.
    pub failing: Option<String>,
    /// The help overlay is up.
    pub help: bool,
    /// The session is over.
    pub quit: bool,
    /// The signal that ended it, if one did.
    pub stopped_by: Option<i32>,
    /// Keys.
    pub keymap: Keymap,
    /// Ctrl-C twice.
    emergency: EmergencyExit,
    clock: Clock,
    /// The open article, laid out.
    pub pane: Pane,
    /// How articles are laid out (the pane's width is set when drawn).
    pub options: LayoutOptions,
    /// Notes for standard error once the screen is closed.
    pub notices: Vec<String>,
}

impl Curation {
    /// A session over `entries` from `sources`, writing into `gold` with the
    /// decisions `state` already holds; opens where curation stopped (the
    /// first disagreement not decided yet).
    pub fn new(
        sources: Vec<String>,
        entries: Vec<Entry>,
        gold: &Path,
        state: State,
        curator: Option<&str>,
        keymap: Keymap,
        options: LayoutOptions,
    ) -> Self {
        let mut c = Self {
            sources,
            entries,
            current: 0,
            selected: 0,
            state,
            gold: gold.to_path_buf(),
            curator: curator.map(str::to_owned),
            history: Vec::new(),
            message: None,
            failing: None,
            help: false,
            quit: false,
            stopped_by: None,
            keymap,
            emergency: EmergencyExit::default(),
            clock: Clock::system(),
            pane: Pane::default(),
            options,
            notices: Vec::new(),
        };
        let start = c.first_open_from(0, 0).unwrap_or((0, 0));
        c.open(start.0);
        c.selected = start.1;
        c.reveal();
        c
    }

    /// Loads the articles of `sources` (those in every one) for a session.
    pub fn load(sources: &[Source]) -> Vec<Entry> {
        let (paired, _) = curate::pair(sources);
        paired
            .into_iter()
            .map(|name| match Article::load(&name, sources) {
                Ok(article) => Entry::Ready(Box::new(article)),
                Err(e) => Entry::Failed(name, e.to_string()),
            })
            .collect()
    }

    /// The open article, if it could be loaded.
    pub fn article(&self) -> Option<&Article> {
        match self.entries.get(self.current)? {
            Entry::Ready(a) => Some(a),
            Entry::Failed(..) => None,
        }
    }

    /// The decisions of article `index`, by row id.
    fn decisions(&self, index: usize) -> std::collections::BTreeMap<String, Decision> {
        let name = self.entries.get(index).map_or("", Entry::name);
        self.state.decisions_of(name, &self.sources)
    }

    /// The decision taken for `row` of the open article, if any.
    pub fn decision(&self, row: &Row) -> Option<Decision> {
        self.decisions(self.current).remove(&row.id)
    }

    /// How many disagreements of article `index` are open (not decided).
    pub fn open_count(&self, index: usize) -> usize {
        let Some(Entry::Ready(a)) = self.entries.get(index) else { return 0 };
        let decided = self.decisions(index);
        a.rows.iter().filter(|r| !decided.contains_key(&r.id)).count()
    }

    /// The first open disagreement at or after row `row` of article
    /// `article`, looking through the following articles too.
    fn first_open_from(&self, article: usize, row: usize) -> Option<(usize, usize)> {
        (article..self.entries.len()).find_map(|i| {
            let Entry::Ready(a) = &self.entries[i] else { return None };
            let decided = self.decisions(i);
            let from = if i == article { row } else { 0 };
            a.rows
                .iter()
                .enumerate()
                .skip(from)
                .find(|(_, r)| !decided.contains_key(&r.id))
                .map(|(j, _)| (i, j))
        })
    }

    /// The last open disagreement before row `row` of article `article`,
    /// looking through the preceding articles too.
    fn last_open_before(&self, article: usize, row: usize) -> Option<(usize, usize)> {
        (0..=article.min(self.entries.len().saturating_sub(1))).rev().find_map(|i| {
            let Entry::Ready(a) = &self.entries[i] else { return None };
            let decided = self.decisions(i);
            let to = if i == article { row } else { a.rows.len() };
            a.rows
                .iter()
                .enumerate()
                .take(to)
                .rev()
                .find(|(_, r)| !decided.contains_key(&r.id))
                .map(|(j, _)| (i, j))
        })
    }

    /// Opens article `index` (its gold is written: the agreed annotations
    /// are accepted as soon as the article is seen).
    fn open(&mut self, index: usize) {
        if index >= self.entries.len() {
            return;
        }
        self.current = index;
        self.selected = 0;
        let text = self.article().map(|a| a.text.clone()).unwrap_or_default();
        let mut options = self.options;
        options.width = self.pane.viewport.cache.options().width.or(options.width);
        let height = self.pane.viewport.height;
        self.pane = Pane {
            doc: Document::new(text),
            viewport: Viewport { cache: LayoutCache::new(options), top: Pos::default(), height },
        };
        if self.article().is_some() {
            self.write_current();
        }
    }

    /// Sets the pane's size (from the screen's layout) and keeps the
    /// disagreement in view.
    pub fn resize_pane(&mut self, width: usize, height: usize) {
        let mut options = *self.pane.viewport.cache.options();
        if options.width != Some(width.max(1)) {
            options.width = Some(width.max(1));
            self.pane.viewport.cache.set_options(options);
            self.pane.viewport.top = Pos::default();
        }
        self.pane.viewport.height = height.max(1);
        self.reveal();
    }

    /// Scrolls the pane so that the highlighted disagreement shows, with a
    /// line of context above it when there is room.
    fn reveal(&mut self) {
        let Some(range) = self
            .article()
            .and_then(|a| a.rows.get(self.selected))
            .map(|r| r.disagreement.range.clone())
        else {
            return;
        };
        let pane = &mut self.pane;
        let end =
            pane.viewport.pos_of_char(&pane.doc, range.end.saturating_sub(1).max(range.start));
        let start = pane.viewport.pos_of_char(&pane.doc, range.start);
        pane.viewport.reveal(&pane.doc, end);
        pane.viewport.reveal(&pane.doc, start);
        if pane.viewport.top == start && pane.viewport.height > 2 {
            pane.viewport.top = pane.viewport.backward(&pane.doc, start, 1);
        }
    }

    /// Writes the open article's gold and the state; a failure is kept to
    /// be tried again.
    fn write_current(&mut self) {
        let decisions = self.decisions(self.current);
        let Some(article) = self.article() else { return };
        let store = curate::gold(article, &self.sources, &decisions, self.curator.as_deref()).store;
        let mut state = self.state.clone();
        let written = curate::write_gold(&self.gold, article, &store, &mut state);
        match written
            .map_err(|e| e.to_string())
            .and_then(|_| state.save(&self.gold).map_err(|e| e.to_string()))
        {
            Ok(()) => {
                self.state = state;
                self.failing = None;
            }
            Err(e) => self.failing = Some(e),
        }
    }

    /// Records `decision` (`None`: none) for the highlighted disagreement,
    /// writes it, and moves on to the next open one of the article.
    fn decide(&mut self, decision: Option<&Decision>) {
        let Some(row) = self.article().and_then(|a| a.rows.get(self.selected)).cloned() else {
            self.message = Some("no disagreement here: n goes to the next open one".into());
            return;
        };
        let before = self.decision(&row);
        self.history.push((self.current, row.id.clone(), before));
        let name = self.entries[self.current].name().to_owned();
        self.state.decide(&name, &row.id, decision, &self.sources, self.curator.as_deref());
        self.write_current();
        self.message = Some(match decision {
            Some(Decision::Take(i)) => format!("took {}'s version", self.sources[*i]),
            Some(Decision::All) => "took every version".into(),
            Some(Decision::Drop) => "dropped every version".into(),
            None => "open again".into(),
        });
        if let Some((article, next)) = self.first_open_from(self.current, self.selected + 1) {
            if article == self.current {
                self.selected = next;
            }
        }
        self.reveal();
    }

    /// Undoes the last decision (going back to its article).
    fn undo(&mut self) {
        let Some((article, row, before)) = self.history.pop() else {
            self.message = Some("nothing to undo".into());
            return;
        };
        if article != self.current {
            self.open(article);
        }
        let name = self.entries[article].name().to_owned();
        self.state.decide(&name, &row, before.as_ref(), &self.sources, self.curator.as_deref());
        self.write_current();
        if let Some(i) = self.article().and_then(|a| a.rows.iter().position(|r| r.id == row)) {
            self.selected = i;
        }
        self.message = Some("undone".into());
        self.reveal();
    }

    /// Goes to article and row `(article, row)`.
    fn go(&mut self, (article, row): (usize, usize)) {
        if article != self.current {
            self.open(article);
        }
        self.selected = row;
        self.reveal();
    }

    /// One input.
    pub fn update(&mut self, msg: Msg) {
        match msg {
            Msg::Key(key) => self.on_key(key),
            Msg::Action(action) => self.act(action),
            Msg::Type(c) => self.type_char(c),
            Msg::Tick => {
                if self.failing.is_some() {
                    self.write_current();
                }
            }
            Msg::Signal(signal) => {
                self.stopped_by = Some(signal);
                self.quit = true;
            }
            Msg::TerminalLost(why) => {
                self.notices.push(why);
                self.quit = true;
            }
            Msg::Backspace
            | Msg::Choice { .. }
            | Msg::Mouse(_)
            | Msg::Resize { .. }
            | Msg::CorpusSearch(_)
            | Msg::ArticleInfo(_)
            | Msg::Suggested(_) => {}
        }
        if self.quit {
            self.leave();
        }
    }

    /// Before the screen closes: a write still failing is tried once more,
    /// then the decisions go to a recovery file.
    fn leave(&mut self) {
        if self.failing.is_none() {
            return;
        }
        self.write_current();
        if let Some(e) = self.failing.take() {
            let dir = std::env::temp_dir();
            let path = dir.join(format!("hashiya-curation-{}.toml", std::process::id()));
            let saved =
                crate::annotate::sidecar::write_atomic(&path, self.state.to_text().as_bytes());
            self.notices.push(match saved {
                Ok(()) => format!(
                    "the gold could not be written ({e}); the decisions are in {}: put it in GOLD as {}",
                    path.display(),
                    curate::state::STATE_FILE
                ),
                Err(e2) => format!("the gold could not be written ({e}), nor a recovery file ({e2})"),
            });
        }
    }

    fn on_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        match self.emergency.press(&key, self.clock.now()) {
            Emergency::Quit => {
                self.quit = true;
                return;
            }
            Emergency::Armed if self.keymap.lookup(KeyMode::Curate, &key).is_none() => {
                self.message = Some("Ctrl-C again within a second quits".into());
                return;
            }
            Emergency::Armed | Emergency::No => {}
        }
        let action = self.keymap.lookup(KeyMode::Curate, &key);
        if self.help {
            match action {
                Some(a @ (Action::Help | Action::Quit)) => self.act(a),
                _ => self.help = false,
            }
            return;
        }
        if let Some(action) = action {
            self.act(action);
            return;
        }
        match key.code {
            KeyCode::Char(c)
                if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                self.type_char(c);
            }
            _ => {
                let key = crate::keymap::key::KeyBinding::from_event(&key);
                self.message = Some(format!("{key} does nothing here (? shows the keys)"));
            }
        }
    }

    /// A character no binding takes: `1`–`9` take that source's version.
    fn type_char(&mut self, c: char) {
        match c.to_digit(10).map(|d| d as usize) {
            Some(d) if (1..=self.sources.len()).contains(&d) => {
                self.decide(Some(&Decision::Take(d - 1)));
            }
            _ => {
                let n = self.sources.len();
                self.message =
                    Some(format!("{c} does nothing here: 1–{n} take a version (? shows the keys)"));
            }
        }
    }

    fn act(&mut self, action: Action) {
        let rows = self.article().map_or(0, |a| a.rows.len());
        let page_rows = self.pane.viewport.height.max(1) as isize;
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.help = !self.help,
            Action::NextItem => self.move_by(1, rows),
            Action::PreviousItem => self.move_by(-1, rows),
            Action::ScrollPageDown => self.move_by(page_rows, rows),
            Action::ScrollPageUp => self.move_by(-page_rows, rows),
            Action::GoTop => self.move_by(isize::MIN / 2, rows),
            Action::GoBottom => self.move_by(isize::MAX / 2, rows),
            Action::ScrollLineDown => {
                let pane = &mut self.pane;
                pane.viewport.scroll_down(&pane.doc, 1);
            }
            Action::ScrollLineUp => {
                let pane = &mut self.pane;
                pane.viewport.scroll_up(&pane.doc, 1);
            }
            Action::NextArticle if self.current + 1 < self.entries.len() => {
                self.open(self.current + 1);
                self.reveal();
            }
            Action::PreviousArticle if self.current > 0 => {
                self.open(self.current - 1);
                self.reveal();
            }
            Action::NextArticle | Action::PreviousArticle => {
                self.message = Some("no other article that way".into());
            }
            Action::TakeAll => self.decide(Some(&Decision::All)),
            Action::Drop => self.decide(Some(&Decision::Drop)),
            Action::NextOpen => match self.first_open_from(self.current, self.selected + 1) {
                Some(at) => self.go(at),
                None => self.message = Some(self.all_decided()),
            },
            Action::PreviousOpen => match self.last_open_before(self.current, self.selected) {
                Some(at) => self.go(at),
                None => self.message = Some("no open disagreement before this one".into()),
            },
            Action::Undo => self.undo(),
            other => {
                self.message = Some(format!("{other} does nothing here (? shows the keys)"));
            }
        }
    }

    /// What is said when no disagreement is left open after this one.
    fn all_decided(&self) -> String {
        let open: usize = (0..self.entries.len()).map(|i| self.open_count(i)).sum();
        if open == 0 {
            format!(
                "every disagreement is decided: the gold standard is in {} (q leaves)",
                self.gold.display()
            )
        } else {
            format!("no open disagreement after this one ({open} before it: N goes back)")
        }
    }

    fn move_by(&mut self, delta: isize, len: usize) {
        self.selected = self.selected.saturating_add_signed(delta).min(len.saturating_sub(1));
        self.reveal();
    }
}
