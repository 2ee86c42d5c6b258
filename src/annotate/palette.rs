//! Label colours: the default palette, the colours the reader keeps for its
//! own marks, and how far apart two colours look — to normal vision and to
//! the three dichromacies (protanopia, deuteranopia, tritanopia).
//!
//! Entities are drawn as a fill in their label's colour behind black (or,
//! on a dark fill, white) text, so a label reads the same on a dark and on
//! a light terminal. The reader's own marks never look like a label:
//!
//! - the selection — what `e` and `c` act on — is a reversed, bold block in
//!   the terminal's own text colour: no hue at all, so a label colour
//!   without a hue ([`Clash::Selection`]) is not allowed;
//! - a search match is a dark indigo fill ([`MATCH_FILL`]) behind bold
//!   white text: dark where labels are light, bold where labels are not,
//!   and a hue that no default colour comes near ([`Clash::Match`]).
//!
//! The default palette is Paul Tol's "light" qualitative scheme (designed
//! for filled cells behind black text, distinct for colour-blind readers;
//! <https://personal.sron.nl/~pault/>) without its olive, which looks like
//! its pear to the dichromacies and a pale grey, which looks like the
//! selection, plus one light violet (`#BB77FF`, chosen as the colour
//! farthest from the seven others under all three simulations). Okabe–Ito,
//! the other well-known safe palette, was not taken: its blue, vermillion and
//! bluish green are dark fills that need white text, like the match fill.
//!
//! Dichromacies are simulated with the matrices of Machado, Oliveira and
//! Fernandes (2009, severity 1) on linear RGB; distances are CIE76 ΔE in
//! CIELAB (D65). Pure: no terminal here.

use super::schema::{Color, NamedColor, Rgb};

const fn rgb(hex: u32) -> Rgb {
    Rgb { r: (hex >> 16) as u8, g: (hex >> 8) as u8, b: hex as u8 }
}

/// The default label colours, in order: the built-in labels use them
/// (PERSON first), and a `hashiya.toml` label without a `color` gets the
/// first one no other label uses.
pub const DEFAULT_PALETTE: [Rgb; 8] = [
    rgb(0xEE_DD_88), // light yellow
    rgb(0x99_DD_FF), // light cyan
    rgb(0x44_BB_99), // mint
    rgb(0xBB_CC_33), // pear
    rgb(0xFF_AA_BB), // pink
    rgb(0xEE_88_66), // orange
    rgb(0x77_AA_DD), // light blue
    rgb(0xBB_77_FF), // light violet
];

/// The fill of a search match (its text is bold white).
pub const MATCH_FILL: Rgb = rgb(0x44_00_DD);

/// Black, for text on a light fill.
pub const BLACK: Rgb = rgb(0);

/// White, for text on a dark fill.
pub const WHITE: Rgb = rgb(0xFF_FF_FF);

/// A label colour with less chroma (C*ab) than this has no hue to speak of:
/// it would look like the selection block.
pub const MIN_CHROMA: f64 = 15.0;

/// A label colour nearer than this (ΔE, for the viewer who sees them
/// nearest) to [`MATCH_FILL`] would look like a search match.
pub const MIN_MATCH_DISTANCE: f64 = 20.0;

/// Why a label colour cannot be used as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clash {
    /// It has no hue: it would look like the selection, which is drawn in
    /// the terminal's own (uncoloured) text colour.
    Selection,
    /// It looks like the search-match fill.
    Match,
}

impl Clash {
    /// What the colour would be mistaken for.
    pub const fn what(self) -> &'static str {
        match self {
            Self::Selection => {
                "has no hue, so it would look like the selection (drawn in the terminal's own \
                 text colour)"
            }
            Self::Match => "is too close to the search-match colour (#4400dd)",
        }
    }
}

/// Why `color` cannot be a label colour, if it cannot.
pub fn clash(color: Color) -> Option<Clash> {
    let rgb = rgb_of(color);
    if chroma(rgb) < MIN_CHROMA {
        Some(Clash::Selection)
    } else if min_delta_e(rgb, MATCH_FILL) < MIN_MATCH_DISTANCE {
        Some(Clash::Match)
    } else {
        None
    }
}

