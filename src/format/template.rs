//! Parsing of `str.format` templates (`'{0.name[key]!r:>{width}}'`), the
//! way CPython's `MarkupIterator` and `FieldNameIterator` do. Only the
//! syntax is handled here; the caller looks the fields up and formats them.
//!
//! What the caller still does, in CPython's order, for each field:
//! 1. resolve the first name ([`AutoNumber`] checks the switch between
//!    `{}` and `{0}` and numbers the `{}`s);
//! 2. look it up, then apply `rest` one access at a time, and only then
//!    raise [`FieldName::rest_error`] if there is one;
//! 3. apply the conversion: `r`, `s`, `a`, or `Unknown conversion
//!    specifier X` (X shown as `\xNN` in hex unless it is printable ASCII);
//! 4. expand `{...}` inside the spec by formatting it as a template with the
//!    same arguments and the same [`AutoNumber`] (CPython allows one level:
//!    deeper nesting is `Max string recursion exceeded`), then format the
//!    value with it.
//!
//! [`template_pieces`] yields pieces lazily so that, as in CPython, a
//! syntax error late in the template is only found after the earlier
//! fields were rendered (and had the chance to raise their own errors).

use super::unicode::decimal_value;

/// One piece of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text to copy, with `{{` and `}}` already reduced to `{` and `}`.
    Literal(String),
    /// A replacement field `{name!conversion:spec}`.
    Field {
        name: FieldName,
        /// The character after `!`, not yet validated.
        conversion: Option<char>,
        /// The raw spec after `:`, possibly with nested `{}` to expand.
        spec: String,
    },
}

/// `first` followed by `.attr`, `[index]` and `[key]` accesses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldName {
    pub first: FieldFirst,
    /// The accesses that parsed, in order.
    pub rest: Vec<FieldAccess>,
    /// A syntax error after `rest` (`Empty attribute in format string`,
    /// `Missing ']' in format string`, ...), to raise *after* performing
    /// the lookups in `rest`, as CPython does.
    pub rest_error: Option<String>,
}

/// The part of a field name before the first `.` or `[`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldFirst {
    /// Empty: the next positional argument.
    Auto,
    /// All decimal digits: a positional argument.
    Index(usize),
    /// Anything else: a keyword argument.
    Name(String),
}

/// One access after the first name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldAccess {
    /// `.name`: `getattr` (even when the name is all digits).
    Attr(String),
    /// `[123]`: `__getitem__` with an int.
    Index(usize),
    /// `[anything else]`: `__getitem__` with the str, unquoted.
    Key(String),
}

/// Splits a whole template into pieces, stopping at the first syntax
/// error. Adjacent literal text is merged.
pub fn parse_template(s: &str) -> Result<Vec<Piece>, String> {
    template_pieces(s).collect()
}

/// The pieces of a template, one at a time; after an error it ends.
pub fn template_pieces(s: &str) -> TemplatePieces<'_> {
    TemplatePieces {
        s,
        pos: 0,
        pending: None,
    }
}

/// Iterator returned by [`template_pieces`].
pub struct TemplatePieces<'a> {
    s: &'a str,
    /// Byte offset of the first unread character.
    pos: usize,
    /// A field parsed while returning the literal text before it.
    pending: Option<Result<Piece, String>>,
}

impl Iterator for TemplatePieces<'_> {
    type Item = Result<Piece, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(item) = self.pending.take() {
            return Some(item);
        }
        let s = self.s;
        let bytes = s.as_bytes();
        let mut literal = String::new();
        while self.pos < s.len() {
            let Some(offset) = s[self.pos..].find(['{', '}']) else {
                literal.push_str(&s[self.pos..]);
                self.pos = s.len();
                break;
            };
            let i = self.pos + offset;
            literal.push_str(&s[self.pos..i]);
            let brace = bytes[i];
            if bytes.get(i + 1) == Some(&brace) {
                // `{{` or `}}`: one literal brace.
                literal.push(char::from(brace));
                self.pos = i + 2;
                continue;
            }
            let field = if brace == b'}' {
                Err("Single '}' encountered in format string".to_string())
            } else if i + 1 == s.len() {
                Err("Single '{' encountered in format string".to_string())
            } else {
                parse_field(s, i + 1).map(|(piece, end)| {
                    self.pos = end;
                    piece
                })
            };
            if field.is_err() {
                self.pos = s.len(); // stop after an error
            }
            if literal.is_empty() {
                return Some(field);
            }
            self.pending = Some(field);
            break;
        }
        (!literal.is_empty()).then_some(Ok(Piece::Literal(literal)))
    }
}

