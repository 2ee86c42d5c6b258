//! The reader and `hashiya render`.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::annotator::Annotator;
use super::settings::{BidiChoice, Settings, reordering_terminal_here, settings_path};
use super::{CliError, ReadArgs, RenderArgs, ShapeArg, Switch};
use crate::app::App;
use crate::app::articles::collect;
use crate::keymap::{Keymap, KeymapRefused};
use crate::layout::LayoutOptions;
use crate::render::{RenderOptions, render_document};
use crate::text::Document;
use crate::text::load::read_article;

/// Runs `hashiya render`.
pub fn render(args: &RenderArgs) -> Result<(), CliError> {
    let path = args.file.clone().unwrap_or_else(|| PathBuf::from("-"));
    let doc = Document::new(read_article(&path)?);
    // Not through a SafeWriter: the layout shows every control as a visible
    // symbol and makes bidi controls act and draw nothing (`text::glyph`), so
    // the lines hold no control already (the hostile-corpus tests check it).
    #[allow(clippy::disallowed_methods, reason = "the layout's glyphs are safe already")]
    let stdout = std::io::stdout();
    let width = if args.no_wrap {
        None
    } else {
        Some(args.width.unwrap_or_else(|| {
            if stdout.is_terminal() {
                crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w))
            } else {
                80
            }
        }))
    };
    let options = RenderOptions {
        layout: LayoutOptions {
            width,
            shape: args.shape == Switch::On,
            base: args.base.into(),
            mark_placeholder: false,
            reorder: true,
        },
        pad: !args.no_pad,
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    match render_document(&doc, &options, &mut out) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(CliError::from),
    }
}

/// True when the terminal is known to join Arabic letters by itself.
fn terminal_shapes() -> bool {
    let term = std::env::var("TERM").unwrap_or_default();
    std::env::var_os("KONSOLE_VERSION").is_some()
        || std::env::var_os("MLTERM").is_some()
        || term.starts_with("mlterm")
}

/// Where the user's keymap is looked for: `$XDG_CONFIG_HOME/hashiya/keymap.toml`,
/// or `~/.config/hashiya/keymap.toml` (`None`: neither variable is set).
pub fn user_keymap_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|b| !b.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("hashiya").join("keymap.toml"))
}

/// The keymap: the defaults, with `--keymap FILE` or the user's keymap
/// ([`user_keymap_path`], when it exists) merged over them. A file with any
/// problem is refused with all of them: the reader never starts with a
/// keymap other than the one asked for.
fn load_keymap(path: Option<&std::path::Path>) -> Result<Keymap, KeymapRefused> {
    let user = path
        .map(std::path::Path::to_path_buf)
        // A link to a missing file is refused too, not taken for "no keymap".
        .or_else(|| user_keymap_path().filter(|p| std::fs::symlink_metadata(p).is_ok()));
    match user {
        Some(path) => Keymap::check_file(&path).map_err(|errors| KeymapRefused { path, errors }),
        None => Ok(Keymap::default()),
    }
}

/// Runs the full-screen reader on `args.paths`; what is annotated records
/// `annotator` as `by` (see [`super::annotator`]).
pub fn read(args: &ReadArgs, annotator: Option<&Annotator>) -> Result<(), CliError> {
    let articles = collect(&args.paths)?;
    // A broken keymap is refused before the screen changes (exit 2), never
    // silently replaced by the defaults.
    let keymap = load_keymap(args.keymap.as_deref())?;
    // A broken settings file is refused before the screen changes (exit 2).
    let settings = match settings_path() {
        Some(path) => Settings::load(&path).map_err(CliError::Settings)?,
        None => Settings::default(),
    };
    let bidi = BidiChoice::decide(args.bidi, settings.bidi, reordering_terminal_here());
    let terminal_reorders = bidi.terminal_reorders;
    let shape = match args.shape.or(settings.shape).unwrap_or_default() {
        ShapeArg::On => true,
        ShapeArg::Off => false,
        ShapeArg::Auto => !terminal_reorders && !terminal_shapes(),
    };
    let options = LayoutOptions {
        width: Some(80),
        shape,
        base: args.base.into(),
        mark_placeholder: true,
        reorder: !terminal_reorders,
    };
    let mut app = App::new(articles, keymap, options);
    app.set_annotator(annotator.map(|a| a.name.as_str()));
    if args.lossy {
        app.lossy = true;
        app.open(0);
    }
    // A bad first article is an error before the screen changes: exit 2
    // naming the file and why (the byte offset that is not UTF-8, its size
    // and the limit, a device, a read that failed).
    if let Some(e) = app.load_error.take() {
        return Err(CliError::Load(e));
    }
    // Where each article was left (per user; `HASHIYA_REMEMBER=0` turns
    // it off): a file that cannot be read is said, never fatal.
    if let Some(path) = crate::app::positions::Positions::user_file() {
        let (positions, problem) = crate::app::positions::Positions::load(path);
        if let Some(problem) = problem {
            app.log.push(&problem, false);
            app.message.get_or_insert(problem);
        }
        app.set_positions(Some(positions));
    }
    // Said once, after what opening the article had to say.
    if let Some(notice) = bidi.notice() {
        app.message = Some(match app.message.take() {
            Some(m) => format!("{m} · {notice}"),
            None => notice,
        });
    }
    // A large first article is checked while its head is on screen: if it
    // proves unreadable the reader quits and fails the same way.
    app.exit_on_load_error = app.is_loading();
    crate::tui::run::run(&mut app, !terminal_reorders).map_err(CliError::Terminal)?;
    if let Some(signal) = app.stopped_by {
        return Err(CliError::Stopped(signal));
    }
    match app.load_error.take() {
        Some(e) if app.exit_on_load_error => Err(CliError::Load(e)),
        _ => Ok(()),
    }
}
