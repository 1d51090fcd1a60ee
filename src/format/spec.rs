//! The format-spec mini-language, `[[fill]align][sign][z][#][0][width]
//! [grouping][.precision][type]`, parsed the way CPython's
//! `parse_internal_render_format_spec` does. Parsing knows nothing about the
//! value being formatted; the per-type rules live in `format_int`,
//! `format_float` and `format_str` (re-exported here).

use super::unicode::decimal_value;

pub use super::format_float::{format_float, format_float_named};
pub use super::format_int::{format_i64, format_i64_named, format_int, format_int_named};
pub use super::format_str::{format_str, format_str_named};

/// Where padding goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// `<`
    Left,
    /// `>`
    Right,
    /// `^` (an odd leftover goes to the right)
    Center,
    /// `=`: between the sign (and `0x` prefix) and the digits.
    AfterSign,
}

/// How non-negative numbers are signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sign {
    /// `-` (the default): only negative numbers get a sign.
    Minus,
    /// `+`: always a sign.
    Plus,
    /// ` `: a space where a `+` would go.
    Space,
}

/// A parsed format spec. `align`, `width`, `precision` and `ty` are `None`
/// when absent, because their defaults depend on the type of the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatSpec {
    /// The padding character; `'0'` when the `0` flag was given without an
    /// explicit fill, otherwise `' '` if none was given.
    pub fill: char,
    pub align: Option<Align>,
    pub sign: Sign,
    /// Whether a sign character was written at all: strings reject even `-`.
    pub sign_given: bool,
    /// The `z` option: negative zero (after rounding) prints as zero.
    pub no_neg_zero: bool,
    /// The `#` option.
    pub alternate: bool,
    /// The `0` flag (before the width, with no explicit fill): numbers then
    /// default to `=` alignment; `fill` is already `'0'`.
    pub zero_pad: bool,
    pub width: Option<usize>,
    /// `,` or `_`.
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub ty: Option<char>,
}

impl Default for FormatSpec {
    /// The spec `''`.
    fn default() -> Self {
        FormatSpec {
            fill: ' ',
            align: None,
            sign: Sign::Minus,
            sign_given: false,
            no_neg_zero: false,
            alternate: false,
            zero_pad: false,
            width: None,
            grouping: None,
            precision: None,
            ty: None,
        }
    }
}

/// Parses a spec. The one message that names the value's type, `Invalid
/// format specifier '…' for object of type 'T'`, says `'object'` here: the
/// VM should call [`parse_spec_for`] with the real type name.
pub fn parse_spec(spec: &str) -> Result<FormatSpec, String> {
    parse_spec_for(spec, "object")
}

/// Parses a spec for a value of type `type_name` (`int`, `float`, `str`,
/// `bool`, ...), which only appears in error messages.
pub fn parse_spec_for(spec: &str, type_name: &str) -> Result<FormatSpec, String> {
    let chars: Vec<char> = spec.chars().collect();
    let mut pos = 0;
    let mut out = FormatSpec::default();
    let peek = |i: usize| chars.get(i).copied();

    // A fill character is only recognised in front of an alignment.
    let mut fill_given = false;
    if let Some(align) = peek(1).and_then(align_of) {
        out.fill = chars[0];
        out.align = Some(align);
        fill_given = true;
        pos = 2;
    } else if let Some(align) = peek(0).and_then(align_of) {
        out.align = Some(align);
        pos = 1;
    }
    if let Some(sign) = peek(pos).and_then(sign_of) {
        out.sign = sign;
        out.sign_given = true;
        pos += 1;
    }
    if peek(pos) == Some('z') {
        out.no_neg_zero = true;
        pos += 1;
    }
    if peek(pos) == Some('#') {
        out.alternate = true;
        pos += 1;
    }
    if !fill_given && peek(pos) == Some('0') {
        out.fill = '0';
        out.zero_pad = true;
        pos += 1;
    }
    out.width = read_integer(&chars, &mut pos)?;
    if peek(pos) == Some(',') {
        out.grouping = Some(',');
        pos += 1;
    }
    if peek(pos) == Some('_') {
        if out.grouping.is_some() {
            return Err(BOTH_SEPARATORS.to_string());
        }
        out.grouping = Some('_');
        pos += 1;
    }
    if peek(pos) == Some(',') && out.grouping == Some('_') {
        return Err(BOTH_SEPARATORS.to_string());
    }
    if peek(pos) == Some('.') {
        pos += 1;
        out.precision = read_integer(&chars, &mut pos)?;
        if out.precision.is_none() {
            return Err("Format specifier missing precision".to_string());
        }
    }
    match chars.len() - pos {
        0 => {}
        1 => out.ty = Some(chars[pos]),
        _ => {
            return Err(format!(
                "Invalid format specifier '{spec}' for object of type '{type_name}'"
            ))
        }
    }
    if let (Some(sep), Some(ty)) = (out.grouping, out.ty) {
        let allowed = match ty {
            // A NUL type is CPython's "no type" sentinel for floats.
            'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' | '\0' => true,
            // PEP 515: `_` groups binary, octal and hex digits by four.
            'b' | 'o' | 'x' | 'X' => sep == '_',
            _ => false,
        };
        if !allowed {
            return Err(separator_error(sep, ty));
        }
    }
    Ok(out)
}

