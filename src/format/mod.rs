//! Python's text conversions for numbers and strings, as pure functions:
//! `repr`/`str` of floats and strings, `round`, the format-spec
//! mini-language of `format()`/f-strings/`str.format`, the parsing of
//! `str.format` templates, and `int()`/`float()` of strings. Output matches
//! CPython 3.11 character for character.
//!
//! Every failure is an `Err(String)` with CPython's message. Nearly all are
//! `ValueError`s; the exceptions, which the VM must map itself, are
//! `OverflowError`s in CPython: `int too large to convert to float`,
//! `%c arg not in range(0x110000)` and `Python int too large to convert to
//! C long` (from `format_int`), and an infinite `round_float` result for a
//! finite input (`rounded value too large to represent`).
//!
//! Left to the caller: `format(x, '')` is `str(x)` for every type (so
//! `format(True, '')` is `True`, while `format(True, 'd')` goes through
//! `format_int_named(.., "bool")`); user-defined `__format__`; the lookups
//! and conversions of `str.format` fields (see [`template`]).
//!
//! Deliberate limits: widths and float precisions above
//! [`MAX_WIDTH`] (64 Mi) fail with `width too big` /
//! `precision too big` instead of building a giant string (CPython would
//! try, then raise `MemoryError`).
//!
//! Layout: `spec` parses specs and re-exports the three `format_*` entry
//! points, which live in `format_int`, `format_float` and `format_str` and
//! share `layout` (padding, grouping); `float` lays out float digits that
//! `digits` computes; `parse`, `repr` and `template` stand alone; `unicode`
//! answers character-property questions from tables generated from python3.

mod digits;
pub mod float;
mod format_float;
mod format_int;
mod format_str;
mod layout;
pub mod parse;
pub mod repr;
pub mod spec;
#[cfg(test)]
mod spec_cases;
pub mod template;
pub mod unicode;
mod unicode_tables;

pub use float::{float_repr, round_float};
pub use format_int::INT_MAX_STR_DIGITS;
pub use layout::MAX_WIDTH;
pub use parse::{parse_float, parse_int, parse_int_checked, IntParseError, ParsedInt};
pub use repr::{bytes_repr, is_printable, str_repr};
pub use spec::{
    format_float, format_float_named, format_i64, format_i64_named, format_int, format_int_named,
    format_str, format_str_named, parse_spec, parse_spec_for, Align, FormatSpec, Sign,
};
pub use template::{
    parse_field_name, parse_template, template_pieces, AutoNumber, FieldAccess, FieldFirst,
    FieldName, Piece, TemplatePieces,
};

/// Every entry point on many pseudo-random hostile inputs: none may panic.
#[cfg(test)]
mod robustness_tests {
    use super::*;
    use num_bigint::BigInt;

    /// A small deterministic generator (no crate needed for a smoke test).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.next() as usize % items.len()]
        }

        fn text(&mut self, items: &[&str], max_len: u64) -> String {
            let len = self.next() % (max_len + 1);
            (0..len).map(|_| self.pick(items)).collect()
        }
    }

    const SPEC_PARTS: &[&str] = &[
        "<",
        ">",
        "^",
        "=",
        "+",
        "-",
        " ",
        "z",
        "#",
        "0",
        "1",
        "9",
        ",",
        "_",
        ".",
        "b",
        "c",
        "d",
        "o",
        "x",
        "X",
        "n",
        "e",
        "E",
        "f",
        "F",
        "g",
        "G",
        "%",
        "s",
        "é",
        "😀",
        "٥",
        "{",
        "}",
        "\0",
        "99999999",
        "67108864",
        "67108865",
        "9223372036854775807",
        "18446744073709551616",
    ];
    const TEXT_PARTS: &[&str] = &[
        "0", "1", "7", "9", "a", "f", "z", "x", "o", "b", "_", "+", "-", ".", "e", "E", " ", "\t",
        "\u{b}", "\0", "inf", "nan", "٥", "\u{3000}", "é", "😀", "{", "}", "[", "]", "!", ":", "'",
        "\"", "\\", "\u{7f}", "\u{200b}",
    ];

    #[test]
    fn no_panics() {
        let mut rng = Lcg(12345);
        let ints: Vec<BigInt> = [
            "0",
            "-1",
            "65",
            "1114112",
            "-9223372036854775808",
            "12345678901234567890123",
        ]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
        let floats = [
            0.0,
            -0.0,
            1.5,
            -2.5e-300,
            1e300,
            f64::INFINITY,
            f64::NAN,
            f64::MIN_POSITIVE,
            5e-324,
        ];
        for _ in 0..20_000 {
            let spec_text = rng.text(SPEC_PARTS, 6);
            if let Ok(spec) = parse_spec(&spec_text) {
                // Keep the outputs small: the width cap is tested elsewhere.
                if spec.width.unwrap_or(0) > 1000 || spec.precision.unwrap_or(0) > 100_000 {
                    let _ = format_str(
                        "abc",
                        &FormatSpec {
                            width: None,
                            ..spec.clone()
                        },
                    );
                    continue;
                }
                let v = &ints[rng.next() as usize % ints.len()];
                let _ = format_int(v, &spec);
                let _ = format_i64(rng.next() as i64 - (1 << 30), &spec);
                let _ = format_float(floats[rng.next() as usize % floats.len()], &spec);
                let _ = format_str("héllo", &spec);
            }
            let text = rng.text(TEXT_PARTS, 10);
            let _ = parse_int(&text, [0, 2, 8, 10, 16, 36, 1, 37][rng.next() as usize % 8]);
            let _ = parse_float(&text);
            let _ = parse_template(&text);
            let _ = str_repr(&text);
            let _ = bytes_repr(text.as_bytes());
        }
        for x in floats {
            for n in [
                -400,
                -309,
                -308,
                -20,
                -1,
                0,
                1,
                17,
                323,
                324,
                i64::MIN,
                i64::MAX,
            ] {
                let _ = round_float(x, n);
            }
            let _ = float_repr(x);
        }
    }
}