/// Parses the field starting at byte `start` (just after its `{`),
/// returning it and the offset after its closing `}`.
fn parse_field(s: &str, start: usize) -> Result<(Piece, usize), String> {
    let bytes = s.as_bytes();
    // The name runs to `}`, `:` or `!`; brackets may hide those.
    let mut i = start;
    let terminator = loop {
        match bytes.get(i) {
            None => return Err("expected '}' before end of string".to_string()),
            Some(b'{') => return Err("unexpected '{' in field name".to_string()),
            Some(b'[') => {
                i += 1;
                while i < bytes.len() && bytes[i] != b']' {
                    i += 1;
                }
            }
            Some(&c @ (b'}' | b':' | b'!')) => break c,
            Some(_) => i += 1,
        }
    };
    let name_text = &s[start..i];
    let mut pos = i + 1;
    let mut conversion = None;
    if terminator == b'}' {
        let piece = Piece::Field {
            name: parse_field_name(name_text)?,
            conversion,
            spec: String::new(),
        };
        return Ok((piece, pos));
    }
    if terminator == b'!' {
        let Some(c) = s[pos..].chars().next() else {
            return Err("end of string while looking for conversion specifier".to_string());
        };
        conversion = Some(c);
        pos += c.len_utf8();
        match bytes.get(pos) {
            Some(b'}') => {
                let piece = Piece::Field {
                    name: parse_field_name(name_text)?,
                    conversion,
                    spec: String::new(),
                };
                return Ok((piece, pos + 1));
            }
            Some(b':') => pos += 1,
            Some(_) => return Err("expected ':' after conversion specifier".to_string()),
            None => {} // falls through to the unmatched '{' below
        }
    }
    // The spec runs to the `}` that balances the field's `{`.
    let spec_start = pos;
    let mut depth = 1;
    while pos < bytes.len() {
        match bytes[pos] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    let spec = s[spec_start..pos].to_string();
                    let piece = Piece::Field {
                        name: parse_field_name(name_text)?,
                        conversion,
                        spec,
                    };
                    return Ok((piece, pos + 1));
                }
            }
            _ => {}
        }
        pos += 1;
    }
    Err("unmatched '{' in format spec".to_string())
}

/// Parses a field name such as `0`, `name.attr[0][key]` or the empty name.
/// Errors in the accesses are left in `rest_error` (see [`FieldName`]).
pub fn parse_field_name(name: &str) -> Result<FieldName, String> {
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    let first_text = &name[..first_end];
    let first = if first_text.is_empty() {
        FieldFirst::Auto
    } else if let Some(index) = decimal_index(first_text)? {
        FieldFirst::Index(index)
    } else {
        FieldFirst::Name(first_text.to_string())
    };
    let mut field = FieldName {
        first,
        rest: Vec::new(),
        rest_error: None,
    };
    let mut rest = &name[first_end..];
    while !rest.is_empty() {
        match parse_access(rest) {
            Ok((access, after)) => {
                field.rest.push(access);
                rest = after;
            }
            Err(e) => {
                field.rest_error = Some(e);
                break;
            }
        }
    }
    Ok(field)
}

