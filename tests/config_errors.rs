//! Configuration mistakes are reported, never silently replaced: broken
//! keymaps stop the reader (exit 2) and `check` names them; a broken
//! `hashiya.toml` is reported by `check` even without sidecars, and turns
//! annotation off in the reader instead of falling back to the built-in
//! labels; symlinked sidecars are written through; Ctrl-C twice quits.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::bin;
use common::screen::draw;
use common::tmux::{Tmux, available};
use hashiya::app::articles::{ArticleSource, Origin};
use hashiya::app::{App, Mode};
use hashiya::keymap::{Action, Keymap};
use hashiya::layout::LayoutOptions;

const ARTICLE: &str = "004_c29349fac5246de1.txt";

/// A `hashiya.toml` with a duplicate label (line 5) and an empty one (line 7).
const BROKEN_SCHEMA: &str = "[[label]]\nname = \"WEAPON\"\nkey = \"w\"\n[[label]]\nname = \"WEAPON\"\n[[label]]\nname = \"\"\n";

/// Runs the binary in `dir` with `args`, standard input closed, and no
/// user keymap (a private, empty `XDG_CONFIG_HOME` unless `xdg` is given).
fn run(dir: &Path, args: &[&str], xdg: Option<&Path>) -> Output {
    let empty = tempfile::tempdir().unwrap();
    Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env("XDG_CONFIG_HOME", xdg.unwrap_or(empty.path()))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

// ----- keymaps -----

#[test]
fn a_keymap_with_no_way_to_quit_stops_the_reader_with_its_place() {
    let dir = common::scratch(ARTICLE);
    std::fs::write(dir.path().join("keys.toml"), "# mine\n[reader]\nquit = []\n").unwrap();
    let out = run(dir.path(), &["--keymap", "keys.toml", ARTICLE], None);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.starts_with("hashiya: the keymap keys.toml is refused"), "{err}");
    assert!(err.contains("\n  keys.toml:3:1: error: `quit = [...]` leaves [reader]"), "{err}");
    assert!(err.contains("hashiya check --keymap keys.toml"), "{err}");
    // Nothing reached standard output: the screen was never taken.
    assert!(out.stdout.is_empty());

    // `check` reports the same place, exit 1.
    let out = run(dir.path(), &["check", "--keymap", "keys.toml"], None);
    assert_eq!(out.status.code(), Some(1));
    let found = text(&out.stdout);
    assert!(found.starts_with("keys.toml:3:1: error: `quit = [...]` leaves [reader]"), "{found}");
    assert!(text(&out.stderr).contains("1 keymap(s): 1 error(s)"), "{}", text(&out.stderr));
}

