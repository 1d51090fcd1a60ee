//! `format(int, spec)`: CPython's `format_long_internal`, plus the
//! conversion to float for the float presentation types.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use super::format_float::format_float_named;
use super::layout::{layout_number, NumberParts};
use super::spec::{unknown_code, FormatSpec};

/// CPython refuses to write ints with more decimal digits than this
/// (`sys.get_int_max_str_digits()`, whose default mini does not let change).
pub const INT_MAX_STR_DIGITS: usize = 4300;

const TOO_MANY_DIGITS: &str = "Exceeds the limit (4300 digits) for integer string conversion; \
     use sys.set_int_max_str_digits() to increase the limit";

/// `format(v, spec)` for an `int`. Types `b c d o x X n`, none (like `d`),
/// and `e E f F g G %`, which format `float(v)`.
///
/// Three failures are `OverflowError`s in CPython, returned with its
/// wording for the caller to map: `int too large to convert to float`,
/// `%c arg not in range(0x110000)` and `Python int too large to convert to
/// C long`. Decimal output longer than [`INT_MAX_STR_DIGITS`] digits is a
/// `ValueError`, as in CPython.
pub fn format_int(v: &BigInt, spec: &FormatSpec) -> Result<String, String> {
    format_int_named(v, spec, "int")
}

/// [`format_int`] for a value whose type is called `type_name` in error
/// messages (`bool`, or an int subclass).
pub fn format_int_named(v: &BigInt, spec: &FormatSpec, type_name: &str) -> Result<String, String> {
    if let Some(small) = v.to_i64() {
        return format_i64_named(small, spec, type_name);
    }
    let value = match spec.ty {
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => {
            let x = v.to_f64().filter(|x| x.is_finite());
            let x = x.ok_or("int too large to convert to float")?;
            return format_float_named(x, spec, type_name);
        }
        Some('c') => IntValue::Char(None),
        _ => IntValue::Big(v),
    };
    format_integer(value, spec, type_name)
}

/// [`format_int`] for a machine integer: the same results, without
/// building a `BigInt`.
pub fn format_i64(v: i64, spec: &FormatSpec) -> Result<String, String> {
    format_i64_named(v, spec, "int")
}

/// [`format_i64`] for a value whose type is called `type_name` in error
/// messages.
pub fn format_i64_named(v: i64, spec: &FormatSpec, type_name: &str) -> Result<String, String> {
    if let Some(s) = format_i64_plain(v, spec) {
        return Ok(s);
    }
    let value = match spec.ty {
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => {
            // `as` rounds to nearest, ties to even, like `float(int)`.
            return format_float_named(v as f64, spec, type_name);
        }
        Some('c') => IntValue::Char(Some(v)),
        _ => IntValue::Small(v),
    };
    format_integer(value, spec, type_name)
}

/// The common decimal specs (`''`, `d`, `5`, `>5`, `*<8d`, `06d`), with
/// no sign option, `#`, grouping or precision, written directly: the
/// general path below parses them into parts and lays them out, which
/// costs several times as much. `None`: not one of those.
fn format_i64_plain(v: i64, spec: &FormatSpec) -> Option<String> {
    use super::spec::{Align, Sign};
    if !matches!(spec.ty, None | Some('d'))
        || spec.sign != Sign::Minus
        || spec.alternate
        || spec.grouping.is_some()
        || spec.precision.is_some()
        || spec.no_neg_zero
    {
        return None;
    }
    let digits = v.to_string();
    let width = spec.width.unwrap_or(0);
    let len = digits.len(); // ASCII: bytes are chars
    if len >= width {
        return Some(digits);
    }
    if width > 1 << 16 {
        // Leave huge widths (and their MemoryError) to the general path.
        return None;
    }
    let pad = width - len;
    let mut out = String::with_capacity(width);
    match (spec.align, spec.zero_pad) {
        // `0` flag without an alignment: zeros between the sign and digits.
        (None, true) if spec.fill == '0' => {
            let (sign, abs) = digits.split_at(usize::from(v < 0));
            out.push_str(sign);
            out.extend(std::iter::repeat_n('0', pad));
            out.push_str(abs);
        }
        // Numbers align right by default.
        (None | Some(Align::Right), false) => {
            out.extend(std::iter::repeat_n(spec.fill, pad));
            out.push_str(&digits);
        }
        (Some(Align::Left), false) => {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n(spec.fill, pad));
        }
        _ => return None,
    }
    Some(out)
}

/// The integer being formatted.
enum IntValue<'a> {
    Small(i64),
    Big(&'a BigInt),
    /// For `c`: the code point, or `None` when it does not fit a C long.
    Char(Option<i64>),
}

/// The checks and layout shared by both integer representations.
fn format_integer(value: IntValue, spec: &FormatSpec, type_name: &str) -> Result<String, String> {
    let ty = spec.ty.unwrap_or('d');
    let (base, prefix) = match ty {
        'd' | 'n' | 'c' => (10, ""),
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => return Err(unknown_code(ty, type_name)),
    };
    if spec.precision.is_some() {
        return Err("Precision not allowed in integer format specifier".to_string());
    }
    if spec.no_neg_zero {
        return Err(
            "Negative zero coercion (z) not allowed in integer format specifier".to_string(),
        );
    }
    let (negative, digits, remainder) = match value {
        IntValue::Char(code) => {
            if spec.sign_given {
                return Err("Sign not allowed with integer format specifier 'c'".to_string());
            }
            if spec.alternate {
                return Err(
                    "Alternate form (#) not allowed with integer format specifier 'c'".to_string(),
                );
            }
            let code = code.ok_or("Python int too large to convert to C long")?;
            let c = u32::try_from(code).ok().and_then(char::from_u32);
            // Lone surrogates (U+D800..U+DFFF) are not Rust chars either.
            let c = c.ok_or("%c arg not in range(0x110000)")?;
            (false, String::new(), c.to_string())
        }
        IntValue::Small(v) => (v < 0, small_digits(v.unsigned_abs(), base), String::new()),
        IntValue::Big(v) => (v.is_negative(), big_digits(v, base)?, String::new()),
    };
    let digits = if ty == 'X' {
        digits.to_ascii_uppercase()
    } else {
        digits
    };
    let parts = NumberParts {
        negative,
        prefix: if spec.alternate { prefix } else { "" },
        digits: &digits,
        point: false,
        remainder: &remainder,
    };
    layout_number(&parts, spec)
}

fn small_digits(v: u64, base: u32) -> String {
    match base {
        2 => format!("{v:b}"),
        8 => format!("{v:o}"),
        16 => format!("{v:x}"),
        _ => v.to_string(),
    }
}

/// The digits of `|v|`, refusing decimal strings longer than
/// [`INT_MAX_STR_DIGITS`] before doing the (quadratic) conversion.
fn big_digits(v: &BigInt, base: u32) -> Result<String, String> {
    if base == 10 {
        // A number of `bits` bits has more than (bits - 1) * log10(2) digits.
        let lower_bound = (v.bits().saturating_sub(1) as f64 * std::f64::consts::LOG10_2) as usize;
        if lower_bound > INT_MAX_STR_DIGITS {
            return Err(TOO_MANY_DIGITS.to_string());
        }
    }
    let digits = v.magnitude().to_str_radix(base);
    if base == 10 && digits.len() > INT_MAX_STR_DIGITS {
        return Err(TOO_MANY_DIGITS.to_string());
    }
    Ok(digits)
}
