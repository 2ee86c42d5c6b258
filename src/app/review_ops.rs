//! The review screen's actions on the app: moving in the tables, filters,
//! jumping to an annotation (the corpus views' rows: [`super::corpus_view`]).

use super::corpus_view::Target;
use super::review::{Review, View, annotators};
use super::{App, Mode};
use crate::keymap::Action;

impl App {
    /// True when the review screen is up (and no overlay has the keys).
    pub fn reviewing(&self) -> bool {
        self.review.is_some() && self.mode == Mode::Read
    }

    /// Tab: opens or closes the review screen.
    pub(super) fn toggle_review(&mut self) {
        self.review = match self.review.take() {
            Some(_) => None,
            None => Some(Review::default()),
        };
    }

    /// Number of rows in the current review view.
    pub fn review_len(&self) -> usize {
        let Some(review) = &self.review else { return 0 };
        match review.view {
            View::Article => review.visible_rows(&self.ann.store).len(),
            _ => review.table.as_ref().map_or(0, super::corpus_view::CorpusTable::len),
        }
    }

    /// The id of the highlighted row of the article table, if any.
    pub fn review_selected_id(&self) -> Option<String> {
        let review = self.review.as_ref().filter(|r| r.view == View::Article)?;
        review.visible_rows(&self.ann.store).get(review.selected).map(|r| r.id.clone())
    }

    /// Applies a review-screen action; returns false when it is not one.
    pub(super) fn review_action(&mut self, action: Action) -> bool {
        let len = self.review_len();
        let page = self.reader.viewport.height.saturating_sub(3).max(1) as isize;
        let labels: Vec<String> = self.ann.schema.labels.iter().map(|l| l.name.clone()).collect();
        let annotators = annotators(&self.ann.store);
        let Some(review) = self.review.as_mut() else { return false };
        match action {
            Action::NextItem => review.move_selection(1, len),
            Action::PreviousItem => review.move_selection(-1, len),
            Action::ScrollPageDown => review.move_selection(page, len),
            Action::ScrollPageUp => review.move_selection(-page, len),
            Action::GoTop => review.selected = 0,
            Action::GoBottom => review.selected = len.saturating_sub(1),
            Action::FilterText => review.typing = true,
            Action::FilterKind => review.cycle_kind(),
            Action::FilterLabel => review.cycle_label(&labels),
            Action::FilterBy => review.cycle_by(&annotators),
            Action::CycleSort => match review.view.order() {
                Some(order) => {
                    let title = review.view.title();
                    self.message = Some(format!(
                        "{title}: sorted {order}, the only order here; s sorts the table of \
                         this article (V cycles back to it)"
                    ));
                }
                None => review.sort = review.sort.next(),
            },
            Action::CycleView => {
                review.view = review.view.next();
                review.selected = 0;
                // Its rows are made (or kept) once the message is applied.
            }
            Action::Confirm if review.typing => review.typing = false,
            Action::Confirm => self.review_jump(),
            Action::Cancel => {
                if review.typing {
                    review.typing = false;
                    review.text.clear();
                } else if review.kind.is_some()
                    || review.label.is_some()
                    || review.by.is_some()
                    || !review.text.is_empty()
                {
                    review.kind = None;
                    review.label = None;
                    review.by = None;
                    review.text.clear();
                } else {
                    self.review = None;
                }
            }
            _ => return false,
        }
        true
    }

    /// Enter in the review screen: goes to what the highlighted row shows.
    fn review_jump(&mut self) {
        let Some(review) = self.review.as_ref() else { return };
        let selected = review.selected;
        let target = match review.view {
            View::Article => review
                .visible_rows(&self.ann.store)
                .get(selected)
                .map(|r| Target::Article(self.current, r.range.clone())),
            _ => review.table.as_ref().and_then(|t| t.target(selected, &self.corpus.corpus)),
        };
        let (article, range) = match target {
            Some(Target::Article(article, range)) => (article, range),
            Some(Target::Label(label)) => {
                if let Some(r) = self.review.as_mut() {
                    r.view = View::Article;
                    r.label = Some(label);
                    r.selected = 0;
                }
                return;
            }
            Some(Target::By(by)) => {
                if let Some(r) = self.review.as_mut() {
                    r.view = View::Article;
                    r.by = Some(by);
                    r.selected = 0;
                }
                return;
            }
            None => return,
        };
        if article != self.current && !self.open(article) {
            // The open article's work is not on disk: the prompt is up.
            return;
        }
        self.review = None;
        if !range.is_empty() {
            self.reader.selection = Some(range.clone());
            self.reader.anchor = Some(range.clone());
            self.reader.set_cursor(range.start);
        }
    }
}
