//! f-strings, with Python 3.11's rules: the literal is split into text and
//! `{expression!conversion:format_spec}` fields; each expression is parsed
//! by the ordinary expression grammar straight from the original source, so
//! its nodes carry true spans.
//!
//! As in CPython 3.11, the Constant and FormattedValue parts carry the span
//! of the whole literal group; only the inner expressions have their own.
//! Errors about the f-string's shape are reported at `err_at` (the token
//! after the literals, like CPython); errors inside an expression keep their
//! own position and get an `f-string: ` prefix.

use super::ast::{Expr, ExprKind, Span};
use super::literals::{decode_str, Joiner};
use super::token::error_at;
use super::{parser, SyntaxError};

/// Nested f-strings are limited by their quote kinds, but keep a hard cap.
const MAX_DEPTH: u32 = 20;

/// Parses the body `source[start..end]` of one f-string into its parts.
pub fn parse(
    source: &str,
    start: usize,
    end: usize,
    raw: bool,
    span: Span,
    err_at: usize,
    depth: u32,
) -> Result<Vec<Expr>, SyntaxError> {
    let p = FParser {
        source,
        b: source.as_bytes(),
        end,
        raw,
        span,
        err_at,
        depth,
    };
    let mut joiner = Joiner::new(span);
    let mut i = start;
    p.fill(&mut i, 0, &mut joiner)?;
    Ok(joiner.finish())
}

struct FParser<'s> {
    source: &'s str,
    b: &'s [u8],
    end: usize,
    raw: bool,
    span: Span,
    err_at: usize,
    depth: u32,
}

