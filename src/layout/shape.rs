//! Arabic shaping: contextual forms and the lam-alef ligature.
//!
//! TEMPORARY: passes characters through unchanged until the shaping helper
//! lands (see the module docs of `layout`).

/// Shapes `chars` (one paragraph, logical order, resolved `levels`) into
/// `out`, one entry per character: the presentation form to draw, or `None`
/// for a character absorbed into the ligature begun by the character before
/// it (the alef of lam-alef).
pub fn shape_arabic(chars: &[char], levels: &[u8], out: &mut Vec<Option<char>>) {
    debug_assert_eq!(chars.len(), levels.len());
    out.clear();
    out.extend(chars.iter().map(|&c| Some(c)));
}
