//! `int(s, base)` and `float(s)` of strings, with CPython's rules: any
//! Unicode whitespace around the number, any Unicode decimal digits,
//! underscores only between digits, base prefixes.

use num_bigint::{BigInt, Sign};

use super::unicode::{decimal_value, is_space};

/// The value of `int(s, base)`: a machine integer when it fits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParsedInt {
    Small(i64),
    Big(BigInt),
}

/// Why `int(s, base)` failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntParseError {
    /// `invalid literal for int() with base {base}: {str_repr(s)}`; the
    /// caller words it (the literal shown is the original string).
    Invalid,
    /// More decimal digits than CPython's default limit for a base that
    /// is not a power of two; [`IntParseError::message`] words it.
    TooManyDigits(usize),
}

impl IntParseError {
    /// The message for `TooManyDigits` (`None` for `Invalid`, whose
    /// message needs the original literal).
    pub fn message(&self) -> Option<String> {
        match self {
            IntParseError::Invalid => None,
            IntParseError::TooManyDigits(n) => Some(format!(
                "Exceeds the limit ({} digits) for integer string conversion: value has {n} digits; \
                 use sys.set_int_max_str_digits() to increase the limit",
                super::format_int::INT_MAX_STR_DIGITS
            )),
        }
    }
}

/// `int(s, base)` for `base` 0 or 2..=36 (other bases are an `Err`; the
/// caller raises `int() arg 2 must be >= 2 and <= 36` before calling).
/// Base 0 reads a `0x`/`0o`/`0b` prefix and rejects leading zeros such as
/// `010`; bases 16, 8 and 2 accept their own prefix. Any number of digits
/// is accepted: see [`parse_int_checked`] for CPython's 4300-digit limit.
// The error carries nothing: the message is built from the caller's text.
#[allow(clippy::result_unit_err)]
pub fn parse_int(s: &str, base: u32) -> Result<ParsedInt, ()> {
    parse_int_with_limit(s, base, usize::MAX).map_err(|_| ())
}

/// [`parse_int`] with CPython's default limit of 4300 digits for bases that
/// are not powers of two, checked before any conversion work.
pub fn parse_int_checked(s: &str, base: u32) -> Result<ParsedInt, IntParseError> {
    parse_int_with_limit(s, base, super::format_int::INT_MAX_STR_DIGITS)
}

/// CPython's `PyLong_FromString` on the ASCII form of `s`.
fn parse_int_with_limit(s: &str, base: u32, max_digits: usize) -> Result<ParsedInt, IntParseError> {
    use IntParseError::Invalid;
    if base == 1 || base > 36 {
        return Err(Invalid);
    }
    let text = to_ascii(s);
    let mut p = Cursor {
        bytes: &text,
        pos: 0,
    };
    p.skip_spaces();
    let negative = match p.peek() {
        b'+' => {
            p.pos += 1;
            false
        }
        b'-' => {
            p.pos += 1;
            true
        }
        _ => false,
    };
    let mut base = base;
    // With base 0, a leading 0 without a prefix only allows the value 0.
    let mut must_be_zero = false;
    if base == 0 {
        base = match (p.peek(), p.peek_at(1).to_ascii_lowercase()) {
            (b'0', b'x') => 16,
            (b'0', b'o') => 8,
            (b'0', b'b') => 2,
            (b'0', _) => {
                must_be_zero = true;
                10
            }
            _ => 10,
        };
    }
    let prefix = match base {
        16 => b'x',
        8 => b'o',
        2 => b'b',
        _ => 0,
    };
    if p.peek() == b'0' && prefix != 0 && p.peek_at(1).to_ascii_lowercase() == prefix {
        p.pos += 2;
        // One underscore may follow the prefix.
        if p.peek() == b'_' {
            p.pos += 1;
        }
    }
    if p.peek() == b'_' {
        return Err(Invalid);
    }
    // Digits, with single underscores between them.
    let mut values: Vec<u8> = Vec::new();
    let mut prev = 0u8;
    loop {
        let c = p.peek();
        if c == b'_' {
            if prev == b'_' {
                return Err(Invalid);
            }
        } else if let Some(v) = digit_value(c).filter(|&v| v < base) {
            values.push(v as u8);
        } else {
            break;
        }
        prev = c;
        p.pos += 1;
    }
    if prev == b'_' {
        return Err(Invalid);
    }
    if !base.is_power_of_two() && values.len() > max_digits {
        return Err(IntParseError::TooManyDigits(values.len()));
    }
    if values.is_empty() || (must_be_zero && values.iter().any(|&v| v != 0)) {
        return Err(Invalid);
    }
    p.skip_spaces();
    if p.pos != text.len() {
        return Err(Invalid);
    }
    Ok(to_int(negative, &values, base))
}

/// Builds the integer from digit values, as an `i64` when it fits.
fn to_int(negative: bool, values: &[u8], base: u32) -> ParsedInt {
    let mut acc: i128 = 0;
    for &v in values {
        acc = acc * i128::from(base) + i128::from(v);
        if acc > i128::from(u64::MAX) {
            let sign = if negative { Sign::Minus } else { Sign::Plus };
            let big = BigInt::from_radix_be(sign, values, base).unwrap_or_default();
            return ParsedInt::Big(big);
        }
    }
    let signed = if negative { -acc } else { acc };
    match i64::try_from(signed) {
        Ok(small) => ParsedInt::Small(small),
        Err(_) => ParsedInt::Big(BigInt::from(signed)),
    }
}

/// `float(s)`: decimal notation with an optional exponent, or `inf`,
/// `infinity`, `nan` in any case, with an optional sign (`-nan` is a NaN
/// with the sign bit set, as in CPython). No hex. Out-of-range values
/// become infinities or zeros, as in CPython.
// The error carries nothing: the message is built from the caller's text.
#[allow(clippy::result_unit_err)]
pub fn parse_float(s: &str) -> Result<f64, ()> {
    let text = to_ascii(s);
    let text = remove_underscores(&text)?;
    let trimmed = trim_c_spaces(&text);
    let mut p = Cursor {
        bytes: trimmed,
        pos: 0,
    };
    let negative = match p.peek() {
        b'-' => {
            p.pos += 1;
            true
        }
        b'+' => {
            p.pos += 1;
            false
        }
        _ => false,
    };
    let rest = &trimmed[p.pos..];
    let special = match rest.to_ascii_lowercase().as_slice() {
        b"inf" | b"infinity" => Some(f64::INFINITY),
        b"nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(x) = special {
        return Ok(if negative { -x } else { x });
    }
    let int_digits = p.take_digits();
    let mut frac_digits = 0;
    if p.peek() == b'.' {
        p.pos += 1;
        frac_digits = p.take_digits();
    }
    if int_digits + frac_digits == 0 {
        return Err(());
    }
    if p.peek() | 0x20 == b'e' {
        p.pos += 1;
        if matches!(p.peek(), b'+' | b'-') {
            p.pos += 1;
        }
        if p.take_digits() == 0 {
            return Err(());
        }
    }
    if p.pos != trimmed.len() {
        return Err(());
    }
    // The text now has Rust's float syntax too, and Rust rounds correctly.
    let body = std::str::from_utf8(rest).map_err(|_| ())?;
    let x: f64 = body.parse().map_err(|_| ())?;
    Ok(if negative { -x } else { x })
}

/// CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`: non-ASCII
/// whitespace becomes a space and decimal digits their ASCII digit; any
/// other non-ASCII character ends the text with a `?`, which no parser
/// accepts.
fn to_ascii(s: &str) -> Vec<u8> {
    if s.is_ascii() {
        return s.as_bytes().to_vec();
    }
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        if (c as u32) < 127 {
            out.push(c as u8);
        } else if is_space(c) {
            out.push(b' ');
        } else if let Some(d) = decimal_value(c) {
            out.push(b'0' + d as u8);
        } else {
            out.push(b'?');
            break;
        }
    }
    out
}

/// Drops underscores from a float literal, allowing each only between two
/// digits (CPython's `_Py_string_to_number_with_underscores`).
fn remove_underscores(text: &[u8]) -> Result<Vec<u8>, ()> {
    let mut out = Vec::with_capacity(text.len());
    let mut prev = 0u8;
    for &c in text {
        if c == b'_' {
            if !prev.is_ascii_digit() {
                return Err(());
            }
        } else {
            if prev == b'_' && !c.is_ascii_digit() {
                return Err(());
            }
            out.push(c);
        }
        prev = c;
    }
    if prev == b'_' {
        return Err(());
    }
    Ok(out)
}

/// C's `isspace`, which unlike `u8::is_ascii_whitespace` includes `\x0b`.
fn is_c_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

fn trim_c_spaces(text: &[u8]) -> &[u8] {
    let start = text
        .iter()
        .position(|&c| !is_c_space(c))
        .unwrap_or(text.len());
    let end = text
        .iter()
        .rposition(|&c| !is_c_space(c))
        .map_or(start, |i| i + 1);
    &text[start..end]
}

/// The value of an ASCII digit or letter in bases up to 36.
fn digit_value(c: u8) -> Option<u32> {
    char::from(c).to_digit(36)
}

