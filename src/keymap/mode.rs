//! Input modes: each has its own table in a keymap file.

use super::action::Action;

/// Declares [`Mode`] with its name and the actions a key may trigger in it.
macro_rules! modes {
    ($($variant:ident = $name:literal : $doc:literal [$($action:ident),* $(,)?],)*) => {
        /// Where keys go; each mode has its own bindings.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Deserialize, serde::Serialize,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum Mode {
            $(#[doc = $doc] $variant,)*
        }

        impl Mode {
            /// Every mode, in declaration order.
            pub const ALL: &'static [Mode] = &[$(Mode::$variant,)*];

            /// The mode's table name in keymap files.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Mode::$variant => $name,)*
                }
            }

            /// The actions that can be bound in this mode.
            pub const fn actions(self) -> &'static [Action] {
                match self {
                    $(Mode::$variant => &[$(Action::$action,)*],)*
                }
            }
        }
    };
}

modes! {
    Reader = "reader": " Reading and annotating the article (normal mode)." [
        Quit, ScrollLineDown, ScrollLineUp, ScrollPageDown, ScrollPageUp, ScrollHalfPageDown,
        ScrollHalfPageUp, GoTop, GoBottom, CursorLeft, CursorRight, NextWord, PreviousWord,
        NextParagraph, PreviousParagraph, LineStart, LineEnd, NextArticle, PreviousArticle,
        ToggleArticleList, Search, SearchCorpus, CycleStatus, SearchNext, SearchPrevious, ClearSearch, Help, MessageLog,
        Select, SelectLeft, SelectRight, ExtendStartLeft, ExtendStartRight, ExtendEndLeft,
        ExtendEndRight, TrimProclitics, TagEntity, TagClaim, TagAllOccurrences,
        SelectLeftChar, SelectRightChar, ExtendStartLeftChar, ExtendStartRightChar,
        ExtendEndLeftChar, ExtendEndRightChar,
        NextAnnotation, PreviousAnnotation, NextUntaggedMention, PreviousUntaggedMention,
        DeleteAnnotation, EditNote, ChangeLabel, LinkEntity, Undo, Redo, ToggleReview, Relate,
        EditSpan, Confirm,
        ToggleSuggestions, NextSuggestion, AcceptSuggestion, AcceptSuggestionLabel,
        RejectSuggestion,
    ],
    Search = "search": " Typing a search query; other keys edit the query." [Confirm, Cancel],
    Picker = "picker": " Choosing from a list (labels, articles, the matches of a search of every article; typing there edits its query)." [
        NextItem, PreviousItem, Confirm, Cancel, FilterStatus,
    ],
    Form = "form": " Filling a form (claim, note); other keys edit the field." [
        NextField, PreviousField, Confirm, Cancel,
        FreeText, TagClaimant,
    ],
    Review = "review": " The review table and corpus views." [
        Quit, Help, MessageLog, ToggleReview, NextItem, PreviousItem, ScrollPageDown, ScrollPageUp,
        GoTop, GoBottom, Confirm, FilterText, FilterKind, FilterLabel, FilterBy, CycleSort,
        CycleView,
        DeleteAnnotation, EditNote, ChangeLabel, Undo, Redo, NextArticle, PreviousArticle,
        Cancel,
        TagClaim, EditSpan,
    ],
    Pager = "pager": " The help and the message log: scroll, filter (help), close; other keys start the help's filter." [
        ScrollLineDown, ScrollLineUp, ScrollPageDown, ScrollPageUp, GoTop, GoBottom,
        FilterText, Help, MessageLog, Cancel,
    ],
    Unsaved = "unsaved": " The prompt when quitting (or opening another article) with work not on disk." [
        RetrySave, SaveElsewhere, QuitAnyway, NextItem, PreviousItem, Confirm, Cancel,
    ],
    Curate = "curate": " The curation screen (hashiya curate); 1–9 take that annotator's version." [
        Quit, Help, NextItem, PreviousItem, ScrollPageDown, ScrollPageUp, GoTop, GoBottom,
        NextArticle, PreviousArticle, TakeAll, Drop, NextOpen, PreviousOpen, Undo,
        ScrollLineDown, ScrollLineUp,
    ],
}

impl Mode {
    /// True when `action` can be bound in this mode.
    pub fn allows(self, action: Action) -> bool {
        self.actions().contains(&action)
    }
}

impl std::str::FromStr for Mode {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Mode::ALL.iter().copied().find(|m| m.name() == s).ok_or(())
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_belongs_to_some_mode() {
        for &action in Action::ALL {
            assert!(Mode::ALL.iter().any(|m| m.allows(action)), "{action}");
        }
    }

    #[test]
    fn names_parse_back() {
        for &mode in Mode::ALL {
            assert_eq!(mode.name().parse::<Mode>(), Ok(mode));
        }
        assert_eq!("normal".parse::<Mode>(), Err(()));
    }
}
