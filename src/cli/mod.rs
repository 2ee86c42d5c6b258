//! The command line: argument definitions and dispatch.
//!
//! `main.rs` parses [`Cli`] and calls one function per command; everything
//! else lives here so that it can be tested.
//!
//! - [`args`]: the options of every command;
//! - [`read`] and [`render`]: the reader and `hashiya render`;
//! - the review commands: [`list`], [`check`], [`stats`], [`export`],
//!   [`import`], [`agree`]; [`suggestions`]: `hashiya suggest`;
//! - [`completions`] and [`man`]: text generated from these definitions;
//! - [`settings`]: the user's `config.toml` and who reorders bidi text;
//! - [`misspelt_command`]: "did you mean" for a command taken for a file;
//! - exit statuses: [`EXIT_OK`], [`EXIT_PROBLEMS`], [`EXIT_USAGE`].

pub mod annotator;
mod args;
mod curation;
mod generate;
mod reading;
mod reviewing;
pub mod settings;
mod suggest;
mod suggesting;
mod team;

use clap::{Parser, Subcommand};

use crate::app::articles::SourcesError;
use crate::keymap::KeymapRefused;
use crate::limits::{self, Limits};
use crate::review::ReviewError;
use crate::text::load::LoadError;
use crate::text::safe::SafeWriter;
use std::io::Write as _;

pub use args::*;
pub use generate::{CompletionsArgs, ManArgs, completions, man, write_completions, write_man};
pub use reading::{read, render, user_keymap_path};
pub use reviewing::{agree, check, claims, entities, export, import, list, stats};
pub use suggest::misspelt_command;
pub use suggesting::run as suggestions;
pub use team::{curate, init, merge_driver};

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
    /// Refuse articles, standard input, sidecars and brat files larger than SIZE
    /// (bytes, or with K, M, G: `512M`; default 256M, or `$HASHIYA_MAX_FILE_SIZE`).
    #[arg(long, global = true, value_name = "SIZE", value_parser = crate::limits::parse_size)]
    pub max_file_size: Option<u64>,
    /// Refuse `hashiya.toml` and keymap files larger than SIZE (default 1M, or
    /// `$HASHIYA_MAX_CONFIG_SIZE`).
    #[arg(long, global = true, value_name = "SIZE", value_parser = crate::limits::parse_size)]
    pub max_config_size: Option<u64>,
    /// Who is annotating: recorded as `by` on every annotation made (default:
    /// `$HASHIYA_ANNOTATOR`, else `annotator` in config.toml, else the user name).
    #[arg(long, global = true, value_name = "NAME")]
    pub annotator: Option<String>,
}

