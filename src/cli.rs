//! The command line: argument definitions and dispatch.
//!
//! `main.rs` parses [`Cli`] and calls [`render`] and [`read`]; everything else lives here so
//! that it can be tested.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::app::App;
use crate::app::articles::{SourcesError, collect};
use crate::keymap::{Keymap, KeymapError};
use crate::layout::{BaseDirection, LayoutOptions};
use crate::render::{RenderOptions, render_document};
use crate::review::corpus::entries;
use crate::review::export::ExportFormat;
use crate::review::list::ListFormat;
use crate::review::stats::StatsFormat;
use crate::review::{self, Outcome, ReviewError};
use crate::text::Document;
use crate::text::load::{LoadError, read_article};

/// Hashiya (حاشية): read and annotate right-to-left Arabic articles in the terminal.
#[derive(Debug, Parser)]
#[command(name = "hashiya", version, about, long_about = None)]
pub struct Cli {
    /// What to do; without a command, the reader opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of the reader.
    #[command(flatten)]
    pub read: ReadArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print an article's visual lines, one per line.
    Render(RenderArgs),
    /// Compare annotator B's sidecar against annotator A's (P/R/F1, kappa).
    Agree(AgreeArgs),
    /// List every entity and claim of articles (exit 1 if one could not be read).
    List(ListArgs),
    /// Check sidecars against the format and their articles (exit 0 clean, 1 problems).
    Check(CheckArgs),
    /// Count entities per label, annotations per article, claims per claimant.
    Stats(StatsArgs),
    /// Export annotations as brat standoff, JSON Lines or `CoNLL` into a folder.
    Export(ExportArgs),
    /// Import brat annotations into the sidecars, merged with what is there.
    Import(ImportArgs),
}

/// Paragraph direction choice on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum BaseArg {
    /// From each paragraph's first strong character.
    #[default]
    Auto,
    /// Right to left.
    Rtl,
    /// Left to right.
    Ltr,
}

impl From<BaseArg> for BaseDirection {
    fn from(b: BaseArg) -> Self {
        match b {
            BaseArg::Auto => Self::Auto,
            BaseArg::Rtl => Self::Rtl,
            BaseArg::Ltr => Self::Ltr,
        }
    }
}

/// On or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    /// Enabled.
    On,
    /// Disabled.
    Off,
}

/// Shaping choice: `auto` shapes unless the terminal is known to join letters itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ShapeArg {
    /// Decide from the terminal.
    #[default]
    Auto,
    /// Always shape.
    On,
    /// Never shape.
    Off,
}

/// Who reorders bidi text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum BidiArg {
    /// Hashiya reorders and asks the terminal not to (explicit mode).
    #[default]
    Hashiya,
    /// Send logical order: for terminals that reorder by themselves and cannot be told not to.
    Terminal,
}

/// `hashiya render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Columns per line (default: the terminal's, or 80 when not a terminal).
    #[arg(long, short = 'w', conflicts_with = "no_wrap")]
    pub width: Option<usize>,
    /// Print each paragraph on one line.
    #[arg(long)]
    pub no_wrap: bool,
    /// Shape Arabic letters into joined presentation forms.
    #[arg(long, value_enum, default_value_t = Switch::On)]
    pub shape: Switch,
    /// Do not pad right-to-left lines to the width.
    #[arg(long)]
    pub no_pad: bool,
    /// Paragraph direction.
    #[arg(long, value_enum, default_value_t = BaseArg::Auto)]
    pub base: BaseArg,
    /// The article (`-` or nothing: standard input).
    pub file: Option<PathBuf>,
}

/// The reader's options (no subcommand).
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Articles or folders of articles (default: the bundled samples).
    pub paths: Vec<PathBuf>,
    /// Shaping of Arabic letters.
    #[arg(long, value_enum, default_value_t = ShapeArg::Auto)]
    pub shape: ShapeArg,
    /// Who reorders right-to-left text.
    #[arg(long, value_enum, default_value_t = BidiArg::Hashiya)]
    pub bidi: BidiArg,
    /// Paragraph direction.
    #[arg(long, value_enum, default_value_t = BaseArg::Auto)]
    pub base: BaseArg,
    /// Read articles that are not valid UTF-8 anyway, with U+FFFD for bad
    /// bytes (annotation is then off for them).
    #[arg(long)]
    pub lossy: bool,
    /// A keymap file merged over the defaults (default:
    /// `$XDG_CONFIG_HOME/hashiya/keymap.toml` when it exists).
    #[arg(long, value_name = "FILE")]
    pub keymap: Option<PathBuf>,
}

/// `hashiya list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// In a table, keep right-to-left text in logical order even on a terminal (it is reordered
    /// for display only when standard output is a terminal).
    #[arg(long)]
    pub logical: bool,
    /// Articles (`*.txt`), sidecars (`*.txt.ann.toml`) or folders of annotated articles.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
}

/// `hashiya check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Articles, sidecars or folders (every sidecar in a folder, even one without its article).
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
}

/// `hashiya stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
    /// Folders of annotated articles, articles or sidecars.
    #[arg(required = true, value_name = "DIR|FILE")]
    pub paths: Vec<PathBuf>,
}

