//! String literals: finding where one ends (for the lexer), decoding escapes,
//! and joining adjacent literals (`"a" "b"`, `"a" f"{b}"`) into one node.

use super::ast::{Constant, Expr, ExprKind, Span};
use super::token::error_at;
use super::{fstring, SyntaxError};

/// What a literal's prefix says about it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Prefix {
    pub raw: bool,
    pub bytes: bool,
    pub fstring: bool,
}

impl Prefix {
    fn parse(prefix: &str) -> Prefix {
        let has = |c: char| prefix.chars().any(|p| p.eq_ignore_ascii_case(&c));
        Prefix {
            raw: has('r'),
            bytes: has('b'),
            fstring: has('f'),
        }
    }
}

/// 1-based line number of a byte offset (counts `\n`, `\r\n` and lone `\r`).
pub fn line_of(src: &str, pos: usize) -> usize {
    let b = &src.as_bytes()[..pos.min(src.len())];
    let mut line = 1;
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    line
}

/// The number of the last line, as CPython counts when it reports
/// "detected at line N" at end of file.
fn last_line(src: &str) -> usize {
    let n = line_of(src, src.len());
    if src.ends_with('\n') || src.ends_with('\r') {
        n - 1
    } else {
        n
    }
}

/// Called by the lexer after `opener` (prefix + quotes) at `start`: returns
/// how many bytes after the opener belong to the literal.
pub fn scan_string_end(src: &str, start: usize, opener: &str) -> Result<usize, SyntaxError> {
    let quote = opener.as_bytes()[opener.len() - 1];
    let triple = opener.len() >= 3 && opener.as_bytes()[opener.len() - 2] == quote && {
        // `""` alone is an empty string, not the start of a triple quote.
        opener.ends_with("'''") || opener.ends_with("\"\"\"")
    };
    let body = start + opener.len();
    let b = src.as_bytes();
    let mut i = body;
    while i < b.len() {
        let c = b[i];
        if c == b'\\' {
            i += 2;
            if b.get(i - 1) == Some(&b'\r') && b.get(i) == Some(&b'\n') {
                i += 1;
            }
            continue;
        }
        if c == quote {
            if !triple {
                return Ok(i + 1 - body);
            }
            if b.get(i + 1) == Some(&quote) && b.get(i + 2) == Some(&quote) {
                return Ok(i + 3 - body);
            }
        }
        if !triple && (c == b'\n' || c == b'\r') {
            let msg = format!(
                "unterminated string literal (detected at line {})",
                line_of(src, i)
            );
            return Err(error_at(msg, start, start));
        }
        i += 1;
    }
    if triple {
        let msg = format!(
            "unterminated triple-quoted string literal (detected at line {})",
            last_line(src)
        );
        let mut e = error_at(msg, start, start);
        e.incomplete = true;
        Err(e)
    } else {
        let msg = format!(
            "unterminated string literal (detected at line {})",
            line_of(src, src.len())
        );
        Err(error_at(msg, start, start))
    }
}

/// Splits a literal token into its prefix flags and the byte range of its body.
pub fn split(token: &str, start: usize) -> (Prefix, usize, usize) {
    let quote_at = token.find(['\'', '"']).unwrap_or(0);
    let quote = &token[quote_at..quote_at + 1];
    let q = if token[quote_at..].starts_with(&quote.repeat(3)) && token.len() >= quote_at + 6 {
        3
    } else {
        1
    };
    let prefix = Prefix::parse(&token[..quote_at]);
    let body_start = start + quote_at + q;
    let body_end = (start + token.len()).saturating_sub(q).max(body_start);
    (prefix, body_start, body_end)
}

/// One decoded piece of a group of adjacent literals.
enum Piece {
    Str(String),
    Bytes(Vec<u8>),
    /// The parts of an f-string (constants and formatted values).
    FStr(Vec<Expr>),
}

