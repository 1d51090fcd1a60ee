//! Glue: lex, run the generated LALRPOP parser, and turn failures into the
//! error CPython would report (see `recover.rs`).

use std::cell::Cell;

use super::ast::{Expr, ExprKind, Module, Span};
use super::lexer::{self, Lexed, Mode, Spanned};
use super::recover::{self, Entry};
use super::token::Tok;
use super::SyntaxError;

lalrpop_util::lalrpop_mod!(
    #[allow(clippy::all, clippy::pedantic, unused_parens, dead_code)]
    grammar,
    "/mini.rs"
);

/// The token stream the parser reads: the lexed tokens, then the lexing
/// error if there was one. `pulled` counts the tokens handed out, so that a
/// parse error can be tied to its token index.
fn stream<'l, 'a>(
    lexed: &'l Lexed<'a>,
    pulled: &'l Cell<usize>,
) -> impl Iterator<Item = Result<Spanned<'a>, SyntaxError>> + 'l {
    let error = lexed.error.as_ref().map(|e| Err(e.error.clone()));
    lexed
        .tokens
        .iter()
        .map(|t| Ok(t.clone()))
        .chain(error)
        .inspect(move |_| pulled.set(pulled.get() + 1))
}

fn null_byte(source: &str) -> Option<SyntaxError> {
    let at = source.find('\0')?;
    let line_start = source[..at].rfind(['\n', '\r']).map_or(0, |n| n + 1);
    Some(SyntaxError {
        kind: super::SyntaxErrorKind::Syntax,
        msg: "source code cannot contain null bytes".into(),
        span: Span::new(line_start, line_start),
        incomplete: false,
    })
}

pub fn parse_module(source: &str) -> Result<Module, SyntaxError> {
    if let Some(e) = null_byte(source) {
        return Err(e);
    }
    // A UTF-8 byte order mark is not part of the program.
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lexed = lexer::tokenize(source, start, source.len(), Mode::Module);
    lexer::mark_with_parens(&mut lexed.tokens);
    let pulled = Cell::new(0);
    let result = grammar::ModuleParser::new().parse(source, 0, stream(&lexed, &pulled));
    match result {
        Ok(body) => Ok(Module { body }),
        Err(e) => Err(recover::explain(
            source,
            &lexed,
            pulled.get(),
            e,
            Entry::Module,
        )),
    }
}

pub fn parse_expression(source: &str) -> Result<Expr, SyntaxError> {
    if let Some(e) = null_byte(source) {
        return Err(e);
    }
    let lexed = lexer::tokenize(source, 0, source.len(), Mode::Expression);
    let pulled = Cell::new(0);
    let result = grammar::ExpressionParser::new().parse(source, 0, stream(&lexed, &pulled));
    result.map_err(|e| recover::explain(source, &lexed, pulled.get(), e, Entry::Expression))
}

/// Parses the expression of an f-string field, `source[start..end]`, as if
/// it were in parentheses. `depth` counts nested f-strings.
pub fn parse_fstring_expr(
    source: &str,
    start: usize,
    end: usize,
    depth: u32,
) -> Result<Expr, SyntaxError> {
    let lexed = lexer::tokenize(source, start, end, Mode::Enclosed);
    let pulled = Cell::new(0);
    let result = grammar::ExpressionParser::new().parse(source, depth, stream(&lexed, &pulled));
    let mut expr =
        result.map_err(|e| recover::explain(source, &lexed, pulled.get(), e, Entry::FString))?;
    // CPython parses the field as `(text)`, so a bare tuple's span takes in
    // those parentheses, which stand where the braces are.
    if let ExprKind::Tuple(elts) = &expr.kind {
        if elts
            .first()
            .is_some_and(|f| f.span.start == expr.span.start)
        {
            expr.span = Span::new(start - 1, end + 1);
        }
    }
    Ok(expr)
}

/// Parses `tokens` (plus a final NEWLINE) as one expression; used by the
/// error-recovery probes, so it reports only success.
pub fn probe(source: &str, tokens: &[Spanned<'_>]) -> Option<Expr> {
    let end = tokens.last().map_or(0, |t| t.2);
    let items = tokens
        .iter()
        .cloned()
        .chain(std::iter::once((end, Tok::Newline, end)))
        .map(Ok::<_, SyntaxError>);
    grammar::ExpressionParser::new()
        .parse(source, 0, items)
        .ok()
}
