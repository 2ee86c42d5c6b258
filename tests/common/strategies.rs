//! Proptest strategies shared by the layout tests.

use hashiya::layout::{BaseDirection, LayoutOptions};
use proptest::prelude::*;

/// Any base direction.
pub fn bases() -> impl Strategy<Value = BaseDirection> {
    prop::sample::select(vec![BaseDirection::Auto, BaseDirection::Rtl, BaseDirection::Ltr])
}

/// Layout options with widths from `width` and reordering from `reorder`;
/// shaping, base direction and mark placeholders any.
pub fn layout_options(
    width: impl Strategy<Value = Option<usize>>,
    reorder: impl Strategy<Value = bool>,
) -> impl Strategy<Value = LayoutOptions> {
    (width, any::<bool>(), bases(), any::<bool>(), reorder).prop_map(
        |(width, shape, base, mark_placeholder, reorder)| LayoutOptions {
            width,
            shape,
            base,
            mark_placeholder,
            reorder,
        },
    )
}
