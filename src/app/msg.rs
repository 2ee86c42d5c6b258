//! The one message type: every input — keys, typed text, the mouse, a
//! resize, the passing of time, signals, a failing terminal, what a
//! background thread found — becomes a
//! [`Msg`] before it reaches [`super::App::update`]. The terminal loop only
//! translates; what a message means is decided in `update`.

use crossterm::event::KeyEvent;

use crate::keymap::Action;

/// One input to the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// A key press, looked up in the keymap of the current mode; a key no
    /// binding takes is text in the modes that take text.
    Key(KeyEvent),
    /// A named action (what a bound key means).
    Action(Action),
    /// A character typed into what is being edited (a search, a note, a
    /// form field, a path), or a choice key (a label's key, y/n/a).
    Type(char),
    /// Backspace in what is being edited.
    Backspace,
    /// ←/→ in a form: the focused field's previous or next choice.
    Choice {
        /// True for the next choice.
        forward: bool,
    },
    /// The mouse, in cells of the article pane.
    Mouse(Mouse),
    /// The terminal's size changed; the next frame lays out for it.
    Resize {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// Time passed without input: background results are taken in, the
    /// sidecar on disk is looked at, a failing save is retried when due.
    Tick,
    /// A signal (its number: SIGTERM, SIGHUP, SIGINT, SIGQUIT) asked the
    /// program to stop: the work is saved (or goes to a recovery file) and
    /// the program ends with status 128 + the number.
    Signal(i32),
    /// The terminal failed (input cannot be read, a frame cannot be
    /// written): the work is secured and the program ends.
    TerminalLost(String),
    /// The corpus search's thread found matches in an article, or got on,
    /// or ended (see [`super::corpus_search`]).
    CorpusSearch(super::corpus_search::SearchEvent),
    /// Titles and statuses of articles, read in the background for the
    /// article list (see [`super::article_info`]).
    ArticleInfo(super::article_info::InfoBatch),
    /// The suggestions of an article, computed on a thread of their own
    /// (see [`super::suggesting`]).
    Suggested(super::suggesting::Suggested),
}

impl From<Action> for Msg {
    fn from(action: Action) -> Self {
        Self::Action(action)
    }
}

/// A mouse event, in cells of the article pane (column `x`, row `y`, from
/// its top left corner; the pane is `width` columns wide).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mouse {
    /// The wheel turned, towards the end of the article when `down`.
    Wheel {
        /// Towards the end.
        down: bool,
    },
    /// A button went down over the pane.
    Press {
        /// Column in the pane.
        x: usize,
        /// Row in the pane.
        y: usize,
        /// The pane's width.
        width: usize,
    },
    /// The pointer moved with a button held (rows above the pane count as its first).
    Drag {
        /// Column in the pane.
        x: usize,
        /// Row in the pane.
        y: usize,
        /// The pane's width.
        width: usize,
        /// Alt or Ctrl is held: select characters, not whole words.
        by_char: bool,
    },
    /// A button came up.
    Release,
}
