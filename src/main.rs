//! The `hashiya` binary: parses the command line and calls into the library.

#![deny(clippy::print_stdout, clippy::print_stderr)]

use clap::Parser;
use hashiya::cli::{Cli, Command, agree, check, completions, export, import, list, man, read};
use hashiya::cli::{claims, curate, entities, init, merge_driver, render, stats, suggestions};
use hashiya::text::safe;

/// The allocator: mimalloc (thread-local free lists) instead of glibc's
/// arenas: the corpus commands and the reader's scan allocate per article on
/// worker threads and free on another. Built with `no_thp`: with transparent
/// huge pages its eagerly committed arenas slowed the reader's first screen
/// (README, "Dependencies").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return hashiya::cli::usage_error(&e),
    };
    if let Some(message) = hashiya::cli::misspelt_command(&cli, std::env::args_os()) {
        return hashiya::cli::plain_error(&message);
    }
    let result = cli.configure().and_then(|()| match &cli.command {
        Some(Command::Render(args)) => render(args),
        Some(Command::Agree(args)) => agree(args),
        Some(Command::List(args)) => list(args),
        Some(Command::Check(args)) => check(args),
        Some(Command::Stats(args)) => stats(args),
        Some(Command::Claims(args)) => claims(args),
        Some(Command::Entities(args)) => entities(args),
        Some(Command::Export(args)) => export(args),
        Some(Command::Import(args)) => cli.annotator().and_then(|who| import(args, who.as_ref())),
        Some(Command::Init(args)) => init(args),
        Some(Command::MergeDriver(args)) => merge_driver(args),
        Some(Command::Curate(args)) => cli.annotator().and_then(|who| curate(args, who.as_ref())),
        Some(Command::Suggest(args)) => suggestions(args),
        Some(Command::Completions(args)) => completions(args),
        Some(Command::Man(args)) => man(args),
        None => cli.annotator().and_then(|who| read(&cli.read, who.as_ref())),
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // Errors quote paths and what parsers found in files: one safe line.
            safe::eprintln(format_args!("hashiya: {e}"));
            std::process::ExitCode::from(e.exit_code())
        }
    }
}