/// Parses one `.attr` or `[item]` at the start of `text`, returning it and
/// the text after it.
fn parse_access(text: &str) -> Result<(FieldAccess, &str), String> {
    let (access, name, after) = if let Some(body) = text.strip_prefix('.') {
        let end = body.find(['.', '[']).unwrap_or(body.len());
        let name = &body[..end];
        (FieldAccess::Attr(name.to_string()), name, &body[end..])
    } else if let Some(body) = text.strip_prefix('[') {
        let end = body.find(']').ok_or("Missing ']' in format string")?;
        let name = &body[..end];
        let access = match decimal_index(name)? {
            Some(index) => FieldAccess::Index(index),
            None => FieldAccess::Key(name.to_string()),
        };
        (access, name, &body[end + 1..])
    } else {
        return Err("Only '.' or '[' may follow ']' in format field specifier".to_string());
    };
    if name.is_empty() {
        return Err("Empty attribute in format string".to_string());
    }
    Ok((access, after))
}

/// `Some(n)` when `text` is non-empty and all (Unicode) decimal digits;
/// an error when that number does not fit a `Py_ssize_t`.
fn decimal_index(text: &str) -> Result<Option<usize>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let mut value: usize = 0;
    for c in text.chars() {
        let Some(digit) = decimal_value(c) else {
            return Ok(None);
        };
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(digit as usize))
            .filter(|&v| v <= isize::MAX as usize)
            .ok_or("Too many decimal digits in format string")?;
    }
    Ok(Some(value))
}

/// The numbering of `{}` fields across one `str.format` call (nested specs
/// included), and CPython's ban on mixing `{}` with `{0}`.
#[derive(Clone, Debug, Default)]
pub struct AutoNumber {
    /// `None` until the first positional field, then whether it was `{}`.
    auto: Option<bool>,
    next: usize,
}

impl AutoNumber {
    pub fn new() -> Self {
        Self::default()
    }