const BOTH_SEPARATORS: &str = "Cannot specify both ',' and '_'.";

/// `Cannot specify ',' with 'x'.`
pub(crate) fn separator_error(sep: char, ty: char) -> String {
    format!("Cannot specify '{sep}' with {}.", quote_code(ty))
}

/// `Unknown format code 'x' for object of type 'int'`
pub(crate) fn unknown_code(ty: char, type_name: &str) -> String {
    format!(
        "Unknown format code {} for object of type '{type_name}'",
        quote_code(ty)
    )
}

/// A type character as CPython's messages show it: `'x'` when it is a
/// visible ASCII character (DEL included), else `'\x..'` in hex.
fn quote_code(ty: char) -> String {
    let code = ty as u32;
    if code > 32 && code < 128 {
        format!("'{ty}'")
    } else {
        format!("'\\x{code:x}'")
    }
}

fn align_of(c: char) -> Option<Align> {
    match c {
        '<' => Some(Align::Left),
        '>' => Some(Align::Right),
        '^' => Some(Align::Center),
        '=' => Some(Align::AfterSign),
        _ => None,
    }
}

fn sign_of(c: char) -> Option<Sign> {
    match c {
        '-' => Some(Sign::Minus),
        '+' => Some(Sign::Plus),
        ' ' => Some(Sign::Space),
        _ => None,
    }
}

