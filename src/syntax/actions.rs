//! Small constructors used by the grammar actions, so that the grammar file
//! stays a readable list of rules.

use super::ast::*;
use super::token::{error_at, Num};
use super::SyntaxError;

pub fn expr(kind: ExprKind, l: usize, r: usize) -> Expr {
    Expr {
        kind,
        span: Span::new(l, r),
    }
}

pub fn stmt(kind: StmtKind, l: usize, r: usize) -> Stmt {
    Stmt {
        kind,
        span: Span::new(l, r),
    }
}

pub fn binop(left: Expr, op: BinOp, right: Expr, l: usize, r: usize) -> Expr {
    expr(
        ExprKind::BinOp {
            left: Box::new(left),
            op,
            right: Box::new(right),
        },
        l,
        r,
    )
}

pub fn unary(op: UnaryOp, operand: Expr, l: usize, r: usize) -> Expr {
    expr(
        ExprKind::UnaryOp {
            op,
            operand: Box::new(operand),
        },
        l,
        r,
    )
}

/// `a or b or c` is one BoolOp with three values, as in CPython.
pub fn bool_op(op: BoolOp, first: Expr, rest: Vec<Expr>, l: usize, r: usize) -> Expr {
    let mut values = Vec::with_capacity(rest.len() + 1);
    values.push(first);
    values.extend(rest);
    expr(ExprKind::BoolOp { op, values }, l, r)
}

pub fn number(n: Num, l: usize, r: usize) -> Expr {
    let c = match n {
        Num::Int(i) => Constant::Int(i),
        Num::Big(b) => Constant::BigInt(b),
        Num::Float(f) => Constant::Float(f),
    };
    expr(ExprKind::Constant(c), l, r)
}

/// A parenthesised expression keeps its own span (as in CPython), but a
/// lone starred expression may not be parenthesised.
pub fn group<L, T>(e: Expr) -> Result<Expr, lalrpop_util::ParseError<L, T, SyntaxError>> {
    if let ExprKind::Starred(_) = e.kind {
        let (s, t) = (e.span.start as usize, e.span.end as usize);
        return Err(error_at("cannot use starred expression here", s, t).into());
    }
    Ok(e)
}

/// An error raised by an action.
pub fn error<L, T>(msg: &str, s: usize, e: usize) -> lalrpop_util::ParseError<L, T, SyntaxError> {
    error_at(msg, s, e).into()
}

/// `[*a for a in b]`
pub fn star_in_comprehension<L, T>(e: &Expr) -> lalrpop_util::ParseError<L, T, SyntaxError> {
    let (s, t) = (e.span.start as usize, e.span.end as usize);
    error("iterable unpacking cannot be used in comprehension", s, t)
}

/// `(` `)` with nothing inside, where something is required: a plain
/// syntax error at the closing parenthesis `at`.
pub fn non_empty<T, L, U>(
    v: Vec<T>,
    at: usize,
) -> Result<Vec<T>, lalrpop_util::ParseError<L, U, SyntaxError>> {
    if v.is_empty() {
        return Err(error_at("invalid syntax", at, at + 1).into());
    }
    Ok(v)
}

/// The end of the last statement in the last non-empty block.
pub fn end_of(blocks: &[&Vec<Stmt>]) -> usize {
    blocks
        .iter()
        .rev()
        .find_map(|b| b.last())
        .map_or(0, |s| s.span.end as usize)
}

pub fn decorate(mut def: Stmt, decorators: Vec<Expr>) -> Stmt {
    match &mut def.kind {
        StmtKind::FunctionDef(f) => f.decorator_list = decorators,
        StmtKind::ClassDef(c) => c.decorator_list = decorators,
        _ => {}
    }
    def
}

/// `if` with its `elif`s (nested Ifs in `orelse`) and `else`.
pub fn if_chain(
    l: usize,
    test: Expr,
    body: Vec<Stmt>,
    elifs: Vec<(usize, Expr, Vec<Stmt>)>,
    orelse: Option<Vec<Stmt>>,
) -> Stmt {
    let mut orelse = orelse.unwrap_or_default();
    // Build from the last elif outwards: each wraps what follows it.
    for (el, etest, ebody) in elifs.into_iter().rev() {
        let r = end_of(&[&ebody, &orelse]);
        let nested = stmt(
            StmtKind::If {
                test: etest,
                body: ebody,
                orelse,
            },
            el,
            r,
        );
        orelse = vec![nested];
    }
    let r = end_of(&[&body, &orelse]);
    stmt(StmtKind::If { test, body, orelse }, l, r)
}

pub fn try_stmt(
    l: usize,
    body: Vec<Stmt>,
    handlers: Vec<ExceptHandler>,
    orelse: Option<Vec<Stmt>>,
    finalbody: Option<Vec<Stmt>>,
) -> Stmt {
    let orelse = orelse.unwrap_or_default();
    let finalbody = finalbody.unwrap_or_default();
    let handler_end = handlers
        .last()
        .and_then(|h| h.body.last())
        .map_or(0, |s| s.span.end as usize);
    let r = end_of(&[&orelse, &finalbody])
        .max(handler_end)
        .max(end_of(&[&body]));
    stmt(
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        },
        l,
        r,
    )
}

pub fn import_from(
    dots: Vec<u32>,
    module: Option<String>,
    names: Vec<Alias>,
    l: usize,
    r: usize,
) -> Result<Stmt, SyntaxError> {
    let level = dots.iter().sum();
    if level == 0 && module.is_none() {
        return Err(error_at("invalid syntax", l, r));
    }
    Ok(stmt(
        StmtKind::ImportFrom {
            module,
            names,
            level,
        },
        l,
        r,
    ))
}
