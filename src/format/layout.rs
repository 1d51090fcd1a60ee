//! Padding and digit grouping: CPython's `calc_number_widths`,
//! `fill_number` and `_PyUnicode_InsertThousandsGrouping`. A formatted
//! number is laid out as
//!
//! `<lpad> <sign> <prefix> <spad> <grouped digits> <point> <remainder> <rpad>`
//!
//! where only one of the three paddings is non-empty. With the fill `0` and
//! `=` alignment the padding goes *into* the digits instead, so that it is
//! grouped too (`format(1234, '08,')` is `0,001,234`).

use super::spec::{Align, FormatSpec, Sign};

/// Widths above this are refused instead of allocating the result
/// (CPython would try, and fail with `MemoryError` for huge ones).
pub const MAX_WIDTH: usize = 1 << 26;

/// A number split into the pieces that padding and grouping treat
/// differently.
pub(crate) struct NumberParts<'a> {
    pub negative: bool,
    /// `0x`, `0o`, `0b` (or upper-case) with `#`, else empty.
    pub prefix: &'a str,
    /// The integer digits, which get grouped; empty for `inf`, `nan` and `c`.
    pub digits: &'a str,
    /// Whether a decimal point follows the digits.
    pub point: bool,
    /// Everything after the point (or after the digits): fraction,
    /// exponent, `%`, or the whole text when there are no digits.
    pub remainder: &'a str,
}

/// The `width too big` error, or the width as a signed number.
fn checked_width(spec: &FormatSpec) -> Result<i64, String> {
    match spec.width {
        Some(w) if w > MAX_WIDTH => Err("width too big".to_string()),
        Some(w) => Ok(w as i64),
        None => Ok(0),
    }
}

/// Lays out a number. Numbers align right by default, and with the `0`
/// flag and no explicit alignment they align after the sign.
pub(crate) fn layout_number(parts: &NumberParts, spec: &FormatSpec) -> Result<String, String> {
    let width = checked_width(spec)?;
    let align = spec.align.unwrap_or(if spec.zero_pad {
        Align::AfterSign
    } else {
        Align::Right
    });
    let sign = match (parts.negative, spec.sign) {
        (true, _) => Some('-'),
        (false, Sign::Plus) => Some('+'),
        (false, Sign::Space) => Some(' '),
        (false, Sign::Minus) => None,
    };
    let group = match spec.grouping {
        Some('_') if matches!(spec.ty, Some('b' | 'o' | 'x' | 'X')) => Some((4, '_')),
        Some(sep) => Some((3, sep)),
        None => None,
    };
    let fixed_len = sign.is_some() as i64
        + parts.prefix.chars().count() as i64
        + parts.point as i64
        + parts.remainder.chars().count() as i64;
    let min_digits = if spec.fill == '0' && align == Align::AfterSign {
        width - fixed_len
    } else {
        0
    };
    let grouped = if parts.digits.is_empty() {
        String::new()
    } else {
        group_digits(parts.digits, min_digits, group)
    };
    let padding = (width - fixed_len - grouped.len() as i64).max(0) as usize;
    let (left, inner, right) = match align {
        Align::Left => (0, 0, padding),
        Align::Right => (padding, 0, 0),
        Align::Center => (padding / 2, 0, padding - padding / 2),
        Align::AfterSign => (0, padding, 0),
    };
    let mut out = String::with_capacity(grouped.len() + parts.remainder.len() + padding + 4);
    push_fill(&mut out, spec.fill, left);
    out.extend(sign);
    out.push_str(parts.prefix);
    push_fill(&mut out, spec.fill, inner);
    out.push_str(&grouped);
    if parts.point {
        out.push('.');
    }
    out.push_str(parts.remainder);
    push_fill(&mut out, spec.fill, right);
    Ok(out)
}

/// Pads text (already truncated) to the spec's width; `default` is the
/// alignment when none was given. `=` must have been rejected by the caller.
pub(crate) fn pad_text(text: &str, spec: &FormatSpec, default: Align) -> Result<String, String> {
    let width = checked_width(spec)? as usize;
    let len = text.chars().count();
    let padding = width.saturating_sub(len);
    let (left, right) = match spec.align.unwrap_or(default) {
        Align::Left => (0, padding),
        Align::Center => (padding / 2, padding - padding / 2),
        Align::Right | Align::AfterSign => (padding, 0),
    };
    let mut out = String::with_capacity(text.len() + padding * spec.fill.len_utf8());
    push_fill(&mut out, spec.fill, left);
    out.push_str(text);
    push_fill(&mut out, spec.fill, right);
    Ok(out)
}

fn push_fill(out: &mut String, fill: char, count: usize) {
    out.extend(std::iter::repeat_n(fill, count));
}

/// Inserts separators every `size` digits from the right (`group` is
/// `(size, separator)`), padding with zeros until the result is at least
/// `min_width` long. The padding zeros are grouped too, and a separator
/// never starts the result: CPython's algorithm, step for step.
fn group_digits(digits: &str, min_width: i64, group: Option<(usize, char)>) -> String {
    let digits = digits.as_bytes();
    let mut min_width = min_width.max(0);
    let mut remaining = digits.len() as i64;
    let mut end = digits.len(); // digits[..end] are not yet copied
    let mut reversed: Vec<u8> = Vec::with_capacity(digits.len() + min_width as usize + 8);
    let mut use_separator = false;
    // Copies the last `len` places: digits while there are any, then zeros.
    let mut emit = |len: i64, use_separator: bool, remaining: i64| -> i64 {
        if let (true, Some((_, sep))) = (use_separator, group) {
            reversed.push(sep as u8);
        }
        let n_chars = remaining.min(len).max(0);
        let n_zeros = (len - remaining).max(0);
        for _ in 0..n_chars {
            end -= 1;
            reversed.push(digits[end]);
        }
        reversed.extend(std::iter::repeat_n(b'0', n_zeros as usize));
        n_chars
    };
    if let Some((size, _)) = group {
        let size = size as i64;
        loop {
            let len = size.min(remaining.max(min_width).max(1));
            remaining -= emit(len, use_separator, remaining);
            use_separator = true;
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                reversed.reverse();
                return String::from_utf8(reversed).unwrap_or_default();
            }
            min_width -= 1; // the separator
        }
    }
    let len = remaining.max(min_width).max(1);
    emit(len, use_separator, remaining);
    reversed.reverse();
    String::from_utf8(reversed).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping() {
        let g3 = Some((3, ','));
        assert_eq!(group_digits("1234", 0, g3), "1,234");
        assert_eq!(group_digits("123", 0, g3), "123");
        assert_eq!(group_digits("1234567", 0, g3), "1,234,567");
        assert_eq!(group_digits("1234", 8, g3), "0,001,234");
        assert_eq!(group_digits("1234", 7, g3), "001,234");
        assert_eq!(group_digits("0", 12, g3), "0,000,000,000");
        assert_eq!(group_digits("12", 5, None), "00012");
        assert_eq!(group_digits("12345", 0, None), "12345");
        assert_eq!(group_digits("100000000", 0, Some((4, '_'))), "1_0000_0000");
    }
}