/// Reads a run of decimal digits (any Unicode decimal digits, as CPython
/// does) at `pos`; `None` when there are none. Values that do not fit a
/// `Py_ssize_t` are an error.
fn read_integer(chars: &[char], pos: &mut usize) -> Result<Option<usize>, String> {
    let mut value: Option<usize> = None;
    while let Some(digit) = chars.get(*pos).and_then(|&c| decimal_value(c)) {
        let next = value
            .unwrap_or(0)
            .checked_mul(10)
            .and_then(|v| v.checked_add(digit as usize))
            .filter(|&v| v <= isize::MAX as usize);
        value = Some(next.ok_or("Too many decimal digits in format string")?);
        *pos += 1;
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::super::spec_cases::{FLOAT_CASES, INT_CASES, STR_CASES};
    use super::*;
    use num_bigint::BigInt;
    use num_traits::ToPrimitive;

    fn check(got: Result<String, String>, ok: bool, want: &str, what: &str) {
        match got {
            Ok(s) => assert!(ok && s == want, "{what}: got Ok({s:?}), want {want:?}"),
            Err(e) => assert!(!ok && e == want, "{what}: got Err({e:?}), want {want:?}"),
        }
    }

    #[test]
    fn ints_match_python() {
        for &(value, spec, ok, want) in INT_CASES {
            let v: BigInt = value.parse().unwrap();
            let what = format!("format({value}, {spec:?})");
            check(
                parse_spec_for(spec, "int").and_then(|s| format_int(&v, &s)),
                ok,
                want,
                &what,
            );
            if let Some(small) = v.to_i64() {
                check(
                    parse_spec_for(spec, "int").and_then(|s| format_i64(small, &s)),
                    ok,
                    want,
                    &what,
                );
            }
        }
    }

    #[test]
    fn floats_match_python() {
        for &(bits, spec, ok, want) in FLOAT_CASES {
            let x = f64::from_bits(bits);
            let what = format!("format({x:?}, {spec:?})");
            check(
                parse_spec_for(spec, "float").and_then(|s| format_float(x, &s)),
                ok,
                want,
                &what,
            );
        }
    }

    #[test]
    fn strs_match_python() {
        for &(value, spec, ok, want) in STR_CASES {
            let what = format!("format({value:?}, {spec:?})");
            check(
                parse_spec_for(spec, "str").and_then(|s| format_str(value, &s)),
                ok,
                want,
                &what,
            );
        }
    }

    #[test]
    fn parse_fields() {
        let spec = parse_spec("*^+z#012,.3f").unwrap();
        assert_eq!(
            spec,
            FormatSpec {
                fill: '*',
                align: Some(Align::Center),
                sign: Sign::Plus,
                sign_given: true,
                no_neg_zero: true,
                alternate: true,
                zero_pad: false,
                width: Some(12),
                grouping: Some(','),
                precision: Some(3),
                ty: Some('f'),
            }
        );
        assert_eq!(parse_spec("").unwrap(), FormatSpec::default());
        let zero = parse_spec("07").unwrap();
        assert!(zero.zero_pad && zero.fill == '0' && zero.width == Some(7) && zero.align.is_none());
        // With an explicit fill, a `0` is part of the width.
        let filled = parse_spec("x<07").unwrap();
        assert!(!filled.zero_pad && filled.fill == 'x' && filled.width == Some(7));
        assert_eq!(parse_spec("<<").unwrap().fill, '<');
    }

    #[test]
    fn hostile_specs_fail_cleanly() {
        let too_many = "Too many decimal digits in format string";
        assert_eq!(parse_spec("99999999999999999999f").unwrap_err(), too_many);
        assert_eq!(parse_spec(".99999999999999999999").unwrap_err(), too_many);
        assert_eq!(parse_spec("9223372036854775808").unwrap_err(), too_many);
        assert!(parse_spec("9223372036854775807").is_ok());
        let huge = parse_spec("9223372036854775807").unwrap();
        assert_eq!(format_i64(1, &huge).unwrap_err(), "width too big");
        assert_eq!(format_str("a", &huge).unwrap_err(), "width too big");
        assert_eq!(format_float(1.5, &huge).unwrap_err(), "width too big");
        let precise = parse_spec(".2000000000f").unwrap();
        assert_eq!(
            format_float(1.5, &precise).unwrap_err(),
            "precision too big"
        );
        // A huge precision only truncates a string: no allocation, no error.
        assert_eq!(
            format_str("abc", &parse_spec(".9223372036854775807").unwrap()).unwrap(),
            "abc"
        );
        assert!(parse_spec("\u{0}\u{0}\u{0}").is_err());
        assert_eq!(
            format_str("ab", &parse_spec("\u{10ffff}>4").unwrap()).unwrap(),
            "\u{10ffff}\u{10ffff}ab"
        );
    }

    #[test]
    fn nul_type_is_no_type_only_for_floats() {
        // From python3: format(2.5, '\0'), format(5, '\0'), format('a', ',\0').
        let nul = parse_spec_for("\0", "float").unwrap();
        assert_eq!(format_float(2.5, &nul).unwrap(), "2.5");
        assert_eq!(
            format_i64(5, &nul).unwrap_err(),
            "Unknown format code '\\x0' for object of type 'int'"
        );
        let grouped = parse_spec_for(",\0", "str").unwrap();
        assert_eq!(
            format_str("a", &grouped).unwrap_err(),
            "Unknown format code '\\x0' for object of type 'str'"
        );
        assert_eq!(
            format_float(1234.5, &parse_spec(",\0").unwrap()).unwrap(),
            "1,234.5"
        );
    }

    #[test]
    fn type_names_in_messages() {
        let spec = parse_spec_for("s", "bool").unwrap();
        assert_eq!(
            format_int_named(&BigInt::from(1), &spec, "bool").unwrap_err(),
            "Unknown format code 's' for object of type 'bool'"
        );
        assert_eq!(
            parse_spec_for("abc", "bool").unwrap_err(),
            "Invalid format specifier 'abc' for object of type 'bool'"
        );
    }

    #[test]
    fn big_ints() {
        let big: BigInt = "1".repeat(4300).parse().unwrap();
        assert_eq!(
            format_int(&big, &parse_spec("").unwrap()).unwrap().len(),
            4300
        );
        let bigger: BigInt = "1".repeat(4301).parse().unwrap();
        let msg = "Exceeds the limit (4300 digits) for integer string conversion; \
                   use sys.set_int_max_str_digits() to increase the limit";
        assert_eq!(
            format_int(&bigger, &parse_spec(",").unwrap()).unwrap_err(),
            msg
        );
        assert_eq!(
            format_int(&-bigger.clone(), &parse_spec("d").unwrap()).unwrap_err(),
            msg
        );
        assert_eq!(
            format_int(&bigger, &parse_spec("x").unwrap())
                .unwrap()
                .len(),
            3572
        );
        let huge = BigInt::from(1) << 100_000usize;
        assert_eq!(
            format_int(&huge, &parse_spec("").unwrap()).unwrap_err(),
            msg
        );
        assert_eq!(
            format_int(&huge, &parse_spec("e").unwrap()).unwrap_err(),
            "int too large to convert to float"
        );
    }
}
