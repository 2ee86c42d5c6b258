//! The options of every command.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::layout::BaseDirection;
use crate::review::claims::WhoFormat;
use crate::review::export::ExportFormat;
use crate::review::list::ListFormat;
use crate::review::stats::StatsFormat;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BidiArg {
    /// `terminal` in mlterm, Konsole, kitty and macOS Terminal (found by their variables), else
    /// `hashiya`.
    #[default]
    Auto,
    /// Hashiya reorders and asks the terminal not to (explicit mode).
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
    /// Shaping of Arabic letters [default: `shape` in config.toml, else auto].
    #[arg(long, value_enum)]
    pub shape: Option<ShapeArg>,
    /// Who reorders right-to-left text [default: `bidi` in
    /// `$XDG_CONFIG_HOME/hashiya/config.toml`, else auto].
    #[arg(long, value_enum)]
    pub bidi: Option<BidiArg>,
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
    /// Only the articles of this status (`[article] status`; an article without one is
    /// `todo`).
    #[arg(long, value_enum, value_name = "STATUS")]
    pub status: Option<StatusArg>,
    /// Articles (`*.txt`), sidecars (`*.txt.ann.toml`) or folders of annotated articles.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
}

/// An article status on the command line (see `[article] status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    /// Not started (or no status set).
    Todo,
    /// Started.
    #[value(name = "in_progress", alias = "in-progress")]
    InProgress,
    /// Finished.
    Done,
}

impl From<StatusArg> for crate::annotate::ArticleStatus {
    fn from(s: StatusArg) -> Self {
        match s {
            StatusArg::Todo => Self::Todo,
            StatusArg::InProgress => Self::InProgress,
            StatusArg::Done => Self::Done,
        }
    }
}

/// `hashiya check`.
#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("what").required(true).multiple(true).args(["paths", "keymap", "user_keymap"])
))]
pub struct CheckArgs {
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Check a keymap file as the reader reads `--keymap FILE` (may be repeated).
    #[arg(long, value_name = "FILE")]
    pub keymap: Vec<PathBuf>,
    /// Check the user's keymap, `$XDG_CONFIG_HOME/hashiya/keymap.toml`
    /// (`~/.config/hashiya/keymap.toml`), if there is one.
    #[arg(long)]
    pub user_keymap: bool,
    /// Articles, sidecars, folders (every sidecar in a folder, even one without its article) or
    /// `hashiya.toml` files; the `hashiya.toml` of every folder named or holding a file named is
    /// checked too.
    #[arg(value_name = "FILE|DIR")]
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

/// `hashiya claims`.
#[derive(Debug, Args)]
pub struct ClaimsArgs {
    /// Only the claims by NAME: a canonical entity whose name or an alias
    /// matches it (spelling and proclitics aside), or an unlinked claimant
    /// written so.
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = WhoFormat::Table)]
    pub format: WhoFormat,
    /// Folders of annotated articles, articles or sidecars.
    #[arg(required = true, value_name = "DIR|FILE")]
    pub paths: Vec<PathBuf>,
}

/// `hashiya entities`.
#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = WhoFormat::Table)]
    pub format: WhoFormat,
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
    /// `conll`: add a column tagging claim contents (`Claim`) and cues (`Cue`); the other
    /// formats always hold claims.
    #[arg(long)]
    pub claims: bool,
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
    /// INCEpTION's UIMA CAS XMI: `NAME.xmi` beside `NAME.txt`.
    Xmi,
    /// Label Studio tasks (JSON): those of `--tasks FILE` (or of `NAME.json` beside
    /// `NAME.txt`) whose `data.text` is the article's text.
    Labelstudio,
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
    /// With `--from labelstudio`: the tasks file (Label Studio's JSON export) to take
    /// every article's tasks from, by their `data.text`.
    #[arg(long, value_name = "FILE")]
    pub tasks: Option<PathBuf>,
    /// Articles; each one's annotations are read from the `.ann` beside it and merged into
    /// its sidecar (`FILE.txt.ann.toml`).
    #[arg(required = true, value_name = "FILE.txt")]
    pub files: Vec<PathBuf>,
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

