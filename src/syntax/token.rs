//! The raw tokens, recognised by a logos state machine.
//!
//! Layout (NEWLINE/INDENT/DEDENT) is not decided here: logos only reports each
//! physical line break as [`Tok::Newline`]; the wrapper in `lexer.rs` turns
//! those into Python's logical-line tokens. Numbers and strings are scanned by
//! hand-written callbacks because their rules (underscores, prefixes, triple
//! quotes, precise error positions) are awkward as regular expressions.

use logos::{Lexer, Logos};
use num_bigint::BigInt;

use super::ast::Span;
use super::{literals, number, SyntaxError};

/// A decoded numeric literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Num {
    Int(i64),
    Big(BigInt),
    Float(f64),
}

#[derive(Logos, Clone, Debug, PartialEq)]
#[logos(error(LexError, bad_char))]
#[logos(skip r"[ \t\x0C]+")]
#[logos(skip(r"#[^\r\n]*", allow_greedy = true))]
pub enum Tok<'a> {
    /// One physical line break (the wrapper decides what it means).
    #[regex(r"\r\n|\n|\r")]
    Newline,
    /// Made by the wrapper, never by logos.
    Indent,
    /// Made by the wrapper, never by logos.
    Dedent,
    /// `(` right after `with` whose `)` is followed by `:`: the start of a
    /// parenthesised with-item list (decided by the wrapper, see lexer.rs).
    WithLPar,

    #[regex(r"[A-Za-z_\x80-\u{10FFFF}][A-Za-z0-9_\x80-\u{10FFFF}]*", name)]
    Name(&'a str),
    #[regex(r"[0-9]", number)]
    #[regex(r"\.[0-9]", number)]
    Number(Num),
    /// The whole literal, prefix and quotes included; decoded by the grammar.
    #[regex(
        r#"([rRuUbBfF]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF])?("|'|"""|''')"#,
        string
    )]
    Str(&'a str),
    /// A backslash not followed by a line break (always an error).
    #[token("\\")]
    Backslash,
    /// A stray ASCII character such as `$` or `?`: CPython makes it an
    /// ordinary token that no rule accepts, so it is a parse error.
    #[regex(r"[$?!`]")]
    Invalid,
    /// Backslash-newline: joins two lines (the wrapper drops it).
    #[regex(r"\\(\r\n|\n|\r)")]
    Continuation,

    #[token("False")]
    False,
    #[token("None")]
    None,
    #[token("True")]
    True,
    #[token("and")]
    And,
    #[token("as")]
    As,
    #[token("assert")]
    Assert,
    #[token("async")]
    Async,
    #[token("await")]
    Await,
    #[token("break")]
    Break,
    #[token("class")]
    Class,
    #[token("continue")]
    Continue,
    #[token("def")]
    Def,
    #[token("del")]
    Del,
    #[token("elif")]
    Elif,
    #[token("else")]
    Else,
    #[token("except")]
    Except,
    #[token("finally")]
    Finally,
    #[token("for")]
    For,
    #[token("from")]
    From,
    #[token("global")]
    Global,
    #[token("if")]
    If,
    #[token("import")]
    Import,
    #[token("in")]
    In,
    #[token("is")]
    Is,
    #[token("lambda")]
    Lambda,
    #[token("nonlocal")]
    Nonlocal,
    #[token("not")]
    Not,
    #[token("or")]
    Or,
    #[token("pass")]
    Pass,
    #[token("raise")]
    Raise,
    #[token("return")]
    Return,
    #[token("try")]
    Try,
    #[token("while")]
    While,
    #[token("with")]
    With,
    #[token("yield")]
    Yield,

    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("**")]
    DoubleStar,
    #[token("/")]
    Slash,
    #[token("//")]
    DoubleSlash,
    #[token("%")]
    Percent,
    #[token("@")]
    At,
    #[token("<<")]
    LShift,
    #[token(">>")]
    RShift,
    #[token("&")]
    Amper,
    #[token("|")]
    VBar,
    #[token("^")]
    Circumflex,
    #[token("~")]
    Tilde,
    #[token(":=")]
    ColonEqual,
    #[token("<")]
    Less,
    #[token(">")]
    Greater,
    #[token("<=")]
    LessEqual,
    #[token(">=")]
    GreaterEqual,
    #[token("==")]
    EqEqual,
    #[token("!=")]
    NotEqual,
    /// Python 2's `<>`: one (always invalid) token, as in CPython.
    #[token("<>")]
    LessGreater,
    #[token("(")]
    LPar,
    #[token(")")]
    RPar,
    #[token("[")]
    LSqb,
    #[token("]")]
    RSqb,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token(",")]
    Comma,
    #[token(":")]
    Colon,
    #[token(".")]
    Dot,
    #[token("...")]
    Ellipsis,
    #[token(";")]
    Semi,
    #[token("=")]
    Equal,
    #[token("->")]
    RArrow,
    #[token("+=")]
    PlusEqual,
    #[token("-=")]
    MinusEqual,
    #[token("*=")]
    StarEqual,
    #[token("/=")]
    SlashEqual,
    #[token("//=")]
    DoubleSlashEqual,
    #[token("%=")]
    PercentEqual,
    #[token("@=")]
    AtEqual,
    #[token("&=")]
    AmperEqual,
    #[token("|=")]
    VBarEqual,
    #[token("^=")]
    CircumflexEqual,
    #[token(">>=")]
    RShiftEqual,
    #[token("<<=")]
    LShiftEqual,
    #[token("**=")]
    DoubleStarEqual,
}

