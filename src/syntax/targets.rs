//! Checking that expressions may be assigned to or deleted, with CPython's
//! messages. The grammar parses targets as ordinary expressions; the actions
//! call these functions, which mirror CPython's `invalid_*` rules.
//!
//! Nothing here recurses: target trees are walked with an explicit stack.

use super::ast::*;
use super::token::error_at;
use super::SyntaxError;

/// How CPython names an expression in "cannot assign to ..." messages.
pub fn expr_name(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred(_) => "starred",
        ExprKind::Name(_) => "name",
        ExprKind::List(_) => "list",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::Await(_) => "await expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::JoinedStr(_) | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::Constant(c) => match c {
            Constant::None => "None",
            Constant::Bool(true) => "True",
            Constant::Bool(false) => "False",
            Constant::Ellipsis => "ellipsis",
            _ => "literal",
        },
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "slice",
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Targets {
    /// `=` targets and `with ... as` targets.
    Star,
    /// `for` targets (loops and comprehensions).
    For,
    Del,
}

/// The first sub-expression that makes `e` an invalid target, if any
/// (CPython's `_PyPegen_get_invalid_target`).
pub fn invalid_target(e: &Expr, kind: Targets) -> Option<&Expr> {
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match &e.kind {
            ExprKind::List(elts) | ExprKind::Tuple(elts) => {
                stack.extend(elts.iter().rev());
            }
            ExprKind::Starred(v) => {
                if kind == Targets::Del {
                    return Some(e);
                }
                stack.push(v);
            }
            ExprKind::Compare { left, ops, .. } => {
                if kind != Targets::For {
                    return Some(e);
                }
                if ops.first() == Some(&CmpOp::In) {
                    stack.push(left);
                }
            }
            ExprKind::Name(_) | ExprKind::Subscript { .. } | ExprKind::Attribute { .. } => {}
            _ => return Some(e),
        }
    }
    None
}

fn at(e: &Expr, msg: String) -> SyntaxError {
    error_at(msg, e.span.start as usize, e.span.end as usize)
}

/// `for` targets, comprehension targets and `with ... as` targets.
pub fn check(e: &Expr, kind: Targets) -> Result<(), SyntaxError> {
    match invalid_target(e, kind) {
        None => Ok(()),
        Some(bad) if kind == Targets::Del => {
            Err(at(bad, format!("cannot delete {}", expr_name(bad))))
        }
        Some(bad) => Err(at(bad, format!("cannot assign to {}", expr_name(bad)))),
    }
}

fn is_unparenthesized_tuple(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Tuple(elts) => elts.first().is_some_and(|f| f.span.start == e.span.start),
        _ => false,
    }
}

/// Expressions CPython parses at the `bitwise_or` level or tighter.
fn is_bitwise_or(e: &Expr) -> bool {
    !matches!(
        e.kind,
        ExprKind::BoolOp { .. }
            | ExprKind::Compare { .. }
            | ExprKind::UnaryOp {
                op: UnaryOp::Not,
                ..
            }
            | ExprKind::IfExp { .. }
            | ExprKind::Lambda { .. }
            | ExprKind::NamedExpr { .. }
            | ExprKind::Starred(_)
            | ExprKind::Yield(_)
            | ExprKind::YieldFrom(_)
    ) && !is_unparenthesized_tuple(e)
}

/// The `bitwise_or` a value starts with, if it starts with one.
fn leading_bitwise_or(mut v: &Expr) -> Option<&Expr> {
    loop {
        v = match &v.kind {
            ExprKind::BoolOp { values, .. } => values.first()?,
            ExprKind::Compare { left, .. } => left,
            ExprKind::IfExp { body, .. } => body,
            ExprKind::Tuple(elts) if is_unparenthesized_tuple(v) => elts.first()?,
            _ if is_bitwise_or(v) => return Some(v),
            _ => return None,
        };
    }
}

/// True when `e` starts with a list, tuple or generator display or with
/// True/False/None (CPython's `!(list|tuple|genexp|'True'|'None'|'False')`).
fn starts_with_display(e: &Expr) -> bool {
    let mut cur = e;
    loop {
        let next = match &cur.kind {
            ExprKind::BinOp { left, .. } => left,
            ExprKind::Call { func, .. } => func,
            ExprKind::Attribute { value, .. } | ExprKind::Subscript { value, .. } => value,
            _ => break,
        };
        if next.span.start != e.span.start {
            break;
        }
        cur = next;
    }
    cur.span.start == e.span.start
        && matches!(
            cur.kind,
            ExprKind::List(_)
                | ExprKind::Tuple(_)
                | ExprKind::GeneratorExp { .. }
                | ExprKind::Constant(Constant::Bool(_) | Constant::None)
        )
}