/// Joins adjacent literals `parts` (each `(start, token text, end)`) into one
/// expression: a str or bytes constant, or a JoinedStr if any is an f-string.
pub fn concat(
    source: &str,
    parts: &[(usize, &str, usize)],
    depth: u32,
) -> Result<Expr, SyntaxError> {
    let start = parts.first().map_or(0, |p| p.0);
    let end = parts.last().map_or(0, |p| p.2);
    let span = Span::new(start, end);
    // CPython checks for mixing before decoding anything; the caret then
    // goes to the token after the literals (see parser.rs).
    let bytes: Vec<bool> = parts.iter().map(|p| split(p.1, p.0).0.bytes).collect();
    if bytes.iter().any(|&b| b) && bytes.iter().any(|&b| !b) {
        return Err(error_at("cannot mix bytes and nonbytes literals", end, end));
    }
    let mut pieces = Vec::with_capacity(parts.len());
    for &(s, text, e) in parts {
        let (prefix, body_start, body_end) = split(text, s);
        let body = &source[body_start..body_end];
        let piece = if prefix.bytes {
            if let Some(_c) = body.chars().find(|c| !c.is_ascii()) {
                return Err(error_at(
                    "bytes can only contain ASCII literal characters",
                    s,
                    e,
                ));
            }
            Piece::Bytes(decode_bytes(body, prefix.raw, end)?)
        } else if prefix.fstring {
            Piece::FStr(fstring::parse(
                source, body_start, body_end, prefix.raw, span, end, depth,
            )?)
        } else {
            Piece::Str(decode_str(body, prefix.raw, end)?)
        };
        pieces.push(piece);
    }
    let constant = |c| Expr {
        kind: ExprKind::Constant(c),
        span,
    };
    if bytes.first() == Some(&true) {
        let mut all = Vec::new();
        for p in pieces {
            if let Piece::Bytes(b) = p {
                all.extend(b);
            }
        }
        return Ok(constant(Constant::Bytes(all)));
    }
    if !pieces.iter().any(|p| matches!(p, Piece::FStr(_))) {
        let mut all = String::new();
        for p in pieces {
            if let Piece::Str(s) = p {
                all.push_str(&s);
            }
        }
        return Ok(constant(Constant::Str(all)));
    }
    let mut joined = Joiner::new(span);
    for p in pieces {
        match p {
            Piece::Str(s) => joined.text(&s),
            Piece::FStr(values) => {
                for v in values {
                    match v.kind {
                        ExprKind::Constant(Constant::Str(s)) => joined.text(&s),
                        _ => joined.value(v),
                    }
                }
            }
            Piece::Bytes(_) => {}
        }
    }
    Ok(Expr {
        kind: ExprKind::JoinedStr(joined.finish()),
        span,
    })
}

/// Collects the parts of a JoinedStr, merging neighbouring text.
pub struct Joiner {
    span: Span,
    text: String,
    values: Vec<Expr>,
}

impl Joiner {
    pub fn new(span: Span) -> Joiner {
        Joiner {
            span,
            text: String::new(),
            values: Vec::new(),
        }
    }

    pub fn text(&mut self, s: &str) {
        self.text.push_str(s);
    }

    pub fn value(&mut self, e: Expr) {
        self.flush();
        self.values.push(e);
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            let s = std::mem::take(&mut self.text);
            self.values.push(Expr {
                kind: ExprKind::Constant(Constant::Str(s)),
                span: self.span,
            });
        }
    }

    pub fn finish(mut self) -> Vec<Expr> {
        self.flush();
        self.values
    }
}

/// Physical line breaks inside a literal read as `\n` (universal newlines).
fn normalize_newlines(body: &str) -> std::borrow::Cow<'_, str> {
    if body.contains('\r') {
        body.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        body.into()
    }
}

fn unicode_error(detail: &str, at: usize) -> SyntaxError {
    error_at(
        format!("(unicode error) 'unicodeescape' codec can't decode bytes in position {detail}"),
        at,
        at,
    )
}