#[test]
fn the_user_keymap_is_refused_too_and_check_finds_it_when_asked() {
    let dir = common::scratch(ARTICLE);
    let xdg = tempfile::tempdir().unwrap();
    std::fs::create_dir(xdg.path().join("hashiya")).unwrap();
    let user = xdg.path().join("hashiya/keymap.toml");
    std::fs::write(
        &user,
        "[reader]\nhelp = [\"?\", \"q\"]\n[form]\ncancel = []\nnext_feild = [\"x\"]\n",
    )
    .unwrap();
    let out = run(dir.path(), &[ARTICLE], Some(xdg.path()));
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let shown = user.display().to_string();
    // Every problem, in file order: `q` taken from quit, cancel gone, a typo.
    for line in [
        format!("{shown}:2:14: error: binding q to `help` takes the last key of `quit`"),
        format!("{shown}:4:1: error: `cancel = [...]` leaves [form] with no key for `cancel`"),
        format!(
            "{shown}:5:1: error: unknown action \"next_feild\" in [form]: did you mean `next_field`?"
        ),
    ] {
        assert!(err.contains(&line), "{line}\nnot in\n{err}");
    }

    let out = run(dir.path(), &["check", "--user-keymap"], Some(xdg.path()));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout).lines().count(), 3, "{}", text(&out.stdout));
    // Without one, `--user-keymap` says so and is clean.
    let out = run(dir.path(), &["check", "--user-keymap"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("no user keymap at "), "{}", text(&out.stderr));
    // A valid keymap passes.
    std::fs::write(&user, "[reader]\nquit = [\"Q\"]\nhelp = [\"q\"]\n").unwrap();
    let out = run(dir.path(), &["check", "--user-keymap"], Some(xdg.path()));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

// ----- hashiya.toml -----

#[test]
fn check_reports_a_broken_schema_in_a_folder_without_sidecars() {
    let dir = common::scratch(ARTICLE);
    std::fs::write(dir.path().join("hashiya.toml"), BROKEN_SCHEMA).unwrap();
    let expected = [
        "hashiya.toml:5:8: error: duplicate label \"WEAPON\" (first at line 2): label names must be unique",
        "hashiya.toml:7:8: error: empty label name: name = \"PERSON\", for instance",
    ];
    // The folder, the article (no sidecar beside it) and the file itself.
    for (arg, prefix) in [(".", "./"), (ARTICLE, "./"), ("hashiya.toml", "./")] {
        let out = run(dir.path(), &["check", arg], None);
        assert_eq!(out.status.code(), Some(1), "check {arg}: {}", text(&out.stderr));
        let lines: Vec<String> = text(&out.stdout).lines().map(str::to_string).collect();
        let want: Vec<String> = expected.iter().map(|l| format!("{prefix}{l}")).collect();
        assert_eq!(lines, want, "check {arg}");
        let summary = text(&out.stderr);
        assert!(summary.contains("checked 0 sidecar(s), 1 hashiya.toml: 2 error(s)"), "{summary}");
    }
    // Fixed, it is clean; an unknown key is a warning (exit 1 only with --strict).
    std::fs::write(dir.path().join("hashiya.toml"), "[[label]]\nname = \"A\"\ncolour = \"red\"\n")
        .unwrap();
    let out = run(dir.path(), &["check", "."], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("./hashiya.toml:3:1: warning: unknown key \"colour\""));
    let out = run(dir.path(), &["check", "--strict", "."], None);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn check_reports_broken_toml_at_its_place_beside_sidecar_findings() {
    let dir = common::scratch(ARTICLE);
    std::fs::write(dir.path().join("hashiya.toml"), "cues = [\"قال\"\n[[label]]\n").unwrap();
    std::fs::write(
        dir.path().join(format!("{ARTICLE}.ann.toml")),
        "schema = 1\n\n[article]\nfile = \"x.txt\"\n",
    )
    .unwrap();
    let out = run(dir.path(), &["check", "."], None);
    assert_eq!(out.status.code(), Some(1));
    let found = text(&out.stdout);
    let lines: Vec<&str> = found.lines().collect();
    // The schema comes first, then the sidecar (whose labels are not
    // checked against a schema that is broken).
    assert!(lines[0].starts_with("./hashiya.toml:2:1: error: missing comma"), "{found}");
    assert!(lines[0].contains(": error: "), "{found}");
    assert!(
        lines.iter().any(|l| l.contains(".ann.toml:4:8: warning: `[article] file`")),
        "{found}"
    );
    assert!(!found.contains("not in the schema"), "{found}");
}

/// Searches for `query` as the keys do (the match is selected).
fn search(app: &mut App, query: &str) {
    app.update(Action::Search);
    for c in query.chars() {
        app.type_char(c);
    }
    app.update(Action::Confirm);
    assert!(app.reader.selection.is_some(), "{query} not found");
}

/// An app on `name` in `dir` with the default keys.
fn app_on(dir: &Path, name: &str) -> App {
    let source = ArticleSource { name: name.into(), origin: Origin::File(dir.join(name)) };
    let options = LayoutOptions { mark_placeholder: true, ..LayoutOptions::default() };
    App::new(vec![source], Keymap::default(), options)
}

#[test]
fn a_broken_schema_turns_annotation_off_and_says_why_whole_on_the_first_frame() {
    // A folder with a path of fixed length (relative to the package, where
    // tests run), so that the message wraps the same way everywhere.
    let dir = tempfile::Builder::new().prefix("banner-").tempdir_in("target").unwrap();
    let name = dir.path().file_name().unwrap().to_string_lossy().into_owned();
    let article = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles").join(ARTICLE);
    std::fs::copy(article, dir.path().join(ARTICLE)).unwrap();
    std::fs::write(dir.path().join("hashiya.toml"), BROKEN_SCHEMA).unwrap();
    let mut app = app_on(&Path::new("target").join(&name), ARTICLE);
    let screen = draw(&mut app, 100, 30).backend().to_string().replace(&name, "banner-XXXXXX");
    insta::assert_snapshot!("schema_error_banner_100x30", screen);
    assert_eq!(app.ann.status(), "read-only");
    // `e` opens no label picker: nothing is tagged with built-in labels.
    app.update(Action::TagEntity);
    assert_eq!(app.mode, Mode::Read);
    app.type_char('1');
    app.save();
    assert_eq!(app.ann.store.entities().count(), 0);
    let message = app.message.clone().unwrap_or_default();
    assert!(message.starts_with("annotation is off: "), "{message}");
    assert!(message.contains("hashiya.toml:5:8: duplicate label"), "{message}");
    assert!(!dir.path().join(format!("{ARTICLE}.ann.toml")).exists());
    assert_eq!(std::fs::read_to_string(dir.path().join("hashiya.toml")).unwrap(), BROKEN_SCHEMA);
}

#[test]
fn a_schema_warning_is_shown_and_annotation_goes_on_with_its_labels() {
    let dir = common::scratch(ARTICLE);
    std::fs::write(
        dir.path().join("hashiya.toml"),
        "[[label]]\nname = \"WEAPON\"\nkey = \"w\"\ncolour = \"red\"\n",
    )
    .unwrap();
    let mut app = app_on(dir.path(), ARTICLE);
    let message = app.message.clone().unwrap_or_default();
    assert!(message.starts_with("warning: "), "{message}");
    assert!(message.contains("hashiya.toml:4:1: unknown key \"colour\""), "{message}");
    search(&mut app, "شانغفو");
    app.update(Action::TagEntity);
    app.type_char('w');
    app.save();
    let saved = std::fs::read_to_string(dir.path().join(format!("{ARTICLE}.ann.toml"))).unwrap();
    assert!(saved.contains("label = \"WEAPON\""), "{saved}");
}

#[test]
fn export_names_a_broken_schema_and_declares_no_builtin_labels() {
    let dir = common::scratch(ARTICLE);
    std::fs::write(dir.path().join("hashiya.toml"), BROKEN_SCHEMA).unwrap();
    std::fs::write(
        dir.path().join(format!("{ARTICLE}.ann.toml")),
        format!("schema = 1\n\n[article]\nfile = \"{ARTICLE}\"\n"),
    )
    .unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out_arg = out_dir.path().to_string_lossy().into_owned();
    let out = run(dir.path(), &["export", "--format", "brat", "--out", &out_arg, "."], None);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("hashiya.toml:5:8: duplicate label"), "{err}");
    let conf = std::fs::read_to_string(out_dir.path().join("annotation.conf")).unwrap();
    assert!(!conf.contains("PERSON") && !conf.contains("ORG"), "{conf}");
}

#[test]
fn the_reader_shows_the_schema_error_at_once_and_refuses_to_tag() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    std::fs::write(dir.path().join("hashiya.toml"), BROKEN_SCHEMA).unwrap();
    let t = Tmux::start(&[bin(), ARTICLE], 100, 30, dir.path());
    let first = t.wait_for(10, "the reader", |s| s.iter().any(|r| r.contains("READ")));
    let shown = first.join("\n");
    assert!(shown.contains("hashiya.toml:5:8: duplicate label \"WEAPON\""), "{shown}");
    assert!(shown.contains("read-only"), "{shown}");
    t.send(&["e"]);
    let after =
        t.wait_for(10, "the refusal", |s| s.iter().any(|r| r.contains("annotation is off")));
    assert!(!after.iter().any(|r| r.contains("LABEL")), "{}", after.join("\n"));
    t.send(&["1"]);
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
    assert!(!dir.path().join(format!("{ARTICLE}.ann.toml")).exists());
    assert_eq!(std::fs::read_to_string(dir.path().join("hashiya.toml")).unwrap(), BROKEN_SCHEMA);
}

