//! A misspelt command: `hashiya lisst corpus` says "did you mean `list`?".
//!
//! Without a command the arguments are the reader's files, so clap takes
//! `lisst` for a file to open. When the first of them does not exist, the
//! command line is parsed once more by the same definitions without the
//! files: clap then takes `lisst` for a command, and its suggestion feature names
//! the nearest one (`tip: a similar subcommand exists: 'list'`). A name
//! like no command (`hashiya article.txt` with no such file) is left to the
//! reader, which says that the file does not exist.

use std::ffi::OsString;

use clap::CommandFactory as _;
use clap::error::{ContextKind, ErrorKind};

use super::Cli;

/// The message (plain text, no styles) saying that the first argument is a
/// misspelt command, when `cli` (parsed from `args`) would open files and
/// the first of them does not exist and is close to a command's name.
pub fn misspelt_command<I, T>(cli: &Cli, args: I) -> Option<String>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    if cli.command.is_some() {
        return None;
    }
    let first = cli.read.paths.first()?;
    if std::fs::symlink_metadata(first).is_ok() {
        return None;
    }
    // The same command line without the files: clap then takes the word
    // for a command (a positional argument, even one allowed only after
    // `--`, would make it an unexpected argument instead).
    let full = Cli::command();
    let mut strict = clap::Command::new("hashiya")
        .styles(clap::builder::Styles::plain())
        .subcommands(full.get_subcommands().cloned());
    for arg in full.get_arguments().filter(|a| a.get_id() != "paths") {
        strict = strict.arg(arg.clone());
    }
    let strict = strict.try_get_matches_from(args);
    match strict {
        Err(e)
            if e.kind() == ErrorKind::InvalidSubcommand
                && e.get(ContextKind::SuggestedSubcommand).is_some() =>
        {
            Some(e.render().ansi().to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser as _;

    fn suggestion(args: &[&str]) -> Option<String> {
        let cli = Cli::try_parse_from(args).ok()?;
        misspelt_command(&cli, args)
    }

    #[test]
    fn a_misspelt_command_gets_the_nearest_name() {
        let m = suggestion(&["hashiya", "lisst", "corpus"]).unwrap();
        assert!(m.contains("'lisst'") && m.contains("'list'"), "{m}");
        let m = suggestion(&["hashiya", "agre", "a", "b"]).unwrap();
        assert!(m.contains("'agree'"), "{m}");
        let m = suggestion(&["hashiya", "rendr", "x.txt"]).unwrap();
        assert!(m.contains("'render'"), "{m}");
    }

    #[test]
    fn files_and_names_like_no_command_are_left_to_the_reader() {
        // An existing file with a command-like name is opened.
        let dir = tempfile::tempdir().unwrap();
        let lisst = dir.path().join("lisst");
        std::fs::write(&lisst, "text").unwrap();
        let path = lisst.to_str().unwrap();
        assert_eq!(suggestion(&["hashiya", path]), None);
        // A missing file unlike any command: the reader says it is missing.
        assert_eq!(suggestion(&["hashiya", "article.txt"]), None);
        assert_eq!(suggestion(&["hashiya", "zzzzzzzz"]), None);
        // Commands and the samples.
        assert_eq!(suggestion(&["hashiya", "list", "x"]), None);
        assert_eq!(suggestion(&["hashiya"]), None);
    }
}
