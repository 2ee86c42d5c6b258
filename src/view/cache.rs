//! Paragraph layouts cached for one set of options (one width).
//!
//! Layout is lazy: only the paragraphs a screen needs are laid out, so the
//! cost of drawing never depends on the size of the file.

use std::collections::HashMap;
use std::sync::Arc;

use crate::layout::{LayoutOptions, Layouter, ParagraphLayout};
use crate::text::Document;

/// How many paragraph layouts are kept before the cache is trimmed.
const CAPACITY: usize = 2048;

/// Lays out paragraphs on demand and keeps the results for the current options.
#[derive(Debug, Default)]
pub struct LayoutCache {
    options: LayoutOptions,
    layouter: Layouter,
    entries: HashMap<usize, Arc<ParagraphLayout>>,
}

impl LayoutCache {
    /// An empty cache for `options`.
    pub fn new(options: LayoutOptions) -> Self {
        Self { options, layouter: Layouter::new(), entries: HashMap::new() }
    }

    /// The options layouts are made with.
    pub fn options(&self) -> &LayoutOptions {
        &self.options
    }

    /// Changes the options, dropping every layout if they differ.
    pub fn set_options(&mut self, options: LayoutOptions) {
        if options != self.options {
            self.options = options;
            self.entries.clear();
        }
    }

    /// Forgets every layout (the document changed).
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The layout of paragraph `index` of `doc`.
    pub fn get(&mut self, doc: &Document, index: usize) -> Arc<ParagraphLayout> {
        if let Some(layout) = self.entries.get(&index) {
            return Arc::clone(layout);
        }
        if self.entries.len() >= CAPACITY {
            // Keep the neighbourhood of what is being drawn; the rest is cheap to redo.
            self.entries.retain(|&k, _| k.abs_diff(index) < CAPACITY / 4);
        }
        let layout = Arc::new(self.layouter.layout(doc.paragraph_text(index), &self.options));
        self.entries.insert(index, Arc::clone(&layout));
        layout
    }

    /// Number of layouts held (for tests and diagnostics).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no layout is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
