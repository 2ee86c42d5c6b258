//! Changing the span of an annotation after the fact (`E`): its span
//! becomes the selection, the selection keys (Shift-←→, `<` `>` `,` `.`,
//! `t`) change it, `E` or Enter sets it, Esc leaves it as it was. From the
//! review table, `E` goes to the annotation first. The same works for an
//! orphan, which is anchored again where it is set.

use super::App;
use super::annotating::quote;

impl App {
    /// `E`: starts re-spanning the annotation under the cursor (or the
    /// highlighted row), or sets the span being changed.
    pub(super) fn edit_span(&mut self) {
        if self.refused() {
            return;
        }
        if self.respan.is_some() {
            self.set_span();
            return;
        }
        let Some((id, range)) = self.targets().first().map(|a| (a.id().to_string(), a.range()))
        else {
            self.message = Some(self.nothing_here());
            return;
        };
        self.review = None;
        self.reader.selection = Some(range.clone());
        self.reader.anchor = Some(range.clone());
        self.reader.set_cursor(range.start);
        self.respan = Some(id);
        self.respan_hint();
    }

    /// Gives the annotation being re-spanned the selection (or the word
    /// under the cursor) as its span.
    fn set_span(&mut self) {
        let Some(id) = self.respan.take() else { return };
        let range = self.reader.target();
        let text = self.text_of(&range);
        let result = self.ann.store.set_span(&id, range, &text);
        self.reader.selection = None;
        self.reader.anchor = None;
        self.message = Some(result.map_or_else(
            |e| e.to_string(),
            |()| format!("{id} now covers {} (u undoes)", quote(&text)),
        ));
    }

    /// Esc while re-spanning: the annotation keeps its span. False when
    /// nothing was being re-spanned.
    pub(super) fn cancel_respan(&mut self) -> bool {
        let Some(id) = self.respan.take() else { return false };
        self.reader.selection = None;
        self.reader.anchor = None;
        self.message = Some(format!("{id} keeps its span"));
        true
    }

    /// Enter in the reader: sets the span being changed, if one is.
    pub(super) fn confirm_in_reader(&mut self) {
        if self.relation_from.is_some() {
            self.relate();
        } else if self.respan.is_some() {
            self.set_span();
        } else {
            self.message =
                Some("Enter sets a span being changed (E on an annotation starts it)".to_string());
        }
    }

    /// The status line while re-spanning: what the span would be.
    pub(super) fn respan_hint(&mut self) {
        if let Some(id) = &self.respan {
            let text = self.text_of(&self.reader.target());
            self.message = Some(format!(
                "span of {id}: {} — Shift-←→ < > , . t change it; E or Enter sets it; Esc cancels",
                quote(&text)
            ));
        }
    }
}