impl Tok<'_> {
    /// The opening bracket this token is, if any.
    pub fn opens(&self) -> Option<char> {
        match self {
            Tok::LPar | Tok::WithLPar => Some('('),
            Tok::LSqb => Some('['),
            Tok::LBrace => Some('{'),
            _ => None,
        }
    }

    /// The closing bracket this token is, if any.
    pub fn closes(&self) -> Option<char> {
        match self {
            Tok::RPar => Some(')'),
            Tok::RSqb => Some(']'),
            Tok::RBrace => Some('}'),
            _ => None,
        }
    }
}

/// The error type logos wants (it must have a `Default`); it only wraps a
/// [`SyntaxError`].
#[derive(Clone, Debug, PartialEq)]
pub struct LexError(pub SyntaxError);

impl Default for LexError {
    fn default() -> Self {
        LexError(error_at("invalid syntax", 0, 0))
    }
}

impl From<SyntaxError> for LexError {
    fn from(e: SyntaxError) -> Self {
        LexError(e)
    }
}

/// A plain syntax error at a byte range.
pub fn error_at(msg: impl Into<String>, start: usize, end: usize) -> SyntaxError {
    SyntaxError {
        kind: super::SyntaxErrorKind::Syntax,
        msg: msg.into(),
        span: Span::new(start, end),
        incomplete: false,
    }
}

/// Logos found no token here: a stray character.
fn bad_char<'a>(lex: &mut Lexer<'a, Tok<'a>>) -> LexError {
    let start = lex.span().start;
    let c = lex.source()[start..].chars().next().unwrap_or('?');
    LexError(invalid_character(c, start))
}

fn invalid_character(c: char, at: usize) -> SyntaxError {
    error_at(
        format!("invalid character '{}' (U+{:04X})", c, c as u32),
        at,
        at,
    )
}

/// Identifiers may use non-ASCII letters, but not arbitrary symbols.
fn name<'a>(lex: &mut Lexer<'a, Tok<'a>>) -> Result<&'a str, LexError> {
    let text = lex.slice();
    let start = lex.span().start;
    for (i, c) in text.char_indices() {
        let ok = c.is_ascii()
            || (if i == 0 {
                c.is_alphabetic()
            } else {
                c.is_alphanumeric()
            });
        if !ok {
            return Err(invalid_character(c, start + i).into());
        }
    }
    Ok(text)
}

fn number<'a>(lex: &mut Lexer<'a, Tok<'a>>) -> Result<Num, LexError> {
    let start = lex.span().start;
    let (len, value) = number::scan(lex.source(), start)?;
    lex.bump(len.saturating_sub(lex.slice().len()));
    Ok(value)
}

fn string<'a>(lex: &mut Lexer<'a, Tok<'a>>) -> Result<&'a str, LexError> {
    let start = lex.span().start;
    let opener = lex.slice();
    let len = literals::scan_string_end(lex.source(), start, opener)?;
    lex.bump(len);
    Ok(lex.slice())
}
