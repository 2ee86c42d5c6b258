//! The cases of Unicode's `BidiCharacterTest.txt` (shipped in `tests/data/`).

use hashiya::layout::BaseDirection;

/// One line of BidiCharacterTest.txt.
pub struct Case {
    /// 1-based line number in the file.
    pub line: usize,
    /// The characters.
    pub text: String,
    /// The paragraph direction asked for.
    pub base: BaseDirection,
    /// The resolved paragraph level, when the file gives it.
    pub paragraph_level: Option<u8>,
    /// Expected level per character, `None` for `x` (removed by X9).
    pub levels: Vec<Option<u8>>,
    /// Expected visual order, left to right, of the characters not removed.
    pub order: Vec<usize>,
}

fn parse(line_no: usize, line: &str) -> Option<Case> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let fields: Vec<&str> = line.split(';').collect();
    assert_eq!(fields.len(), 5, "line {line_no}: five fields");
    let text: String = fields[0]
        .split_whitespace()
        .map(|h| char::from_u32(u32::from_str_radix(h, 16).unwrap()).unwrap())
        .collect();
    let base = match fields[1] {
        "0" => BaseDirection::Ltr,
        "1" => BaseDirection::Rtl,
        "2" => BaseDirection::Auto,
        other => panic!("line {line_no}: paragraph direction {other}"),
    };
    let levels = fields[3]
        .split_whitespace()
        .map(|l| if l == "x" { None } else { Some(l.parse().unwrap()) })
        .collect();
    let order = fields[4].split_whitespace().map(|i| i.parse().unwrap()).collect();
    Some(Case {
        line: line_no,
        text,
        base,
        paragraph_level: Some(fields[2].parse().unwrap()),
        levels,
        order,
    })
}

pub fn cases() -> Vec<Case> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/BidiCharacterTest.txt");
    let data = std::fs::read_to_string(path).expect("tests/data/BidiCharacterTest.txt");
    data.lines().enumerate().filter_map(|(i, l)| parse(i + 1, l)).collect()
}
