//! Text made from the command line's own definitions: shell completions
//! (`hashiya completions bash|zsh|fish|elvish|powershell`, by
//! `clap_complete`) and the manual page (`hashiya man`, roff by
//! `clap_mangen`). Both follow every option as it is defined, so they never
//! drift from `--help`.

use std::io::Write;

use clap::{Args, CommandFactory as _};
use clap_complete::Shell;

use super::{Cli, CliError};

/// `hashiya completions SHELL`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// `hashiya man`.
#[derive(Debug, Args)]
pub struct ManArgs {}

/// Writes the completion script for `shell` to `out`.
pub fn write_completions(shell: Shell, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut Cli::command(), "hashiya", out);
}

/// Writes the manual page, `hashiya(1)` in roff, to `out`.
pub fn write_man(out: &mut dyn Write) -> std::io::Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out)
}

/// Prints generated text: our own, from the definitions, through a
/// [`SafeWriter`](crate::text::safe::SafeWriter) all the same (it holds no
/// control, so nothing is changed: the tests compare it byte for byte).
fn print(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), CliError> {
    #[allow(clippy::disallowed_methods, reason = "wrapped in a SafeWriter at once")]
    let stdout = std::io::stdout();
    let mut out = crate::text::safe::SafeWriter::new(std::io::BufWriter::new(stdout.lock()));
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(CliError::from),
    }
}

/// Runs `hashiya completions SHELL`.
pub fn completions(args: &CompletionsArgs) -> Result<(), CliError> {
    print(|out| {
        write_completions(args.shell, out);
        Ok(())
    })
}

/// Runs `hashiya man`.
pub fn man(_: &ManArgs) -> Result<(), CliError> {
    print(write_man)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMANDS: [&str; 11] = [
        "render",
        "agree",
        "list",
        "check",
        "stats",
        "claims",
        "entities",
        "export",
        "import",
        "completions",
        "man",
    ];

    #[test]
    fn completions_name_every_command() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
            let mut out = Vec::new();
            write_completions(shell, &mut out);
            let text = String::from_utf8(out).unwrap();
            for command in COMMANDS {
                assert!(text.contains(command), "{shell}: no {command}");
            }
            assert!(text.contains("bidi"), "{shell}: no --bidi");
        }
    }

    #[test]
    fn the_man_page_is_roff_naming_every_command() {
        let mut out = Vec::new();
        write_man(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(".ie \\n(.g .ds Aq"), "{}", &text[..80]);
        assert!(text.contains(".TH hashiya 1"));
        for command in COMMANDS {
            assert!(text.contains(&format!("hashiya\\-{command}")), "no {command}");
        }
    }
}
