//! The reader and `hashiya render`.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::{BidiArg, CliError, ReadArgs, RenderArgs, ShapeArg, Switch};
use crate::app::App;
use crate::app::articles::collect;
use crate::keymap::Keymap;
use crate::layout::LayoutOptions;
use crate::render::{RenderOptions, render_document};
use crate::text::Document;
use crate::text::load::{LoadError, read_article};

/// Runs `hashiya render`.
pub fn render(args: &RenderArgs) -> Result<(), CliError> {
    let path = args.file.clone().unwrap_or_else(|| PathBuf::from("-"));
    let doc = Document::new(read_article(&path)?);
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
    std::env::var_os("KONSOLE_VERSION").is_some() || term.starts_with("mlterm")
}

/// The keymap: the defaults, with `--keymap FILE` or the user's
/// `$XDG_CONFIG_HOME/hashiya/keymap.toml` merged over them.
fn load_keymap(path: Option<&std::path::Path>) -> Result<Keymap, CliError> {
    let user = path.map(std::path::Path::to_path_buf).or_else(|| {
        let base = std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
        let p = base.join("hashiya").join("keymap.toml");
        p.is_file().then_some(p)
    });
    match user {
        Some(p) => Ok(Keymap::load_override(&p)?),
        None => Ok(Keymap::default()),
    }
}

/// Runs the full-screen reader on `args.paths`.
pub fn read(args: &ReadArgs) -> Result<(), CliError> {
    let articles = collect(&args.paths)?;
    // A broken keymap file must not stop the reader: keep the defaults and say why.
    let (keymap, keymap_error) = match load_keymap(args.keymap.as_deref()) {
        Ok(k) => (k, None),
        Err(e) => (Keymap::default(), Some(e.to_string())),
    };
    let terminal_reorders = args.bidi == BidiArg::Terminal;
    let shape = match args.shape {
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
    if args.lossy {
        app.lossy = true;
        app.open(0);
    }
    // A bad first article is an error before the screen changes: exit 2
    // naming the file and the byte offset, or its size and the limit.
    match app.load_error.take() {
        Some(e) if matches!(e, LoadError::InvalidUtf8 { .. }) || e.is_too_large() => {
            return Err(CliError::Load(e));
        }
        _ => {}
    }
    if let Some(e) = keymap_error {
        app.message = Some(format!("{e} (default keys kept)"));
    }
    // A large first article is checked while its head is on screen: if it
    // proves unreadable the reader quits and fails the same way.
    app.exit_on_load_error = app.is_loading();
    crate::tui::run::run(&mut app, !terminal_reorders).map_err(CliError::Terminal)?;
    match app.load_error.take() {
        Some(e) if app.exit_on_load_error => Err(CliError::Load(e)),
        _ => Ok(()),
    }
}
