//! Moving around a corpus: the search across every article (`F`), the
//! article status (`S`, and the article list's filter by it), the titles
//! and statuses of the article list, and reopening each article where the
//! user left it. The slow parts run on threads ([`super::corpus_search`],
//! [`super::article_info`]) whose results come back as messages.

use super::article_info::InfoBatch;
use super::corpus_search::SearchEvent;
use super::positions::{Position, Positions};
use super::{App, Mode, Msg};
use crate::annotate::ArticleStatus;
use crate::keymap::Action;

impl App {
    /// What the background threads sent since last asked, as messages for
    /// [`App::update`] (the event loop calls this between inputs).
    pub fn background_messages(&mut self) -> Vec<Msg> {
        let mut out: Vec<Msg> =
            self.corpus_search.pending().into_iter().map(Msg::CorpusSearch).collect();
        out.extend(self.infos.pending().into_iter().map(Msg::ArticleInfo));
        out
    }

    /// True while a background thread of the corpus runs (the event loop
    /// then looks for its messages often).
    pub fn is_busy(&self) -> bool {
        self.corpus_search.is_running() || self.infos.is_running() || self.suggestions_running()
    }

    /// Takes in a result of the corpus search.
    pub(super) fn on_search_event(&mut self, event: SearchEvent) {
        self.corpus_search.apply(event);
    }

    /// Takes in titles and statuses for the article list.
    pub(super) fn on_article_info(&mut self, batch: InfoBatch) {
        self.infos.apply(batch);
        // The open article's status is the one in memory.
        let status = self.ann.store.status();
        self.infos.set_status(self.current, status);
    }

    /// Applies the corpus navigation actions: `F` opens the corpus search
    /// (the last query and its results, if any), `S` sets the status, and
    /// the article list's filter changes.
    pub(super) fn nav(&mut self, action: Action) {
        match action {
            Action::SearchCorpus => self.mode = Mode::CorpusSearch,
            Action::CycleStatus => self.cycle_status(),
            Action::FilterStatus if matches!(self.mode, Mode::List { .. }) => {
                self.cycle_list_filter();
            }
            _ => {}
        }
    }

    /// A character typed into the corpus search: the search restarts.
    pub(super) fn corpus_type(&mut self, c: Option<char>) {
        match c {
            Some(c) => self.corpus_search.query.push(c),
            None => {
                self.corpus_search.query.pop();
            }
        }
        self.corpus_search.restart(&self.articles);
    }

    /// Enter in the corpus search: opens the article of the highlighted
    /// match with the match selected (as `/` selects it), `n`/`N` going on
    /// through the article's matches.
    pub(super) fn open_corpus_match(&mut self) {
        let Some((article, hit)) = self.corpus_search.selected_hit() else {
            self.message = Some(if self.corpus_search.done {
                "no match to open".to_string()
            } else {
                "searching… no match yet".to_string()
            });
            return;
        };
        let (start, query) = (hit.range.start, self.corpus_search.query.clone());
        self.mode = Mode::Read;
        if article != self.current && !self.open(article) {
            // The unsaved-work prompt is up; the article opens after it.
            return;
        }
        self.wait_load();
        let r = &mut self.reader;
        r.search(&query);
        r.selection = None;
        r.anchor = None;
        r.set_cursor(start);
        if !r.jump_to_match(true) {
            self.message = Some(format!(
                "the article changed: no match for {} any more",
                super::annotating::quote(&query)
            ));
        }
    }

    /// `S`: the open article's status goes one step on (to do → in
    /// progress → done → to do), saved in its sidecar.
    pub(super) fn cycle_status(&mut self) {
        if let Some(why) = self.ann.refusal() {
            self.message = Some(format!("the status cannot be set: {why}"));
            return;
        }
        let next = ArticleStatus::cycle(self.ann.store.status());
        self.ann.store.set_status(next);
        self.infos.set_status(self.current, next);
        self.message = Some(format!("status: {}", next.map_or("none", ArticleStatus::label)));
    }

    /// The status of article `i`: the open one's from memory, the others'
    /// once read in the background.
    pub fn status_of(&self, i: usize) -> Option<ArticleStatus> {
        if i == self.current {
            self.ann.store.status()
        } else {
            self.infos.get(i).and_then(|info| info.status)
        }
    }

