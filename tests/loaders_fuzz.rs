//! Arbitrary input for the loaders users and colleagues feed Hashiya: the
//! keymap file and the sidecar. Neither may panic; a failed keymap merge
//! must leave the keymap as it was.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use hashiya::annotate::parse_str;
use hashiya::keymap::{DEFAULT_KEYMAP, Keymap, Mode};
use proptest::prelude::*;

/// Mutations of a valid file: a byte range replaced by random text.
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

const SIDECAR: &str = "schema = 1\n\n[article]\nfile = \"a.txt\"\nsha256 = \"00\"\n\n\
[[entity]]\nid = \"e1\"\nlabel = \"PERSON\"\nstart = 0\nend = 5\ntext = \"بوتين\"\n\n\
[[claim]]\nid = \"c1\"\nstart = 6\nend = 10\ntext = \"قال\"\nclaimant = \"e1\"\n\
cue = { start = 6, end = 9, text = \"قال\" }\nkind = \"direct\"\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn keymap_never_panics_and_failures_change_nothing(source in prop_oneof![
        ".{0,200}",
        mutated(DEFAULT_KEYMAP),
    ]) {
        let mut keymap = Keymap::default();
        let before = keymap.bindings(Mode::Reader);
        if keymap.merge_toml(&source, Path::new("user.toml")).is_err() {
            prop_assert_eq!(keymap.bindings(Mode::Reader), before);
        }
    }

    #[test]
    fn sidecar_loader_never_panics(source in prop_oneof![".{0,300}", mutated(SIDECAR)]) {
        let _ = parse_str(&source, Path::new("a.txt.ann.toml"), "بوتين قال إن");
    }
}