impl FParser<'_> {
    fn err(&self, msg: &str) -> SyntaxError {
        error_at(msg, self.err_at, self.err_at)
    }

    fn at(&self, i: usize) -> u8 {
        if i < self.end {
            self.b[i]
        } else {
            0
        }
    }

    /// Adds literal text and fields to `out` until the end of the body, or
    /// (inside a format spec, `level > 0`) until the `}` closing the field.
    fn fill(&self, i: &mut usize, level: u32, out: &mut Joiner) -> Result<(), SyntaxError> {
        let mut lit = *i;
        while *i < self.end {
            let mut c = self.b[*i];
            if c == b'\\' && !self.raw && *i + 1 < self.end {
                // An escape. `\N{...}` braces are not fields, but (as in
                // CPython 3.11) a brace after a backslash still is one.
                *i += 1;
                c = self.b[*i];
                if c == b'N' {
                    *i += 1;
                    if self.at(*i) == b'{' {
                        while *i < self.end && self.b[*i] != b'}' {
                            *i += 1;
                        }
                        *i += 1;
                    }
                    continue;
                }
                if c != b'{' && c != b'}' {
                    *i += 1;
                    continue;
                }
            }
            if c != b'{' && c != b'}' {
                *i += 1;
                continue;
            }
            if level == 0 && self.at(*i + 1) == c {
                // `{{` or `}}`: keep one brace as text.
                self.text(lit, *i + 1, out)?;
                *i += 2;
                lit = *i;
                continue;
            }
            if c == b'}' {
                if level == 0 {
                    return Err(self.err("f-string: single '}' is not allowed"));
                }
                break;
            }
            self.text(lit, *i, out)?;
            *i += 1;
            self.field(i, level, out)?;
            lit = *i;
        }
        self.text(lit, (*i).min(self.end), out)
    }

    fn text(&self, from: usize, to: usize, out: &mut Joiner) -> Result<(), SyntaxError> {
        if from < to {
            out.text(&decode_str(&self.source[from..to], self.raw, self.err_at)?);
        }
        Ok(())
    }

    /// One `{...}` field; `*i` is just past the `{`.
    fn field(&self, i: &mut usize, level: u32, out: &mut Joiner) -> Result<(), SyntaxError> {
        if level >= 2 {
            return Err(self.err("f-string: expressions nested too deeply"));
        }
        let expr_start = *i;
        self.find_expr_end(i)?;
        let expr_end = *i;
        if *i >= self.end {
            return Err(self.err("f-string: expecting '}'"));
        }
        let value = self.expression(expr_start, expr_end)?;
        let mut debug_text = None;
        if self.at(*i) == b'=' {
            *i += 1;
            while self.at(*i).is_ascii_whitespace() {
                *i += 1;
            }
            if *i >= self.end {
                return Err(self.err("f-string: expecting '}'"));
            }
            debug_text = Some(&self.source[expr_start..*i]);
        }
        let mut conversion = None;
        if self.at(*i) == b'!' {
            *i += 1;
            if *i >= self.end {
                return Err(self.err("f-string: expecting '}'"));
            }
            let c = self.source[*i..].chars().next().unwrap_or('\0');
            *i += c.len_utf8();
            if !matches!(c, 's' | 'r' | 'a') {
                return Err(
                    self.err("f-string: invalid conversion character: expected 's', 'r', or 'a'")
                );
            }
            conversion = Some(c);
        }
        let mut format_spec = None;
        if *i < self.end && self.at(*i) == b':' {
            *i += 1;
            if *i >= self.end {
                return Err(self.err("f-string: expecting '}'"));
            }
            let mut spec = Joiner::new(self.span);
            self.fill(i, level + 1, &mut spec)?;
            format_spec = Some(Box::new(Expr {
                kind: ExprKind::JoinedStr(spec.finish()),
                span: self.span,
            }));
        }
        if *i >= self.end || self.at(*i) != b'}' {
            return Err(self.err("f-string: expecting '}'"));
        }
        *i += 1;
        if let Some(text) = debug_text {
            out.text(text);
            if conversion.is_none() && format_spec.is_none() {
                conversion = Some('r');
            }
        }
        out.value(Expr {
            kind: ExprKind::FormattedValue {
                value: Box::new(value),
                conversion,
                format_spec,
            },
            span: self.span,
        });
        Ok(())
    }

    /// Advances `*i` to the `!`, `:`, `=` or `}` that ends the expression,
    /// tracking brackets and nested string literals as CPython 3.11 does.
    fn find_expr_end(&self, i: &mut usize) -> Result<(), SyntaxError> {
        let mut brackets: Vec<u8> = Vec::new();
        let mut quote: Option<(u8, bool)> = None;
        while *i < self.end {
            let ch = self.b[*i];
            if ch == b'\\' {
                return Err(self.err("f-string expression part cannot include a backslash"));
            }
            if let Some((q, triple)) = quote {
                if ch == q {
                    if !triple {
                        quote = None;
                    } else if self.at(*i + 1) == q && self.at(*i + 2) == q && *i + 2 < self.end {
                        *i += 2;
                        quote = None;
                    }
                }
                *i += 1;
                continue;
            }
            match ch {
                b'\'' | b'"' => {
                    let triple =
                        *i + 2 < self.end && self.at(*i + 1) == ch && self.at(*i + 2) == ch;
                    if triple {
                        *i += 2;
                    }
                    quote = Some((ch, triple));
                }
                b'(' | b'[' | b'{' => {
                    if brackets.len() >= 200 {
                        return Err(self.err("f-string: too many nested parenthesis"));
                    }
                    brackets.push(ch);
                }
                b'#' => return Err(self.err("f-string expression part cannot include '#'")),
                b'!' | b':' | b'}' | b'=' | b'<' | b'>' if brackets.is_empty() => {
                    let next = self.at(*i + 1);
                    if next == b'=' && matches!(ch, b'!' | b'=' | b'<' | b'>') {
                        *i += 2;
                        continue;
                    }
                    if ch != b'<' && ch != b'>' {
                        return Ok(());
                    }
                }
                b')' | b']' | b'}' => {
                    let Some(open) = brackets.pop() else {
                        return Err(self.err(&format!("f-string: unmatched '{}'", ch as char)));
                    };
                    let expected = match open {
                        b'(' => b')',
                        b'[' => b']',
                        _ => b'}',
                    };
                    if ch != expected {
                        return Err(self.err(&format!(
                            "f-string: closing parenthesis '{}' does not match opening parenthesis '{}'",
                            ch as char, open as char
                        )));
                    }
                }
                _ => {}
            }
            *i += 1;
        }
        if quote.is_some() {
            return Err(self.err("f-string: unterminated string"));
        }
        if let Some(open) = brackets.last() {
            return Err(self.err(&format!("f-string: unmatched '{}'", *open as char)));
        }
        Ok(())
    }

    /// Parses `source[start..end]` as an expression, as if in parentheses.
    fn expression(&self, start: usize, end: usize) -> Result<Expr, SyntaxError> {
        if self.source[start..end].trim().is_empty() {
            return Err(self.err("f-string: empty expression not allowed"));
        }
        if self.depth >= MAX_DEPTH {
            return Err(self.err("f-string: expressions nested too deeply"));
        }
        parser::parse_fstring_expr(self.source, start, end, self.depth + 1).map_err(|mut e| {
            if !e.msg.starts_with("f-string") {
                e.msg = format!("f-string: {}", e.msg);
            }
            e
        })
    }
}
