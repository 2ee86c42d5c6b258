//! The user's settings file and who reorders right-to-left text.
//!
//! `$XDG_CONFIG_HOME/hashiya/config.toml` (`~/.config/hashiya/config.toml`)
//! may say `bidi = "auto" | "hashiya" | "terminal"`,
//! `shape = "auto" | "on" | "off"` and `annotator = "name"`; the command
//! line (`--bidi`, `--shape`, `--annotator`) overrides it. With `bidi = "auto"` (the default) Hashiya looks for the
//! terminals that reorder bidi text by themselves and cannot be told not to
//! ([`reordering_terminal`]): in one of them it sends logical order and lets
//! the terminal reorder, and says so once on the status line.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{BidiArg, ShapeArg};
use crate::text::position::{FileError, line_column};

/// The settings file's name in `$XDG_CONFIG_HOME/hashiya/`.
pub const SETTINGS_FILE: &str = "config.toml";

/// The largest settings file read (a few lines are expected).
pub const SETTINGS_MAX: u64 = 1 << 20;

/// What the settings file says (every key optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Who reorders right-to-left text.
    pub bidi: Option<BidiArg>,
    /// Whether Arabic letters are shaped.
    pub shape: Option<ShapeArg>,
    /// The annotator's name, recorded as `by` on new annotations (see
    /// [`super::annotator`]).
    pub annotator: Option<String>,
}

impl Settings {
    /// The user's settings file ([`settings_path`]), or none.
    pub fn load_user() -> Result<Self, FileError> {
        match settings_path() {
            Some(path) => Self::load(&path),
            None => Ok(Self::default()),
        }
    }
}

impl Settings {
    /// Parses the text of a settings file read from `path` (for messages).
    pub fn parse(source: &str, path: &Path) -> Result<Self, FileError> {
        toml::from_str(source).map_err(|e| {
            let (line, column) = line_column(source, e.span().map_or(0, |s| s.start));
            FileError::Invalid {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().trim().to_owned(),
            }
        })
    }

    /// Reads the settings file at `path`; a missing file is no settings.
    /// A file that cannot be read, is larger than [`SETTINGS_MAX`] or is not
    /// valid is an error naming the file (and the line and column).
    pub fn load(path: &Path) -> Result<Self, FileError> {
        let io = |source| FileError::Io { path: path.to_path_buf(), source };
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(io(e)),
        };
        let mut bytes = Vec::new();
        file.take(SETTINGS_MAX + 1).read_to_end(&mut bytes).map_err(io)?;
        if bytes.len() as u64 > SETTINGS_MAX {
            return Err(FileError::Invalid {
                path: path.to_path_buf(),
                line: 1,
                column: 1,
                message: format!("larger than {SETTINGS_MAX} bytes: not a settings file"),
            });
        }
        let source = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let (line, column) = line_column(&String::from_utf8_lossy(e.as_bytes()), at);
            FileError::Invalid {
                path: path.to_path_buf(),
                line,
                column,
                message: "not UTF-8".to_owned(),
            }
        })?;
        Self::parse(&source, path)
    }
}

/// Where the settings file is looked for: `$XDG_CONFIG_HOME/hashiya/config.toml`,
/// else `~/.config/hashiya/config.toml` (`None`: neither variable is set).
pub fn settings_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|b| !b.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("hashiya").join(SETTINGS_FILE))
}

/// The terminal Hashiya runs in, if it is one that reorders bidi text by
/// itself and cannot be told not to, by the variables it sets: `MLTERM`
/// (mlterm), `KONSOLE_VERSION` (Konsole), `KITTY_WINDOW_ID` (kitty),
/// `TERM_PROGRAM=Apple_Terminal` (macOS Terminal). `env` looks a variable
/// up (`std::env::var_os` in the program, a table in tests). These
/// variables pass into tmux and screen sessions started there, where the
/// outer terminal still reorders what they draw.
pub fn reordering_terminal(env: impl Fn(&str) -> Option<String>) -> Option<&'static str> {
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
    if set("MLTERM") {
        Some("mlterm")
    } else if set("KONSOLE_VERSION") {
        Some("Konsole")
    } else if set("KITTY_WINDOW_ID") {
        Some("kitty")
    } else if env("TERM_PROGRAM").as_deref() == Some("Apple_Terminal") {
        Some("macOS Terminal")
    } else {
        None
    }
}

/// [`reordering_terminal`] of this process's environment.
pub fn reordering_terminal_here() -> Option<&'static str> {
    reordering_terminal(|name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()))
}

/// Who reorders, once the command line, the settings and the terminal are
/// taken into account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BidiChoice {
    /// True: send logical order and let the terminal reorder.
    pub terminal_reorders: bool,
    /// The terminal found to reorder by itself, when `auto` chose for it.
    pub detected: Option<&'static str>,
}

