//! Turning a parse failure into the error CPython 3.11 reports.
//!
//! CPython's PEG parser runs a second pass with extra `invalid_*` rules to
//! find a helpful message. An LR parser only knows the token where it got
//! stuck and what it expected there, so this module looks at the tokens
//! around that point (sometimes re-parsing short slices of them) to pick the
//! same message and range for the common cases. It also applies CPython's
//! rule that a tokenizer error anywhere in the file beats a parser error.

use lalrpop_util::ParseError;

use super::ast::{Expr, ExprKind, Span};
use super::lexer::{Lexed, Spanned, Weight};
use super::literals::line_of;
use super::parser::probe;
use super::token::{error_at, Tok};
use super::{SyntaxError, SyntaxErrorKind};

/// Which entry point failed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Module,
    Expression,
    FString,
}

/// How far back or forward the probes look, in tokens.
const PROBE_WINDOW: usize = 64;

type Failure<'a> = ParseError<usize, Tok<'a>, SyntaxError>;

/// Explains a parse failure. `pulled` is how many stream items the parser
/// took; the last one is where it failed.
pub fn explain(
    source: &str,
    lexed: &Lexed<'_>,
    pulled: usize,
    failure: Failure<'_>,
    entry: Entry,
) -> SyntaxError {
    let tokens = &lexed.tokens;
    let cx = Cx { source, tokens };
    let parse_error = match failure {
        ParseError::User { error } => {
            if let Some(lex) = &lexed.error {
                if pulled > tokens.len() && lex.error == error {
                    return error;
                }
            }
            cx.move_to_next_token(error)
        }
        ParseError::UnrecognizedToken { token, expected } => {
            let i = pulled.saturating_sub(1).min(tokens.len().saturating_sub(1));
            debug_assert!(tokens.get(i).is_some_and(|t| t.0 == token.0));
            cx.unexpected(i, &expected, entry)
        }
        ParseError::UnrecognizedEof { expected, .. } => cx.at_eof(&expected),
        ParseError::InvalidToken { location } => error_at("invalid syntax", location, location),
        ParseError::ExtraToken { token } => error_at("invalid syntax", token.0, token.2),
    };
    if parse_error.msg == "unexpected indent" {
        return parse_error;
    }
    let Some(lex) = &lexed.error else {
        return parse_error;
    };
    // CPython compares lines using the last token the parser looked at.
    let last_seen = tokens
        .get(pulled.saturating_sub(1))
        .map_or(parse_error.span.start as usize, |t| t.0);
    let wins = match lex.weight {
        Weight::Hard => true,
        Weight::Soft => false,
        Weight::Unclosed => {
            line_of(source, last_seen) > line_of(source, lex.error.span.start as usize)
        }
    };
    if wins {
        lex.error.clone()
    } else {
        parse_error
    }
}

struct Cx<'s, 't, 'a> {
    source: &'s str,
    tokens: &'t [Spanned<'a>],
}

fn is(t: &Tok<'_>, kinds: &[Tok<'_>]) -> bool {
    kinds
        .iter()
        .any(|k| std::mem::discriminant(k) == std::mem::discriminant(t))
}

/// Tokens that can end an expression.
fn ends_expr(t: &Tok<'_>) -> bool {
    is(
        t,
        &[
            Tok::Name(""),
            Tok::Number(super::token::Num::Int(0)),
            Tok::Str(""),
            Tok::RPar,
            Tok::RSqb,
            Tok::RBrace,
            Tok::None,
            Tok::True,
            Tok::False,
            Tok::Ellipsis,
        ],
    )
}

/// Tokens that start an expression and cannot continue one.
fn starts_expr(t: &Tok<'_>) -> bool {
    is(
        t,
        &[
            Tok::Name(""),
            Tok::Number(super::token::Num::Int(0)),
            Tok::Str(""),
            Tok::LBrace,
            Tok::None,
            Tok::True,
            Tok::False,
            Tok::Ellipsis,
            Tok::Lambda,
            Tok::Await,
        ],
    )
}

