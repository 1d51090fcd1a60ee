//! Lookups in the generated Unicode tables: the three character properties
//! the formatting code needs (printable, decimal digit, whitespace), with the
//! exact answers of CPython 3.11.

use super::unicode_tables::{DECIMAL_ZEROS, PRINTABLE, WHITESPACE};

/// `str.isprintable()` for one character; `repr` escapes the others.
pub fn is_printable(c: char) -> bool {
    let c = c as u32;
    // Find the last range starting at or before `c`, then check its end.
    let i = PRINTABLE.partition_point(|&(start, _)| start <= c);
    i > 0 && c <= PRINTABLE[i - 1].1
}

/// The value of a Unicode decimal digit (`'7'`, `'٧'`, `'７'` all give 7),
/// as CPython's `Py_UNICODE_TODECIMAL`; `None` for anything else.
pub fn decimal_value(c: char) -> Option<u32> {
    if let Some(d) = c.to_digit(10) {
        return Some(d);
    }
    let c = c as u32;
    let i = DECIMAL_ZEROS.partition_point(|&zero| zero <= c);
    let zero = *DECIMAL_ZEROS.get(i.checked_sub(1)?)?;
    (c - zero < 10).then_some(c - zero)
}

/// `str.isspace()` for one character (this includes U+001C..U+001F, which
/// Rust's `char::is_whitespace` does not).
#[inline]
pub fn is_space(c: char) -> bool {
    if c.is_ascii() {
        // The ASCII part of the table, without the binary search.
        matches!(c, '\t'..='\r' | '\x1c'..='\x20')
    } else {
        WHITESPACE.binary_search(&(c as u32)).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_space_agrees_with_the_table() {
        for c in 0..128u32 {
            let ch = char::from_u32(c).unwrap();
            assert_eq!(is_space(ch), WHITESPACE.contains(&c), "U+{c:04X}");
        }
    }

    #[test]
    fn printable() {
        // Expected values from python3: chr(c).isprintable().
        let cases: &[(char, bool)] = &[
            (' ', true),
            ('a', true),
            ('~', true),
            ('\u{7f}', false),
            ('\0', false),
            ('\n', false),
            ('\u{a0}', false),
            ('\u{a1}', true),
            ('\u{ad}', false),
            ('é', true),
            ('\u{301}', true),
            ('\u{200b}', false),
            ('\u{2028}', false),
            ('\u{3000}', false),
            ('\u{e000}', false),
            ('\u{fffd}', true),
            ('\u{ffff}', false),
            ('\u{1f600}', true),
            ('\u{1f979}', true),
            ('\u{e0001}', false),
            ('\u{10ffff}', false),
            ('\u{30000}', true),
            ('\u{3134a}', true),
            ('\u{3134b}', false),
        ];
        for &(c, want) in cases {
            assert_eq!(is_printable(c), want, "{:?}", c);
        }
    }

    #[test]
    fn decimals() {
        let cases: &[(char, Option<u32>)] = &[
            ('0', Some(0)),
            ('9', Some(9)),
            ('a', None),
            ('/', None),
            (':', None),
            ('\u{660}', Some(0)),
            ('\u{669}', Some(9)),
            ('\u{66a}', None),
            ('\u{ff17}', Some(7)),
            ('\u{1d7ce}', Some(0)),
            ('\u{1d7ff}', Some(9)),
            ('\u{b2}', None), // superscript two is a digit but not decimal
            ('\u{2155}', None),
            ('\u{1fbf9}', Some(9)),
        ];
        for &(c, want) in cases {
            assert_eq!(decimal_value(c), want, "{:?}", c);
        }
    }

    #[test]
    fn spaces() {
        for c in [
            ' ', '\t', '\n', '\x0b', '\x0c', '\r', '\x1c', '\x1f', '\u{85}', '\u{a0}', '\u{3000}',
        ] {
            assert!(is_space(c), "{:?}", c);
        }
        for c in ['a', '\0', '\u{200b}', '\u{180e}', '\u{feff}'] {
            assert!(!is_space(c), "{:?}", c);
        }
    }
}