/// `hashiya export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The folder to write into (made if missing; files of the same names are replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Articles, sidecars or folders of annotated articles.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
}

/// Formats `hashiya import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// brat standoff: `NAME.ann` beside `NAME.txt`.
    Brat,
}

/// `hashiya import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The format of the annotations to read.
    #[arg(long, value_enum)]
    pub from: ImportFormat,
    /// Say what would be added, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Articles; each one's annotations are read from the `.ann` beside it and merged into
    /// its sidecar (`FILE.txt.ann.toml`).
    #[arg(required = true, value_name = "FILE.txt")]
    pub files: Vec<PathBuf>,
}

/// Errors the command line reports.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// An article could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// Output failed.
    #[error("writing output: {0}")]
    Io(#[from] std::io::Error),
    /// The articles to open could not be listed.
    #[error(transparent)]
    Sources(#[from] SourcesError),
    /// The keymap file is wrong.
    #[error(transparent)]
    Keymap(#[from] KeymapError),
    /// The terminal failed.
    #[error("terminal: {0}")]
    Terminal(std::io::Error),
    /// `hashiya agree` could not compare its inputs.
    #[error(transparent)]
    Agree(#[from] crate::review::agree::AgreeError),
    /// A review command could not run (bad path, output failed…).
    #[error(transparent)]
    Review(#[from] ReviewError),
    /// A review command ran but found problems or skipped inputs (exit 1).
    #[error("{0}")]
    Unclean(String),
}

impl CliError {
    /// The process exit code for this error: 2 for bad input, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Load(LoadError::InvalidUtf8 { .. }) | Self::Agree(_) | Self::Review(_) => 2,
            Self::Load(LoadError::Io { .. })
            | Self::Io(_)
            | Self::Sources(_)
            | Self::Keymap(_)
            | Self::Terminal(_)
            | Self::Unclean(_) => 1,
        }
    }
}

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
    // naming the file and the byte offset.
    if let Some(e @ LoadError::InvalidUtf8 { .. }) = app.load_error.take() {
        return Err(CliError::Load(e));
    }
    if let Some(e) = keymap_error {
        app.message = Some(format!("{e} (default keys kept)"));
    }
    crate::tui::run::run(&mut app, !terminal_reorders).map_err(CliError::Terminal)
}

/// Output format of `hashiya agree`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum AgreeFormat {
    /// A table for people.
    #[default]
    Table,
    /// One JSON object (see `docs/agree.md`).
    Json,
}

/// `hashiya agree A B`: B's annotations against A's, on the same article.
#[derive(Debug, Args)]
pub struct AgreeArgs {
    /// Sidecar of annotator A, the reference; the article is looked for beside it.
    pub a: PathBuf,
    /// Sidecar of annotator B, compared against A.
    pub b: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AgreeFormat::Table)]
    pub format: AgreeFormat,
}

/// Runs `hashiya agree`: prints the report on standard output and its
/// warnings on standard error. Exit code 2 when an input is missing,
/// unreadable or invalid.
pub fn agree(args: &AgreeArgs) -> Result<(), CliError> {
    use std::io::Write as _;
    let report = crate::review::agree::run(&args.a, &args.b)?;
    for warning in &report.warnings {
        eprintln!("hashiya: warning: {warning}");
    }
    let text = match args.format {
        AgreeFormat::Table => crate::review::agree::table(&report),
        AgreeFormat::Json => {
            serde_json::to_string_pretty(&report)
                .map_err(|e| CliError::Io(std::io::Error::other(e)))?
                + "\n"
        }
    };
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(CliError::from),
    }
}

/// Ends a review command: a summary on standard error, exit 1 when unclean;
/// a closed pipe on standard output is not an error.
fn finish(result: Result<Outcome, ReviewError>) -> Result<(), CliError> {
    let outcome = match result {
        Err(ReviewError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            return Ok(());
        }
        r => r?,
    };
    let summary = outcome.summary.unwrap_or_default();
    if outcome.problems > 0 {
        return Err(CliError::Unclean(summary));
    }
    if !summary.is_empty() {
        eprintln!("hashiya: {summary}");
    }
    Ok(())
}

/// Runs `hashiya list`.
pub fn list(args: &ListArgs) -> Result<(), CliError> {
    let found = entries(&args.paths, false)?;
    let stdout = std::io::stdout();
    let visual = !args.logical && stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    finish(review::list::run(&found, args.format, visual, &mut out))
}

/// Runs `hashiya check`.
pub fn check(args: &CheckArgs) -> Result<(), CliError> {
    let found = entries(&args.paths, true)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    finish(review::check::run(&found, args.strict, &mut out))
}

/// Runs `hashiya stats`.
pub fn stats(args: &StatsArgs) -> Result<(), CliError> {
    let found = entries(&args.paths, false)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    finish(review::stats::run(&found, args.format, &mut out))
}

/// Runs `hashiya export`.
pub fn export(args: &ExportArgs) -> Result<(), CliError> {
    let found = entries(&args.paths, false)?;
    finish(review::export::run(&found, args.format, &args.out))
}

/// Runs `hashiya import`.
pub fn import(args: &ImportArgs) -> Result<(), CliError> {
    let ImportFormat::Brat = args.from;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    finish(review::import::run(&args.files, args.dry_run, &mut out))
}