/// Tokens at which a backwards search for the start of an expression stops.
fn stops_expr(t: &Tok<'_>) -> bool {
    t.opens().is_some()
        || is(
            t,
            &[
                Tok::Comma,
                Tok::Equal,
                Tok::Colon,
                Tok::ColonEqual,
                Tok::Semi,
                Tok::Newline,
                Tok::Indent,
                Tok::Dedent,
                Tok::If,
                Tok::Else,
                Tok::Elif,
                Tok::While,
                Tok::For,
                Tok::Lambda,
                Tok::Return,
                Tok::Yield,
                Tok::Del,
                Tok::Assert,
                Tok::Raise,
                Tok::Import,
                Tok::From,
                Tok::With,
                Tok::As,
                Tok::Except,
                Tok::RArrow,
                Tok::At,
                Tok::PlusEqual,
                Tok::MinusEqual,
                Tok::StarEqual,
                Tok::SlashEqual,
                Tok::DoubleSlashEqual,
                Tok::PercentEqual,
                Tok::AtEqual,
                Tok::AmperEqual,
                Tok::VBarEqual,
                Tok::CircumflexEqual,
                Tok::RShiftEqual,
                Tok::LShiftEqual,
                Tok::DoubleStarEqual,
            ],
        )
}

fn is_disjunction(e: &Expr) -> bool {
    !matches!(
        e.kind,
        ExprKind::IfExp { .. } | ExprKind::Lambda { .. } | ExprKind::NamedExpr { .. }
    )
}

