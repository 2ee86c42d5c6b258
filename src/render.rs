//! `hashiya render`: an article's visual lines, one per output line.
//!
//! Paragraphs are laid out independently, so a long document is cut into
//! chunks of paragraphs that worker threads (one per core) lay out into text
//! buffers; the calling thread writes the buffers in document order. Worker
//! `w` takes chunks `w`, `w + n`, `w + 2n`, … and hands each through its own
//! small bounded channel, so the writer simply takes from the workers in turn
//! and the memory in flight stays a few chunks per worker, whatever the size
//! of the document. Buffers go back to their worker to be reused.

use std::io::{self, Write};
use std::ops::Range;
use std::sync::mpsc;

use crate::layout::{LayoutOptions, Layouter, LineWriter, ParagraphLayout};
use crate::text::Document;

/// How `render` prints.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// Layout of each paragraph.
    pub layout: LayoutOptions,
    /// Pad right-to-left lines on the left to the width.
    pub pad: bool,
}

/// Bytes of text per chunk of paragraphs given to one worker at a time.
const CHUNK_BYTES: usize = 96 * 1024;

/// Chunks a worker may have done and not yet written.
const IN_FLIGHT: usize = 2;

/// Writes every visual line of `doc` to `out`, an empty line per empty paragraph.
pub fn render_document(
    doc: &Document,
    options: &RenderOptions,
    out: &mut impl Write,
) -> io::Result<()> {
    let chunks = chunks(doc);
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(8);
    if threads < 2 || chunks.len() < 2 {
        let mut renderer = Renderer::default();
        let mut text = String::new();
        for chunk in chunks {
            text.clear();
            renderer.render(doc, chunk, options, &mut text);
            out.write_all(text.as_bytes())?;
        }
        return out.flush();
    }
    let workers = threads.min(chunks.len());
    let chunks = &chunks;
    std::thread::scope(|scope| {
        let mut lanes = Vec::with_capacity(workers);
        for w in 0..workers {
            let (done_tx, done_rx) = mpsc::sync_channel::<String>(IN_FLIGHT);
            let (back_tx, back_rx) = mpsc::channel::<String>();
            scope.spawn(move || {
                let mut renderer = Renderer::default();
                for chunk in chunks.iter().skip(w).step_by(workers) {
                    let mut text = back_rx.try_recv().unwrap_or_default();
                    text.clear();
                    renderer.render(doc, chunk.clone(), options, &mut text);
                    if done_tx.send(text).is_err() {
                        // The writer stopped (an output error): stop too.
                        return;
                    }
                }
            });
            lanes.push((done_rx, back_tx));
        }
        for i in 0..chunks.len() {
            let (done, back) = &lanes[i % workers];
            let Ok(text) = done.recv() else {
                // A worker died: only a bug can do that.
                return Err(io::Error::other("a render worker stopped"));
            };
            out.write_all(text.as_bytes())?;
            // The worker may have finished; a buffer not taken back is freed.
            let _ = back.send(text);
        }
        out.flush()
    })
}

/// Cuts the paragraphs of `doc` into ranges of about [`CHUNK_BYTES`] of text.
fn chunks(doc: &Document) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, p) in doc.paragraphs().iter().enumerate() {
        bytes += p.end - p.start + 1;
        if bytes >= CHUNK_BYTES {
            out.push(start..i + 1);
            start = i + 1;
            bytes = 0;
        }
    }
    if start < doc.paragraphs().len() {
        out.push(start..doc.paragraphs().len());
    }
    out
}

/// One thread's layout buffers.
#[derive(Debug, Default)]
struct Renderer {
    direct: LineWriter,
    layouter: Layouter,
    layout: ParagraphLayout,
}

impl Renderer {
    /// Appends the visual lines of the paragraphs `range` of `doc` to `out`.
    fn render(
        &mut self,
        doc: &Document,
        range: Range<usize>,
        options: &RenderOptions,
        out: &mut String,
    ) {
        let layout = &mut self.layout;
        for i in range {
            let text = doc.paragraph_text(i);
            if self.direct.write_lines(text, &options.layout, options.pad, out) {
                continue;
            }
            self.layouter.layout_into(text, &options.layout, layout);
            for l in &layout.lines {
                if options.pad {
                    if let Some(width) = options.layout.width {
                        out.extend(std::iter::repeat_n(' ', layout.indent(l, width)));
                    }
                }
                layout.push_line_text(l, out);
                out.push('\n');
            }
        }
    }
}
