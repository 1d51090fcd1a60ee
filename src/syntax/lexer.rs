//! The layout-aware lexer: wraps the logos tokens of `token.rs` and produces
//! Python's NEWLINE / INDENT / DEDENT tokens.
//!
//! * A NEWLINE ends every logical line that had tokens; blank and
//!   comment-only lines produce nothing, and inside brackets line breaks are
//!   ignored (implicit line joining). Backslash-newline is skipped by logos.
//! * At the first token of a logical line the indentation is measured twice,
//!   with tabs advancing to the next multiple of 8 and as width 1, and
//!   compared with a stack of open levels. The two measures must order the
//!   same way, otherwise the indentation depends on the tab size: TabError.
//! * At end of file: NEWLINE (if the last line had tokens), then one DEDENT
//!   per open level.
//!
//! The whole input is lexed up front into a vector. A lexing error stops the
//! stream; the parser sees the tokens before it, and `parser.rs` decides which
//! error wins, as CPython does.

use logos::Logos;

use super::ast::Span;
use super::literals::line_of;
use super::token::{error_at, Tok};
use super::{SyntaxError, SyntaxErrorKind};

/// A token with its byte range, as LALRPOP wants it.
pub type Spanned<'a> = (usize, Tok<'a>, usize);

/// CPython's limit on bracket nesting in the tokenizer.
const MAX_BRACKETS: usize = 200;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// A module: full layout handling.
    Module,
    /// An `eval`-style expression: no INDENT/DEDENT, NEWLINE at line ends.
    Expression,
    /// An f-string replacement field: as if inside parentheses.
    Enclosed,
}

/// The result of lexing: the tokens, then maybe the error that stopped it.
pub struct Lexed<'a> {
    pub tokens: Vec<Spanned<'a>>,
    pub error: Option<LexError>,
}

#[derive(Debug)]
pub struct LexError {
    pub error: SyntaxError,
    pub weight: Weight,
}

/// How a lexing error competes with a parse error found before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    /// CPython raises it from the tokenizer, and it wins even over a
    /// parse error earlier in the file (unterminated string, bad number...).
    Hard,
    /// CPython only notices it if the parser gets there (bad dedent,
    /// TabError, stray backslash).
    Soft,
    /// The input ended inside brackets: wins over a parse error on a later
    /// line than the bracket.
    Unclosed,
}

/// Lexes `source[start..end]`; spans are offsets into the whole `source`.
pub fn tokenize(source: &str, start: usize, end: usize, mode: Mode) -> Lexed<'_> {
    let mut raw = Tok::lexer(&source[..end]);
    raw.bump(start);
    let mut lx = Layout {
        source: &source[..end],
        tokens: Vec::new(),
        indents: vec![(0, 0)],
        brackets: Vec::new(),
        at_line_start: true,
        line_start: start,
        mode,
    };
    let mut error = None;
    while let Some(item) = raw.next() {
        let span = raw.span();
        let result = match item {
            Ok(tok) => lx.push(tok, span.start, span.end),
            Err(e) => Err(e.0),
        };
        if let Err(e) = result {
            let soft = e.kind != SyntaxErrorKind::Syntax
                || e.msg
                    .starts_with("unexpected character after line continuation")
                || e.msg.starts_with("unexpected EOF");
            let weight = if soft { Weight::Soft } else { Weight::Hard };
            error = Some(LexError { error: e, weight });
            break;
        }
    }
    if error.is_none() {
        error = lx.finish(end);
    }
    Lexed {
        tokens: lx.tokens,
        error,
    }
}

struct Layout<'a> {
    source: &'a str,
    tokens: Vec<Spanned<'a>>,
    /// Open indentation levels: (width with tabs to 8, width with tabs as 1).
    indents: Vec<(u32, u32)>,
    /// Open brackets: the bracket char and its offset.
    brackets: Vec<(char, usize)>,
    /// No token yet on the current logical line.
    at_line_start: bool,
    /// Offset where the current physical line starts.
    line_start: usize,
    mode: Mode,
}

impl<'a> Layout<'a> {
    fn push(&mut self, tok: Tok<'a>, start: usize, end: usize) -> Result<(), SyntaxError> {
        let enclosed = self.mode == Mode::Enclosed || !self.brackets.is_empty();
        if tok == Tok::Newline {
            if !enclosed {
                if !self.at_line_start {
                    // Like CPython's, the NEWLINE token is empty, or covers
                    // the comment that ends the line.
                    let prev_end = self.tokens.last().map_or(self.line_start, |t| t.2);
                    let gap = &self.source[prev_end.min(start)..start];
                    let from = gap.find('#').map_or(start, |n| prev_end + n);
                    self.tokens.push((from, Tok::Newline, start));
                    self.at_line_start = true;
                }
                self.line_start = end;
            }
            return Ok(());
        }
        if tok == Tok::Backslash {
            return Err(self.backslash(start));
        }
        if tok == Tok::Continuation {
            if self.source[end..]
                .trim_start_matches([' ', '\t', '\x0c'])
                .is_empty()
            {
                return Err(self.backslash(start));
            }
            return Ok(());
        }
        if self.at_line_start && !enclosed {
            if self.mode == Mode::Module {
                self.indentation(start)?;
            }
            self.at_line_start = false;
        }
        if let Some(open) = tok.opens() {
            if self.brackets.len() >= MAX_BRACKETS {
                return Err(error_at("too many nested parentheses", start, start));
            }
            self.brackets.push((open, start));
        } else if let Some(close) = tok.closes() {
            self.close_bracket(close, start)?;
        }
        self.tokens.push((start, tok, end));
        Ok(())
    }