impl BidiChoice {
    /// Decides from `--bidi` (`arg`, `None` when not given), the settings
    /// file's `bidi` and, for `auto`, the terminal found (`detected`).
    pub fn decide(
        arg: Option<BidiArg>,
        settings: Option<BidiArg>,
        detected: Option<&'static str>,
    ) -> Self {
        match arg.or(settings).unwrap_or_default() {
            BidiArg::Hashiya => Self { terminal_reorders: false, detected: None },
            BidiArg::Terminal => Self { terminal_reorders: true, detected: None },
            BidiArg::Auto => Self { terminal_reorders: detected.is_some(), detected },
        }
    }

    /// What the status line says once when `auto` chose terminal mode
    /// (the README and `--help` say the rest: the settings file's `bidi`).
    pub fn notice(&self) -> Option<String> {
        // Short enough for the status line of an 80-column terminal.
        self.detected.map(|name| format!("{name}: bidi by the terminal (--bidi hashiya overrides)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn the_reordering_terminals_are_found_by_their_variables() {
        assert_eq!(reordering_terminal(env(&[("MLTERM", "3.9.0")])), Some("mlterm"));
        assert_eq!(reordering_terminal(env(&[("KONSOLE_VERSION", "230805")])), Some("Konsole"));
        assert_eq!(reordering_terminal(env(&[("KITTY_WINDOW_ID", "1")])), Some("kitty"));
        assert_eq!(
            reordering_terminal(env(&[("TERM_PROGRAM", "Apple_Terminal")])),
            Some("macOS Terminal")
        );
        // Others are not.
        assert_eq!(reordering_terminal(env(&[("TERM_PROGRAM", "iTerm.app")])), None);
        assert_eq!(reordering_terminal(env(&[("XTERM_VERSION", "XTerm(379)")])), None);
        assert_eq!(reordering_terminal(env(&[("MLTERM", "")])), None);
        assert_eq!(reordering_terminal(env(&[])), None);
    }

    #[test]
    fn the_command_line_beats_the_settings_which_beat_auto() {
        let mlterm = Some("mlterm");
        let auto = BidiChoice::decide(None, None, mlterm);
        assert!(auto.terminal_reorders);
        assert!(auto.notice().is_some_and(|n| n.contains("mlterm") && n.contains("--bidi")));
        assert!(!BidiChoice::decide(None, None, None).terminal_reorders);
        let forced = BidiChoice::decide(Some(BidiArg::Hashiya), Some(BidiArg::Terminal), mlterm);
        assert!(!forced.terminal_reorders && forced.notice().is_none());
        let set = BidiChoice::decide(None, Some(BidiArg::Hashiya), mlterm);
        assert!(!set.terminal_reorders);
        let set = BidiChoice::decide(None, Some(BidiArg::Terminal), None);
        assert!(set.terminal_reorders && set.notice().is_none());
        // `--bidi auto` on the command line beats a setting.
        let auto = BidiChoice::decide(Some(BidiArg::Auto), Some(BidiArg::Hashiya), mlterm);
        assert!(auto.terminal_reorders);
    }

    #[test]
    fn settings_files_are_read_and_mistakes_named_with_their_place() {
        let path = Path::new("config.toml");
        let s = Settings::parse("bidi = \"terminal\"\nshape = \"off\"\n", path).unwrap();
        assert_eq!(
            s,
            Settings { bidi: Some(BidiArg::Terminal), shape: Some(ShapeArg::Off), annotator: None }
        );
        let s = Settings::parse("annotator = \"alice\"\n", path).unwrap();
        assert_eq!(s.annotator.as_deref(), Some("alice"));
        assert_eq!(Settings::parse("", path).unwrap(), Settings::default());
        let e = Settings::parse("# mine\nbidi = \"sideways\"\n", path).unwrap_err().to_string();
        assert!(e.starts_with("config.toml:2:8: "), "{e}");
        assert!(e.contains("sideways"), "{e}");
        let e = Settings::parse("bidy = \"auto\"\n", path).unwrap_err().to_string();
        assert!(e.starts_with("config.toml:1:1: ") && e.contains("bidy"), "{e}");
    }

    #[test]
    fn a_missing_settings_file_is_no_settings_and_a_huge_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Settings::load(&dir.path().join("none.toml")).unwrap(), Settings::default());
        let big = dir.path().join("big.toml");
        std::fs::write(&big, vec![b'#'; SETTINGS_MAX as usize + 10]).unwrap();
        assert!(Settings::load(&big).unwrap_err().to_string().contains("larger than"));
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, b"bidi = \"\xff\"\n").unwrap();
        assert!(Settings::load(&bad).unwrap_err().to_string().contains("bad.toml:1:9: not UTF-8"));
    }
}