// ----- symbolic links -----

#[cfg(unix)]
#[test]
fn a_symlinked_sidecar_keeps_its_link_and_its_target_gets_the_change() {
    let dir = common::scratch(ARTICLE);
    let store = tempfile::tempdir().unwrap();
    let target = store.path().join("shared.ann.toml");
    std::fs::write(&target, format!("schema = 1\n\n[article]\nfile = \"{ARTICLE}\"\n")).unwrap();
    let link = dir.path().join(format!("{ARTICLE}.ann.toml"));
    std::os::unix::fs::symlink(&target, &link).unwrap();

    let mut app = app_on(dir.path(), ARTICLE);
    search(&mut app, "شانغفو");
    app.update(Action::TagEntity);
    app.type_char('1');
    app.save();
    assert_eq!(app.ann.status(), "saved");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    let saved = std::fs::read_to_string(&target).unwrap();
    assert!(saved.contains("text = \"شانغفو\"") && saved.contains("label = \"PERSON\""), "{saved}");
    // Only the article and the link are in the article's folder.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[cfg(unix)]
#[test]
fn the_reader_writes_through_a_symlinked_sidecar() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    let store = tempfile::tempdir().unwrap();
    let target = store.path().join("shared.ann.toml");
    std::fs::write(&target, format!("schema = 1\n\n[article]\nfile = \"{ARTICLE}\"\n")).unwrap();
    let link = dir.path().join(format!("{ARTICLE}.ann.toml"));
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let t = Tmux::start(&[bin(), ARTICLE], 120, 40, dir.path());
    t.wait_for(10, "the reader", |s| s.iter().any(|r| r.contains("READ")));
    t.tag("شانغفو", "1");
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&target).unwrap().contains("text = \"شانغفو\""));
}