    /// True when article `i` passes the list's status filter.
    pub fn listed(&self, i: usize) -> bool {
        match self.list_filter {
            None => true,
            // No status counts as to do.
            Some(ArticleStatus::Todo) => {
                matches!(self.status_of(i), None | Some(ArticleStatus::Todo))
            }
            Some(s) => self.status_of(i) == Some(s),
        }
    }

    /// The articles the list shows (all, or those of the filter's status).
    pub fn listed_articles(&self) -> Vec<usize> {
        (0..self.articles.len()).filter(|&i| self.listed(i)).collect()
    }

    /// Opens the article list, starting to read titles and statuses.
    pub(super) fn show_article_list(&mut self) {
        self.infos.start(&self.articles);
        let status = self.ann.store.status();
        self.infos.set_status(self.current, status);
        self.mode = Mode::List { selected: self.current };
    }

    /// In the article list: shows all articles, then those to do, in
    /// progress, done, then all again.
    pub(super) fn cycle_list_filter(&mut self) {
        self.list_filter = match self.list_filter {
            None => Some(ArticleStatus::Todo),
            Some(ArticleStatus::Todo) => Some(ArticleStatus::InProgress),
            Some(ArticleStatus::InProgress) => Some(ArticleStatus::Done),
            Some(ArticleStatus::Done) => None,
        };
        let listed = self.listed_articles();
        if let Mode::List { selected } = &mut self.mode {
            if !listed.contains(selected) {
                *selected = listed.first().copied().unwrap_or(*selected);
            }
        }
        self.message = Some(match self.list_filter {
            None => "showing all articles".to_string(),
            Some(s) => format!(
                "showing {} ({})",
                crate::text::plural::count(listed.len(), "article", "articles"),
                s.label()
            ),
        });
    }

    /// Moves the list's highlight to the next (or previous) listed article.
    pub(super) fn list_step(&mut self, down: bool) {
        let listed = self.listed_articles();
        if let Mode::List { selected } = &mut self.mode {
            let at = listed.partition_point(|&i| i < *selected);
            let next = if down {
                let from = if listed.get(at) == Some(selected) { at + 1 } else { at };
                listed.get(from).or(listed.last())
            } else {
                at.checked_sub(1).and_then(|i| listed.get(i)).or(listed.first())
            };
            if let Some(&i) = next {
                *selected = i;
            }
        }
    }

    /// Sets where positions are remembered (`None`: nowhere), and reopens
    /// the open article where it was left.
    pub fn set_positions(&mut self, positions: Option<Positions>) {
        self.positions = positions;
        self.restore_position();
    }

    /// Puts the reader where the open article was left, if it is remembered.
    pub(super) fn restore_position(&mut self) {
        let Some(path) = self.articles.get(self.current).and_then(|a| a.path()) else { return };
        let Some(p) = self.positions.as_ref().and_then(|p| p.get(path)) else { return };
        let r = &mut self.reader;
        let len = r.doc.char_len();
        r.viewport.top = r.viewport.pos_of_char(&r.doc, p.top.min(len));
        // Not `set_cursor`: the screen's height may not be known yet; the
        // next frame shows the cursor if it is off screen.
        r.cursor = p.cursor.min(len);
    }

