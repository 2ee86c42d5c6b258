//! An opt-in trace of how fast the reader answers input, measured inside
//! the program: with `HASHIYA_TRACE_KEYS=FILE` in the environment, the
//! event loop appends one line to FILE per input message (a key, the
//! mouse, a resize), from the moment the input thread read the event to
//! the moment the frame answering it was written to the terminal. A
//! terminal multiplexer driving the reader in a test (tmux) adds its own
//! delays to what it measures; this is the reader's part alone.
//!
//! Each line is `KIND total_us=T queued_us=Q update_us=U draw_us=D
//! scanning=S`: `KIND` is `key`, `mouse` or `resize`; `queued_us` is the
//! time from the read to the event loop taking the message (the loop was
//! busy: taking in the corpus, drawing); `update_us` the time
//! [`crate::app::App::update`] took (and the background messages handled
//! with it); `draw_us` the time to draw and flush the frame; `total_us` the
//! sum; `scanning` is 1 when the corpus was being read in the background.
//! A file that cannot be created means no trace (the reader runs as ever).

use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::time::Instant;

use crate::app::Msg;

/// The environment variable naming the trace file.
pub const ENV: &str = "HASHIYA_TRACE_KEYS";

/// An input message being answered: when it was read, taken, applied.
#[derive(Debug, Clone, Copy)]
struct Pending {
    kind: &'static str,
    read: Instant,
    taken: Instant,
    updated: Option<Instant>,
    scanning: bool,
}

/// The trace file and the input being answered.
#[derive(Debug)]
pub struct KeyTrace {
    out: BufWriter<File>,
    pending: Option<Pending>,
}

impl KeyTrace {
    /// The trace [`ENV`] asks for, if it does and the file can be created.
    pub fn from_env() -> Option<Self> {
        let path = std::env::var_os(ENV).filter(|p| !p.is_empty())?;
        File::create(path).ok().map(|f| Self { out: BufWriter::new(f), pending: None })
    }

    /// The kind of input `msg` is (`None` for what is not input).
    pub fn kind(msg: &Msg) -> Option<&'static str> {
        match msg {
            Msg::Key(_) | Msg::Action(_) | Msg::Type(_) | Msg::Backspace | Msg::Choice { .. } => {
                Some("key")
            }
            Msg::Mouse(_) => Some("mouse"),
            Msg::Resize { .. } => Some("resize"),
            _ => None,
        }
    }

    /// Input of `kind`, read at `read`, is taken now.
    pub fn taken(&mut self, kind: &'static str, read: Instant, scanning: bool) {
        self.pending = Some(Pending { kind, read, taken: Instant::now(), updated: None, scanning });
    }

    /// The input taken last was applied (its frame is drawn next).
    pub fn updated(&mut self) {
        if let Some(p) = self.pending.as_mut() {
            p.updated.get_or_insert_with(Instant::now);
        }
    }

    /// The frame answering the input was written, from `started` to now:
    /// its line goes to the file.
    pub fn drawn(&mut self, started: Instant) {
        let Some(p) = self.pending.take() else { return };
        let now = Instant::now();
        let updated = p.updated.unwrap_or(started);
        let us = |from: Instant, to: Instant| to.saturating_duration_since(from).as_micros();
        let _ = writeln!(
            self.out,
            "{} total_us={} queued_us={} update_us={} draw_us={} scanning={}",
            p.kind,
            us(p.read, now),
            us(p.read, p.taken),
            us(p.taken, updated),
            us(started, now),
            u8::from(p.scanning),
        );
        let _ = self.out.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn a_line_per_input_from_read_to_frame() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trace");
        let mut trace =
            KeyTrace { out: BufWriter::new(File::create(&path).unwrap()), pending: None };
        let key = Msg::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
        assert_eq!(KeyTrace::kind(&key), Some("key"));
        assert_eq!(KeyTrace::kind(&Msg::Resize { width: 1, height: 1 }), Some("resize"));
        assert_eq!(KeyTrace::kind(&Msg::Tick), None);
        // A frame with no input to answer writes nothing.
        trace.drawn(Instant::now());
        let read = Instant::now();
        trace.taken("key", read, true);
        trace.updated();
        let started = Instant::now();
        std::thread::sleep(std::time::Duration::from_millis(2));
        trace.drawn(started);
        trace.drawn(Instant::now());
        drop(trace);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1, "{text}");
        let fields: Vec<&str> = lines[0].split(' ').collect();
        assert_eq!(fields[0], "key");
        assert_eq!(fields[5], "scanning=1");
        let value = |name: &str| -> u128 {
            let field = fields.iter().find_map(|f| f.strip_prefix(name)).unwrap();
            field.parse().unwrap()
        };
        assert!(value("draw_us=") >= 2000);
        // The parts are within the whole (each rounded down to a microsecond).
        assert!(
            value("total_us=") + 1 >= value("queued_us=") + value("update_us=") + value("draw_us=")
        );
    }
}