    /// The positional index a field refers to (`None` for a keyword), or
    /// the error for switching between automatic and manual numbering.
    pub fn resolve(&mut self, first: &FieldFirst) -> Result<Option<usize>, String> {
        let (is_auto, index) = match first {
            FieldFirst::Name(_) => return Ok(None),
            FieldFirst::Auto => (true, self.next),
            FieldFirst::Index(i) => (false, *i),
        };
        match *self.auto.get_or_insert(is_auto) {
            true if !is_auto => Err(
                "cannot switch from automatic field numbering to manual field specification"
                    .to_string(),
            ),
            false if is_auto => Err(
                "cannot switch from manual field specification to automatic field numbering"
                    .to_string(),
            ),
            _ => {
                if is_auto {
                    self.next += 1;
                }
                Ok(Some(index))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rustfmt::skip]
    mod cases {
        /// `(template, ok, canonical pieces or error)` from python3 3.11's
        /// `_string.formatter_parser` and `_string.formatter_field_name_split`.
        pub const TEMPLATE_CASES: &[(&str, bool, &str)] = &[
            ("", true, ""),
            ("abc", true, "L<abc>"),
            ("{}", true, "F<#:>"),
            ("{0}", true, "F<#0:>"),
            ("{1}{0}", true, "F<#1:>F<#0:>"),
            ("{name}", true, "F<=name:>"),
            ("{0.attr}", true, "F<#0.attr:>"),
            ("{0[1]}", true, "F<#0[#1]:>"),
            ("{a.b[c][0].d}", true, "F<=a.b[=c][#0].d:>"),
            ("{!r}", true, "F<#!r:>"),
            ("{0!s:>10}", true, "F<#0!s:>10>"),
            ("{:>{width}}", true, "F<#:>{width}>"),
            ("{:{}{}}", true, "F<#:{}{}>"),
            ("{{}}", true, "L<{}>"),
            ("{{{0}}}", true, "L<{>F<#0:>L<}>"),
            ("a{{b}}c", true, "L<a{b}c>"),
            ("{{", true, "L<{>"),
            ("}}", true, "L<}>"),
            ("x{0}y{1}z", true, "L<x>F<#0:>L<y>F<#1:>L<z>"),
            ("{!r", false, "unmatched '{' in format spec"),
            ("{!", false, "end of string while looking for conversion specifier"),
            ("{!}", false, "unmatched '{' in format spec"),
            ("{!}}", true, "F<#!}:>"),
            ("{0!rx}", false, "expected ':' after conversion specifier"),
            ("{0!r:>3", false, "unmatched '{' in format spec"),
            ("{:{}", false, "unmatched '{' in format spec"),
            ("{a[}", false, "expected '}' before end of string"),
            ("{a[}]}", true, "F<=a[=}]:>"),
            ("{0]}", true, "F<=0]:>"),
            ("{0.}", true, "F<#0?Empty attribute in format string:>"),
            ("{0[]}", true, "F<#0?Empty attribute in format string:>"),
            ("{0[0]x}", true, "F<#0[#0]?Only '.' or '[' may follow ']' in format field specifier:>"),
            ("{{}", false, "Single '}' encountered in format string"),
            ("}", false, "Single '}' encountered in format string"),
            ("a}b", false, "Single '}' encountered in format string"),
            ("{", false, "Single '{' encountered in format string"),
            ("x{", false, "Single '{' encountered in format string"),
            ("{0}}", false, "Single '}' encountered in format string"),
            ("{0{}", false, "unexpected '{' in field name"),
            ("{:}}", false, "Single '}' encountered in format string"),
            ("{0[}", false, "expected '}' before end of string"),
            ("{99999999999999999999}", false, "Too many decimal digits in format string"),
            ("{0[99999999999999999999]}", true, "F<#0?Too many decimal digits in format string:>"),
            ("{0!x}", true, "F<#0!x:>"),
            ("{[0]}", true, "F<#[#0]:>"),
            ("{0[-1]}", true, "F<#0[=-1]:>"),
            ("{0!\u{e9}}", true, "F<#0!\u{e9}:>"),
            ("{\u{660}}", true, "F<#0:>"),
            ("{0:{{}}}", true, "F<#0:{{}}>"),
            ("{0.1}", true, "F<#0.1:>"),
            ("{0[a.b]}", true, "F<#0[=a.b]:>"),
            ("{0[a[b]}", true, "F<#0[=a[b]:>"),
            ("{0[a]b}", true, "F<#0[=a]?Only '.' or '[' may follow ']' in format field specifier:>"),
            ("{0..a}", true, "F<#0?Empty attribute in format string:>"),
            ("{0.a..b}", true, "F<#0.a?Empty attribute in format string:>"),
            ("{0.a[}", false, "expected '}' before end of string"),
            ("{.real}", true, "F<#.real:>"),
            ("{0:%Y-%m-%d}", true, "F<#0:%Y-%m-%d>"),
            ("{:,}", true, "F<#:,>"),
            ("{0:{1}.{2}f}", true, "F<#0:{1}.{2}f>"),
            ("{\u{e9}}", true, "F<=\u{e9}:>"),
            ("\u{65e5}\u{672c}{0}\u{8a9e}", true, "L<\u{65e5}\u{672c}>F<#0:>L<\u{8a9e}>"),
            ("{0!r:}", true, "F<#0!r:>"),
            ("{0:}", true, "F<#0:>"),
            ("{ }", true, "F<= :>"),
            ("{0 }", true, "F<=0 :>"),
            ("{-1}", true, "F<=-1:>"),
            ("{+1}", true, "F<=+1:>"),
            ("{1_0}", true, "F<=1_0:>"),
            ("{0[ ]}", true, "F<#0[= ]:>"),
            ("{0[}]}", true, "F<#0[=}]:>"),
            ("{0[{]}", true, "F<#0[={]:>"),
            ("{0:[}", true, "F<#0:[>"),
            ("{a!r}{b!s}{c!a}", true, "F<=a!r:>F<=b!s:>F<=c!a:>"),
            ("{0:{{}", false, "unmatched '{' in format spec"),
            ("{0:}}}", true, "F<#0:>L<}>"),
            ("{0:{}}}", false, "Single '}' encountered in format string"),
            ("{:{:{}}}", true, "F<#:{:{}}>"),
            ("{0!:}", true, "F<#0!::>"),
            ("{0!!}", true, "F<#0!!:>"),
            ("{0!\u{1f600}}", true, "F<#0!\u{1f600}:>"),
            ("{0.attr!r:^{w}}", true, "F<#0.attr!r:^{w}>"),
            ("{x[0][1].y}", true, "F<=x[#0][#1].y:>"),
            ("{0]", false, "expected '}' before end of string"),
            ("{0[", false, "expected '}' before end of string"),
            ("{0.", false, "expected '}' before end of string"),
            ("{0!", false, "end of string while looking for conversion specifier"),
            ("{0:", false, "unmatched '{' in format spec"),
            ("a{}b{}c", true, "L<a>F<#:>L<b>F<#:>L<c>"),
            ("{\u{661}\u{662}}", true, "F<#12:>"),
            ("{0.\u{661}}", true, "F<#0.\u{661}:>"),
            ("{0[\u{661}\u{662}]}", true, "F<#0[#12]:>"),
            ("{0[12a]}", true, "F<#0[=12a]:>"),
            ("{00}", true, "F<#0:>"),
            ("{0[007]}", true, "F<#0[#7]:>"),
            ("{{!}}{{{{", true, "L<{!}{{>"),
            ("{0}}] {[}!", false, "Single '}' encountered in format string"),
            ("]:a}1]{{{", false, "Single '}' encountered in format string"),
            (":.[}}", true, "L<:.[}>"),
            ("[}}}}}[11", false, "Single '}' encountered in format string"),
            ("[[{{]}}][", true, "L<[[{]}][>"),
            (".!]", true, "L<.!]>"),
            ("  ][{{]:.{", false, "Single '{' encountered in format string"),
            (":[[.}!", false, "Single '}' encountered in format string"),
            ("11{1 ", false, "expected '}' before end of string"),
            ("}.!.0{{", false, "Single '}' encountered in format string"),
            ("[00{{[{", false, "Single '{' encountered in format string"),
            ("{{{!:{", false, "expected ':' after conversion specifier"),
            ("}}:!:1{0{{{", false, "unexpected '{' in field name"),
            ("1]}", false, "Single '}' encountered in format string"),
            ("0!a!", true, "L<0!a!>"),
            (".}}0}1{{}}}}!", false, "Single '}' encountered in format string"),
            ("{:}]!", true, "F<#:>L<]!>"),
            ("1![!.{{a}.", false, "Single '}' encountered in format string"),
            (".[}}} [", false, "Single '}' encountered in format string"),
            ("0[{{{}", true, "L<0[{>F<#:>"),
            (":{]{{1!.0 ", false, "unexpected '{' in field name"),
            ("[{ {}}0!", false, "unexpected '{' in field name"),
            ("[{{1[", true, "L<[{1[>"),
            ("}[:![{:", false, "Single '}' encountered in format string"),
            ("[01[a", true, "L<[01[a>"),
            ("0{{{{!0..0", true, "L<0{{!0..0>"),
            ("[}:a[ 0", false, "Single '}' encountered in format string"),
            ("[}0.a}}", false, "Single '}' encountered in format string"),
            ("a!}}}}}}}!{{1", false, "Single '}' encountered in format string"),
            ("!a{{ .", true, "L<!a{ .>"),
            (".}}{{{{.! [", true, "L<.}{{.! [>"),
            ("0", true, "L<0>"),
            ("}}.! .0.a ", true, "L<}.! .0.a >"),
            ("!. !{{:", true, "L<!. !{:>"),
            ("[{{0!!a", true, "L<[{0!!a>"),
            ("a[]", true, "L<a[]>"),
            ("0.{{}{{ ", false, "Single '}' encountered in format string"),
            ("[1}}1a :", true, "L<[1}1a :>"),
            ("1a}} .", true, "L<1a} .>"),
            ("]", true, "L<]>"),
            ("101", true, "L<101>"),
            ("]}} ", true, "L<]} >"),
            (" {{{", false, "Single '{' encountered in format string"),
            ("][{[}![0", false, "expected '}' before end of string"),
            ("a{:0", false, "unmatched '{' in format spec"),
            (": 1}1]", false, "Single '}' encountered in format string"),
            ("{{!{!", false, "end of string while looking for conversion specifier"),
            (".:}{{a!{", false, "Single '}' encountered in format string"),
            ("1.}.aa!1.", false, "Single '}' encountered in format string"),
            ("[::1 a", true, "L<[::1 a>"),
            ("0[[1:1", true, "L<0[[1:1>"),
            ("][1}! {:", false, "Single '}' encountered in format string"),
            ("!1", true, "L<!1>"),
            ("[! 1:::]0", true, "L<[! 1:::]0>"),
            ("0{{::[", true, "L<0{::[>"),
            ("{{.0.:", true, "L<{.0.:>"),
            ("!", true, "L<!>"),
            ("0.[0{", false, "Single '{' encountered in format string"),
            (" 1", true, "L< 1>"),
            ("].{}}[:{0", false, "Single '}' encountered in format string"),
            ("a.]0}}{]0.", false, "expected '}' before end of string"),
            ("{{..", true, "L<{..>"),
            ("10a 1{{}{", false, "Single '}' encountered in format string"),
            ("..a", true, "L<..a>"),
            ("1.{{a{0", false, "expected '}' before end of string"),
            ("! {{1[{", false, "Single '{' encountered in format string"),
            (".", true, "L<.>"),
            ("0 } a]{:}}", false, "Single '}' encountered in format string"),
            ("11{{{{  0", true, "L<11{{  0>"),
            ("0: {{].0", true, "L<0: {].0>"),
            (".{", false, "Single '{' encountered in format string"),
            ("1. }}0.[", true, "L<1. }0.[>"),
            ("0{{a", true, "L<0{a>"),
            ("!a[:1a}}{", false, "Single '{' encountered in format string"),
            ("{{]", true, "L<{]>"),
            ("}}}} {", false, "Single '{' encountered in format string"),
            ("{{:}:{{0", false, "Single '}' encountered in format string"),
            ("]1", true, "L<]1>"),
            ("{{[", true, "L<{[>"),
            ("{{0[[1", true, "L<{0[[1>"),
            (":}}[", true, "L<:}[>"),
            ("1]", true, "L<1]>"),
            ("a", true, "L<a>"),
            (" :", true, "L< :>"),
            ("{{:", true, "L<{:>"),
            ("{:}", true, "F<#:>"),
            (" 100! ", true, "L< 100! >"),
            ("{[{{.[1", false, "expected '}' before end of string"),
            (".aa1].}a]", false, "Single '}' encountered in format string"),
            ("}}.a[}}", true, "L<}.a[}>"),
            ("!0{{:", true, "L<!0{:>"),
            ("[{{{", false, "Single '{' encountered in format string"),
            ("}1 {}}", false, "Single '}' encountered in format string"),
            ("10]:00!}}}", false, "Single '}' encountered in format string"),
            ("{a{{:{[: }}", false, "unexpected '{' in field name"),
            ("{{}} ", true, "L<{} >"),
            ("][{{1:!].", true, "L<][{1:!].>"),
            ("1{{!}}::", true, "L<1{!}::>"),
            ("{{! ", true, "L<{! >"),
            ("}} :!a", true, "L<} :!a>"),
            ("1", true, "L<1>"),
            ("{{[:}", false, "Single '}' encountered in format string"),
            ("]]{", false, "Single '{' encountered in format string"),
            ("0 }}!{:0.", false, "unmatched '{' in format spec"),
            ("!00}][ ", false, "Single '}' encountered in format string"),
            ("}!:", false, "Single '}' encountered in format string"),
            ("[a.}.[}}.", false, "Single '}' encountered in format string"),
            ("{0{!", false, "unexpected '{' in field name"),
            ("!{{{{ 0", true, "L<!{{ 0>"),
            ("[}}} !.0 ", false, "Single '}' encountered in format string"),
            ("{{[{]", false, "expected '}' before end of string"),
            (" }1:", false, "Single '}' encountered in format string"),
            (" .[0!.", true, "L< .[0!.>"),
            ("{{{{", true, "L<{{>"),
            ("[}}][ ]{ ", false, "expected '}' before end of string"),
            ("{{.{0{0}}", false, "unexpected '{' in field name"),
            ("[{{aa1!", true, "L<[{aa1!>"),
            ("}}0}0", false, "Single '}' encountered in format string"),
            (" ", true, "L< >"),
            (" {0:", false, "unmatched '{' in format spec"),
            (":0. {", false, "Single '{' encountered in format string"),
            ("{{a ", true, "L<{a >"),
            ("]a]}!}}}", false, "Single '}' encountered in format string"),
            ("a[", true, "L<a[>"),
            ("!0:1}}:a [", true, "L<!0:1}:a [>"),
            ("{{0]a}", false, "Single '}' encountered in format string"),
            (".0}", false, "Single '}' encountered in format string"),
            (":![[a", true, "L<:![[a>"),
            ("0]", true, "L<0]>"),
            ("}}:", true, "L<}:>"),
            (".{0{{", false, "unexpected '{' in field name"),
            ("{{{]}}", false, "Single '}' encountered in format string"),
            ("!}}:}}", true, "L<!}:}>"),
            (":}}}}a{.", false, "expected '}' before end of string"),
            ("1{0", false, "expected '}' before end of string"),
            ("{{ }}", true, "L<{ }>"),
        ];
    }

    /// The canonical text the generator printed for the pieces.
    fn describe(pieces: &[Piece]) -> String {
        let mut out = String::new();
        for piece in pieces {
            match piece {
                Piece::Literal(text) => out.push_str(&format!("L<{text}>")),
                Piece::Field {
                    name,
                    conversion,
                    spec,
                } => {
                    out.push_str("F<");
                    match &name.first {
                        FieldFirst::Auto => out.push('#'),
                        FieldFirst::Index(i) => out.push_str(&format!("#{i}")),
                        FieldFirst::Name(n) => out.push_str(&format!("={n}")),
                    }
                    for access in &name.rest {
                        match access {
                            FieldAccess::Attr(a) => out.push_str(&format!(".{a}")),
                            FieldAccess::Index(i) => out.push_str(&format!("[#{i}]")),
                            FieldAccess::Key(k) => out.push_str(&format!("[={k}]")),
                        }
                    }
                    if let Some(e) = &name.rest_error {
                        out.push_str(&format!("?{e}"));
                    }
                    if let Some(c) = conversion {
                        out.push_str(&format!("!{c}"));
                    }
                    out.push_str(&format!(":{spec}>"));
                }
            }
        }
        out
    }

    #[test]
    fn templates_match_python() {
        for &(template, ok, want) in cases::TEMPLATE_CASES {
            match parse_template(template) {
                Ok(pieces) => assert!(
                    ok && describe(&pieces) == want,
                    "{template:?}: got {}",
                    describe(&pieces)
                ),
                Err(e) => assert!(!ok && e == want, "{template:?}: got error {e:?}"),
            }
        }
    }

    #[test]
    fn lazy_pieces_stop_at_the_error() {
        let mut pieces = template_pieces("a{0}b}c");
        assert_eq!(pieces.next(), Some(Ok(Piece::Literal("a".into()))));
        assert!(matches!(pieces.next(), Some(Ok(Piece::Field { .. }))));
        assert_eq!(pieces.next(), Some(Ok(Piece::Literal("b".into()))));
        assert_eq!(
            pieces.next(),
            Some(Err("Single '}' encountered in format string".into()))
        );
        assert_eq!(pieces.next(), None);
    }

    #[test]
    fn auto_numbering() {
        let mut n = AutoNumber::new();
        assert_eq!(n.resolve(&FieldFirst::Auto), Ok(Some(0)));
        assert_eq!(n.resolve(&FieldFirst::Name("x".into())), Ok(None));
        assert_eq!(n.resolve(&FieldFirst::Auto), Ok(Some(1)));
        assert_eq!(
            n.resolve(&FieldFirst::Index(0)),
            Err(
                "cannot switch from automatic field numbering to manual field specification".into()
            )
        );
        let mut m = AutoNumber::new();
        assert_eq!(m.resolve(&FieldFirst::Index(3)), Ok(Some(3)));
        assert_eq!(
            m.resolve(&FieldFirst::Auto),
            Err(
                "cannot switch from manual field specification to automatic field numbering".into()
            )
        );
    }
}