/// The colour of `color`: named colours as xterm draws them by default
/// (a terminal's theme may differ).
pub const fn rgb_of(color: Color) -> Rgb {
    match color {
        Color::Rgb(c) => c,
        Color::Named(n) => rgb(match n {
            NamedColor::Black => 0x00_00_00,
            NamedColor::Red => 0xCD_00_00,
            NamedColor::Green => 0x00_CD_00,
            NamedColor::Yellow => 0xCD_CD_00,
            NamedColor::Blue => 0x00_00_EE,
            NamedColor::Magenta => 0xCD_00_CD,
            NamedColor::Cyan => 0x00_CD_CD,
            NamedColor::Gray => 0xE5_E5_E5,
            NamedColor::DarkGray => 0x7F_7F_7F,
            NamedColor::LightRed => 0xFF_00_00,
            NamedColor::LightGreen => 0x00_FF_00,
            NamedColor::LightYellow => 0xFF_FF_00,
            NamedColor::LightBlue => 0x5C_5C_FF,
            NamedColor::LightMagenta => 0xFF_00_FF,
            NamedColor::LightCyan => 0x00_FF_FF,
            NamedColor::White => 0xFF_FF_FF,
        }),
    }
}

/// The text colour for a fill of `color`: black or white, whichever
/// contrasts more.
pub fn text_on(color: Color) -> Rgb {
    let fill = rgb_of(color);
    if contrast(fill, BLACK) >= contrast(fill, WHITE) { BLACK } else { WHITE }
}

/// The WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Relative luminance (WCAG).
fn luminance(c: Rgb) -> f64 {
    let [r, g, b] = linear(c);
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

/// How a viewer sees colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vision {
    /// Normal colour vision.
    Normal,
    /// No long-wavelength (red) cones.
    Protanopia,
    /// No medium-wavelength (green) cones.
    Deuteranopia,
    /// No short-wavelength (blue) cones.
    Tritanopia,
}

impl Vision {
    /// Every kind of vision simulated.
    pub const ALL: [Self; 4] =
        [Self::Normal, Self::Protanopia, Self::Deuteranopia, Self::Tritanopia];

    /// Machado et al. (2009), severity 1, on linear RGB.
    const fn matrix(self) -> Option<[[f64; 3]; 3]> {
        match self {
            Self::Normal => None,
            Self::Protanopia => Some([
                [0.152_286, 1.052_583, -0.204_868],
                [0.114_503, 0.786_281, 0.099_216],
                [-0.003_882, -0.048_116, 1.051_998],
            ]),
            Self::Deuteranopia => Some([
                [0.367_322, 0.860_646, -0.227_968],
                [0.280_085, 0.672_501, 0.047_413],
                [-0.011_820, 0.042_940, 0.968_881],
            ]),
            Self::Tritanopia => Some([
                [1.255_528, -0.076_749, -0.178_779],
                [-0.078_411, 0.930_809, 0.147_602],
                [0.004_733, 0.691_367, 0.303_900],
            ]),
        }
    }

    /// `c` as this viewer sees it, in CIELAB.
    pub fn lab(self, c: Rgb) -> [f64; 3] {
        let l = linear(c);
        let seen = match self.matrix() {
            None => l,
            Some(m) => [0, 1, 2]
                .map(|i| (m[i][0] * l[0] + m[i][1] * l[1] + m[i][2] * l[2]).clamp(0.0, 1.0)),
        };
        lab(seen)
    }
}

/// CIE76 ΔE between `a` and `b` as the viewer who sees them nearest does.
pub fn min_delta_e(a: Rgb, b: Rgb) -> f64 {
    Vision::ALL.iter().map(|v| delta_e(v.lab(a), v.lab(b))).fold(f64::INFINITY, f64::min)
}