/// `t1 = t2 = ... = value`: validates every target.
/// Each expression comes with a flag telling whether it is a bare `yield`.
pub fn assign(mut exprs: Vec<(Expr, bool)>, l: usize, r: usize) -> Result<Stmt, SyntaxError> {
    let value = exprs.pop().map_or_else(
        || Expr {
            kind: ExprKind::Constant(Constant::None),
            span: Span::new(l, r),
        },
        |(v, _)| v,
    );
    if let Some((t, _)) = exprs.iter().find(|(_, bare_yield)| *bare_yield) {
        return Err(at(t, "assignment to yield expression not possible".into()));
    }
    let targets: Vec<Expr> = exprs.into_iter().map(|(e, _)| e).collect();
    for t in &targets {
        let Some(bad) = invalid_target(t, Targets::Star) else {
            continue;
        };
        if targets.len() == 1 {
            if let Some(err) = maybe_equality(t, &value) {
                return Err(err);
            }
        }
        return Err(at(bad, format!("cannot assign to {}", expr_name(bad))));
    }
    Ok(Stmt {
        kind: StmtKind::Assign { targets, value },
        span: Span::new(l, r),
    })
}

/// CPython's `invalid_named_expression` hints for `target = value` where the
/// user probably meant a comparison.
fn maybe_equality(target: &Expr, value: &Expr) -> Option<SyntaxError> {
    let b = leading_bitwise_or(value)?;
    let last = if is_unparenthesized_tuple(target) {
        let ExprKind::Tuple(elts) = &target.kind else {
            return None;
        };
        let last = elts.last()?;
        if last.span.end != target.span.end {
            return None; // a trailing comma stands before the `=`
        }
        last
    } else {
        target
    };
    if matches!(last.kind, ExprKind::Name(_)) {
        return Some(error_at(
            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
            last.span.start as usize,
            b.span.end as usize,
        ));
    }
    if is_bitwise_or(last) && !starts_with_display(last) {
        let msg = format!(
            "cannot assign to {} here. Maybe you meant '==' instead of '='?",
            expr_name(last)
        );
        return Some(at(last, msg));
    }
    None
}

/// `target op= value`
pub fn aug_assign(
    target: Expr,
    op: BinOp,
    value: Expr,
    l: usize,
    r: usize,
) -> Result<Stmt, SyntaxError> {
    match target.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(Stmt {
            kind: StmtKind::AugAssign { target, op, value },
            span: Span::new(l, r),
        }),
        _ => Err(at(
            &target,
            format!(
                "'{}' is an illegal expression for augmented assignment",
                expr_name(&target)
            ),
        )),
    }
}

/// `target: annotation [= value]`
/// `colon` is where the `:` is (CPython's error for a starred target).
pub fn ann_assign(
    target: Expr,
    colon: usize,
    annotation: Expr,
    value: Option<Expr>,
    l: usize,
    r: usize,
) -> Result<Stmt, SyntaxError> {
    match &target.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {}
        ExprKind::Tuple(elts) if is_unparenthesized_tuple(&target) => {
            let first = elts.first().unwrap_or(&target);
            return Err(at(
                first,
                "only single target (not tuple) can be annotated".into(),
            ));
        }
        ExprKind::Tuple(_) | ExprKind::List(_) => {
            let msg = format!(
                "only single target (not {}) can be annotated",
                expr_name(&target)
            );
            return Err(at(&target, msg));
        }
        ExprKind::Starred(_) => return Err(error_at("invalid syntax", colon, colon + 1)),
        _ => return Err(at(&target, "illegal target for annotation".into())),
    }
    let simple = matches!(target.kind, ExprKind::Name(_)) && target.span.start as usize == l;
    Ok(Stmt {
        kind: StmtKind::AnnAssign {
            target,
            annotation,
            value,
            simple,
        },
        span: Span::new(l, r),
    })
}

/// `target := value`
pub fn named_expr(target: Expr, value: Expr, l: usize, r: usize) -> Result<Expr, SyntaxError> {
    if !matches!(target.kind, ExprKind::Name(_)) {
        let msg = format!(
            "cannot use assignment expressions with {}",
            expr_name(&target)
        );
        return Err(at(&target, msg));
    }
    Ok(Expr {
        kind: ExprKind::NamedExpr {
            target: Box::new(target),
            value: Box::new(value),
        },
        span: Span::new(l, r),
    })
}

/// `del a, b[0]`
pub fn delete(targets: Vec<Expr>, l: usize, r: usize) -> Result<Stmt, SyntaxError> {
    for t in &targets {
        check(t, Targets::Del)?;
    }
    Ok(Stmt {
        kind: StmtKind::Delete(targets),
        span: Span::new(l, r),
    })
}