impl Cx<'_, '_, '_> {
    fn tok(&self, i: usize) -> Option<&Tok<'_>> {
        self.tokens.get(i).map(|t| &t.1)
    }

    /// Index of the first token of the logical line holding token `i`.
    fn line_start(&self, i: usize) -> usize {
        let mut k = i;
        while k > 0
            && !is(
                &self.tokens[k - 1].1,
                &[Tok::Newline, Tok::Indent, Tok::Dedent],
            )
        {
            k -= 1;
        }
        k
    }

    /// Bracket depth before each of tokens `from..=i` relative to `from`.
    fn depth_at(&self, from: usize, i: usize) -> i32 {
        let mut d = 0;
        for t in &self.tokens[from..i] {
            if t.1.opens().is_some() {
                d += 1;
            } else if t.1.closes().is_some() {
                d -= 1;
            }
        }
        d
    }

    /// The top-level commas in `tokens[from..to]`?
    fn has_top_comma(&self, from: usize, to: usize) -> bool {
        let mut d = 0;
        for t in &self.tokens[from..to] {
            if t.1.opens().is_some() {
                d += 1;
            } else if t.1.closes().is_some() {
                d -= 1;
            } else if d == 0 && t.1 == Tok::Comma {
                return true;
            }
        }
        false
    }

    /// The start of the longest disjunction (an expression without `if`,
    /// `lambda` or top-level commas) that ends just before token `end`.
    fn disjunction_before(&self, end: usize) -> Option<usize> {
        let lo = self.line_start(end).max(end.saturating_sub(PROBE_WINDOW));
        let mut best = None;
        let mut depth = 0;
        for s in (lo..end).rev() {
            let t = &self.tokens[s].1;
            if t.closes().is_some() {
                depth += 1;
            } else if t.opens().is_some() {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            } else if depth == 0 && stops_expr(t) {
                break;
            }
            if depth == 0 {
                let found = probe(self.source, &self.tokens[s..end]);
                if found.is_some_and(|e| is_disjunction(&e)) && !self.has_top_comma(s, end) {
                    best = Some(s);
                }
            }
        }
        best
    }

    /// The end (exclusive token index) of the longest expression starting
    /// at token `start`; with `commas`, a bare tuple counts too.
    fn expression_from(&self, start: usize, commas: bool) -> Option<usize> {
        let mut depth = 0;
        let mut stop = start;
        while stop < self.tokens.len() && stop < start + PROBE_WINDOW {
            let t = &self.tokens[stop].1;
            if t.opens().is_some() {
                depth += 1;
            } else if t.closes().is_some() {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            } else if depth == 0
                && (is(
                    t,
                    &[Tok::Newline, Tok::Semi, Tok::Equal, Tok::Colon, Tok::For],
                ) || (!commas && *t == Tok::Comma))
            {
                break;
            }
            stop += 1;
        }
        (start + 1..=stop)
            .rev()
            .find(|&e| probe(self.source, &self.tokens[start..e]).is_some())
    }

    fn range(&self, from: usize, to_exclusive: usize, msg: &str) -> SyntaxError {
        let s = self.tokens[from].0;
        let e = self.tokens[to_exclusive - 1].2;
        error_at(msg, s, e)
    }

    /// The parser stopped at token `i`, expecting one of `expected`.
    fn unexpected(&self, i: usize, expected: &[String], entry: Entry) -> SyntaxError {
        let Some((start, tok, end)) = self.tokens.get(i) else {
            return error_at("invalid syntax", 0, 0);
        };
        let only_dedents_left = self.tokens[i..]
            .iter()
            .all(|t| t.1 == Tok::Dedent && t.0 == self.source.len());
        if only_dedents_left && !expected.iter().any(|e| e == "INDENT") {
            return self.at_eof(expected);
        }
        let (start, end) = (*start, *end);
        let has = |s: &str| expected.iter().any(|e| e == s);
        if *tok == Tok::Indent {
            let mut e = error_at("unexpected indent", start, start);
            e.kind = SyntaxErrorKind::Indentation;
            return e;
        }
        if has("INDENT") {
            return self.expected_block(i, false);
        }
        if has("\"(\"") && i >= 2 && self.tokens[i - 2].1 == Tok::Def {
            return error_at("expected '('", start, end);
        }
        if has("\":\"") {
            // After `def ...)`, `try`, `finally` and `else` the colon is
            // required at once; other headers only report it at line end.
            let first = self.line_start(i);
            let forced = matches!(
                self.tok(first),
                Some(Tok::Def | Tok::Try | Tok::Finally | Tok::Else)
            ) && self.depth_at(first, i) == 0;
            if *tok == Tok::Newline && self.header_keyword(i).is_some() {
                return error_at("expected ':'", start, end);
            }
            if forced {
                return error_at("expected ':'", start, end);
            }
        }
        if let Some(e) = self.annotation_target(i) {
            return e;
        }
        if has("\"in\"") {
            if let Some(e) = self.for_target(i) {
                return e;
            }
        }
        if *tok == Tok::Equal {
            if let Some(e) = self.mistaken_equals(i) {
                return e;
            }
        }
        if expects_handler(expected) {
            return error_at("expected 'except' or 'finally' block", start, end);
        }

        if has("\"else\"") && *tok != Tok::Colon {
            if let Some(e) = self.expected_else(i) {
                return e;
            }
        }
        if matches!(tok, Tok::Comma | Tok::RBrace) {
            if let Some(e) = self.dict_key(i) {
                return e;
            }
        }
        if let Some(e) = self.legacy_print(i) {
            return e;
        }
        if entry != Entry::Module || self.depth_at(self.line_start(i), i) > 0 {
            if let Some(e) = self.forgot_comma(i) {
                return e;
            }
        }
        if *tok == Tok::Dedent {
            return error_at("invalid syntax", start, start);
        }
        error_at("invalid syntax", start, end)
    }

    /// The compound statement keyword starting the logical line of token `i`.
    fn header_keyword(&self, i: usize) -> Option<&'static str> {
        let first = self.line_start(i.saturating_sub(1));
        Some(match self.tok(first)? {
            Tok::If => "'if' statement",
            Tok::Elif => "'elif' statement",
            Tok::Else => "'else' statement",
            Tok::While => "'while' statement",
            Tok::For => "'for' statement",
            Tok::Try => "'try' statement",
            Tok::Except => "'except' statement",
            Tok::Finally => "'finally' statement",
            Tok::With => "'with' statement",
            Tok::Def => "function definition",
            Tok::Class => "class definition",
            _ => return None,
        })
    }

    /// A block header with no indented block after it. `i` is the token
    /// found instead (or `tokens.len()` at end of input).
    fn expected_block(&self, i: usize, at_eof: bool) -> SyntaxError {
        // The header is the logical line ended by the NEWLINE before `i`.
        let newline = i.saturating_sub(1).min(self.tokens.len().saturating_sub(1));
        let first = self.line_start(newline);
        let msg = match self.header_keyword(newline) {
            Some(what) => format!(
                "expected an indented block after {} on line {}",
                what,
                line_of(self.source, self.tokens.get(first).map_or(0, |t| t.0))
            ),
            None => "expected an indented block".to_string(),
        };
        let eof = at_eof
            || self.tokens[i.min(self.tokens.len())..]
                .iter()
                .all(|t| t.1 == Tok::Dedent && t.0 == self.source.len());
        let span = if eof {
            let at = last_line_start(self.source);
            Span::new(at, at)
        } else if self.tokens[i].1 == Tok::Dedent {
            // CPython gives a DEDENT no column, so it draws no caret; we
            // say so with an end before the start (see diag.rs).
            let at = self.tokens[i].0;
            let line = self.source[..at].rfind(['\n', '\r']).map_or(0, |n| n + 1);
            Span::new(line, line.saturating_sub(1))
        } else {
            let at = self.tokens[i].0;
            Span::new(at, at)
        };
        SyntaxError {
            kind: SyntaxErrorKind::Indentation,
            msg,
            span,
            incomplete: eof,
        }
    }

    /// `a if b` with no `else`: CPython's message covers `a if b`.
    fn expected_else(&self, i: usize) -> Option<SyntaxError> {
        let first = self.line_start(i);
        let mut depth = 0;
        let mut k = i;
        let if_at = loop {
            if k <= first {
                return None;
            }
            k -= 1;
            let t = &self.tokens[k].1;
            if t.closes().is_some() {
                depth += 1;
            } else if t.opens().is_some() {
                if depth == 0 {
                    return None;
                }
                depth -= 1;
            } else if depth == 0 && *t == Tok::If {
                break k;
            }
        };
        let a = self.disjunction_before(if_at)?;
        let b = probe(self.source, &self.tokens[if_at + 1..i])?;
        if !is_disjunction(&b) || self.has_top_comma(if_at + 1, i) {
            return None;
        }
        Some(self.range(a, i, "expected 'else' after 'if' expression"))
    }

    /// `{1: 2, 3}`: a key without its value; CPython marks the key's last
    /// character.
    fn dict_key(&self, i: usize) -> Option<SyntaxError> {
        let mut depth = 0;
        let mut open = None;
        for k in (0..i).rev() {
            let t = &self.tokens[k].1;
            if t.closes().is_some() {
                depth += 1;
            } else if t.opens().is_some() {
                if depth == 0 {
                    open = Some(k);
                    break;
                }
                depth -= 1;
            }
        }
        let open = open?;
        if self.tokens[open].1 != Tok::LBrace || i == open + 1 {
            return None;
        }
        let (mut dict, mut last_comma, mut depth) = (false, open, 0);
        for k in open + 1..i {
            let t = &self.tokens[k].1;
            if t.opens().is_some() {
                depth += 1;
            } else if t.closes().is_some() {
                depth -= 1;
            } else if depth == 0 {
                match t {
                    Tok::Colon | Tok::DoubleStar => dict = true,
                    Tok::Comma => last_comma = k,
                    _ => {}
                }
            }
        }
        let key_is_bare =
            (last_comma + 1..i).all(|k| !matches!(self.tokens[k].1, Tok::Colon | Tok::DoubleStar));
        if !dict || !key_is_bare || last_comma + 1 >= i {
            return None;
        }
        let end = self.tokens[i - 1].2;
        let last = self.source[..end]
            .chars()
            .next_back()
            .map_or(1, char::len_utf8);
        Some(error_at(
            "':' expected after dictionary key",
            end - last,
            end - last,
        ))
    }

    /// `print x`: CPython suggests `print(...)`.
    fn legacy_print(&self, i: usize) -> Option<SyntaxError> {
        let name = match self.tok(i.checked_sub(1)?)? {
            Tok::Name(n @ ("print" | "exec")) => *n,
            _ => return None,
        };
        if self.disjunction_before(i)? != i - 1 || *self.tok(i)? == Tok::LPar {
            return None;
        }
        let end = self.expression_from(i, true)?;
        let msg = format!("Missing parentheses in call to '{name}'. Did you mean {name}(...)?");
        Some(self.range(i - 1, end, &msg))
    }

    /// `f(a b)`: two expressions side by side inside brackets.
    fn forgot_comma(&self, i: usize) -> Option<SyntaxError> {
        let tok = self.tok(i)?;
        if !starts_expr(tok) || !ends_expr(self.tok(i.checked_sub(1)?)?) {
            return None;
        }
        let a = self.disjunction_before(i)?;
        if self.in_parameters_or_clause(a) {
            return None;
        }
        if let Tok::Name(n) = self.tok(a)? {
            let soft = matches!(*n, "match" | "case" | "_");
            if soft || matches!(self.tok(a + 1), Some(Tok::Str(_))) {
                return None;
            }
        }
        let end = self.expression_from(i, false)?;
        Some(self.range(a, end, "invalid syntax. Perhaps you forgot a comma?"))
    }

    /// True when an expression starting at token `a` is not one where
    /// CPython looks for a missing comma: after `*`, in a comprehension's
    /// `if`/`in` clause, or in a `def` parameter list.
    fn in_parameters_or_clause(&self, a: usize) -> bool {
        let Some(before) = a.checked_sub(1).and_then(|b| self.tok(b)) else {
            return false;
        };
        if matches!(before, Tok::Star | Tok::DoubleStar) {
            return true;
        }
        // Walk back to the enclosing bracket, noting a `for` on the way.
        let mut depth = 0;
        let mut saw_for = false;
        for k in (0..a).rev() {
            let t = &self.tokens[k].1;
            if t.closes().is_some() {
                depth += 1;
            } else if t.opens().is_some() {
                if depth == 0 {
                    // In `def f(...)`, only where a parameter name goes.
                    let def_params = k >= 2
                        && self.tokens[k - 2].1 == Tok::Def
                        && matches!(before, Tok::Comma | Tok::LPar);
                    return def_params || (saw_for && matches!(before, Tok::If | Tok::In));
                }
                depth -= 1;
            } else if depth == 0 && *t == Tok::For {
                saw_for = true;
            } else if is(t, &[Tok::Newline, Tok::Indent, Tok::Dedent]) {
                return false;
            }
        }
        false
    }

    /// `'key': value,` as a statement: CPython parses `target: annotation`
    /// and complains about the target.
    fn annotation_target(&self, i: usize) -> Option<SyntaxError> {
        let first = self.line_start(i);
        let mut depth = 0;
        let colon = (first..i).find(|&k| {
            let t = &self.tokens[k].1;
            if t.opens().is_some() {
                depth += 1;
            } else if t.closes().is_some() {
                depth -= 1;
            }
            depth == 0 && *t == Tok::Colon
        })?;
        if colon == first {
            return None;
        }
        let target = probe(self.source, &self.tokens[first..colon])?;
        let single = matches!(
            target.kind,
            ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. }
        );
        if colon + 1 == i && self.tokens[i].1 == Tok::Newline && !single {
            // `f():` — CPython stops at the colon itself.
            let at = self.tokens[colon].0;
            return Some(error_at("invalid syntax", at, at + 1));
        }
        if colon + 1 >= i || !starts_annotation(&self.tokens[colon + 1].1) {
            return None;
        }
        let span = |e: &Expr| (e.span.start as usize, e.span.end as usize);
        let (msg, (s, e)) = match &target.kind {
            ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {
                return None
            }
            ExprKind::Tuple(elts)
                if elts
                    .first()
                    .is_some_and(|f| f.span.start == target.span.start) =>
            {
                (
                    "only single target (not tuple) can be annotated",
                    span(&elts[0]),
                )
            }
            ExprKind::Tuple(_) => (
                "only single target (not tuple) can be annotated",
                span(&target),
            ),
            ExprKind::List(_) => (
                "only single target (not list) can be annotated",
                span(&target),
            ),
            _ => ("illegal target for annotation", span(&target)),
        };
        Some(error_at(msg, s, e))
    }

    /// `for f() in x:` stopped before `in`: CPython names the bad target.
    fn for_target(&self, i: usize) -> Option<SyntaxError> {
        let first = self.line_start(i);
        let f = (first..i).rev().find(|&k| self.tokens[k].1 == Tok::For)?;
        let target = probe(self.source, &self.tokens[f + 1..i])?;
        let bad = super::targets::invalid_target(&target, super::targets::Targets::For)?;
        let msg = format!("cannot assign to {}", super::targets::expr_name(bad));
        Some(error_at(
            msg,
            bad.span.start as usize,
            bad.span.end as usize,
        ))
    }

    /// `if x = 1:` — an `=` where an expression goes: CPython suggests `==`.
    fn mistaken_equals(&self, i: usize) -> Option<SyntaxError> {
        let a = self.disjunction_before(i)?;
        // Only where CPython parses a `named_expression`: conditions of
        // `if`/`elif`/`while`, and inside brackets.
        let condition = a > 0 && matches!(self.tokens[a - 1].1, Tok::If | Tok::Elif | Tok::While);
        if !condition && self.depth_at(self.line_start(i), i) == 0 {
            return None;
        }
        let target = probe(self.source, &self.tokens[a..i])?;
        // The value: the `bitwise_or` after the `=`, which must not be
        // followed by another `=` or `:=`.
        let mut depth = 0;
        let mut end = i + 1;
        while end < self.tokens.len() {
            let t = &self.tokens[end].1;
            if t.opens().is_some() {
                depth += 1;
            } else if t.closes().is_some() {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            } else if depth == 0 && ends_bitwise_or(t) {
                break;
            }
            end += 1;
        }
        if end == i + 1 || matches!(self.tok(end), Some(Tok::Equal | Tok::ColonEqual)) {
            return None;
        }
        probe(self.source, &self.tokens[i + 1..end])?;
        let first = &self.tokens[a];
        if a + 1 == i && matches!(first.1, Tok::Name(_)) {
            let msg = "invalid syntax. Maybe you meant '==' or ':=' instead of '='?";
            return Some(error_at(msg, first.0, self.tokens[end - 1].2));
        }
        let display = matches!(first.1, Tok::LSqb | Tok::True | Tok::False | Tok::None)
            || (first.1 == Tok::LPar
                && matches!(
                    target.kind,
                    ExprKind::Tuple(_) | ExprKind::GeneratorExp { .. }
                ));
        let bitwise = !matches!(
            target.kind,
            ExprKind::Compare { .. }
                | ExprKind::BoolOp { .. }
                | ExprKind::UnaryOp {
                    op: super::ast::UnaryOp::Not,
                    ..
                }
        );
        if display || !bitwise {
            return None;
        }
        let msg = format!(
            "cannot assign to {} here. Maybe you meant '==' instead of '='?",
            super::targets::expr_name(&target)
        );
        Some(error_at(
            msg,
            target_start(&target, first.0),
            self.tokens[i - 1].2,
        ))
    }

    /// The input ended where the parser wanted more. CPython then names
    /// the last line of the file, without a caret.
    fn at_eof(&self, expected: &[String]) -> SyntaxError {
        if expected.iter().any(|e| e == "INDENT") {
            return self.expected_block(self.tokens.len(), true);
        }
        let msg = if expects_handler(expected) {
            "expected 'except' or 'finally' block"
        } else {
            "invalid syntax"
        };
        let at = last_line_start(self.source);
        let mut e = error_at(msg, at, at);
        e.incomplete = true;
        e
    }

    /// Errors raised by actions at the very end of a string literal group
    /// are reported by CPython at the token after it.
    fn move_to_next_token(&self, mut e: SyntaxError) -> SyntaxError {
        let at = e.span.start as usize;
        if e.span.end as usize != at {
            return e;
        }
        let after_string = self
            .tokens
            .iter()
            .any(|t| t.2 == at && matches!(t.1, Tok::Str(_)));
        if after_string || e.msg.starts_with("trailing comma") {
            let next = self.tokens.partition_point(|t| t.0 < at);
            let pos = self.tokens.get(next).map_or(self.source.len(), |t| t.0);
            e.span = Span::new(pos, pos);
        }
        e
    }
}

