//! The `hashiya` binary: parses the command line and calls into the library.

use clap::Parser;
use hashiya::cli::{Cli, Command, agree, check, export, import, list, read, render, stats};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = cli.configure().and_then(|()| match &cli.command {
        Some(Command::Render(args)) => render(args),
        Some(Command::Agree(args)) => agree(args),
        Some(Command::List(args)) => list(args),
        Some(Command::Check(args)) => check(args),
        Some(Command::Stats(args)) => stats(args),
        Some(Command::Export(args)) => export(args),
        Some(Command::Import(args)) => import(args),
        None => read(&cli.read),
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hashiya: {e}");
            std::process::ExitCode::from(e.exit_code() as u8)
        }
    }
}