#[cfg(unix)]
#[test]
fn a_symlinked_article_keeps_its_sidecar_beside_the_link() {
    let shelf = common::scratch(ARTICLE);
    let corpus = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(shelf.path().join(ARTICLE), corpus.path().join("linked.txt"))
        .unwrap();
    let mut app = app_on(corpus.path(), "linked.txt");
    search(&mut app, "شانغفو");
    app.update(Action::TagEntity);
    app.type_char('1');
    app.save();
    let sidecar = corpus.path().join("linked.txt.ann.toml");
    let saved = std::fs::read_to_string(&sidecar).unwrap();
    assert!(saved.contains("file = \"linked.txt\""), "{saved}");
    // The folder the link points into is untouched.
    assert_eq!(std::fs::read_dir(shelf.path()).unwrap().count(), 1);
    // `check` and `list` find it the same way.
    let out = run(corpus.path(), &["check", "."], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let out = run(corpus.path(), &["list", "--format", "tsv", "."], None);
    assert!(text(&out.stdout).contains("linked.txt\tentity"), "{}", text(&out.stdout));
}

// ----- the emergency exit -----

#[test]
fn ctrl_c_twice_quits_and_once_says_how() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    let t = Tmux::start(&[bin(), ARTICLE], 100, 30, dir.path());
    t.wait_for(10, "the reader", |s| s.iter().any(|r| r.contains("READ")));
    t.send(&["C-c"]);
    t.wait_for(10, "the hint", |s| s.iter().any(|r| r.contains("Ctrl-C again within a second")));
    // Another key disarms it; two in a row quit.
    t.send(&["j"]);
    t.send(&["C-c", "C-c"]);
    assert_eq!(t.wait_exit(10), 0);
}

// ----- invariants -----

