//! End-to-end (tmux, 120×40, the real binary): claims are made and edited
//! after the fact, their claimant and cue are read from the sentence, and
//! one user action is one undo step — checked in the sidecar.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::bin;
use common::tmux::{Tmux, available};

const ARTICLE: &str = "004_c29349fac5246de1.txt";

/// The reader on a scratch copy of article 004.
fn reader(dir: &std::path::Path) -> Tmux {
    let t = Tmux::start(&[bin(), ARTICLE], 120, 40, dir);
    t.wait_for(10, "the reader", |s| s.iter().any(|r| r.contains("READ")));
    t
}

/// Quits with `q` and checks the exit status.
fn quit(t: &Tmux) {
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);
}

/// The sidecar as TOML.
fn sidecar(dir: &std::path::Path) -> toml::Table {
    let path = dir.join(format!("{ARTICLE}.ann.toml"));
    std::fs::read_to_string(path).unwrap().parse().unwrap()
}

/// The entries of `[[what]]` in the sidecar.
fn items(table: &toml::Table, what: &str) -> Vec<toml::Table> {
    table
        .get(what)
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_table().cloned()).collect())
        .unwrap_or_default()
}

/// The id of the entity whose text is `text`.
fn entity_id(table: &toml::Table, text: &str) -> String {
    items(table, "entity")
        .into_iter()
        .find(|e| e["text"].as_str() == Some(text))
        .and_then(|e| e["id"].as_str().map(str::to_string))
        .unwrap_or_else(|| panic!("no entity {text}: {table:#?}"))
}

/// The id of the `n`-th claim of the sidecar (ids are unique, not counted:
/// `c-4kq8r2mz`).
fn claim_id(dir: &std::path::Path, n: usize) -> String {
    let claims = items(&sidecar(dir), "claim");
    claims[n]["id"].as_str().map_or_else(|| panic!("{claims:#?}"), str::to_string)
}

/// The status line (the last row).
fn status(t: &Tmux) -> String {
    t.screen().last().cloned().unwrap_or_default()
}

/// Waits for the claim form.
fn form(t: &Tmux) {
    t.wait_for(10, "the claim form", |s| s.last().is_some_and(|r| r.contains("CLAIM")));
}

/// Waits for the reader's mode on the status line and `what` in it.
fn read_with(t: &Tmux, what: &str) -> String {
    let s =
        t.wait_for(10, what, |s| s.last().is_some_and(|r| r.contains("READ") && r.contains(what)));
    s.last().cloned().unwrap_or_default()
}

#[test]
fn search_then_c_then_enter_takes_the_speaker_tagged_before() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    let t = reader(dir.path());
    // يفمينوف is tagged where it stands alone (its second mention).
    t.search("يفمينوف");
    t.send(&["n", "e", "1"]);
    read_with(&t, "PERSON");
    t.tag("بكين", "3");
    t.search("وقال يفمينوف");
    t.send(&["c"]);
    form(&t);
    t.send(&["Enter"]);
    read_with(&t, "saved: by");
    quit(&t);
    let saved = sidecar(dir.path());
    let claims = items(&saved, "claim");
    assert_eq!(claims.len(), 1);
    let yevmenov = entity_id(&saved, "يفمينوف");
    assert_eq!(claims[0]["claimant"].as_str(), Some(yevmenov.as_str()), "{claims:#?}");
    // The claim is what the search selected; its cue the whole word.
    assert_eq!(claims[0]["text"].as_str(), Some("وقال يفمينوف"));
    assert_eq!(claims[0]["cue"]["text"].as_str(), Some("وقال"));

    // Esc drops the search's selection: `c` then claims the whole sentence.
    let t = reader(dir.path());
    t.search("قالت بكين");
    t.send(&["Escape"]);
    // Apart, so that tmux does not send Esc c as Alt-c.
    std::thread::sleep(std::time::Duration::from_millis(300));
    t.send(&["c"]);
    form(&t);
    t.send(&["Enter"]);
    read_with(&t, "saved: by");
    quit(&t);
    let saved = sidecar(dir.path());
    let claims = items(&saved, "claim");
    assert_eq!(claims.len(), 2);
    let text = claims[1]["text"].as_str().unwrap();
    assert!(text.starts_with("قالت بكين إنها دعمت روسيا") && text.ends_with("الحادث."), "{text}");
    assert_eq!(claims[1]["claimant"].as_str(), Some(entity_id(&saved, "بكين").as_str()));
}

#[test]
fn a_claims_claimant_and_kind_are_changed_after_its_form_was_closed() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    let t = reader(dir.path());
    t.search("يفمينوف");
    t.send(&["n", "e", "1"]);
    read_with(&t, "PERSON");
    t.tag("بكين", "3");
    t.search("وقال يفمينوف");
    t.send(&["c"]);
    form(&t);
    t.send(&["Enter"]);
    read_with(&t, "saved: by");
    let c1 = claim_id(dir.path(), 0);
    // Later: the cursor is in the claim, nothing selected by hand: `c`
    // opens that claim's form; typing filters the entities.
    t.send(&["c"]);
    let editing = format!("{c1} · editing");
    t.wait_for(10, "the claim's own form", |s| s.iter().any(|r| r.contains(&editing)));
    t.type_text("بكي");
    t.send(&["Enter"]);
    read_with(&t, &format!("claim {c1} saved"));
    // From the review table: `L` on the claim opens its form at the kind.
    t.send(&["Tab"]);
    t.wait_for(10, "the review table", |s| {
        s.iter().any(|r| r.contains("this article: annotations of"))
    });
    t.send(&["K", "K"]);
    t.wait_for(10, "claims only", |s| s.iter().any(|r| r.contains("· 1 annotation ·")));
    t.send(&["L"]);
    form(&t);
    assert!(!status(&t).contains("no entity"), "{}", status(&t));
    // Typing in the kind field is refused, and says so.
    t.type_text("x");
    t.wait_for(10, "the refusal", |s| s.iter().any(|r| r.contains("not typed")));
    t.send(&["Right", "Enter"]);
    let saved_c1 = format!("claim {c1} saved");
    t.wait_for(10, "the table again", |s| s.last().is_some_and(|r| r.contains(&saved_c1)));
    t.send(&["Tab"]);
    quit(&t);
    let saved = sidecar(dir.path());
    let claims = items(&saved, "claim");
    assert_eq!(claims.len(), 1, "still one claim: {claims:#?}");
    let beijing = entity_id(&saved, "بكين");
    assert_eq!(claims[0]["claimant"].as_str(), Some(beijing.as_str()));
    assert_eq!(claims[0]["kind"].as_str(), Some("mixed"));
}

