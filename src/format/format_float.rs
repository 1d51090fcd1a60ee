//! `format(float, spec)`: CPython's `format_float_internal`. The digits
//! come from `float::double_to_string`; this adds `%`, the defaults of the
//! missing type, and the layout.

use super::float::{double_to_string, Flags};
use super::layout::{layout_number, NumberParts, MAX_WIDTH};
use super::spec::{unknown_code, FormatSpec};

/// Precisions above this are refused as `precision too big`: CPython's
/// limit is `INT_MAX`, but below it would build strings of gigabytes.
pub const MAX_PRECISION: usize = MAX_WIDTH;

/// `format(x, spec)` for a `float`: types `e E f F g G n %` and none.
///
/// Without a type and without a precision the result is `repr(x)`; with a
/// precision it is like `g`, except that fixed notation keeps at least one
/// digit after the point and exponential notation starts one digit sooner
/// (`format(1.0, '.3')` is `1.0`, `format(100.0, '.3')` is `1e+02`). `n`
/// is `g`, as CPython's C locale has no grouping.
pub fn format_float(x: f64, spec: &FormatSpec) -> Result<String, String> {
    format_float_named(x, spec, "float")
}

/// [`format_float`] for a value whose type is called `type_name` in error
/// messages (a float subclass; ints formatted as floats use it too).
pub fn format_float_named(x: f64, spec: &FormatSpec, type_name: &str) -> Result<String, String> {
    let ty = match spec.ty {
        // An explicit NUL is CPython's "no type" sentinel.
        None | Some('\0') => None,
        Some(ty @ ('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%')) => Some(ty),
        Some(ty) => return Err(unknown_code(ty, type_name)),
    };
    if spec.precision.is_some_and(|p| p > MAX_PRECISION) {
        return Err("precision too big".to_string());
    }
    let mut flags = Flags {
        alt: spec.alternate,
        no_neg_0: spec.no_neg_zero,
        ..Flags::default()
    };
    let (code, default_precision) = match ty {
        None => {
            flags.add_dot_0 = true;
            // No precision: repr; a precision: `g` with the rules above.
            (if spec.precision.is_some() { 'g' } else { 'r' }, 0)
        }
        Some('n') => ('g', 6),
        Some('%') => ('f', 6),
        Some(ty) => (ty, 6),
    };
    let value = if ty == Some('%') { x * 100.0 } else { x };
    let mut text = double_to_string(
        value,
        code,
        spec.precision.unwrap_or(default_precision),
        flags,
    );
    if ty == Some('%') {
        text.push('%');
    }
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let int_len = body.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, rest) = body.split_at(int_len);
    let (point, remainder) = match rest.strip_prefix('.') {
        Some(after) => (true, after),
        None => (false, rest),
    };
    let parts = NumberParts {
        negative,
        prefix: "",
        digits,
        point,
        remainder,
    };
    layout_number(&parts, spec)
}