/// Decodes a str literal body. `err_at` is where errors are reported.
pub fn decode_str(body: &str, raw: bool, err_at: usize) -> Result<String, SyntaxError> {
    let body = normalize_newlines(body);
    if raw || !body.contains('\\') {
        return Ok(body.into_owned());
    }
    let mut out = String::with_capacity(body.len());
    let b = body.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let Some(rel) = body[i..].find('\\') else {
            out.push_str(&body[i..]);
            break;
        };
        out.push_str(&body[i..i + rel]);
        let bs = i + rel;
        i = bs + 1;
        let Some(c) = body[i..].chars().next() else {
            out.push('\\');
            break;
        };
        i += c.len_utf8();
        match c {
            '\n' => {}
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '0'..='7' => {
                let (v, n) = octal(&b[i - 1..]);
                i += n - 1;
                out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
            }
            'x' | 'u' | 'U' => {
                let n = match c {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let digits = body.get(i..i + n).unwrap_or("");
                let ok = digits.len() == n && digits.bytes().all(|d| d.is_ascii_hexdigit());
                if !ok {
                    let got = body[i..]
                        .bytes()
                        .take_while(|d| d.is_ascii_hexdigit())
                        .count()
                        .min(n);
                    let what = match c {
                        'x' => "truncated \\xXX escape",
                        'u' => "truncated \\uXXXX escape",
                        _ => "truncated \\UXXXXXXXX escape",
                    };
                    let detail = format!("{}-{}: {}", bs, bs + 1 + got, what);
                    return Err(unicode_error(&detail, err_at));
                }
                let v = u32::from_str_radix(digits, 16).unwrap_or(0);
                match char::from_u32(v) {
                    Some(ch) => out.push(ch),
                    None if (0xD800..0xE000).contains(&v) => out.push('\u{fffd}'),
                    None => {
                        let detail = format!("{}-{}: illegal Unicode character", bs, bs + 1 + n);
                        return Err(unicode_error(&detail, err_at));
                    }
                }
                i += n;
            }
            'N' => {
                let close = if body[i..].starts_with('{') {
                    body[i..].find('}')
                } else {
                    None
                };
                let Some(close) = close else {
                    let detail = format!("{}-{}: malformed \\N character escape", bs, i - 1);
                    return Err(unicode_error(&detail, err_at));
                };
                let name = &body[i + 1..i + close];
                match char_by_name(name) {
                    Some(ch) => out.push(ch),
                    None => {
                        let detail =
                            format!("{}-{}: unknown Unicode character name", bs, i + close);
                        return Err(unicode_error(&detail, err_at));
                    }
                }
                i += close + 1;
            }
            other => {
                // Unknown escapes keep their backslash (CPython warns).
                out.push('\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// Up to three octal digits at the start of `b`: (value, digits used).
fn octal(b: &[u8]) -> (u32, usize) {
    let mut v = 0;
    let mut n = 0;
    while n < 3 && n < b.len() && (b'0'..=b'7').contains(&b[n]) {
        v = v * 8 + (b[n] - b'0') as u32;
        n += 1;
    }
    (v, n)
}

/// Decodes a bytes literal body (already checked to be ASCII).
pub fn decode_bytes(body: &str, raw: bool, err_at: usize) -> Result<Vec<u8>, SyntaxError> {
    let body = normalize_newlines(body);
    let b = body.as_bytes();
    if raw || !b.contains(&b'\\') {
        return Ok(b.to_vec());
    }
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c != b'\\' || i + 1 >= b.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let e = b[i + 1];
        i += 2;
        match e {
            b'\n' => {}
            b'\\' | b'\'' | b'"' => out.push(e),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let (v, n) = octal(&b[i - 1..]);
                i += n - 1;
                out.push(v as u8);
            }
            b'x' => {
                let digits = body.get(i..i + 2).unwrap_or("");
                match u8::from_str_radix(digits, 16) {
                    Ok(v) if digits.len() == 2 && digits.bytes().all(|d| d.is_ascii_hexdigit()) => {
                        out.push(v);
                        i += 2;
                    }
                    _ => {
                        let msg = format!("(value error) invalid \\x escape at position {}", i - 2);
                        return Err(error_at(msg, err_at, err_at));
                    }
                }
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// A small table of character names for `\N{...}`; the full Unicode name
/// database is out of scope for mini.
fn char_by_name(name: &str) -> Option<char> {
    let upper = name.to_ascii_uppercase();
    let letter = |rest: &str, base: u8| -> Option<char> {
        let b = rest.as_bytes();
        (b.len() == 1 && b[0].is_ascii_uppercase()).then(|| (base + (b[0] - b'A')) as char)
    };
    if let Some(rest) = upper.strip_prefix("LATIN SMALL LETTER ") {
        return letter(rest, b'a');
    }
    if let Some(rest) = upper.strip_prefix("LATIN CAPITAL LETTER ") {
        return letter(rest, b'A');
    }
    let table: &[(&str, char)] = &[
        ("NULL", '\0'),
        ("CHARACTER TABULATION", '\t'),
        ("LINE FEED", '\n'),
        ("CARRIAGE RETURN", '\r'),
        ("SPACE", ' '),
        ("NO-BREAK SPACE", '\u{a0}'),
        ("EXCLAMATION MARK", '!'),
        ("QUOTATION MARK", '"'),
        ("NUMBER SIGN", '#'),
        ("DOLLAR SIGN", '$'),
        ("PERCENT SIGN", '%'),
        ("AMPERSAND", '&'),
        ("APOSTROPHE", '\''),
        ("LEFT PARENTHESIS", '('),
        ("RIGHT PARENTHESIS", ')'),
        ("ASTERISK", '*'),
        ("PLUS SIGN", '+'),
        ("COMMA", ','),
        ("HYPHEN-MINUS", '-'),
        ("FULL STOP", '.'),
        ("SOLIDUS", '/'),
        ("DIGIT ZERO", '0'),
        ("DIGIT ONE", '1'),
        ("DIGIT TWO", '2'),
        ("DIGIT THREE", '3'),
        ("DIGIT FOUR", '4'),
        ("DIGIT FIVE", '5'),
        ("DIGIT SIX", '6'),
        ("DIGIT SEVEN", '7'),
        ("DIGIT EIGHT", '8'),
        ("DIGIT NINE", '9'),
        ("COLON", ':'),
        ("SEMICOLON", ';'),
        ("LESS-THAN SIGN", '<'),
        ("EQUALS SIGN", '='),
        ("GREATER-THAN SIGN", '>'),
        ("QUESTION MARK", '?'),
        ("COMMERCIAL AT", '@'),
        ("LEFT SQUARE BRACKET", '['),
        ("REVERSE SOLIDUS", '\\'),
        ("RIGHT SQUARE BRACKET", ']'),
        ("LOW LINE", '_'),
        ("LEFT CURLY BRACKET", '{'),
        ("RIGHT CURLY BRACKET", '}'),
        ("TILDE", '~'),
        ("DEGREE SIGN", '\u{b0}'),
        ("COPYRIGHT SIGN", '\u{a9}'),
        ("REGISTERED SIGN", '\u{ae}'),
        ("SECTION SIGN", '\u{a7}'),
        ("PILCROW SIGN", '\u{b6}'),
        ("MICRO SIGN", '\u{b5}'),
        ("MULTIPLICATION SIGN", '\u{d7}'),
        ("DIVISION SIGN", '\u{f7}'),
        ("POUND SIGN", '\u{a3}'),
        ("YEN SIGN", '\u{a5}'),
        ("EURO SIGN", '\u{20ac}'),
        ("EN DASH", '\u{2013}'),
        ("EM DASH", '\u{2014}'),
        ("BULLET", '\u{2022}'),
        ("HORIZONTAL ELLIPSIS", '\u{2026}'),
        ("LEFT-POINTING DOUBLE ANGLE QUOTATION MARK", '\u{ab}'),
        ("RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK", '\u{bb}'),
        ("LEFT DOUBLE QUOTATION MARK", '\u{201c}'),
        ("RIGHT DOUBLE QUOTATION MARK", '\u{201d}'),
        ("LEFT SINGLE QUOTATION MARK", '\u{2018}'),
        ("RIGHT SINGLE QUOTATION MARK", '\u{2019}'),
        ("GREEK SMALL LETTER ALPHA", '\u{3b1}'),
        ("GREEK SMALL LETTER BETA", '\u{3b2}'),
        ("GREEK SMALL LETTER GAMMA", '\u{3b3}'),
        ("GREEK SMALL LETTER DELTA", '\u{3b4}'),
        ("GREEK SMALL LETTER PI", '\u{3c0}'),
        ("GREEK SMALL LETTER LAMDA", '\u{3bb}'),
        ("GREEK SMALL LETTER MU", '\u{3bc}'),
        ("GREEK CAPITAL LETTER DELTA", '\u{394}'),
        ("GREEK CAPITAL LETTER OMEGA", '\u{3a9}'),
        ("GREEK CAPITAL LETTER SIGMA", '\u{3a3}'),
        ("INFINITY", '\u{221e}'),
        ("RIGHTWARDS ARROW", '\u{2192}'),
        ("LEFTWARDS ARROW", '\u{2190}'),
        ("CHECK MARK", '\u{2713}'),
        ("BLACK STAR", '\u{2605}'),
        ("WHITE STAR", '\u{2606}'),
        ("SNOWMAN", '\u{2603}'),
        ("BLACK HEART SUIT", '\u{2665}'),
        ("WHITE SMILING FACE", '\u{263a}'),
        ("REPLACEMENT CHARACTER", '\u{fffd}'),
        ("ZERO WIDTH SPACE", '\u{200b}'),
        ("GRINNING FACE", '\u{1f600}'),
        ("SNAKE", '\u{1f40d}'),
        ("THUMBS UP SIGN", '\u{1f44d}'),
        ("PILE OF POO", '\u{1f4a9}'),
    ];
    table.iter().find(|(n, _)| *n == upper).map(|&(_, c)| c)
}