#[test]
fn the_cue_of_qalat_bikin_is_qalat_and_c_esc_u_leaves_no_claim() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    let t = reader(dir.path());
    t.tag("بكين", "3");
    t.search("قالت بكين");
    t.send(&["c"]);
    form(&t);
    t.send(&["Enter"]);
    read_with(&t, "saved: by");
    let c1 = claim_id(dir.path(), 0);
    let saved = sidecar(dir.path());
    let claims = items(&saved, "claim");
    assert_eq!(claims[0]["cue"]["text"].as_str(), Some("قالت"));
    assert_eq!(claims[0]["claimant"].as_str(), Some(entity_id(&saved, "بكين").as_str()));

    // A new claim elsewhere: `c`, Esc, `u` leaves no trace of it.
    t.search("وتقول الصين");
    t.send(&["c"]);
    form(&t);
    t.send(&["Escape"]);
    read_with(&t, "saved");
    assert_eq!(items(&sidecar(dir.path()), "claim").len(), 2);
    let c2 =
        [claim_id(dir.path(), 0), claim_id(dir.path(), 1)].into_iter().find(|c| *c != c1).unwrap();
    assert!(status(&t).contains(&format!("claim {c2} saved")), "{}", status(&t));
    t.send(&["u"]);
    let line = read_with(&t, "undone");
    assert!(line.contains(&format!("undone: claim {c2}")), "{line}");
    quit(&t);
    let claims = items(&sidecar(dir.path()), "claim");
    assert_eq!(claims.len(), 1, "{claims:#?}");
    assert_eq!(claims[0]["id"].as_str(), Some(c1.as_str()));
}

#[test]
fn an_entitys_span_is_changed_with_e_and_tag_all_is_one_undo_step() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    let t = reader(dir.path());
    t.tag("شانغفو", "1");
    let e1 = entity_id(&sidecar(dir.path()), "شانغفو");
    // E: the span is selected; > moves its start edge one word to the
    // right on screen (earlier in Arabic): «لي شانغفو».
    t.send(&["E"]);
    read_with(&t, &format!("span of {e1}"));
    t.send(&[">", "E"]);
    read_with(&t, &format!("{e1} now covers"));
    let saved = sidecar(dir.path());
    assert_eq!(items(&saved, "entity")[0]["text"].as_str(), Some("لي شانغفو"));
    // Tag all the other mentions of موسكو: one undo takes them all back.
    t.tag("موسكو", "3");
    t.send(&["A"]);
    t.wait_for(10, "tag all", |s| s.last().is_some_and(|r| r.contains("tag as GPE")));
    t.send(&["a"]);
    read_with(&t, "tagged");
    let before = items(&sidecar(dir.path()), "entity").len();
    assert!(before >= 4, "موسكو is in the article four times: {before}");
    t.send(&["u"]);
    let line = read_with(&t, "undone");
    assert!(line.contains(&format!("undone: tag all ({} entities)", before - 2)), "{line}");
    quit(&t);
    assert_eq!(items(&sidecar(dir.path()), "entity").len(), 2);
}

#[test]
fn ctrl_e_tags_an_untagged_speaker_in_the_claims_undo_step() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    let t = reader(dir.path());
    // «قال وزير الدفاع الصيني يوم الاثنين إنه …»: nothing is tagged; the
    // suggested claimant is the title's words.
    t.search("الاثنين");
    t.send(&["Escape"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    t.send(&["c"]);
    form(&t);
    t.wait_for(10, "the untagged speaker", |s| s.iter().any(|r| r.contains("(not tagged")));
    t.send(&["C-e"]);
    t.wait_for(10, "the label picker", |s| s.last().is_some_and(|r| r.contains("LABEL")));
    t.send(&["1"]);
    t.wait_for(10, "the form again", |s| {
        s.last().is_some_and(|r| r.contains("CLAIM") && r.contains("is the claimant of c-"))
    });
    t.send(&["Enter"]);
    let c1 = claim_id(dir.path(), 0);
    read_with(&t, &format!("claim {c1} saved"));
    let saved = sidecar(dir.path());
    let minister = entity_id(&saved, "وزير الدفاع الصيني");
    let claims = items(&saved, "claim");
    assert_eq!(claims[0]["claimant"].as_str(), Some(minister.as_str()));
    assert_eq!(claims[0]["cue"]["text"].as_str(), Some("قال"));
    // One undo: the claim and the entity tagged from its form.
    t.send(&["u"]);
    read_with(&t, &format!("undone: claim {c1}"));
    quit(&t);
    let saved = sidecar(dir.path());
    assert!(items(&saved, "claim").is_empty() && items(&saved, "entity").is_empty(), "{saved:#?}");
}
