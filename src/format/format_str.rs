//! `format(str, spec)`: CPython's `format_string_internal`. Precision
//! truncates, width pads, both counted in characters; strings align left.

use super::layout::pad_text;
use super::spec::{separator_error, unknown_code, Align, FormatSpec, Sign};

/// `format(s, spec)` for a `str`: type `s` or none.
pub fn format_str(s: &str, spec: &FormatSpec) -> Result<String, String> {
    format_str_named(s, spec, "str")
}

/// [`format_str`] for a value whose type is called `type_name` in error
/// messages (a str subclass).
pub fn format_str_named(s: &str, spec: &FormatSpec, type_name: &str) -> Result<String, String> {
    match spec.ty {
        // Without a type, strings take `s`, which allows no separator;
        // CPython finds this while parsing, so before the checks below.
        None => {
            if let Some(sep) = spec.grouping {
                return Err(separator_error(sep, 's'));
            }
        }
        Some('s') => {}
        Some(ty) => return Err(unknown_code(ty, type_name)),
    }
    if spec.sign_given {
        return Err(if spec.sign == Sign::Space {
            "Space not allowed in string format specifier"
        } else {
            "Sign not allowed in string format specifier"
        }
        .to_string());
    }
    if spec.no_neg_zero {
        return Err(
            "Negative zero coercion (z) not allowed in string format specifier".to_string(),
        );
    }
    if spec.alternate {
        return Err("Alternate form (#) not allowed in string format specifier".to_string());
    }
    if spec.align == Some(Align::AfterSign) {
        return Err("'=' alignment not allowed in string format specifier".to_string());
    }
    let text = match spec.precision {
        Some(p) => match s.char_indices().nth(p) {
            Some((end, _)) => &s[..end],
            None => s,
        },
        None => s,
    };
    pad_text(text, spec, Align::Left)
}
