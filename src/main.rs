//! The `hashiya` binary: parses the command line and calls into the library.

use clap::Parser;
use hashiya::cli::{Cli, Command, agree, read, render};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Render(args)) => render(args),
        Some(Command::Agree(args)) => agree(args),
        None => read(&cli.read),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hashiya: {e}");
            std::process::ExitCode::from(e.exit_code() as u8)
        }
    }
}