mod invariants {
    use std::path::Path;

    use hashiya::annotate::Schema;
    use hashiya::annotate::schema::BUILTIN_SCHEMA;
    use hashiya::keymap::{DEFAULT_KEYMAP, EXITS, Keymap};
    use hashiya::text::position::FileError;
    use proptest::prelude::*;

    /// A valid file with a byte range replaced by random text.
    fn mutated(base: &'static str) -> impl Strategy<Value = String> {
        (0..base.len(), 0usize..40, ".{0,20}").prop_map(move |(at, len, insert)| {
            let mut at = at;
            while !base.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + len).min(base.len());
            while !base.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}{}{}", &base[..at], insert, &base[end..])
        })
    }

    /// Lines of a keymap that often remove keys: `action = []` and steals.
    fn unbinding() -> impl Strategy<Value = String> {
        let line = prop_oneof![
            Just("quit = []".to_string()),
            Just("cancel = []".to_string()),
            Just("toggle_review = []".to_string()),
            Just("help = [\"q\"]".to_string()),
            Just("confirm = [\"esc\"]".to_string()),
            Just("next_item = [\"esc\", \"tab\"]".to_string()),
            Just("filter_text = [\"tab\"]".to_string()),
        ];
        let table = prop_oneof![
            Just("[reader]"),
            Just("[review]"),
            Just("[search]"),
            Just("[picker]"),
            Just("[form]")
        ];
        proptest::collection::vec((table, proptest::collection::vec(line, 0..4)), 0..5).prop_map(
            |tables| {
                let tables: Vec<String> = tables
                    .into_iter()
                    .map(|(t, lines)| [t.to_string(), lines.join("\n")].join("\n"))
                    .collect();
                tables.join("\n")
            },
        )
    }

    /// Every error lies inside the file.
    fn placed_inside(errors: &[FileError], source: &str) -> bool {
        let lines = source.split('\n').count();
        errors.iter().all(|e| match e {
            FileError::Invalid { line, column, .. } => {
                *line >= 1
                    && *line <= lines
                    && *column >= 1
                    && *column
                        <= source.split('\n').nth(line - 1).map_or(0, |l| l.chars().count()) + 1
            }
            FileError::Io { .. } => false,
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// A keymap is accepted only if every mode keeps its way out, and
        /// every problem of a refused one is placed inside the file.
        #[test]
        fn an_accepted_keymap_always_has_a_way_out(
            source in prop_oneof![unbinding(), mutated(DEFAULT_KEYMAP)]
        ) {
            match Keymap::default().merged(&source, Path::new("k.toml")) {
                Ok(keymap) => {
                    for &(mode, exits, _) in EXITS {
                        prop_assert!(
                            exits.iter().any(|&a| !keymap.keys(mode, a).is_empty()),
                            "{mode} has no way out in an accepted keymap:\n{source}"
                        );
                    }
                }
                Err(errors) => {
                    prop_assert!(!errors.is_empty());
                    prop_assert!(placed_inside(&errors, &source), "{errors:?}");
                }
            }
        }

        /// A schema is used only without errors, and every problem is
        /// placed inside the file.
        #[test]
        fn a_schema_is_used_only_without_errors(
            source in prop_oneof![".{0,200}", mutated(BUILTIN_SCHEMA)]
        ) {
            let (schema, report) = Schema::builtin().check_toml(&source, Path::new("h.toml"));
            prop_assert_eq!(schema.is_some(), report.errors.is_empty());
            prop_assert!(placed_inside(&report.errors, &source), "{:?}", report.errors);
            prop_assert!(placed_inside(&report.warnings, &source), "{:?}", report.warnings);
            if let Some(schema) = schema {
                let mut names: Vec<_> = schema.labels.iter().map(|l| &l.name).collect();
                let n = names.len();
                names.sort();
                names.dedup();
                prop_assert_eq!(names.len(), n, "duplicate labels accepted");
                prop_assert!(schema.labels.iter().all(|l| !l.name.is_empty()));
            }
        }
    }
}
