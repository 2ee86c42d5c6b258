//! The command line: argument definitions and dispatch.
//!
//! `main.rs` parses [`Cli`] and calls one function per command; everything
//! else lives here so that it can be tested.
//!
//! - [`args`]: the options of every command;
//! - [`read`] and [`render`]: the reader and `hashiya render`;
//! - the review commands: [`list`], [`check`], [`stats`], [`export`],
//!   [`import`], [`agree`].

mod args;
mod reading;
mod reviewing;

use clap::{Parser, Subcommand};

use crate::app::articles::SourcesError;
use crate::keymap::KeymapError;
use crate::limits::{self, Limits};
use crate::review::ReviewError;
use crate::text::load::LoadError;

pub use args::*;
pub use reading::{read, render};
pub use reviewing::{agree, check, export, import, list, stats};

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
    /// A setting from the environment is wrong (exit 2).
    #[error("{0}")]
    Setting(String),
}

impl CliError {
    /// The process exit code for this error: 2 for bad input, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Load(e) if e.is_too_large() => 2,
            Self::Load(LoadError::InvalidUtf8 { .. })
            | Self::Agree(_)
            | Self::Review(_)
            | Self::Setting(_) => 2,
            Self::Load(LoadError::Io { .. })
            | Self::Io(_)
            | Self::Sources(_)
            | Self::Keymap(_)
            | Self::Terminal(_)
            | Self::Unclean(_) => 1,
        }
    }
}