impl Cli {
    /// The size limits this command line asks for: its options, else the
    /// environment (`HASHIYA_MAX_FILE_SIZE`, `HASHIYA_MAX_CONFIG_SIZE`),
    /// else the defaults. A variable that is not a size is an error.
    pub fn limits(&self) -> Result<Limits, CliError> {
        let from_env = |name: &str, default: u64| match std::env::var(name) {
            Ok(text) => {
                limits::parse_size(&text).map_err(|e| CliError::Setting(format!("{name}: {e}")))
            }
            Err(std::env::VarError::NotPresent) => Ok(default),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(CliError::Setting(format!("{name}: not a size")))
            }
        };
        let defaults = Limits::default();
        let data = match self.max_file_size {
            Some(n) => n,
            None => from_env(limits::DATA_ENV, defaults.data)?,
        };
        let config = match self.max_config_size {
            Some(n) => n,
            None => from_env(limits::CONFIG_ENV, defaults.config)?,
        };
        Ok(Limits { data, config })
    }

    /// The annotator ([`annotator::resolve`]): `--annotator`, the
    /// environment, the user's `config.toml` (read only when needed), else
    /// the user name; `None` when nothing names one.
    pub fn annotator(&self) -> Result<Option<annotator::Annotator>, CliError> {
        let settings =
            if self.annotator.is_some() || std::env::var_os(annotator::ANNOTATOR_ENV).is_some() {
                settings::Settings::default()
            } else {
                settings::Settings::load_user().map_err(CliError::Settings)?
            };
        annotator::resolve_here(self.annotator.as_deref(), settings.annotator.as_deref())
            .map_err(CliError::Setting)
    }

    /// Puts this command line's size limits in force (see [`Cli::limits`]).
    pub fn configure(&self) -> Result<(), CliError> {
        limits::set(self.limits()?);
        Ok(())
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print an article's visual lines, one per line.
    Render(RenderArgs),
    /// Compare annotator B's sidecar, or folder of sidecars, against annotator A's (P/R/F1, kappa).
    Agree(AgreeArgs),
    /// List every entity and claim of articles (exit 1 if one could not be read).
    List(ListArgs),
    /// Check sidecars against the format and their articles (exit 0 clean, 1 problems).
    Check(CheckArgs),
    /// Count entities per label, annotations per article, claims per claimant.
    Stats(StatsArgs),
    /// Who said what: every claim with its claimant resolved to its canonical entity (`--by NAME`).
    Claims(ClaimsArgs),
    /// The canonical entities (entities.toml) with mention and claim counts, and look-alikes not linked.
    Entities(EntitiesArgs),
    /// Export annotations as brat standoff, JSON Lines or `CoNLL` into a folder.
    Export(ExportArgs),
    /// Import brat annotations into the sidecars, merged with what is there.
    Import(ImportArgs),
    /// Set a folder up as a corpus for a team: hashiya.toml, .gitattributes, the git merge driver.
    Init(InitArgs),
    /// Git's merge driver for sidecars (set up by `hashiya init`): merges by id into A.
    MergeDriver(MergeDriverArgs),
    /// Build a gold standard from several annotators' work: settle every disagreement.
    Curate(CurateArgs),
    /// Suggest annotations from the corpus, rules and hashiya.toml's recommenders; --evaluate them.
    Suggest(SuggestArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the manual page, hashiya(1), in roff (`hashiya man | man -l -`).
    Man(ManArgs),
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
    /// The settings file (`config.toml`) is wrong.
    #[error(transparent)]
    Settings(crate::text::position::FileError),
    /// The keymap file is wrong: the reader does not start with it (exit 2).
    #[error(transparent)]
    Keymap(#[from] KeymapRefused),
    /// The terminal failed.
    #[error("terminal: {0}")]
    Terminal(std::io::Error),
    /// `hashiya agree` could not compare its inputs.
    #[error(transparent)]
    Agree(#[from] crate::review::agree::AgreeError),
    /// `hashiya agree DIR_A DIR_B` could not compare the folders.
    #[error(transparent)]
    Folders(#[from] crate::review::agree::FoldersError),
    /// A review command could not run (bad path, output failed…).
    #[error(transparent)]
    Review(#[from] ReviewError),
    /// A review command ran but found problems or skipped inputs (exit 1).
    #[error("{0}")]
    Unclean(String),
    /// The reader was stopped by a signal (exit 128 + its number), after
    /// restoring the terminal and securing the work.
    #[error("stopped by signal {0}")]
    Stopped(i32),
    /// A setting from the environment is wrong (exit 2).
    #[error("{0}")]
    Setting(String),
}

/// Reports a command line clap could not parse and returns the exit code
/// (2). The message quotes the arguments, which may be file names holding
/// anything: it is printed as plain text through [`SafeWriter`], line breaks
/// kept. `--help` and `--version` are printed by clap as usual.
pub fn usage_error(e: &clap::Error) -> std::process::ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        // Our own text only: no argument is quoted.
        let _ = e.print();
        return std::process::ExitCode::from(e.exit_code() as u8);
    }
    // The same error again without clap's styles, so that what remains of
    // ANSI in it is the arguments' own, shown as symbols by the SafeWriter
    // (`StyledStr`'s plain display would strip them along with the styles,
    // hiding what the argument holds).
    let plain = <Cli as clap::CommandFactory>::command()
        .styles(clap::builder::Styles::plain())
        .try_get_matches_from(std::env::args_os());
    let text = match plain {
        Err(plain) if plain.kind() == e.kind() => plain.render().ansi().to_string(),
        _ => e.render().to_string(),
    };
    plain_error(&text)
}

/// Prints a usage error rendered without styles (arguments quoted in it
/// shown as [`SafeWriter`] shows them) and returns [`EXIT_USAGE`].
pub fn plain_error(text: &str) -> std::process::ExitCode {
    #[allow(clippy::disallowed_methods, reason = "wrapped in a SafeWriter at once")]
    let mut err = SafeWriter::new(std::io::stderr().lock());
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
    std::process::ExitCode::from(EXIT_USAGE)
}

/// Exit status: the command did what was asked and all is well.
pub const EXIT_OK: u8 = 0;
/// Exit status: the command ran to the end but found problems (`check`), or
/// left inputs out (an article it could not read, `agree`'s unpaired
/// articles); what it could do is printed.
pub const EXIT_PROBLEMS: u8 = 1;
/// Exit status: the command could not do what was asked — bad usage (an
/// unknown command or option, a missing argument), an input missing,
/// unreadable or invalid, a broken settings or keymap file, or output or
/// the terminal failing.
pub const EXIT_USAGE: u8 = 2;

impl CliError {
    /// The process exit code for this error: [`EXIT_PROBLEMS`] when the
    /// command ran but found problems, [`EXIT_USAGE`] otherwise (see
    /// `docs/cli.md`, "Exit status").
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Unclean(_) => EXIT_PROBLEMS,
            Self::Load(_)
            | Self::Setting(_)
            | Self::Io(_)
            | Self::Sources(_)
            | Self::Settings(_)
            | Self::Keymap(_)
            | Self::Terminal(_)
            | Self::Agree(_)
            | Self::Folders(_)
            | Self::Review(_) => EXIT_USAGE,
            Self::Stopped(signal) => 128u8.saturating_add(*signal as u8),
        }
    }
}
