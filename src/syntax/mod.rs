//! Source text to AST: the lexer (logos, plus an indentation wrapper that
//! makes NEWLINE/INDENT/DEDENT tokens) and the LALRPOP grammar in `grammar/`.

pub mod ast;

use ast::Span;

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
pub fn parse_module(_source: &str) -> Result<ast::Module, SyntaxError> {
    unimplemented!("parser")
}

/// Parses a single expression (used by `eval` and by tracebacks, which
/// re-parse a source segment to place `~~^~~` markers as CPython 3.11 does).
pub fn parse_expression(_source: &str) -> Result<ast::Expr, SyntaxError> {
    unimplemented!("parser")
}
