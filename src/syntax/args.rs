//! Call arguments and parameter lists. The grammar accepts each as a flat,
//! comma-separated list of items in any order; these functions check the
//! order and build the AST, producing CPython's messages.

use super::ast::*;
use super::targets::expr_name;
use super::token::error_at;
use super::SyntaxError;

/// One item of a call's argument list, as written.
pub enum ArgItem {
    Positional(Expr),
    /// `x for x in y` without its own parentheses.
    Generator(Expr, Vec<Comprehension>),
    /// `*iterable`
    Star(Expr),
    /// `key=value`; `key` is checked to be a name. `eq_end` ends the `=`.
    Keyword {
        key: Expr,
        value: Expr,
        eq_end: usize,
        span: Span,
    },
    /// `**mapping`
    DoubleStar(Expr, Span),
}

/// Positional arguments and keywords of a call or a class header.
pub type Args = (Vec<Expr>, Vec<Keyword>);

fn span_end(g: &[Comprehension]) -> u32 {
    g.last()
        .map(|c| c.ifs.last().map_or(c.iter.span.end, |i| i.span.end))
        .unwrap_or(0)
}

/// Builds and checks an argument list; `parens` spans the parentheses
/// (a lone generator argument takes them as its own).
pub fn arguments(items: Vec<ArgItem>, parens: Span) -> Result<Args, SyntaxError> {
    let sole = items.len() == 1;
    let mut args = Vec::new();
    let mut keywords = Vec::new();
    let mut seen_keyword = false;
    let mut seen_double_star = false;
    for item in items {
        match item {
            ArgItem::Positional(e) | ArgItem::Generator(e, _)
                if seen_keyword || seen_double_star =>
            {
                let msg = if seen_double_star {
                    "positional argument follows keyword argument unpacking"
                } else {
                    "positional argument follows keyword argument"
                };
                // CPython points at the closing parenthesis.
                let _ = e;
                let close = parens.end.saturating_sub(1) as usize;
                return Err(error_at(msg, close, close + 1));
            }
            ArgItem::Positional(e) => args.push(e),
            ArgItem::Generator(elt, generators) => {
                if !sole {
                    return Err(error_at(
                        "Generator expression must be parenthesized",
                        elt.span.start as usize,
                        span_end(&generators) as usize,
                    ));
                }
                args.push(Expr {
                    kind: ExprKind::GeneratorExp {
                        elt: Box::new(elt),
                        generators,
                    },
                    span: parens,
                });
            }
            ArgItem::Star(e) => {
                if seen_double_star {
                    let at = e.span.start as usize;
                    return Err(error_at(
                        "iterable argument unpacking follows keyword argument unpacking",
                        at,
                        at + 1,
                    ));
                }
                args.push(e);
            }
            ArgItem::Keyword {
                key,
                value,
                eq_end,
                span,
            } => {
                seen_keyword = true;
                let ExprKind::Name(name) = key.kind else {
                    let msg = match key.kind {
                        ExprKind::Constant(Constant::Bool(_) | Constant::None) => {
                            format!("cannot assign to {}", expr_name(&key))
                        }
                        _ => {
                            "expression cannot contain assignment, perhaps you meant \"==\"?".into()
                        }
                    };
                    return Err(error_at(msg, key.span.start as usize, eq_end));
                };
                keywords.push(Keyword {
                    arg: Some(name),
                    value,
                    span,
                });
            }
            ArgItem::DoubleStar(value, span) => {
                seen_double_star = true;
                keywords.push(Keyword {
                    arg: None,
                    value,
                    span,
                });
            }
        }
    }
    Ok((args, keywords))
}

/// A class header's arguments: like a call's, but a bare generator is a
/// plain syntax error (CPython marks its `for`).
pub fn class_arguments(
    source: &str,
    items: Vec<ArgItem>,
    parens: Span,
) -> Result<Args, SyntaxError> {
    for item in &items {
        if let ArgItem::Generator(elt, _) = item {
            let after = elt.span.end as usize;
            let at = source[after..].find("for").map_or(after, |n| after + n);
            return Err(error_at("invalid syntax", at, at + 3));
        }
    }
    arguments(items, parens)
}

/// One item of a parameter list, as written.
pub enum ParamItem {
    Plain(Arg, Option<Expr>),
    /// `*args`, or a bare `*` (with its span).
    Star(Option<Arg>, Span),
    DoubleStar(Arg),
    /// `/` (with its span).
    Slash(Span),
}

fn item_span(item: &ParamItem) -> Span {
    match item {
        ParamItem::Plain(a, _) | ParamItem::DoubleStar(a) => a.span,
        ParamItem::Star(_, s) | ParamItem::Slash(s) => *s,
    }
}

fn err(msg: &str, s: Span) -> SyntaxError {
    error_at(msg, s.start as usize, s.end as usize)
}

/// Builds and checks a `def` or `lambda` parameter list.
pub fn parameters(items: Vec<ParamItem>) -> Result<Arguments, SyntaxError> {
    let mut a = Arguments::default();
    // 0: positional, 1: after `*`, 2: after `**`.
    let mut phase = 0;
    let mut seen_default = false;
    let mut seen_slash = false;
    let mut bare_star = None;
    for item in items {
        let span = item_span(&item);
        if phase == 2 {
            return Err(err("arguments cannot follow var-keyword argument", span));
        }
        match item {
            ParamItem::Plain(arg, default) => {
                if phase == 1 {
                    a.kwonlyargs.push(arg);
                    a.kw_defaults.push(default);
                    bare_star = None;
                } else {
                    match default {
                        Some(d) => {
                            seen_default = true;
                            a.defaults.push(d);
                        }
                        None if seen_default => {
                            return Err(err(
                                "non-default argument follows default argument",
                                arg.span,
                            ));
                        }
                        None => {}
                    }
                    a.args.push(arg);
                }
            }
            ParamItem::Slash(s) => {
                if seen_slash {
                    return Err(err("/ may appear only once", s));
                }
                if phase == 1 {
                    return Err(err("/ must be ahead of *", s));
                }
                if a.args.is_empty() {
                    return Err(err("at least one argument must precede /", s));
                }
                seen_slash = true;
                a.posonlyargs = std::mem::take(&mut a.args);
            }
            ParamItem::Star(arg, s) => {
                if phase == 1 {
                    let one = Span::new(s.start as usize, s.start as usize + 1);
                    return Err(err("* argument may appear only once", one));
                }
                phase = 1;
                if arg.is_none() {
                    bare_star = Some(s);
                }
                a.vararg = arg;
            }
            ParamItem::DoubleStar(arg) => {
                if let Some(s) = bare_star.take() {
                    return Err(err("named arguments must follow bare *", s));
                }
                phase = 2;
                a.kwarg = Some(arg);
            }
        }
    }
    if let Some(s) = bare_star {
        return Err(err("named arguments must follow bare *", s));
    }
    Ok(a)
}