/// A position in ASCII text; reading past the end gives NUL, like C.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> u8 {
        self.peek_at(0)
    }

    fn peek_at(&self, offset: usize) -> u8 {
        self.bytes.get(self.pos + offset).copied().unwrap_or(0)
    }

    /// Skips C's `isspace` characters (the transformation already turned
    /// Unicode whitespace into spaces).
    fn skip_spaces(&mut self) {
        while is_c_space(self.peek()) {
            self.pos += 1;
        }
    }

    /// Skips ASCII digits, returning how many.
    fn take_digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_ascii_digit() {
            self.pos += 1;
        }
        self.pos - start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rustfmt::skip]
    mod cases {
        /// `(text, base, Some(int(text, base)) or None)` from python3 3.11.
        pub const INT_CASES: &[(&str, u32, Option<&str>)] = &[
            ("0", 0, Some("0")),
            ("0", 2, Some("0")),
            ("0", 8, Some("0")),
            ("0", 10, Some("0")),
            ("0", 16, Some("0")),
            ("0", 36, Some("0")),
            ("0", 3, Some("0")),
            ("0", 7, Some("0")),
            ("0", 35, Some("0")),
            ("-0", 0, Some("0")),
            ("-0", 2, Some("0")),
            ("-0", 8, Some("0")),
            ("-0", 10, Some("0")),
            ("-0", 16, Some("0")),
            ("-0", 36, Some("0")),
            ("-0", 3, Some("0")),
            ("-0", 7, Some("0")),
            ("-0", 35, Some("0")),
            ("+0", 0, Some("0")),
            ("+0", 2, Some("0")),
            ("+0", 8, Some("0")),
            ("+0", 10, Some("0")),
            ("+0", 16, Some("0")),
            ("+0", 36, Some("0")),
            ("+0", 3, Some("0")),
            ("+0", 7, Some("0")),
            ("+0", 35, Some("0")),
            ("1", 0, Some("1")),
            ("1", 2, Some("1")),
            ("1", 8, Some("1")),
            ("1", 10, Some("1")),
            ("1", 16, Some("1")),
            ("1", 36, Some("1")),
            ("1", 3, Some("1")),
            ("1", 7, Some("1")),
            ("1", 35, Some("1")),
            ("-1", 0, Some("-1")),
            ("-1", 2, Some("-1")),
            ("-1", 8, Some("-1")),
            ("-1", 10, Some("-1")),
            ("-1", 16, Some("-1")),
            ("-1", 36, Some("-1")),
            ("-1", 3, Some("-1")),
            ("-1", 7, Some("-1")),
            ("-1", 35, Some("-1")),
            (" 42 ", 0, Some("42")),
            (" 42 ", 2, None),
            (" 42 ", 8, Some("34")),
            (" 42 ", 10, Some("42")),
            (" 42 ", 16, Some("66")),
            (" 42 ", 36, Some("146")),
            (" 42 ", 3, None),
            (" 42 ", 7, Some("30")),
            (" 42 ", 35, Some("142")),
            ("\u{9}\u{a}42\u{b}\u{c}\u{d}", 0, Some("42")),
            ("\u{9}\u{a}42\u{b}\u{c}\u{d}", 2, None),
            ("\u{9}\u{a}42\u{b}\u{c}\u{d}", 8, Some("34")),
            ("\u{9}\u{a}42\u{b}\u{c}\u{d}", 10, Some("42")),
            ("\u{9}\u{a}42\u{b}\u{c}\u{d}", 16, Some("66")),
            ("\u{9}\u{a}42\u{b}\u{c}\u{d}", 36, Some("146")),
            ("\u{9}\u{a}42\u{b}\u{c}\u{d}", 3, None),
            ("\u{9}\u{a}42\u{b}\u{c}\u{d}", 7, Some("30")),
            ("\u{9}\u{a}42\u{b}\u{c}\u{d}", 35, Some("142")),
            ("1_000", 0, Some("1000")),
            ("1_000", 2, Some("8")),
            ("1_000", 8, Some("512")),
            ("1_000", 10, Some("1000")),
            ("1_000", 16, Some("4096")),
            ("1_000", 36, Some("46656")),
            ("1_000", 3, Some("27")),
            ("1_000", 7, Some("343")),
            ("1_000", 35, Some("42875")),
            ("1__000", 0, None),
            ("1__000", 2, None),
            ("1__000", 8, None),
            ("1__000", 10, None),
            ("1__000", 16, None),
            ("1__000", 36, None),
            ("1__000", 3, None),
            ("1__000", 7, None),
            ("1__000", 35, None),
            ("_1", 0, None),
            ("_1", 2, None),
            ("_1", 8, None),
            ("_1", 10, None),
            ("_1", 16, None),
            ("_1", 36, None),
            ("_1", 3, None),
            ("_1", 7, None),
            ("_1", 35, None),
            ("1_", 0, None),
            ("1_", 2, None),
            ("1_", 8, None),
            ("1_", 10, None),
            ("1_", 16, None),
            ("1_", 36, None),
            ("1_", 3, None),
            ("1_", 7, None),
            ("1_", 35, None),
            ("0x1f", 0, Some("31")),
            ("0x1f", 2, None),
            ("0x1f", 8, None),
            ("0x1f", 10, None),
            ("0x1f", 16, Some("31")),
            ("0x1f", 36, Some("42819")),
            ("0x1f", 3, None),
            ("0x1f", 7, None),
            ("0x1f", 35, Some("40475")),
            ("0X1F", 0, Some("31")),
            ("0X1F", 2, None),
            ("0X1F", 8, None),
            ("0X1F", 10, None),
            ("0X1F", 16, Some("31")),
            ("0X1F", 36, Some("42819")),
            ("0X1F", 3, None),
            ("0X1F", 7, None),
            ("0X1F", 35, Some("40475")),
            ("0o17", 0, Some("15")),
            ("0o17", 2, None),
            ("0o17", 8, Some("15")),
            ("0o17", 10, None),
            ("0o17", 16, None),
            ("0o17", 36, Some("31147")),
            ("0o17", 3, None),
            ("0o17", 7, None),
            ("0o17", 35, Some("29442")),
            ("0b101", 0, Some("5")),
            ("0b101", 2, Some("5")),
            ("0b101", 8, None),
            ("0b101", 10, None),
            ("0b101", 16, Some("45313")),
            ("0b101", 36, Some("514513")),
            ("0b101", 3, None),
            ("0b101", 7, None),
            ("0b101", 35, Some("472851")),
            ("0x_1f", 0, Some("31")),
            ("0x_1f", 2, None),
            ("0x_1f", 8, None),
            ("0x_1f", 10, None),
            ("0x_1f", 16, Some("31")),
            ("0x_1f", 36, Some("42819")),
            ("0x_1f", 3, None),
            ("0x_1f", 7, None),
            ("0x_1f", 35, Some("40475")),
            ("0x__1f", 0, None),
            ("0x__1f", 2, None),
            ("0x__1f", 8, None),
            ("0x__1f", 10, None),
            ("0x__1f", 16, None),
            ("0x__1f", 36, None),
            ("0x__1f", 3, None),
            ("0x__1f", 7, None),
            ("0x__1f", 35, None),
            ("0_x1f", 0, None),
            ("0_x1f", 2, None),
            ("0_x1f", 8, None),
            ("0_x1f", 10, None),
            ("0_x1f", 16, None),
            ("0_x1f", 36, Some("42819")),
            ("0_x1f", 3, None),
            ("0_x1f", 7, None),
            ("0_x1f", 35, Some("40475")),
            ("010", 0, None),
            ("010", 2, Some("2")),
            ("010", 8, Some("8")),
            ("010", 10, Some("10")),
            ("010", 16, Some("16")),
            ("010", 36, Some("36")),
            ("010", 3, Some("3")),
            ("010", 7, Some("7")),
            ("010", 35, Some("35")),
            ("00", 0, Some("0")),
            ("00", 2, Some("0")),
            ("00", 8, Some("0")),
            ("00", 10, Some("0")),
            ("00", 16, Some("0")),
            ("00", 36, Some("0")),
            ("00", 3, Some("0")),
            ("00", 7, Some("0")),
            ("00", 35, Some("0")),
            ("0_0", 0, Some("0")),
            ("0_0", 2, Some("0")),
            ("0_0", 8, Some("0")),
            ("0_0", 10, Some("0")),
            ("0_0", 16, Some("0")),
            ("0_0", 36, Some("0")),
            ("0_0", 3, Some("0")),
            ("0_0", 7, Some("0")),
            ("0_0", 35, Some("0")),
            ("0_7", 0, None),
            ("0_7", 2, None),
            ("0_7", 8, Some("7")),
            ("0_7", 10, Some("7")),
            ("0_7", 16, Some("7")),
            ("0_7", 36, Some("7")),
            ("0_7", 3, None),
            ("0_7", 7, None),
            ("0_7", 35, Some("7")),
            ("000", 0, Some("0")),
            ("000", 2, Some("0")),
            ("000", 8, Some("0")),
            ("000", 10, Some("0")),
            ("000", 16, Some("0")),
            ("000", 36, Some("0")),
            ("000", 3, Some("0")),
            ("000", 7, Some("0")),
            ("000", 35, Some("0")),
            ("-010", 0, None),
            ("-010", 2, Some("-2")),
            ("-010", 8, Some("-8")),
            ("-010", 10, Some("-10")),
            ("-010", 16, Some("-16")),
            ("-010", 36, Some("-36")),
            ("-010", 3, Some("-3")),
            ("-010", 7, Some("-7")),
            ("-010", 35, Some("-35")),
            ("9223372036854775807", 0, Some("9223372036854775807")),
            ("9223372036854775807", 2, None),
            ("9223372036854775807", 8, None),
            ("9223372036854775807", 10, Some("9223372036854775807")),
            ("9223372036854775807", 16, Some("43132194673522839607303")),
            ("9223372036854775807", 36, Some("93419446956697119914106100423")),
            ("9223372036854775807", 3, None),
            ("9223372036854775807", 7, None),
            ("9223372036854775807", 35, Some("56272699878642450125440819182")),
            ("9223372036854775808", 0, Some("9223372036854775808")),
            ("9223372036854775808", 2, None),
            ("9223372036854775808", 8, None),
            ("9223372036854775808", 10, Some("9223372036854775808")),
            ("9223372036854775808", 16, Some("43132194673522839607304")),
            ("9223372036854775808", 36, Some("93419446956697119914106100424")),
            ("9223372036854775808", 3, None),
            ("9223372036854775808", 7, None),
            ("9223372036854775808", 35, Some("56272699878642450125440819183")),
            ("-9223372036854775808", 0, Some("-9223372036854775808")),
            ("-9223372036854775808", 2, None),
            ("-9223372036854775808", 8, None),
            ("-9223372036854775808", 10, Some("-9223372036854775808")),
            ("-9223372036854775808", 16, Some("-43132194673522839607304")),
            ("-9223372036854775808", 36, Some("-93419446956697119914106100424")),
            ("-9223372036854775808", 3, None),
            ("-9223372036854775808", 7, None),
            ("-9223372036854775808", 35, Some("-56272699878642450125440819183")),
            ("-9223372036854775809", 0, Some("-9223372036854775809")),
            ("-9223372036854775809", 2, None),
            ("-9223372036854775809", 8, None),
            ("-9223372036854775809", 10, Some("-9223372036854775809")),
            ("-9223372036854775809", 16, Some("-43132194673522839607305")),
            ("-9223372036854775809", 36, Some("-93419446956697119914106100425")),
            ("-9223372036854775809", 3, None),
            ("-9223372036854775809", 7, None),
            ("-9223372036854775809", 35, Some("-56272699878642450125440819184")),
            ("18446744073709551615", 0, Some("18446744073709551615")),
            ("18446744073709551615", 2, None),
            ("18446744073709551615", 8, None),
            ("18446744073709551615", 10, Some("18446744073709551615")),
            ("18446744073709551615", 16, Some("114598615266301018707477")),
            ("18446744073709551615", 36, Some("455013943109275812644532567497")),
            ("18446744073709551615", 3, None),
            ("18446744073709551615", 7, None),
            ("18446744073709551615", 35, Some("267843025195493823446028225265")),
            ("18446744073709551616", 0, Some("18446744073709551616")),
            ("18446744073709551616", 2, None),
            ("18446744073709551616", 8, None),
            ("18446744073709551616", 10, Some("18446744073709551616")),
            ("18446744073709551616", 16, Some("114598615266301018707478")),
            ("18446744073709551616", 36, Some("455013943109275812644532567498")),
            ("18446744073709551616", 3, None),
            ("18446744073709551616", 7, None),
            ("18446744073709551616", 35, Some("267843025195493823446028225266")),
            ("123456789012345678901234567890", 0, Some("123456789012345678901234567890")),
            ("123456789012345678901234567890", 2, None),
            ("123456789012345678901234567890", 8, None),
            ("123456789012345678901234567890", 10, Some("123456789012345678901234567890")),
            ("123456789012345678901234567890", 16, Some("94522879687365475552814062743484560")),
            ("123456789012345678901234567890", 36, Some("1436287679432363134028105837355561937436483460")),
            ("123456789012345678901234567890", 3, None),
            ("123456789012345678901234567890", 7, None),
            ("123456789012345678901234567890", 35, Some("635552660067539798607561609109030624622173365")),
            ("-123456789012345678901234567890", 0, Some("-123456789012345678901234567890")),
            ("-123456789012345678901234567890", 2, None),
            ("-123456789012345678901234567890", 8, None),
            ("-123456789012345678901234567890", 10, Some("-123456789012345678901234567890")),
            ("-123456789012345678901234567890", 16, Some("-94522879687365475552814062743484560")),
            ("-123456789012345678901234567890", 36, Some("-1436287679432363134028105837355561937436483460")),
            ("-123456789012345678901234567890", 3, None),
            ("-123456789012345678901234567890", 7, None),
            ("-123456789012345678901234567890", 35, Some("-635552660067539798607561609109030624622173365")),
            ("", 0, None),
            ("", 2, None),
            ("", 8, None),
            ("", 10, None),
            ("", 16, None),
            ("", 36, None),
            ("", 3, None),
            ("", 7, None),
            ("", 35, None),
            (" ", 0, None),
            (" ", 2, None),
            (" ", 8, None),
            (" ", 10, None),
            (" ", 16, None),
            (" ", 36, None),
            (" ", 3, None),
            (" ", 7, None),
            (" ", 35, None),
            ("+", 0, None),
            ("+", 2, None),
            ("+", 8, None),
            ("+", 10, None),
            ("+", 16, None),
            ("+", 36, None),
            ("+", 3, None),
            ("+", 7, None),
            ("+", 35, None),
            ("-", 0, None),
            ("-", 2, None),
            ("-", 8, None),
            ("-", 10, None),
            ("-", 16, None),
            ("-", 36, None),
            ("-", 3, None),
            ("-", 7, None),
            ("-", 35, None),
            ("+-1", 0, None),
            ("+-1", 2, None),
            ("+-1", 8, None),
            ("+-1", 10, None),
            ("+-1", 16, None),
            ("+-1", 36, None),
            ("+-1", 3, None),
            ("+-1", 7, None),
            ("+-1", 35, None),
            ("--1", 0, None),
            ("--1", 2, None),
            ("--1", 8, None),
            ("--1", 10, None),
            ("--1", 16, None),
            ("--1", 36, None),
            ("--1", 3, None),
            ("--1", 7, None),
            ("--1", 35, None),
            ("1 2", 0, None),
            ("1 2", 2, None),
            ("1 2", 8, None),
            ("1 2", 10, None),
            ("1 2", 16, None),
            ("1 2", 36, None),
            ("1 2", 3, None),
            ("1 2", 7, None),
            ("1 2", 35, None),
            ("1.0", 0, None),
            ("1.0", 2, None),
            ("1.0", 8, None),
            ("1.0", 10, None),
            ("1.0", 16, None),
            ("1.0", 36, None),
            ("1.0", 3, None),
            ("1.0", 7, None),
            ("1.0", 35, None),
            ("1e5", 0, None),
            ("1e5", 2, None),
            ("1e5", 8, None),
            ("1e5", 10, None),
            ("1e5", 16, Some("485")),
            ("1e5", 36, Some("1805")),
            ("1e5", 3, None),
            ("1e5", 7, None),
            ("1e5", 35, Some("1720")),
            ("abc", 0, None),
            ("abc", 2, None),
            ("abc", 8, None),
            ("abc", 10, None),
            ("abc", 16, Some("2748")),
            ("abc", 36, Some("13368")),
            ("abc", 3, None),
            ("abc", 7, None),
            ("abc", 35, Some("12647")),
            ("z", 0, None),
            ("z", 2, None),
            ("z", 8, None),
            ("z", 10, None),
            ("z", 16, None),
            ("z", 36, Some("35")),
            ("z", 3, None),
            ("z", 7, None),
            ("z", 35, None),
            ("Z", 0, None),
            ("Z", 2, None),
            ("Z", 8, None),
            ("Z", 10, None),
            ("Z", 16, None),
            ("Z", 36, Some("35")),
            ("Z", 3, None),
            ("Z", 7, None),
            ("Z", 35, None),
            ("zz", 0, None),
            ("zz", 2, None),
            ("zz", 8, None),
            ("zz", 10, None),
            ("zz", 16, None),
            ("zz", 36, Some("1295")),
            ("zz", 3, None),
            ("zz", 7, None),
            ("zz", 35, None),
            ("\u{665}", 0, Some("5")),
            ("\u{665}", 2, None),
            ("\u{665}", 8, Some("5")),
            ("\u{665}", 10, Some("5")),
            ("\u{665}", 16, Some("5")),
            ("\u{665}", 36, Some("5")),
            ("\u{665}", 3, None),
            ("\u{665}", 7, Some("5")),
            ("\u{665}", 35, Some("5")),
            ("\u{661}\u{662}\u{663}", 0, Some("123")),
            ("\u{661}\u{662}\u{663}", 2, None),
            ("\u{661}\u{662}\u{663}", 8, Some("83")),
            ("\u{661}\u{662}\u{663}", 10, Some("123")),
            ("\u{661}\u{662}\u{663}", 16, Some("291")),
            ("\u{661}\u{662}\u{663}", 36, Some("1371")),
            ("\u{661}\u{662}\u{663}", 3, None),
            ("\u{661}\u{662}\u{663}", 7, Some("66")),
            ("\u{661}\u{662}\u{663}", 35, Some("1298")),
            ("\u{ff11}\u{ff12}\u{ff13}", 0, Some("123")),
            ("\u{ff11}\u{ff12}\u{ff13}", 2, None),
            ("\u{ff11}\u{ff12}\u{ff13}", 8, Some("83")),
            ("\u{ff11}\u{ff12}\u{ff13}", 10, Some("123")),
            ("\u{ff11}\u{ff12}\u{ff13}", 16, Some("291")),
            ("\u{ff11}\u{ff12}\u{ff13}", 36, Some("1371")),
            ("\u{ff11}\u{ff12}\u{ff13}", 3, None),
            ("\u{ff11}\u{ff12}\u{ff13}", 7, Some("66")),
            ("\u{ff11}\u{ff12}\u{ff13}", 35, Some("1298")),
            ("\u{85}1\u{2003}", 0, Some("1")),
            ("\u{85}1\u{2003}", 2, Some("1")),
            ("\u{85}1\u{2003}", 8, Some("1")),
            ("\u{85}1\u{2003}", 10, Some("1")),
            ("\u{85}1\u{2003}", 16, Some("1")),
            ("\u{85}1\u{2003}", 36, Some("1")),
            ("\u{85}1\u{2003}", 3, Some("1")),
            ("\u{85}1\u{2003}", 7, Some("1")),
            ("\u{85}1\u{2003}", 35, Some("1")),
            ("\u{200b}1", 0, None),
            ("\u{200b}1", 2, None),
            ("\u{200b}1", 8, None),
            ("\u{200b}1", 10, None),
            ("\u{200b}1", 16, None),
            ("\u{200b}1", 36, None),
            ("\u{200b}1", 3, None),
            ("\u{200b}1", 7, None),
            ("\u{200b}1", 35, None),
            ("1\u{0}", 0, None),
            ("1\u{0}", 2, None),
            ("1\u{0}", 8, None),
            ("1\u{0}", 10, None),
            ("1\u{0}", 16, None),
            ("1\u{0}", 36, None),
            ("1\u{0}", 3, None),
            ("1\u{0}", 7, None),
            ("1\u{0}", 35, None),
            ("1\u{1c}", 0, None),
            ("1\u{1c}", 2, None),
            ("1\u{1c}", 8, None),
            ("1\u{1c}", 10, None),
            ("1\u{1c}", 16, None),
            ("1\u{1c}", 36, None),
            ("1\u{1c}", 3, None),
            ("1\u{1c}", 7, None),
            ("1\u{1c}", 35, None),
            ("\u{1c}1", 0, None),
            ("\u{1c}1", 2, None),
            ("\u{1c}1", 8, None),
            ("\u{1c}1", 10, None),
            ("\u{1c}1", 16, None),
            ("\u{1c}1", 36, None),
            ("\u{1c}1", 3, None),
            ("\u{1c}1", 7, None),
            ("\u{1c}1", 35, None),
            ("\u{e9}", 0, None),
            ("\u{e9}", 2, None),
            ("\u{e9}", 8, None),
            ("\u{e9}", 10, None),
            ("\u{e9}", 16, None),
            ("\u{e9}", 36, None),
            ("\u{e9}", 3, None),
            ("\u{e9}", 7, None),
            ("\u{e9}", 35, None),
            ("1\u{e9}", 0, None),
            ("1\u{e9}", 2, None),
            ("1\u{e9}", 8, None),
            ("1\u{e9}", 10, None),
            ("1\u{e9}", 16, None),
            ("1\u{e9}", 36, None),
            ("1\u{e9}", 3, None),
            ("1\u{e9}", 7, None),
            ("1\u{e9}", 35, None),
            ("0x", 0, None),
            ("0x", 2, None),
            ("0x", 8, None),
            ("0x", 10, None),
            ("0x", 16, None),
            ("0x", 36, Some("33")),
            ("0x", 3, None),
            ("0x", 7, None),
            ("0x", 35, Some("33")),
            ("0b", 0, None),
            ("0b", 2, None),
            ("0b", 8, None),
            ("0b", 10, None),
            ("0b", 16, Some("11")),
            ("0b", 36, Some("11")),
            ("0b", 3, None),
            ("0b", 7, None),
            ("0b", 35, Some("11")),
            ("0o", 0, None),
            ("0o", 2, None),
            ("0o", 8, None),
            ("0o", 10, None),
            ("0o", 16, None),
            ("0o", 36, Some("24")),
            ("0o", 3, None),
            ("0o", 7, None),
            ("0o", 35, Some("24")),
            ("0b2", 0, None),
            ("0b2", 2, None),
            ("0b2", 8, None),
            ("0b2", 10, None),
            ("0b2", 16, Some("178")),
            ("0b2", 36, Some("398")),
            ("0b2", 3, None),
            ("0b2", 7, None),
            ("0b2", 35, Some("387")),
            ("0o8", 0, None),
            ("0o8", 2, None),
            ("0o8", 8, None),
            ("0o8", 10, None),
            ("0o8", 16, None),
            ("0o8", 36, Some("872")),
            ("0o8", 3, None),
            ("0o8", 7, None),
            ("0o8", 35, Some("848")),
            ("0xg", 0, None),
            ("0xg", 2, None),
            ("0xg", 8, None),
            ("0xg", 10, None),
            ("0xg", 16, None),
            ("0xg", 36, Some("1204")),
            ("0xg", 3, None),
            ("0xg", 7, None),
            ("0xg", 35, Some("1171")),
            ("1_2_3", 0, Some("123")),
            ("1_2_3", 2, None),
            ("1_2_3", 8, Some("83")),
            ("1_2_3", 10, Some("123")),
            ("1_2_3", 16, Some("291")),
            ("1_2_3", 36, Some("1371")),
            ("1_2_3", 3, None),
            ("1_2_3", 7, Some("66")),
            ("1_2_3", 35, Some("1298")),
            ("\u{663}_\u{664}", 0, Some("34")),
            ("\u{663}_\u{664}", 2, None),
            ("\u{663}_\u{664}", 8, Some("28")),
            ("\u{663}_\u{664}", 10, Some("34")),
            ("\u{663}_\u{664}", 16, Some("52")),
            ("\u{663}_\u{664}", 36, Some("112")),
            ("\u{663}_\u{664}", 3, None),
            ("\u{663}_\u{664}", 7, Some("25")),
            ("\u{663}_\u{664}", 35, Some("109")),
            (" 1_0 ", 0, Some("10")),
            (" 1_0 ", 2, Some("2")),
            (" 1_0 ", 8, Some("8")),
            (" 1_0 ", 10, Some("10")),
            (" 1_0 ", 16, Some("16")),
            (" 1_0 ", 36, Some("36")),
            (" 1_0 ", 3, Some("3")),
            (" 1_0 ", 7, Some("7")),
            (" 1_0 ", 35, Some("35")),
            ("0 ", 0, Some("0")),
            ("0 ", 2, Some("0")),
            ("0 ", 8, Some("0")),
            ("0 ", 10, Some("0")),
            ("0 ", 16, Some("0")),
            ("0 ", 36, Some("0")),
            ("0 ", 3, Some("0")),
            ("0 ", 7, Some("0")),
            ("0 ", 35, Some("0")),
            (" -0x10", 0, Some("-16")),
            (" -0x10", 2, None),
            (" -0x10", 8, None),
            (" -0x10", 10, None),
            (" -0x10", 16, Some("-16")),
            (" -0x10", 36, Some("-42804")),
            (" -0x10", 3, None),
            (" -0x10", 7, None),
            (" -0x10", 35, Some("-40460")),
            ("- 1", 0, None),
            ("- 1", 2, None),
            ("- 1", 8, None),
            ("- 1", 10, None),
            ("- 1", 16, None),
            ("- 1", 36, None),
            ("- 1", 3, None),
            ("- 1", 7, None),
            ("- 1", 35, None),
            ("1\u{a0}", 0, Some("1")),
            ("1\u{a0}", 2, Some("1")),
            ("1\u{a0}", 8, Some("1")),
            ("1\u{a0}", 10, Some("1")),
            ("1\u{a0}", 16, Some("1")),
            ("1\u{a0}", 36, Some("1")),
            ("1\u{a0}", 3, Some("1")),
            ("1\u{a0}", 7, Some("1")),
            ("1\u{a0}", 35, Some("1")),
            ("-142310013002222031004100222234432212", 5, Some("-5546085685314306762811557")),
            ("2dff89db53c59d3f3086652ed9dd", 16, Some("932954278202164352531427174046173")),
            ("-412420103200014313003010023113204414024241322333041442001", 5, Some("-5988643894093955762933485086721861671501")),
            ("780394801666837910300623050332", 10, Some("780394801666837910300623050332")),
            ("-10210200211022110202011110000220120021000011001012102020200212002", 3, Some("-4353456456791315944334018066288")),
            ("12202110020110221200101012201122121220222012110021220010222100201112111", 3, Some("4803998345378168048457255210075889")),
            ("77872417636781431596688760898", 10, Some("77872417636781431596688760898")),
            ("-100100101110100100110011000", 2, Some("-77023640")),
            ("-2012200000210111022020212202000202112012121200122210210221", 3, Some("-3469664470981410887513705377")),
            ("111011000001010101000010011010010111100111100100001011010011000110100001011100010011001011001000", 2, Some("73064163381928535432268690120")),
            ("-7_134236751332557625274432621542074012276313", 8, Some("-610831848205978825237543485318887996619")),
            ("740066020370774141542332440345331602140", 8, Some("155803152731318689369868212059440224")),
            ("-1010100120121002222001011010220100201111011210010100200201221220210022", 3, Some("-938056843387897182095779310165837")),
            ("-5_co3bk2biu5vmipaz", 36, Some("-42594141707823917509366427")),
            ("1110010100011110000010101010111011001011101110010111100100100010101001001000011011101", 2, Some("34623235093630202531844317")),
            ("33c3951031375dd758", 16, Some("954877136171681306456")),
            ("142010341200222140022403023421321132104313", 5, Some("85576484444445526547043628708")),
            ("22207A231EBEC9C7BF7552110967", 16, Some("692175027353405559488132257220967")),
            ("44001403421000134044344324030341441330", 5, Some("349459134063338461700733965")),
            ("3823251654351050733321265", 0, Some("3823251654351050733321265")),
            ("-56499a52a79", 16, Some("-5929632606841")),
            ("1_14214044101", 5, Some("67331151")),
            ("23dd77d073cd6ab5d79274b35047", 16, Some("727430840763061520706456081616967")),
            ("-7_694e90dbcb", 16, Some("-8148871076811")),
            ("100100110010110101110110111001011010000111111010011000001010110101111111100110111001110011", 2, Some("711707180950648478056214131")),
            ("-3_141300110234044004113132034012401332", 5, Some("-49080927323834482947387717")),
            ("875181309761174907005669152", 0, Some("875181309761174907005669152")),
            ("30FACFD13F64E809D52A07498270E93", 16, Some("4069077065587695884665668704192106131")),
            ("-9205170874069931969779970975056643011", 0, Some("-9205170874069931969779970975056643011")),
            ("10010010111111001111110111001101100010011000101111000100001101010100000", 2, Some("1355727293809449638560")),
            ("153EF8A442F41D1269F7E5E051AF94D3", 16, Some("28240753368433876434065308343608513747")),
            ("121414", 5, Some("4609")),
            ("C_6686CF6B20EBBC3C641D8A1", 16, Some("61404274796175835933853210785")),
            ("757282663593650846", 0, Some("757282663593650846")),
            ("-11820002192860059898304496697009274", 10, Some("-11820002192860059898304496697009274")),
            ("4_06411760454733612041701533230206304053", 8, Some("85192439508899778828521447588726827")),
            ("-2799247813834503945148742064740936472117", 10, Some("-2799247813834503945148742064740936472117")),
            ("1403312410422213421201410340", 5, Some("13629363631321122595")),
            ("1_0000001100010011000101111110000000111110011010111011001100110111101011010001010110", 2, Some("4893780510577314146202710")),
            ("2413304443041104411214113404", 5, Some("21376602821008738604")),
            ("-1_d56bb030bd73b31", 16, Some("-2114082696854977329")),
            ("-1_1440215024123637352353414524050627255213762", 8, Some("-813533303316693893564956310337492424690")),
            ("5f9dc35d8af9dbe25594e7", 16, Some("115592968256769194361984231")),
            ("3540561146530876", 10, Some("3540561146530876")),
            ("-10000001111000000001100001101110111100001111", 2, Some("-8924967661327")),
            ("-10033313202240", 5, Some("-1257162820")),
            ("3_2591090724", 0, Some("32591090724")),
            ("220001202121021200100110010021101022121101102222022200111120002212110", 3, Some("743693656876861442014173029322765")),
            ("10012110211012201020002101121121021100202200021110212210000000110201121021101121021", 3, Some("1420195073367556308582806639406559071100")),
            ("-1331262066660610045", 8, Some("-25661646680821797")),
            ("-22212220221202100010111211101102", 3, Some("-1829565496033976")),
            ("2_0212100102102220222012121102120221", 3, Some("38161721277805372")),
            ("11000010001011001010010011000101000010110000010111001100101100001111111010010100010111000010", 2, Some("3755878921519376633046844866")),
            ("-2_2442175464462731572", 8, Some("-334471272430547834")),
            ("OB6WZ4M", 36, Some("52919520214")),
            ("f_5560abff18c60cabfd357e8", 16, Some("75927845791114739805370669032")),
            ("-1210020222211101120011112011202200020012202201101120", 3, Some("-3849450779123901563880192")),
            ("-273701", 8, Some("-96193")),
            ("-A864", 16, Some("-43108")),
            ("-4ado57trn52r7zjs449z0", 36, Some("-57324176412036569334177716465532")),
            ("102011112010210002010201201001222212022011102201222022112120012022212", 3, Some("345112355396615665050667923300347")),
            ("21011000221102021210101202210002111002011", 3, Some("28973497973042096257")),
            ("-11010001000110001110010001011100001001110001101110100001001111011001100010001110010110001110110111101100001000000000010100000100", 2, Some("-277937897934136155010566130786325497092")),
            ("-5341760948191633747508418138", 0, Some("-5341760948191633747508418138")),
            ("11220011002021210111210111120002012210222112100202020", 3, Some("10541238171519943554089559")),
            ("6_96746633248038325577364390027218022761", 0, Some("696746633248038325577364390027218022761")),
            ("44023434100304300203421142231203424033", 5, Some("350870383060184063118029893")),
            ("-74224669113479", 10, Some("-74224669113479")),
            ("1_acaf5fc07324615aa57b98", 16, Some("518248431237718155249154968")),
            ("-78B3C215A83D5E3DC5C2BFF37D7F", 16, Some("-2448131059802090931465309855645055")),
            ("1010112022001220211122002221200011011000202101201210120210000201210022210221111220", 3, Some("501393662238670412810505910336816828530")),
            ("327485480127188784543287984074275", 0, Some("327485480127188784543287984074275")),
            ("-3928834761580011073", 0, Some("-3928834761580011073")),
            ("-4_138025439720776662974744914787983676840", 10, Some("-4138025439720776662974744914787983676840")),
            ("1_01010001000010010101011000100111101100010000101100111100010011010100001001100010111", 2, Some("12732877868392055927608087")),
            ("-9919577", 0, Some("-9919577")),
            ("-5062001860135486079", 10, Some("-5062001860135486079")),
            ("9175955987891904444706938157362734688074", 10, Some("9175955987891904444706938157362734688074")),
            ("-1_01001010100100000110111111011111110001010100000011100111110111000100101001111100001110010000011", 2, Some("-51152333434792760802746965123")),
            ("-p51pbaugm329iqh6kbav6x2", 36, Some("-435535739118609763340528742013815494")),
            ("-1kgo193f3kavbqxz359qfm78", 36, Some("-978180245503248227602586385524083748")),
            ("-2756021431325650372477640751270", 8, Some("-3670381664199767593647854264")),
            ("164YR7LPF2156PK0O2TTGWN0", 36, Some("730008980807176952384160243099892284")),
            ("-W_4ANFK519VHX4A156D", 36, Some("-9202566878122496482749839989")),
            ("102321230121402332021442402014401343411044134141002", 5, Some("98382382606167329971701777635458877")),
            ("113B597318CC", 16, Some("18946601457868")),
            ("1011110110100011100111110000011100000100001110000010101111001110111101010000111101", 2, Some("3582182174715175077925949")),
            ("8a1fcd13211b593dc45466", 16, Some("166981939428735926623556710")),
            ("-4_3045443177545571215", 8, Some("-631825784106316429")),
            ("1_114310204221120304432442341004042104113301000422103", 5, Some("567167601339163242044056831935560903")),
            ("sxz6q7rrhnqaekfemgmm", 36, Some("10747397675838315174909926254510")),
            ("10111101001111101011111101000011111000111110111111111000001110111100011111010010011100101010101001", 2, Some("234274093925620101361095527081")),
            ("-3p6q6tgd1468tujr3sa1qnm", 36, Some("-64093493446438629566778355114862386")),
            ("6599349142631210199124523918314063", 0, Some("6599349142631210199124523918314063")),
            ("-1010000001110111110110101111100000111001010101011111001100000110100110001100101010000101010000110011011000001001100111011001100101", 2, Some("-853195215533498542661367501334782572133")),
            ("212744823919895544804300233981845167462", 0, Some("212744823919895544804300233981845167462")),
            ("-hodmey6u5l9geyjjbhue", 36, Some("-6563877220777143383292678303254")),
            ("-6_85487431308936927167369423", 10, Some("-685487431308936927167369423")),
            ("3_201303023022444333213203221044234222140224430134221110", 5, Some("189459487500694630192193746048565148280")),
            ("-daf9bd486dda", 16, Some("-240766157352410")),
        ];
        /// `(text, Some(bits of float(text)) or None)` from python3 3.11.
        pub const FLOAT_CASES: &[(&str, Option<u64>)] = &[
            ("0", Some(0x0000000000000000)),
            ("-0", Some(0x8000000000000000)),
            ("+0.0", Some(0x0000000000000000)),
            ("1", Some(0x3ff0000000000000)),
            ("1.", Some(0x3ff0000000000000)),
            (".5", Some(0x3fe0000000000000)),
            (".", None),
            ("-.5", Some(0xbfe0000000000000)),
            ("+.5e1", Some(0x4014000000000000)),
            ("1e5", Some(0x40f86a0000000000)),
            ("1E5", Some(0x40f86a0000000000)),
            ("1e+5", Some(0x40f86a0000000000)),
            ("1e-5", Some(0x3ee4f8b588e368f1)),
            ("1e", None),
            ("1e+", None),
            ("e5", None),
            (".e5", None),
            ("1.5e3.2", None),
            (" 1.5 ", Some(0x3ff8000000000000)),
            ("\u{9}1.5\u{a}", Some(0x3ff8000000000000)),
            ("\u{b}1\u{b}", Some(0x3ff0000000000000)),
            ("1_000.5", Some(0x408f440000000000)),
            ("1_000_000", Some(0x412e848000000000)),
            ("1__0", None),
            ("_1", None),
            ("1_", None),
            ("1_.5", None),
            ("1._5", None),
            ("1.5_", None),
            ("1e1_0", Some(0x4202a05f20000000)),
            ("1e_10", None),
            ("1_e10", None),
            ("inf", Some(0x7ff0000000000000)),
            ("-inf", Some(0xfff0000000000000)),
            ("+inf", Some(0x7ff0000000000000)),
            ("INF", Some(0x7ff0000000000000)),
            ("Infinity", Some(0x7ff0000000000000)),
            ("-iNfInItY", Some(0xfff0000000000000)),
            ("infinit", None),
            ("infinityy", None),
            ("nan", Some(0x7ff8000000000000)),
            ("-nan", Some(0xfff8000000000000)),
            ("+NaN", Some(0x7ff8000000000000)),
            ("nan1", None),
            ("in", None),
            ("n", None),
            ("0x10", None),
            ("0b1", None),
            ("1e400", Some(0x7ff0000000000000)),
            ("-1e400", Some(0xfff0000000000000)),
            ("1e-400", Some(0x0000000000000000)),
            ("2.4703282292062328e-324", Some(0x0000000000000001)),
            ("2.4703282292062327e-324", Some(0x0000000000000000)),
            ("1.7976931348623157e308", Some(0x7fefffffffffffff)),
            ("1.7976931348623158e308", Some(0x7fefffffffffffff)),
            ("1.7976931348623159e308", Some(0x7ff0000000000000)),
            ("0.1", Some(0x3fb999999999999a)),
            ("0.30000000000000004", Some(0x3fd3333333333334)),
            ("123456789012345678901234567890", Some(0x45f8ee90ff6c373e)),
            ("1111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111", Some(0x7ff0000000000000)),
            ("0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001", Some(0x0000000000000000)),
            ("\u{665}.\u{665}", Some(0x4016000000000000)),
            ("\u{ff11}.\u{ff15}", Some(0x3ff8000000000000)),
            ("\u{2003}1.5\u{3000}", Some(0x3ff8000000000000)),
            ("1.5\u{200b}", None),
            ("\u{e9}", None),
            ("", None),
            (" ", None),
            ("+", None),
            ("-", None),
            ("1 .5", None),
            ("1\u{0}", None),
            ("1e99999999999999999999", Some(0x7ff0000000000000)),
            ("1e-99999999999999999999", Some(0x0000000000000000)),
            ("0e99999999999", Some(0x0000000000000000)),
            ("- 1", None),
            ("++1", None),
            ("1.5e+-3", None),
            ("\u{ff11}e\u{ff15}", Some(0x40f86a0000000000)),
            ("0000.0001", Some(0x3f1a36e2eb1c432d)),
            ("1_0e1_0", Some(0x42374876e8000000)),
            ("1.0_0", Some(0x3ff0000000000000)),
            ("_", None),
            ("1.5\u{1c}", None),
            ("1.59421403173859690440e+24", Some(0x44f5196840d7e501)),
            ("-0.0000025580603124102177830", Some(0xbec57564876e1865)),
            ("-0.0000000000000016135021213", Some(0xbcdd10f7159c52aa)),
            ("605", Some(0x4082e80000000000)),
            ("-2.78e+22", Some(0xc4978c2a0115264e)),
            ("-0.0000000000000000000731517", Some(0xbbf5972fa97cb722)),
            ("6.91e-28", Some(0x3a4b5f92908b2f2a)),
            ("7.95565567590971606249e-02", Some(0x3fb45dd1897672db)),
            ("0.0000079337285226319067719", Some(0x3ee0a36358645e12)),
            ("-5.31970086069593170820e-10", Some(0xbe0247422404c29e)),
            ("8.94935147750484108925e+08", Some(0x41caabd035e00fdd)),
            ("-1.57e-16", Some(0xbca6a047135be701)),
            ("3.411277985626528e-20", Some(0x3be422fa40487f0c)),
            ("0.0862", Some(0x3fb6113404ea4a8c)),
            ("7.29e-15", Some(0x3d006a661d47ecd8)),
            ("-5.06e-20", Some(0xbbedde74afe718c9)),
            ("-3.19055671073576360000e+16", Some(0xc35c567c6e72a6f1)),
            ("4.81214520102068757829e-08", Some(0x3e69d5c312aef2a2)),
            ("-9.91437207490102057061e-02", Some(0xbfb9617b9e38836e)),
            ("-6.8662986545773430080430444", Some(0xc01b7716fe97e9f9)),
            ("-6.146505733131354e+18", Some(0xc3d5533199844c90)),
            ("-3.35e+26", Some(0xc57151b02639e2af)),
            ("1.2130474556569548", Some(0x3ff368a472e8ae9e)),
            ("-435969888334694544224120995840.0000000000000000000000000", Some(0xc61602c75b6e25d1)),
            ("7.291035666713527e-23", Some(0x3b56092a65915ae6)),
            ("-9.515950198545687e+28", Some(0xc5f337a185b43781)),
            ("1.26332421516930480000e+16", Some(0x434670eef368157c)),
            ("9546670632116336640.0000000000000000000000000", Some(0x43e08f92cb80de57)),
            ("3.459213428591276e-28", Some(0x3a3b681e4d4492cb)),
            ("3.89780416526309687392e-18", Some(0x3c51f9b706178f6e)),
            ("5.17066350231718154280e-31", Some(0x39a4f9862306277c)),
            ("-0.0000000026434468832812110", Some(0xbe26b5004cc0aad6)),
            ("-9.14454139025152466550e-10", Some(0xbe0f6b9fa8edee64)),
            ("-0.00017391187292631116", Some(0xbf26cb839cfb47ae)),
            ("5.81721201204177256423e-29", Some(0x3a126f7baa8d8a21)),
            ("-0.0000000000009141165300985", Some(0xbd7014d09af2c9c2)),
            ("-1.86e+12", Some(0xc27b110a3a800000)),
            ("-6.54e+19", Some(0xc40c5cdbcbf7b460)),
            ("-0.0000000000000000000000000", Some(0x8000000000000000)),
            ("3.319725625819565e+28", Some(0x45dad1081cf2384e)),
            ("-71173423473505809033011920896.0000000000000000000000000", Some(0xc5ecbf28d5352118)),
            ("0.0000000017491388598584191", Some(0x3e1e0ccb4784c0e5)),
            ("-0.0000000000674110712629439", Some(0xbdd287a1e6d49da8)),
            ("-1.67316985153009405133e+21", Some(0xc456acf95ac88015)),
            ("-8351.784639918385", Some(0xc0c04fe46f14b24d)),
            ("6.68252821876107e-27", Some(0x3a808b8e3237ffd7)),
            ("0.0000001114549960498832921", Some(0x3e7deb2106adc819)),
            ("8.58210997623177873876e-28", Some(0x3a50ffa5911532df)),
            ("-8.03000886456712853337e-06", Some(0xbee0d71403c47e1b)),
            ("8.70083699682054984086e-11", Some(0x3dd7eaab7344be6e)),
            ("-2.68570657801850960000e+16", Some(0xc357da96fa626202)),
            ("8779438.190918747", Some(0x4160bed5c61c01a2)),
            ("0.0000000000015524355346666", Some(0x3d7b4f8c4ffb9b1d)),
            ("-0.0000000000000000000000145", Some(0xbb3187885b40c148)),
            ("-0.0000000000000005783111845", Some(0xbcc4d5faad5b635b)),
            ("6.24e-16", Some(0x3cc67b6257b84279)),
            ("8.24868415283072897523e-26", Some(0x3ab98747e8234cc4)),
            ("6.37094330725743750000e+12", Some(0x42972d674037e5c0)),
            ("-4.89624778810648138109e-08", Some(0xbe6a495a0a47d55b)),
            ("0.000215", Some(0x3f2c2e33eff19503)),
        ];
    }

    fn show(v: &ParsedInt) -> String {
        match v {
            ParsedInt::Small(i) => i.to_string(),
            ParsedInt::Big(b) => b.to_string(),
        }
    }

    #[test]
    fn ints_match_python() {
        for &(text, base, want) in cases::INT_CASES {
            let got = parse_int(text, base);
            assert_eq!(
                got.as_ref().ok().map(show).as_deref(),
                want,
                "int({text:?}, {base})"
            );
            if let Ok(v) = got {
                // Small exactly when the value fits an i64.
                let fits = want.and_then(|w| w.parse::<i64>().ok()).is_some();
                assert_eq!(
                    matches!(v, ParsedInt::Small(_)),
                    fits,
                    "int({text:?}, {base})"
                );
            }
        }
    }

    #[test]
    fn floats_match_python() {
        for &(text, want) in cases::FLOAT_CASES {
            let got = parse_float(text).ok().map(f64::to_bits);
            assert_eq!(got, want, "float({text:?})");
        }
    }

    #[test]
    fn digit_limit() {
        let ok = "1".repeat(4300);
        assert!(matches!(parse_int_checked(&ok, 10), Ok(ParsedInt::Big(_))));
        let long = format!("-{}", "1_2".repeat(2500));
        let err = parse_int_checked(&long, 10).unwrap_err();
        assert_eq!(err, IntParseError::TooManyDigits(5000));
        assert_eq!(
            err.message().unwrap(),
            "Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; \
             use sys.set_int_max_str_digits() to increase the limit"
        );
        // The limit is checked before junk after the digits, as in CPython.
        let junk = format!("{}x", "7".repeat(5000));
        assert_eq!(
            parse_int_checked(&junk, 10),
            Err(IntParseError::TooManyDigits(5000))
        );
        assert_eq!(
            parse_int_checked(&junk, 0),
            Err(IntParseError::TooManyDigits(5000))
        );
        // Powers of two have no limit; plain parse_int has none either.
        assert!(parse_int_checked(&"1".repeat(5000), 16).is_ok());
        assert!(parse_int(&"1".repeat(5000), 10).is_ok());
        assert_eq!(parse_int_checked("x", 10), Err(IntParseError::Invalid));
        assert_eq!(IntParseError::Invalid.message(), None);
    }

    #[test]
    fn bad_bases() {
        assert_eq!(parse_int("1", 1), Err(()));
        assert_eq!(parse_int("1", 37), Err(()));
        assert_eq!(parse_int("z", 36), Ok(ParsedInt::Small(35)));
    }
}