/// Start of the last line of the file, the one CPython names when a block
/// is missing at end of input (a final line break does not start a line).
fn last_line_start(source: &str) -> usize {
    let body = source
        .strip_suffix("\r\n")
        .or_else(|| source.strip_suffix('\n'))
        .or_else(|| source.strip_suffix('\r'))
        .unwrap_or(source);
    body.rfind(['\n', '\r']).map_or(0, |n| n + 1)
}

/// After a `try` block: only a handler or `finally` may follow.
fn expects_handler(expected: &[String]) -> bool {
    let has = |s: &str| expected.iter().any(|e| e == s);
    has("\"except\"") && has("\"finally\"")
}

/// Tokens that can begin the annotation after `target:`.
fn starts_annotation(t: &Tok<'_>) -> bool {
    starts_expr(t)
        || is(
            t,
            &[
                Tok::LPar,
                Tok::LSqb,
                Tok::Minus,
                Tok::Plus,
                Tok::Tilde,
                Tok::Not,
            ],
        )
}

/// Tokens that end a `bitwise_or` expression (at bracket depth 0).
fn ends_bitwise_or(t: &Tok<'_>) -> bool {
    stops_expr(t)
        || is(
            t,
            &[
                Tok::EqEqual,
                Tok::NotEqual,
                Tok::Less,
                Tok::LessEqual,
                Tok::Greater,
                Tok::GreaterEqual,
                Tok::In,
                Tok::Not,
                Tok::Is,
                Tok::And,
                Tok::Or,
            ],
        )
}

/// Where CPython's range for an expression starts (a parenthesised one
/// starts at its first token).
fn target_start(e: &Expr, first_token: usize) -> usize {
    first_token.min(e.span.start as usize)
}
