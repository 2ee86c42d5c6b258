//! Integers written in decimal without the formatter: the exports write
//! hundreds of thousands of offsets, several to a line.

/// Writes `n` in decimal at the end of `digits`; returns where it starts.
pub fn digits(digits: &mut [u8; 20], n: usize) -> usize {
    let (mut at, mut n) = (digits.len(), n);
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    at
}

/// Appends `n` in decimal to `out` (as JSON writes an integer).
pub fn push(out: &mut Vec<u8>, n: usize) {
    let mut buf = [0u8; 20];
    let at = digits(&mut buf, n);
    out.extend_from_slice(&buf[at..]);
}

/// Appends `n` in decimal to `out`.
pub fn push_str(out: &mut String, n: usize) {
    let mut buf = [0u8; 20];
    let at = digits(&mut buf, n);
    // (`str::from_utf8` and one `push_str` cost more than these pushes.)
    for &d in &buf[at..] {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_the_formatter_and_json_write_them() {
        for n in [0, 7, 10, 99, 100, 4056, 12_345, usize::MAX] {
            let mut bytes = b"x".to_vec();
            push(&mut bytes, n);
            assert_eq!(bytes, [b"x".as_slice(), &serde_json::to_vec(&n).unwrap()].concat());
            let mut text = String::from("x");
            push_str(&mut text, n);
            assert_eq!(text, format!("x{n}"));
        }
    }
}