/// `hashiya agree A B`: B's annotations against A's, on the same article;
/// `hashiya agree X --a alice --b bob`: two annotators inside one sidecar.
#[derive(Debug, Args)]
pub struct AgreeArgs {
    /// Sidecar (or folder of sidecars) of annotator A, the reference; the article is looked for
    /// beside it. With `--a`/`--b`: the one merged sidecar or folder.
    pub a: PathBuf,
    /// Sidecar (or folder) of annotator B, compared against A (not with `--a`/`--b`).
    #[arg(required_unless_present = "by_a", conflicts_with = "by_a")]
    pub b: Option<PathBuf>,
    /// Compare, inside one merged sidecar or folder, what annotator NAME made (`by`) as A.
    #[arg(long = "a", value_name = "NAME", requires = "by_b")]
    pub by_a: Option<String>,
    /// … against what annotator NAME made, as B.
    #[arg(long = "b", value_name = "NAME", requires = "by_a")]
    pub by_b: Option<String>,
    /// List the disagreements too: what one side has and the other has not, other labels, other
    /// boundaries, other claimants, cues or kinds.
    #[arg(long)]
    pub list: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AgreeFormat::Table)]
    pub format: AgreeFormat,
}

/// `hashiya init [DIR]`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The corpus folder (made if missing; default: the current folder).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

/// `hashiya merge-driver O A B [P]`, as git runs it.
#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor (`%O`; empty when both sides added the file).
    #[arg(value_name = "O")]
    pub base: PathBuf,
    /// Our version (`%A`): the merge is written here.
    #[arg(value_name = "A")]
    pub ours: PathBuf,
    /// Their version (`%B`).
    #[arg(value_name = "B")]
    pub theirs: PathBuf,
    /// The path git merges (`%P`), for messages.
    #[arg(value_name = "P")]
    pub name: Option<PathBuf>,
}

/// `hashiya curate A B [C…] --out GOLD`.
#[derive(Debug, Args)]
pub struct CurateArgs {
    /// One annotator's work each: folders of sidecars, or sidecars of one article. With `--by`:
    /// the one sidecar or folder in which the annotators' work was merged.
    #[arg(required = true, value_name = "SOURCE")]
    pub sources: Vec<PathBuf>,
    /// The folder the gold standard goes into (made if missing; never one of the sources). The
    /// decisions are kept there too, so that curation resumes where it stopped.
    #[arg(long, value_name = "GOLD")]
    pub out: PathBuf,
    /// Curate what annotator NAME made (`by`) as one source; give it twice or more.
    #[arg(long = "by", value_name = "NAME")]
    pub by: Vec<String>,
    /// Without the screen: write the agreed annotations (and what was decided before) and print
    /// every disagreement, per article.
    #[arg(long)]
    pub auto: bool,
    /// Output format of `--auto`.
    #[arg(long, value_enum, default_value_t = AgreeFormat::Table, requires = "auto")]
    pub format: AgreeFormat,
}

/// Output formats of `suggest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum SuggestFormat {
    /// Aligned columns for people.
    #[default]
    Table,
    /// Tab-separated values with a header line, a row per suggestion (per label with `--evaluate`).
    Tsv,
    /// JSON Lines, an object per suggestion (one JSON object with `--evaluate`).
    Json,
}

/// `hashiya suggest`.
#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = SuggestFormat::Table)]
    pub format: SuggestFormat,
    /// Write the suggestions into FILE as JSON Lines instead of printing them.
    #[arg(long, value_name = "FILE", conflicts_with = "evaluate")]
    pub out: Option<PathBuf>,
    /// Measure the built-in recommenders leave-one-out over the annotated articles (each
    /// article's suggestions from the other articles' annotations): precision, recall, F1 per label.
    #[arg(long)]
    pub evaluate: bool,
    /// Suggest each article from the other articles' annotations only (what `--evaluate` measures).
    #[arg(long, conflicts_with = "evaluate")]
    pub leave_one_out: bool,
    /// Only the built-in recommenders: leave out those `hashiya.toml` declares.
    #[arg(long)]
    pub builtin_only: bool,
    /// The corpus: folders of articles, or articles (the gazetteer is built from all of them).
    #[arg(required = true, value_name = "DIR|FILE")]
    pub paths: Vec<PathBuf>,
}
