//! Source text to AST: the lexer (logos, plus an indentation wrapper that
//! makes NEWLINE/INDENT/DEDENT tokens) and the LALRPOP grammar in `grammar/`.
//!
//! Files, in reading order: `token.rs` (raw tokens), `number.rs` and
//! `literals.rs` (literal scanning and decoding), `fstring.rs`, `lexer.rs`
//! (layout), the grammar with `actions.rs`, `targets.rs` and `args.rs`
//! (checks done in grammar actions), `parser.rs` (glue), `recover.rs`
//! (CPython's error messages) and `diag.rs` (positions and rendering).

pub mod ast;

mod actions;
mod args;
mod diag;
mod fstring;
mod lexer;
mod literals;
mod number;
mod parser;
mod recover;
mod targets;
mod token;

#[cfg(test)]
mod tests;

use ast::Span;

pub use diag::{render_syntax_error, LineIndex};

/// Which Python exception a syntax error becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// `SyntaxError`
    Syntax,
    /// `IndentationError` (a subclass of SyntaxError)
    Indentation,
    /// `TabError` (a subclass of IndentationError)
    Tab,
}

/// A syntax error with the source range it points at.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    /// The message as CPython 3.11 words it, e.g. `invalid syntax`,
    /// `'(' was never closed`, `unexpected indent`.
    pub msg: String,
    /// Where the caret(s) go: `start` is the first marked byte; `end > start`
    /// marks a range (CPython 3.11 draws `^^^` under some errors).
    pub span: Span,
    /// True when the input simply ended too early (an open bracket, an
    /// unfinished block header, an unterminated triple-quoted string): the
    /// REPL then asks for another line instead of reporting the error.
    pub incomplete: bool,
}

/// Parses a whole module.
pub fn parse_module(source: &str) -> Result<ast::Module, SyntaxError> {
    parser::parse_module(source)
}

/// Parses a single expression (used by `eval` and by tracebacks, which
/// re-parse a source segment to place `~~^~~` markers as CPython 3.11 does).
/// The whole input must be one expression; surrounding whitespace and line
/// breaks are allowed.
pub fn parse_expression(source: &str) -> Result<ast::Expr, SyntaxError> {
    parser::parse_expression(source)
}
