//! Integers written in decimal without the formatter: the exports write
//! hundreds of thousands of offsets, several to a line.

/// The digits of 00 to 99, two by two.
const PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// How many decimal digits `n` has (1 for 0): offsets are short, so
/// compared, not divided (nor `ilog10`, which costs more below 10⁴).
#[inline]
pub fn len(n: usize) -> usize {
    if n < 100 {
        1 + usize::from(n >= 10)
    } else if n < 10_000 {
        3 + usize::from(n >= 1000)
    } else {
        n.ilog10() as usize + 1
    }
}

/// Writes the two digits of `n` (below 100) at `out[at..at + 2]`.
#[inline]
fn pair(out: &mut [u8], at: usize, n: usize) {
    out[at..at + 2].copy_from_slice(&PAIRS[n * 2..n * 2 + 2]);
}

/// Writes `n` in decimal at the start of `out` (which must have room
/// for [`len`]`(n)` bytes), two digits at a time; returns its length. Below
/// 10⁴ (most offsets) without a loop.
#[inline]
pub fn write(out: &mut [u8], n: usize) -> usize {
    if n < 100 {
        if n < 10 {
            out[0] = b'0' + n as u8;
            1
        } else {
            pair(out, 0, n);
            2
        }
    } else if n < 10_000 {
        let (high, low) = (n / 100, n % 100);
        if high < 10 {
            out[0] = b'0' + high as u8;
            pair(out, 1, low);
            3
        } else {
            pair(out, 0, high);
            pair(out, 2, low);
            4
        }
    } else {
        write_long(out, n)
    }
}

/// The digits of 00 to 99 two by two, each pair as the `u16` that holds
/// its bytes in order (little-endian).
const PAIR_WORDS: [u16; 100] = {
    let mut words = [0u16; 100];
    let mut n = 0;
    while n < 100 {
        words[n] = u16::from_le_bytes([PAIRS[2 * n], PAIRS[2 * n + 1]]);
        n += 1;
    }
    words
};

/// Writes `n` in decimal at the start of `out`, which must hold 20 bytes:
/// the bytes after the digits may be written over (the caller writes its
/// next bytes there). Returns the number of digits. Below 10⁴ (most
/// offsets) the four digits are made as one word without a branch and
/// stored at once, their leading zeros shifted out.
#[inline]
pub fn write_over(out: &mut [u8], n: usize) -> usize {
    if n >= 10_000 {
        return write_long(out, n);
    }
    let word = u32::from(PAIR_WORDS[n / 100]) | (u32::from(PAIR_WORDS[n % 100]) << 16);
    let len = 1 + usize::from(n >= 10) + usize::from(n >= 100) + usize::from(n >= 1000);
    out[..4].copy_from_slice(&(word >> (8 * (4 - len))).to_le_bytes());
    len
}

/// Every number below 10⁴ as [`small`] gives it: the word of its digits
/// in the low 32 bits, its length above (80 KB, made when compiled).
#[allow(clippy::cast_lossless, reason = "`From` cannot be called in a constant")]
static SMALL: [u64; 10_000] = {
    let mut table = [0u64; 10_000];
    let mut n = 0;
    while n < 10_000 {
        let word = PAIR_WORDS[n / 100] as u32 | ((PAIR_WORDS[n % 100] as u32) << 16);
        let len = 1 + (n >= 10) as usize + (n >= 100) as usize + (n >= 1000) as usize;
        table[n] = (word >> (8 * (4 - len))) as u64 | ((len as u64) << 32);
        n += 1;
    }
    table
};

/// `n` (below 10⁴; larger is taken as 9999) as the word of its digits
/// (little-endian: the first digit in the low byte, then up to three more,
/// then zeros) and its length: what [`write_over`] stores, for a writer
/// that stores it itself. Read from a table: a load instead of the
/// arithmetic (the exports write three such numbers for every token).
#[inline]
pub fn small(n: usize) -> (u32, usize) {
    let entry = SMALL[n.min(9_999)];
    (entry as u32, (entry >> 32) as usize & 7)
}

/// [`write`] for any `n`.
fn write_long(out: &mut [u8], n: usize) -> usize {
    let len = len(n);
    let out = &mut out[..len];
    let (mut end, mut n) = (len, n);
    while n >= 100 {
        pair(out, end - 2, n % 100);
        n /= 100;
        end -= 2;
    }
    if n >= 10 {
        pair(out, 0, n);
    } else {
        out[0] = b'0' + n as u8;
    }
    len
}

/// Writes `n` in decimal at the end of `digits`; returns where it starts.
pub fn digits(digits: &mut [u8; 20], n: usize) -> usize {
    let at = digits.len() - len(n);
    write(&mut digits[at..], n);
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
        for n in [0, 7, 9, 10, 99, 100, 999, 1000, 4056, 12_345, usize::MAX] {
            let mut bytes = b"x".to_vec();
            push(&mut bytes, n);
            assert_eq!(bytes, [b"x".as_slice(), &serde_json::to_vec(&n).unwrap()].concat());
            let mut text = String::from("x");
            push_str(&mut text, n);
            assert_eq!(text, format!("x{n}"));
            // Written at the start of a slice, its length given back.
            let mut buf = [b'-'; 24];
            assert_eq!(write(&mut buf, n), n.to_string().len());
            assert_eq!(buf[..len(n)], *n.to_string().as_bytes());
            assert_eq!(buf[len(n)], b'-');
            let mut buf = [b'-'; 24];
            assert_eq!(write_over(&mut buf, n), n.to_string().len());
            assert_eq!(buf[..len(n)], *n.to_string().as_bytes());
            if n < 10_000 {
                let (word, len) = small(n);
                assert_eq!(word.to_le_bytes()[..len], *n.to_string().as_bytes());
            }
        }
    }

    proptest::proptest! {
        /// Every number, with an odd or even count of digits, is written
        /// as the formatter writes it.
        #[test]
        fn any_number_is_written_as_the_formatter_writes_it(n in proptest::prelude::any::<usize>(), small in 0usize..100_000) {
            for n in [n, small, n >> 32, n >> 48] {
                let mut buf = [0u8; 20];
                let at = digits(&mut buf, n);
                proptest::prop_assert_eq!(&buf[at..], n.to_string().as_bytes().to_vec());
                let mut buf = [0u8; 24];
                let len = write_over(&mut buf, n);
                proptest::prop_assert_eq!(&buf[..len], n.to_string().as_bytes().to_vec());
            }
        }
    }
}
