//! Every user-visible action, by name.
//!
//! The names (snake case) are what keymap files bind keys to; the doc
//! comment of each variant is its help text ([`Action::description`]), so
//! the help overlay, the keymap files and the code share one list.

/// Declares [`Action`] with one doc comment per variant, used both as
/// rustdoc and as the help text, so the two cannot drift apart.
macro_rules! actions {
    ($($variant:ident = $name:literal : $doc:literal,)*) => {
        /// A named user action; keys are bound to actions per mode.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Deserialize, serde::Serialize,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum Action {
            $(#[doc = $doc] $variant,)*
        }

        impl Action {
            /// Every action, in declaration order.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The action's name as written in keymap files.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                }
            }

            /// One line of help text.
            pub const fn description(self) -> &'static str {
                match self {
                    $(Action::$variant => $doc.trim_ascii(),)*
                }
            }
        }
    };
}

actions! {
    Quit = "quit": " Quit Hashiya.",
    ScrollLineDown = "scroll_line_down": " Scroll down one line.",
    ScrollLineUp = "scroll_line_up": " Scroll up one line.",
    ScrollPageDown = "scroll_page_down": " Scroll down one screen.",
    ScrollPageUp = "scroll_page_up": " Scroll up one screen.",
    ScrollHalfPageDown = "scroll_half_page_down": " Scroll down half a screen.",
    ScrollHalfPageUp = "scroll_half_page_up": " Scroll up half a screen.",
    GoTop = "go_top": " Go to the start of the article.",
    GoBottom = "go_bottom": " Go to the end of the article.",
    CursorLeft = "cursor_left": " Move the word cursor to the word on its left on screen.",
    CursorRight = "cursor_right": " Move the word cursor to the word on its right on screen.",
    NextWord = "next_word": " Move the cursor to the start of the next word (reading order).",
    PreviousWord = "previous_word": " Move the cursor to the start of the previous word (reading order).",
    NextParagraph = "next_paragraph": " Move to the next paragraph.",
    PreviousParagraph = "previous_paragraph": " Move to the previous paragraph.",
    LineStart = "line_start": " Move the cursor to the first word of its line (reading order).",
    LineEnd = "line_end": " Move the cursor to the last word of its line (reading order).",
    NextArticle = "next_article": " Open the next article.",
    PreviousArticle = "previous_article": " Open the previous article.",
    ToggleArticleList = "toggle_article_list": " Show or hide the list of articles.",
    Search = "search": " Search the article (ignoring harakat and spelling variants).",
    SearchCorpus = "search_corpus": " Search every article of the session (spelling-insensitive, as /): type, move through the matches, Enter opens one.",
    CycleStatus = "cycle_status": " Set the article's status (kept in its sidecar): to do, in progress, done, in turn.",
    FilterStatus = "filter_status": " In the article list: show all articles, then those to do, in progress, done.",
    SearchNext = "search_next": " Go to the next search match.",
    SearchPrevious = "search_previous": " Go to the previous search match.",
    ClearSearch = "clear_search": " Clear the search highlights (or the selection).",
    Help = "help": " Show or hide this help.",
    MessageLog = "message_log": " Show or hide the last messages, each whole (newest first).",
    Select = "select": " Start a selection at the cursor, or drop the selection.",
    SelectLeft = "select_left": " Extend the selection (a search match too) one word left on screen.",
    SelectRight = "select_right": " Extend the selection (a search match too) one word right on screen.",
    SelectLeftChar = "select_left_char": " Extend the selection one character left on screen.",
    SelectRightChar = "select_right_char": " Extend the selection one character right on screen.",
    ExtendStartLeft = "extend_start_left": " Move the selection's start edge one word left on screen.",
    ExtendStartRight = "extend_start_right": " Move the selection's start edge one word right on screen.",
    ExtendEndLeft = "extend_end_left": " Move the selection's end edge one word left on screen.",
    ExtendEndRight = "extend_end_right": " Move the selection's end edge one word right on screen.",
    ExtendStartLeftChar = "extend_start_left_char": " Move the selection's start edge one character left on screen.",
    ExtendStartRightChar = "extend_start_right_char": " Move the selection's start edge one character right on screen.",
    ExtendEndLeftChar = "extend_end_left_char": " Move the selection's end edge one character left on screen.",
    ExtendEndRightChar = "extend_end_right_char": " Move the selection's end edge one character right on screen.",
    TrimProclitics = "trim_proclitics": " Trim proclitics from the selection (وبالجزائر becomes الجزائر); says why when it cannot.",
    TagEntity = "tag_entity": " Tag the selection as an entity.",
    TagClaim = "tag_claim": " Tag the selection (or the sentence) as a claim; on a claim, open its form.",
    TagAllOccurrences = "tag_all_occurrences": " Tag every occurrence of the selected text like the annotation under the cursor.",
    NextAnnotation = "next_annotation": " Put the cursor on the next annotation.",
    PreviousAnnotation = "previous_annotation": " Put the cursor on the previous annotation.",
    NextUntaggedMention = "next_untagged_mention": " Select the next untagged mention of a tagged entity (spelling-insensitive).",
    PreviousUntaggedMention = "previous_untagged_mention": " Select the previous untagged mention of a tagged entity (spelling-insensitive).",
    Relate = "relate": " Make a relation: on an entity, start it; on another, press again (or Enter) and pick its type (Esc cancels).",
    DeleteAnnotation = "delete_annotation": " Delete the innermost annotation under the cursor (the status line names it and what is left; press again for the next).",
    EditNote = "edit_note": " Edit the note of the annotation under the cursor (of a claim: in its form).",
    ChangeLabel = "change_label": " Change the label of the annotation under the cursor (of a claim: its kind, in its form).",
    LinkEntity = "link_entity": " Link the entity under the cursor to a canonical entity of the corpus (type to filter; new entity; unlink).",
    Undo = "undo": " Undo the last annotation change.",
    Redo = "redo": " Redo the last undone annotation change.",
    ToggleReview = "toggle_review": " Switch between the reader and the review table.",
    Confirm = "confirm": " Confirm: accept the input or the choice.",
    Cancel = "cancel": " Cancel: close without changes.",
    NextItem = "next_item": " Highlight the next item of the list.",
    PreviousItem = "previous_item": " Highlight the previous item of the list.",
    NextField = "next_field": " Go to the next field of the form.",
    PreviousField = "previous_field": " Go to the previous field of the form.",
    FilterText = "filter_text": " Filter the table (or the help) by text, spelling-insensitive: type, then Enter.",
    FilterKind = "filter_kind": " Show all, only entities, or only claims.",
    FilterLabel = "filter_label": " Show one label after another, then all.",
    FilterBy = "filter_by": " Show one annotator's annotations (who made them: by) after another, then all.",
    CycleSort = "cycle_sort": " Sort by position, label, text or kind.",
    CycleView = "cycle_view": " Switch between this article's table and the corpus views.",
    RetrySave = "retry_save": " Try again to save the work that is not on disk.",
    SaveElsewhere = "save_elsewhere": " Save the work that is not on disk to a path you type.",
    QuitAnyway = "quit_anyway": " Leave anyway: the work that is not on disk goes to a recovery file.",
    EditSpan = "edit_span": " Change the span of the annotation under the cursor: adjust the selection, then E or Enter (Esc cancels).",
    FreeText = "free_text": " In the claimant field: keep the typed text as a free-text claimant even where entities match.",
    TagClaimant = "tag_claimant": " In the claimant field: tag the suggested speaker's words as an entity and make it the claimant.",
    ToggleSuggestions = "toggle_suggestions": " Show suggestions (dim, underlined) from the corpus and rules, or hide them.",
    NextSuggestion = "next_suggestion": " Put the cursor on the next suggestion.",
    AcceptSuggestion = "accept_suggestion": " Accept the suggestion under the cursor: it becomes an annotation (by: you+recommender).",
    AcceptSuggestionLabel = "accept_suggestion_label": " Accept every suggestion with the label of the one under the cursor.",
    RejectSuggestion = "reject_suggestion": " Reject the suggestion under the cursor (remembered in the sidecar: not suggested again).",
    TakeAll = "take_all": " Curation: keep every annotator's version of the disagreement.",
    Drop = "drop": " Curation: keep no version of the disagreement.",
    NextOpen = "next_open": " Curation: go to the next disagreement not decided yet (in the next articles when this one has none).",
    PreviousOpen = "previous_open": " Curation: go to the previous disagreement not decided yet.",
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Action {
    type Err = UnknownAction;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Action::ALL.iter().copied().find(|a| a.name() == s).ok_or_else(|| UnknownAction(s.into()))
    }
}

/// A name that is no [`Action`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown action `{0}`")]
pub struct UnknownAction(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_serde_names_and_parse_back() {
        for &action in Action::ALL {
            let serde_name = toml::Value::try_from(action).map(|v| v.as_str().map(str::to_owned));
            assert_eq!(serde_name.ok().flatten().as_deref(), Some(action.name()));
            assert_eq!(action.name().parse::<Action>(), Ok(action));
        }
        assert_eq!("jump".parse::<Action>(), Err(UnknownAction("jump".into())));
    }

    #[test]
    fn descriptions_are_single_trimmed_sentences() {
        for &action in Action::ALL {
            let d = action.description();
            assert!(d.ends_with('.') || d.ends_with(')'), "{action}: {d}");
            assert_eq!(d, d.trim(), "{action}");
            assert!(!d.contains('\n'), "{action}");
        }
        assert_eq!(Action::Quit.description(), "Quit Hashiya.");
    }
}
