//! The `hashiya` binary: parses the command line and calls into the library.

use clap::Parser;
use hashiya::cli::{Cli, Command, render};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Render(args)) => render(args),
        None => {
            eprintln!("hashiya: the reader is not built yet; try `hashiya render FILE`");
            return std::process::ExitCode::from(1);
        }
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hashiya: {e}");
            std::process::ExitCode::from(e.exit_code() as u8)
        }
    }
}