    fn backslash(&self, at: usize) -> SyntaxError {
        let rest = self.source[at + 1..].trim_start_matches(['\r', '\n']);
        let only_space = rest.trim_start_matches([' ', '\t', '\x0c']).is_empty();
        if only_space {
            // A trailing backslash at end of input: more lines may follow.
            let mut e = error_at("unexpected EOF while parsing", at + 1, at + 1);
            e.incomplete = true;
            e
        } else {
            error_at(
                "unexpected character after line continuation character",
                at + 1,
                at + 1,
            )
        }
    }

    fn close_bracket(&mut self, close: char, at: usize) -> Result<(), SyntaxError> {
        let Some((open, open_at)) = self.brackets.pop() else {
            return Err(error_at(format!("unmatched '{close}'"), at, at));
        };
        let matches = matches!((open, close), ('(', ')') | ('[', ']') | ('{', '}'));
        if matches {
            return Ok(());
        }
        let open_line = line_of(self.source, open_at);
        let msg = if open_line != line_of(self.source, at) {
            format!(
                "closing parenthesis '{close}' does not match opening parenthesis '{open}' on line {open_line}"
            )
        } else {
            format!("closing parenthesis '{close}' does not match opening parenthesis '{open}'")
        };
        Err(error_at(msg, at, at))
    }

    /// Measures the indentation before the first token of a logical line and
    /// emits INDENT or DEDENTs.
    fn indentation(&mut self, tok_start: usize) -> Result<(), SyntaxError> {
        let (mut col, mut alt) = (0u32, 0u32);
        for c in self.source[self.line_start..tok_start].bytes() {
            match c {
                b' ' => {
                    col += 1;
                    alt += 1;
                }
                b'\t' => {
                    col = (col / 8 + 1) * 8;
                    alt += 1;
                }
                b'\x0c' => {
                    col = 0;
                    alt = 0;
                }
                _ => break,
            }
        }
        let (top, top_alt) = *self.indents.last().unwrap_or(&(0, 0));
        if col == top {
            if alt != top_alt {
                return Err(self.tab_error());
            }
        } else if col > top {
            if alt <= top_alt {
                return Err(self.tab_error());
            }
            self.indents.push((col, alt));
            self.tokens.push((self.line_start, Tok::Indent, tok_start));
        } else {
            while self.indents.len() > 1 && col < self.indents[self.indents.len() - 1].0 {
                self.indents.pop();
                self.tokens.push((tok_start, Tok::Dedent, tok_start));
            }
            let (top, top_alt) = *self.indents.last().unwrap_or(&(0, 0));
            if col != top {
                let eol = self.line_end(tok_start);
                let mut e = error_at(
                    "unindent does not match any outer indentation level",
                    eol,
                    eol,
                );
                e.kind = SyntaxErrorKind::Indentation;
                return Err(e);
            }
            if alt != top_alt {
                return Err(self.tab_error());
            }
        }
        Ok(())
    }

    fn tab_error(&self) -> SyntaxError {
        SyntaxError {
            kind: SyntaxErrorKind::Tab,
            msg: "inconsistent use of tabs and spaces in indentation".into(),
            span: Span::new(self.line_start, self.line_start),
            incomplete: false,
        }
    }

    fn line_end(&self, from: usize) -> usize {
        self.source[from..]
            .find(['\n', '\r'])
            .map_or(self.source.len(), |n| from + n)
    }

    /// End of input: unclosed brackets, or the final NEWLINE and DEDENTs.
    fn finish(&mut self, end: usize) -> Option<LexError> {
        if self.mode == Mode::Enclosed {
            return None;
        }
        if let Some(&(open, at)) = self.brackets.last() {
            let mut e = error_at(format!("'{open}' was never closed"), at, at);
            e.incomplete = true;
            return Some(LexError {
                error: e,
                weight: Weight::Unclosed,
            });
        }
        if !self.at_line_start {
            self.tokens.push((end, Tok::Newline, end));
        }
        while self.indents.len() > 1 {
            self.indents.pop();
            self.tokens.push((end, Tok::Dedent, end));
        }
        None
    }
}

/// Marks `(` right after `with` as a parenthesised with-item list when its
/// `)` is followed by `:` and it holds no comprehension or yield at its own
/// level (`with (a, b):` has two items; `with (a, b) as c:` has one tuple).
pub fn mark_with_parens(tokens: &mut [Spanned<'_>]) {
    for i in 1..tokens.len() {
        if tokens[i].1 != Tok::LPar || tokens[i - 1].1 != Tok::With {
            continue;
        }
        let mut depth = 0usize;
        let mut plain = true;
        let mut j = i;
        while j < tokens.len() {
            let t = &tokens[j].1;
            if t.opens().is_some() {
                depth += 1;
            } else if t.closes().is_some() {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            } else if depth == 1 && matches!(t, Tok::For | Tok::Yield | Tok::Async) {
                plain = false;
            }
            j += 1;
        }
        let colon_next = tokens.get(j + 1).is_some_and(|t| t.1 == Tok::Colon);
        let empty = j == i + 1;
        if plain && colon_next && !empty {
            tokens[i].1 = Tok::WithLPar;
        }
    }
}
