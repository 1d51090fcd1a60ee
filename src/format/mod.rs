//! Python's text conversions for numbers and strings, as pure functions:
//! `repr`/`str` of floats and strings, `round`, the format-spec
//! mini-language of `format()`/f-strings/`str.format`, the parsing of
//! `str.format` templates, and `int()`/`float()` of strings. Output matches
//! CPython 3.11 character for character; every failure is an `Err` holding
//! the message of the `ValueError` CPython raises.

mod digits;
pub mod float;
mod unicode;
mod unicode_tables;

pub use float::{float_repr, round_float};
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

pub use parse::{parse_float, parse_int, parse_int_checked, IntParseError, ParsedInt};
pub use repr::{bytes_repr, is_printable, str_repr};
pub use spec::{
    format_float, format_i64, format_int, format_str, parse_spec, parse_spec_for, Align,
    FormatSpec, Sign,
};
pub use template::{
    parse_field_name, parse_template, template_pieces, AutoNumber, FieldAccess, FieldFirst,
    FieldName, Piece,
};
