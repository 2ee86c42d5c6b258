//! End-to-end: making a relation in a real terminal (tmux, 120×40) with two
//! selections — `R` on one entity, `R` on the other, a type from the
//! picker — then both ends light up with the cursor on either, the status
//! line names the relation, one undo takes it back, and the sidecar has it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::bin;
use common::tmux::{Tmux, available};

const ARTICLE: &str = "004_c29349fac5246de1.txt";

/// «لي شانغفو» and «البحرية الروسية» as drawn (shaped, right to left).
const SHANGFU: &str = "ﻮﻔﻐﻧﺎﺷ ﻲﻟ";
const NAVY: &str = "ﺔﻴﺳﻭﺮﻟﺍ ﺔﻳﺮﺤﺒﻟﺍ";

/// The runs of a styled row (`capture-pane -e`) drawn in the colour of the
/// ends of the relation under the cursor (bright magenta: SGR 95 or
/// `38;5;13`). The word under the cursor is drawn in the cursor's style.
fn linked(row: &str) -> Vec<String> {
    let mut runs = vec![String::new()];
    let mut on = false;
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            let mut params = String::new();
            for p in chars.by_ref() {
                if p.is_ascii_alphabetic() {
                    break;
                }
                params.push(p);
            }
            let mut codes = params.split(';').map(|p| p.split(':').next().unwrap_or(""));
            while let Some(code) = codes.next() {
                match code {
                    "" | "0" | "39" => on = false,
                    "95" => on = true,
                    "38" => {
                        on = if codes.next() == Some("5") {
                            codes.next() == Some("13")
                        } else {
                            codes.nth(2);
                            false
                        };
                    }
                    "48" | "58" => {
                        let skip = if codes.next() == Some("5") { 1 } else { 3 };
                        codes.nth(skip - 1);
                    }
                    n if n.len() == 2 && (n.starts_with('3') || n.starts_with('9')) => on = false,
                    _ => {}
                }
            }
            if !on && runs.last().is_some_and(|r| !r.is_empty()) {
                runs.push(String::new());
            }
            continue;
        }
        if on {
            if let Some(run) = runs.last_mut() {
                run.push(c);
            }
        }
    }
    runs.into_iter().map(|r| r.trim().to_owned()).filter(|r| !r.is_empty()).collect()
}

/// Esc, alone (two at once would read as Alt-Esc).
fn escape(t: &Tmux) {
    t.send(&["Escape"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
}

fn all_linked(t: &Tmux) -> Vec<String> {
    t.screen_styled().iter().flat_map(|row| linked(row)).collect()
}

#[test]
fn r_on_two_entities_makes_a_relation_whose_ends_light_up() {
    if !available() {
        return;
    }
    let dir = common::scratch(ARTICLE);
    let path = dir.path().join(ARTICLE);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut store = hashiya::annotate::Store::new();
    // The second «البحرية الروسية», after «لي شانغفو»: where a search from
    // there lands.
    for (label, needle) in [("PERSON", "لي شانغفو"), ("ORG", "البحرية الروسية")]
    {
        let byte = text.rfind(needle).unwrap();
        let start = text[..byte].chars().count();
        store.add_entity(label, start..start + needle.chars().count(), needle).unwrap();
    }
    let sidecar = hashiya::annotate::sidecar_path(&path);
    hashiya::annotate::save(&sidecar, &store, text.as_bytes()).unwrap();

    let t = Tmux::start(&[bin(), ARTICLE], 120, 40, dir.path());
    t.wait_for(10, "the reader", |s| s.iter().any(|r| r.contains("READ")));
    // Esc drops the match's selection, Esc again the search highlights:
    // the cursor stays on شانغفو, in the first entity.
    t.search("شانغفو");
    escape(&t);
    escape(&t);
    t.send(&["R"]);
    t.wait_for(10, "the first end", |s| s.last().is_some_and(|r| r.contains("relation from e1")));
    // لي lights up (شانغفو is under the cursor).
    t.wait_for(10, "the first end lit", |_| all_linked(&t).iter().any(|r| r == "ﻲﻟ"));
    // Esc drops the selection only (the relation waits for its second end).
    t.search("البحرية");
    escape(&t);
    t.send(&["R"]);
    t.wait_for(10, "the type picker", |s| s.iter().any(|r| r.contains("Relation (key")));
    let picker = t.screen();
    assert!(picker.iter().any(|r| r.contains("member_of")), "{picker:#?}");
    assert!(picker.iter().any(|r| r.contains("met_with")), "{picker:#?}");
    assert!(!picker.iter().any(|r| r.contains("located_in")), "not PERSON → ORG: {picker:#?}");
    t.send(&["m"]);
    t.wait_for(10, "the relation", |s| s.last().is_some_and(|r| r.contains(": member_of «")));
    // Drop the search highlights: the cursor stays on the second end; both
    // ends light up and the status line names the relation.
    escape(&t);
    t.send(&["w", "b"]);
    // The first end whole; of the second, the word the cursor is not on.
    t.wait_for(10, "both ends lit", |_| {
        let lit = all_linked(&t);
        lit.iter().any(|r| r.contains(SHANGFU))
            && lit.iter().any(|r| NAVY.split(' ').any(|w| w == r))
    });
    t.wait_for(10, "the status line", |s| {
        s.iter().any(|r| r.contains("e2 ORG") && r.contains(" member_of "))
    });
    t.send(&["u"]);
    t.wait_for(10, "the undo", |s| s.last().is_some_and(|r| r.contains("undone: relation r-")));
    t.send(&["C-r"]);
    t.wait_for(10, "the redo", |s| s.last().is_some_and(|r| r.contains("redone: relation r-")));
    t.send(&["q"]);
    assert_eq!(t.wait_exit(10), 0);

    let saved: toml::Table = std::fs::read_to_string(&sidecar).unwrap().parse().unwrap();
    let relation = &saved["relation"].as_array().unwrap()[0];
    assert_eq!(relation["label"].as_str(), Some("member_of"));
    assert!(relation["id"].as_str().unwrap().starts_with("r-"), "a unique id: {relation:?}");
    assert_eq!(relation["from"].as_str(), Some("e1"));
    assert_eq!(relation["to"].as_str(), Some("e2"));
}