    /// Remembers where the open article is, and writes the positions file
    /// (on leaving an article and at the end of the session). A failure is
    /// said, never fatal.
    pub(super) fn remember_position(&mut self) {
        if self.load_error.is_some() || self.is_loading() {
            return;
        }
        let Some(path) = self.articles.get(self.current).and_then(|a| a.path()) else { return };
        let path = path.to_path_buf();
        let r = &mut self.reader;
        let position = Position { top: r.viewport.top_char(&r.doc), cursor: r.cursor };
        let Some(positions) = self.positions.as_mut() else { return };
        if positions.get(&path) == Some(position) {
            return;
        }
        positions.put(&path, position);
        if let Err(e) = positions.save() {
            self.log
                .push(&format!("positions not saved: {}: {e}", positions.path().display()), false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::articles::{ArticleSource, Origin};
    use crate::keymap::Keymap;
    use crate::layout::LayoutOptions;

    fn folder(texts: &[&str]) -> (tempfile::TempDir, Vec<ArticleSource>) {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            let path = dir.path().join(format!("{i}.txt"));
            std::fs::write(&path, t).unwrap();
            out.push(ArticleSource { name: format!("{i}.txt"), origin: Origin::File(path) });
        }
        (dir, out)
    }

    fn drain(app: &mut App) {
        while app.is_busy() {
            for m in app.background_messages() {
                app.update(m);
            }
            std::thread::yield_now();
        }
        for m in app.background_messages() {
            app.update(m);
        }
    }

    #[test]
    fn enter_opens_the_match_selected_in_its_article() {
        let (_dir, articles) = folder(&["لا شيء هنا", "مقدمة طويلة ثم قال الرّئيس كلاماً", "الرئيس"]);
        let mut app = App::new(articles, Keymap::default(), LayoutOptions::default());
        app.resize(60, 10);
        app.update(Action::SearchCorpus);
        assert_eq!(app.mode, Mode::CorpusSearch);
        for c in "الرئيس".chars() {
            app.update(Msg::Type(c));
        }
        drain(&mut app);
        let s = &app.corpus_search;
        assert!(s.done);
        assert_eq!(s.results.iter().map(|r| r.article).collect::<Vec<_>>(), [1, 2]);
        app.update(Action::Confirm);
        assert_eq!((app.current, &app.mode), (1, &Mode::Read));
        let sel = app.reader.selection.clone().unwrap();
        let text: String = app.reader.doc.text().chars().skip(sel.start).take(sel.len()).collect();
        assert_eq!(text, "الرّئيس");
        assert_eq!(app.reader.search.as_ref().map(|s| s.query.as_str()), Some("الرئيس"));
    }

    #[test]
    fn the_status_cycles_is_saved_and_filters_the_list() {
        let (dir, articles) = folder(&["أ", "ب", "ج"]);
        let mut app = App::new(articles.clone(), Keymap::default(), LayoutOptions::default());
        app.update(Action::CycleStatus);
        app.update(Action::CycleStatus);
        assert_eq!(app.ann.store.status(), Some(ArticleStatus::InProgress));
        let saved = std::fs::read_to_string(dir.path().join("0.txt.ann.toml")).unwrap();
        assert!(saved.contains("status = \"in_progress\""), "{saved}");
        app.update(Action::NextArticle);
        app.update(Action::CycleStatus);
        app.update(Action::CycleStatus);
        app.update(Action::CycleStatus);
        assert_eq!(app.ann.store.status(), Some(ArticleStatus::Done));
        // A new session reads the statuses in the background for the list.
        let mut app = App::new(articles, Keymap::default(), LayoutOptions::default());
        app.update(Action::ToggleArticleList);
        drain(&mut app);
        assert_eq!(app.status_of(1), Some(ArticleStatus::Done));
        app.update(Action::FilterStatus);
        assert_eq!(app.listed_articles(), [2], "no status counts as to do");
        assert_eq!(app.mode, Mode::List { selected: 2 });
        app.update(Action::FilterStatus);
        assert_eq!(app.listed_articles(), [0]);
        app.update(Action::FilterStatus);
        assert_eq!(app.listed_articles(), [1]);
        app.update(Action::FilterStatus);
        assert_eq!(app.listed_articles(), [0, 1, 2]);
    }

    #[test]
    fn an_article_reopens_where_it_was_left() {
        let long = "سطر من النص.\n".repeat(200);
        let (dir, articles) = folder(&[&long, "قصير"]);
        let file = dir.path().join("state").join("positions");
        let mut app = App::new(articles.clone(), Keymap::default(), LayoutOptions::default());
        app.set_positions(Some(Positions::load(file.clone()).0));
        app.resize(40, 10);
        app.update(Action::ScrollPageDown);
        app.update(Action::ScrollPageDown);
        app.update(Action::NextWord);
        let (top, cursor) = (app.reader.viewport.top_char(&app.reader.doc), app.reader.cursor);
        assert!(top > 0);
        app.update(Action::NextArticle);
        assert!(file.is_file(), "written on switching");
        let mut app = App::new(articles, Keymap::default(), LayoutOptions::default());
        app.resize(40, 10);
        app.set_positions(Some(Positions::load(file).0));
        app.resize(40, 10);
        assert_eq!(app.reader.viewport.top_char(&app.reader.doc), top);
        assert_eq!(app.reader.cursor, cursor);
    }
}
