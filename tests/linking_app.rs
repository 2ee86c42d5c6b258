//! Linking mentions to canonical entities through the app (messages in,
//! state and files out): the picker (snapshot), one undo per act, linking
//! on tagging, the coreference chain, and two instances adding to one
//! registry without losing either's entities.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::screen::draw;
use hashiya::app::articles::{ArticleSource, Origin};
use hashiya::app::{App, Mode};
use hashiya::corpus::registry_file::load;
use hashiya::keymap::{Action, Keymap};
use hashiya::layout::LayoutOptions;

fn sample() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/articles/004_c29349fac5246de1.txt");
    std::fs::read_to_string(path).unwrap()
}

/// An app on `name`, a copy of the sample in `dir`, annotated by "tester".
fn app_on(dir: &tempfile::TempDir, name: &str) -> App {
    let mut app = app_anonymous(dir, name);
    app.set_annotator(Some("tester"));
    app
}

/// An app on `name` with no annotator: ids counted up, the same every run.
fn app_anonymous(dir: &tempfile::TempDir, name: &str) -> App {
    let path = dir.path().join(name);
    if !path.exists() {
        std::fs::write(&path, sample()).unwrap();
    }
    let source = ArticleSource { name: name.into(), origin: Origin::File(path) };
    let options = LayoutOptions { mark_placeholder: true, ..LayoutOptions::default() };
    App::new(vec![source], Keymap::default(), options)
}

fn search(app: &mut App, query: &str, nth: usize) {
    app.update(Action::GoTop);
    app.update(Action::Search);
    for c in query.chars() {
        app.type_char(c);
    }
    app.update(Action::Confirm);
    for _ in 0..nth {
        app.update(Action::SearchNext);
    }
}

/// Tags the search's `nth` match of `query` as a PERSON; the status message.
fn tag(app: &mut App, query: &str, nth: usize) -> String {
    search(app, query, nth);
    app.update(Action::TagEntity);
    app.type_char('1');
    app.message.clone().unwrap_or_default()
}

fn link_of(app: &App, text: &str) -> Option<String> {
    app.ann.store.entities().find(|e| e.text == text).and_then(|e| e.link.clone())
}

#[test]
fn link_picker() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_anonymous(&dir, "a.txt");
    draw(&mut app, 100, 30);
    tag(&mut app, "نيكولاي يفمينوف", 0);
    app.update(Action::LinkEntity);
    assert!(matches!(app.mode, Mode::Link(_)));
    // Nothing in the registry yet: one entry, a new entity from the mention.
    app.update(Action::Confirm);
    let k = link_of(&app, "نيكولاي يفمينوف").unwrap();
    assert!(k.starts_with("k-"), "{k}");
    let registry = load(&dir.path().join("entities.toml")).unwrap();
    let made = registry.get(&k).unwrap();
    assert_eq!((made.name.as_str(), made.kind.as_str()), ("نيكولاي يفمينوف", "PERSON"));

    // The lone يفمينوف: the picker filters by part of the name, spelling aside.
    let said = tag(&mut app, "يفمينوف", 1);
    assert!(!said.contains("linked"), "{said}");
    app.update(Action::LinkEntity);
    for c in "يَفمين".chars() {
        app.type_char(c);
    }
    let Mode::Link(picker) = &app.mode else { panic!("{:?}", app.mode) };
    let choices = app.link_choices(picker);
    assert_eq!(choices.len(), 2, "the entity, then a new one: {choices:?}");
    insta::assert_snapshot!("link_picker_100x30", draw(&mut app, 100, 30).backend());
    app.update(Action::Confirm);
    assert_eq!(link_of(&app, "يفمينوف").as_deref(), Some(k.as_str()));
    // The mention's text is now an alias, on disk.
    let registry = load(&dir.path().join("entities.toml")).unwrap();
    assert!(registry.get(&k).unwrap().aliases.contains("يفمينوف"));

    // The coreference chain: both mentions, named on the status line.
    let (name, spans) = app.chain().unwrap();
    assert_eq!((name.as_str(), spans.len()), ("نيكولاي يفمينوف", 2));
    assert!(app.describe_cursor().unwrap().contains("· 2 mentions"));

    // Unlinking is the picker's first entry; each act is one undo step.
    app.update(Action::LinkEntity);
    app.update(Action::Confirm);
    assert_eq!(link_of(&app, "يفمينوف"), None);
    app.update(Action::Undo);
    assert_eq!(link_of(&app, "يفمينوف").as_deref(), Some(k.as_str()));
    app.update(Action::Undo);
    assert_eq!(link_of(&app, "يفمينوف"), None);
    assert_eq!(app.ann.store.entities().count(), 2, "the tag stays: only the link was undone");
}

#[test]
fn a_mention_with_an_aliass_key_is_linked_on_tagging_and_u_unlinks_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("entities.toml"),
        "[[entity]]\nid = \"k-y\"\nname = \"نيكولاي يفمينوف\"\naliases = [\"يفمينوف\"]\n",
    )
    .unwrap();
    let mut app = app_on(&dir, "a.txt");
    // وقال يفمينوف: the clitic-trimmed key of the search's word is the alias's.
    let said = tag(&mut app, "يفمينوف", 1);
    assert!(said.contains("linked to") && said.contains("(u unlinks)"), "{said}");
    assert_eq!(link_of(&app, "يفمينوف").as_deref(), Some("k-y"));
    app.update(Action::Undo);
    assert_eq!(link_of(&app, "يفمينوف"), None);
    assert_eq!(app.ann.store.entities().count(), 1);
    app.update(Action::Undo);
    assert_eq!(app.ann.store.entities().count(), 0);
    // Two canonical entities with the key: none is chosen.
    std::fs::write(
        dir.path().join("entities.toml"),
        "[[entity]]\nid = \"k-y\"\nname = \"يفمينوف\"\n[[entity]]\nid = \"k-z\"\nname = \"يفمينوف\"\n",
    )
    .unwrap();
    let mut app = app_on(&dir, "a.txt");
    let said = tag(&mut app, "يفمينوف", 1);
    assert!(!said.contains("linked"), "{said}");
}

#[test]
fn two_instances_adding_entities_keep_each_others() {
    let dir = tempfile::tempdir().unwrap();
    let mut one = app_on(&dir, "a.txt");
    let mut two = app_on(&dir, "b.txt");
    tag(&mut one, "نيكولاي يفمينوف", 0);
    one.update(Action::LinkEntity);
    one.update(Action::Confirm);
    tag(&mut two, "لي شانغفو", 0);
    two.update(Action::LinkEntity);
    two.update(Action::Confirm);
    let registry = load(&dir.path().join("entities.toml")).unwrap();
    assert!(registry.iter().all(|k| k.by.as_deref() == Some("tester")));
    let names: Vec<&str> = registry.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"نيكولاي يفمينوف") && names.contains(&"لي شانغفو"), "{names:?}");
    // The first instance sees the second's entity once it opens an article.
    assert!(one.canonical(&link_of(&two, "لي شانغفو").unwrap()).is_none());
    one.open(0);
    assert!(one.canonical(&link_of(&two, "لي شانغفو").unwrap()).is_some());
}