/// CIE76 ΔE of two CIELAB colours.
fn delta_e(a: [f64; 3], b: [f64; 3]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// Chroma C*ab (normal vision).
pub fn chroma(c: Rgb) -> f64 {
    let [_, a, b] = Vision::Normal.lab(c);
    a.hypot(b)
}

/// sRGB channels to linear light.
fn linear(c: Rgb) -> [f64; 3] {
    [c.r, c.g, c.b].map(|v| {
        let v = f64::from(v) / 255.0;
        if v <= 0.040_45 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    })
}

/// Linear sRGB to CIELAB (D65 white).
fn lab(rgb: [f64; 3]) -> [f64; 3] {
    let xyz = |m: [f64; 3]| m[0] * rgb[0] + m[1] * rgb[1] + m[2] * rgb[2];
    let f = |t: f64| if t > 0.008_856 { t.cbrt() } else { 7.787 * t + 16.0 / 116.0 };
    let fx = f(xyz([0.412_4, 0.357_6, 0.180_5]) / 0.950_47);
    let fy = f(xyz([0.212_6, 0.715_2, 0.072_2]));
    let fz = f(xyz([0.019_3, 0.119_2, 0.950_5]) / 1.088_83);
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// The colour for a label that has none, or whose colour clashes: the first
/// default colour not in `used`, else the `n`-th default colour.
pub fn free_color(used: &[Color], n: usize) -> Color {
    DEFAULT_PALETTE
        .iter()
        .map(|&c| Color::Rgb(c))
        .find(|c| !used.contains(c))
        .unwrap_or(Color::Rgb(DEFAULT_PALETTE[n % DEFAULT_PALETTE.len()]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_palette_is_readable_and_distinct_for_every_vision() {
        for (i, &c) in DEFAULT_PALETTE.iter().enumerate() {
            // Black text on every fill, at WCAG AAA contrast or near it.
            assert_eq!(text_on(Color::Rgb(c)), BLACK, "{i}");
            assert!(contrast(c, BLACK) >= 7.0, "{i}: {}", contrast(c, BLACK));
            assert_eq!(clash(Color::Rgb(c)), None, "{i}");
            assert!(min_delta_e(c, MATCH_FILL) >= 2.0 * MIN_MATCH_DISTANCE, "{i}");
            for &d in &DEFAULT_PALETTE[i + 1..] {
                // Tol's own nearest pair (pink and mint to a deuteranope) is 13.9.
                assert!(min_delta_e(c, d) >= 13.0, "{c:?} {d:?}: {}", min_delta_e(c, d));
            }
        }
        // The match fill carries white text, and is a dark fill where labels are light.
        assert!(contrast(MATCH_FILL, WHITE) >= 7.0);
        assert_eq!(text_on(Color::Rgb(MATCH_FILL)), WHITE);
        assert!(DEFAULT_PALETTE.iter().all(|&c| luminance(c) > 3.0 * luminance(MATCH_FILL)));
    }

    #[test]
    fn colours_without_a_hue_or_near_the_match_clash() {
        use NamedColor as N;
        for n in [N::Black, N::White, N::Gray, N::DarkGray] {
            assert_eq!(clash(Color::Named(n)), Some(Clash::Selection), "{n:?}");
        }
        assert_eq!(clash(Color::Rgb(rgb(0x80_80_84))), Some(Clash::Selection));
        assert_eq!(clash(Color::Rgb(MATCH_FILL)), Some(Clash::Match));
        assert_eq!(clash(Color::Rgb(rgb(0x50_10_E0))), Some(Clash::Match));
        assert_eq!(clash(Color::Named(N::Blue)), Some(Clash::Match));
        for n in [N::Yellow, N::Cyan, N::Green, N::LightGreen, N::LightRed, N::Red] {
            assert_eq!(clash(Color::Named(n)), None, "{n:?}");
        }
    }

    #[test]
    fn dichromacy_simulation_keeps_greys_and_merges_red_with_green() {
        // A grey stays a grey for every viewer.
        let grey = rgb(0x77_77_77);
        for v in Vision::ALL {
            let [_, a, b] = v.lab(grey);
            assert!(a.hypot(b) < 1.0, "{v:?}");
        }
        // Red and green are far apart normally, close to a deuteranope.
        let (red, green) = (rgb(0xCC_44_44), rgb(0x88_88_22));
        let normal = delta_e(Vision::Normal.lab(red), Vision::Normal.lab(green));
        let deut = delta_e(Vision::Deuteranopia.lab(red), Vision::Deuteranopia.lab(green));
        assert!(normal > 3.0 * deut, "{normal} {deut}");
    }

    #[test]
    fn free_colours_skip_those_in_use() {
        let used = [Color::Rgb(DEFAULT_PALETTE[0]), Color::Rgb(DEFAULT_PALETTE[2])];
        assert_eq!(free_color(&used, 0), Color::Rgb(DEFAULT_PALETTE[1]));
        let all: Vec<Color> = DEFAULT_PALETTE.iter().map(|&c| Color::Rgb(c)).collect();
        assert_eq!(free_color(&all, 9), Color::Rgb(DEFAULT_PALETTE[1]));
    }
}
