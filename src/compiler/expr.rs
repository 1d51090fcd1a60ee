//! Compiling expressions. Each leaves exactly one value on the stack, and
//! each instruction carries the span of the expression it belongs to, so a
//! traceback can underline it.

use super::bytecode::{Const, Instr};
use super::symtable::{Access, ScopeKind};
use super::{CompileError, Compiler};
use crate::syntax::ast::*;
use num_bigint::BigInt;

/// Which comprehension is being built.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CompKind {
    List,
    Set,
    Dict,
    Gen,
}

impl<'t> Compiler<'t> {
    pub(super) fn expr(&mut self, e: &Expr) -> Result<(), CompileError> {
        self.enter()?;
        let saved = self.set_pos(e.span);
        let r = self.expr_inner(e);
        self.restore_pos(saved);
        self.leave();
        r
    }

    fn expr_inner(&mut self, e: &Expr) -> Result<(), CompileError> {
        if let Some(c) = const_of(e) {
            self.load_const(c);
            return Ok(());
        }
        match &e.kind {
            ExprKind::Constant(_) => unreachable!("constants are folded above"),
            ExprKind::Name(n) => self.load_name(n, e.span),
            ExprKind::BoolOp { op, values } => {
                let end = self.unit().new_label();
                for (i, v) in values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < values.len() {
                        let j = match op {
                            BoolOp::And => Instr::JumpIfFalseOrPop,
                            BoolOp::Or => Instr::JumpIfTrueOrPop,
                        };
                        self.unit().jump(j, end);
                    }
                }
                self.unit().bind(end);
            }
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                self.emit(Instr::Dup);
                match &target.kind {
                    ExprKind::Name(n) => self.store_name(n),
                    _ => {
                        return Err(CompileError::syntax(
                            "cannot use assignment expressions with this target",
                            target.span,
                        ))
                    }
                }
            }
            ExprKind::BinOp { left, op, right } => {
                self.expr(left)?;
                self.expr(right)?;
                self.emit(binary_instr(*op));
            }
            ExprKind::UnaryOp { op, operand } => {
                self.expr(operand)?;
                self.emit(match op {
                    UnaryOp::Invert => Instr::Invert,
                    UnaryOp::Not => Instr::Not,
                    UnaryOp::UAdd => Instr::Pos,
                    UnaryOp::USub => Instr::Neg,
                });
            }
            ExprKind::Lambda { args, body } => {
                let scope = self.table.scope_of(e).ok_or_else(|| {
                    CompileError::syntax("internal error: lambda scope not found", e.span)
                })?;
                let (line, _) = self.lines.line_col_bytes(e.span.start as usize);
                let qualname = self.qualname_for("<lambda>");
                let body_warnings = self.warnings.len();
                let co = self.function_code(scope, "<lambda>", qualname, args, line, |c| {
                    c.unit().add_const(Const::None); // no docstring
                    c.expr(body)?;
                    c.emit(Instr::Return);
                    Ok(())
                })?;
                let body_end = self.warnings.len();
                self.make_function(scope, co, args)?;
                self.body_warnings_last(body_warnings, body_end);
            }
            ExprKind::IfExp { test, body, orelse } => {
                let else_l = self.unit().new_label();
                let end = self.unit().new_label();
                self.jump_if(test, false, else_l)?;
                self.expr(body)?;
                self.unit().jump(Instr::Jump, end);
                self.unit().bind(else_l);
                self.expr(orelse)?;
                self.unit().bind(end);
            }
            ExprKind::Dict { keys, values } => {
                if keys.iter().all(|k| k.is_some()) {
                    for (k, v) in keys.iter().zip(values) {
                        self.expr(k.as_ref().expect("checked"))?;
                        self.expr(v)?;
                    }
                    self.emit(Instr::BuildMap(values.len() as u32));
                } else {
                    self.emit(Instr::BuildMap(0));
                    for (k, v) in keys.iter().zip(values) {
                        match k {
                            Some(k) => {
                                self.expr(k)?;
                                self.expr(v)?;
                                self.emit(Instr::MapAdd(1));
                            }
                            None => {
                                self.expr(v)?;
                                self.emit(Instr::DictUpdate(1));
                            }
                        }
                    }
                }
            }
            ExprKind::Set(items) => {
                let consts: Option<Vec<Const>> = items.iter().map(const_of).collect();
                match consts {
                    Some(c) if c.len() >= 3 => {
                        self.emit(Instr::BuildSet(0));
                        self.load_const(Const::FrozenSet(c));
                        self.emit(Instr::SetUpdate(1));
                    }
                    _ => self.sequence(
                        items,
                        Instr::BuildSet,
                        Instr::SetAdd,
                        Instr::SetUpdate,
                        false,
                    )?,
                }
            }
            ExprKind::List(items) => self.sequence(
                items,
                Instr::BuildList,
                Instr::ListAppend,
                Instr::ListExtend,
                false,
            )?,
            ExprKind::Tuple(items) => self.sequence(
                items,
                Instr::BuildTuple,
                Instr::ListAppend,
                Instr::ListExtend,
                true,
            )?,
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, CompKind::List, elt, None, generators)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, CompKind::Set, elt, None, generators)?
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(e, CompKind::Dict, key, Some(value), generators)?,
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, CompKind::Gen, elt, None, generators)?
            }
            ExprKind::Await(_) => {
                return Err(CompileError::syntax(
                    "'await' outside async function",
                    e.span,
                ))
            }
            ExprKind::Yield(v) => {
                self.check_yield(e.span)?;
                match v {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Const::None),
                }
                self.emit(Instr::YieldValue);
            }
            ExprKind::YieldFrom(v) => {
                self.check_yield(e.span)?;
                self.expr(v)?;
                self.emit(Instr::GetYieldFromIter);
                self.load_const(Const::None);
                let send = self.unit().new_label();
                let exit = self.unit().new_label();
                self.unit().bind(send);
                self.unit().jump(Instr::Send, exit);
                self.emit(Instr::YieldValue);
                self.unit().jump(Instr::Jump, send);
                self.unit().bind(exit);
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.compare(left, ops, comparators)?,
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.call(func, args, keywords, e.span)?,
            ExprKind::FormattedValue { .. } => self.formatted_value(e)?,
            ExprKind::JoinedStr(parts) => {
                for p in parts {
                    match &p.kind {
                        ExprKind::Constant(Constant::Str(s)) => {
                            self.load_const(Const::Str(s.clone()))
                        }
                        _ => self.expr(p)?,
                    }
                }
                match parts.len() {
                    0 => self.load_const(Const::Str(String::new())),
                    1 if matches!(parts[0].kind, ExprKind::FormattedValue { .. }) => {}
                    1 => {}
                    n => {
                        self.emit(Instr::BuildString(n as u32));
                    }
                }
            }
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                let i = self.unit().add_name(attr);
                self.emit(Instr::LoadAttr(i));
            }
            ExprKind::Subscript { value, slice } => {
                self.warn(super::warnings::check_subscript(value, slice));
                self.expr(value)?;
                self.subscript_key(slice)?;
                self.emit(Instr::BinarySubscr);
            }
            ExprKind::Starred(_) => {
                return Err(CompileError::syntax(
                    "can't use starred expression here",
                    e.span,
                ))
            }
            ExprKind::Slice { .. } => {
                self.subscript_key(e)?;
            }
        }
        Ok(())
    }

    fn check_yield(&self, span: Span) -> Result<(), CompileError> {
        match self.scope_kind() {
            ScopeKind::Function => Ok(()),
            _ => Err(CompileError::syntax("'yield' outside function", span)),
        }
    }

    pub(super) fn load_name(&mut self, name: &str, span: Span) {
        let saved = self.set_pos(span);
        let instr = match self.access(name) {
            Access::Local => Instr::LoadFast(self.slot(name)),
            Access::Cell => Instr::LoadDeref(self.slot(name)),
            Access::Free if self.scope_kind() == ScopeKind::Class => {
                Instr::LoadClassDeref(self.free_slot(name))
            }
            Access::Free => Instr::LoadDeref(self.slot(name)),
            Access::GlobalExplicit | Access::GlobalImplicit => {
                Instr::LoadGlobal(self.unit().add_name(name))
            }
            Access::Name => match self.scope_kind() {
                ScopeKind::Module => Instr::LoadGlobal(self.unit().add_name(name)),
                _ => Instr::LoadName(self.unit().add_name(name)),
            },
        };
        self.emit(instr);
        self.restore_pos(saved);
    }

    /// A list, tuple or set display; `*x` items are spread.
    fn sequence(
        &mut self,
        items: &[Expr],
        build: fn(u32) -> Instr,
        add: fn(u32) -> Instr,
        extend: fn(u32) -> Instr,
        tuple: bool,
    ) -> Result<(), CompileError> {
        if !items.iter().any(|e| matches!(e.kind, ExprKind::Starred(_))) {
            for i in items {
                self.expr(i)?;
            }
            self.emit(build(items.len() as u32));
            return Ok(());
        }
        // With unpacking: start empty and add piece by piece (tuples are
        // built as lists and converted).
        let (build, add, extend) = if tuple {
            (
                Instr::BuildList as fn(u32) -> Instr,
                Instr::ListAppend as fn(u32) -> Instr,
                Instr::ListExtend as fn(u32) -> Instr,
            )
        } else {
            (build, add, extend)
        };
        self.emit(build(0));
        for i in items {
            match &i.kind {
                ExprKind::Starred(inner) => {
                    self.expr(inner)?;
                    self.emit(extend(1));
                }
                _ => {
                    self.expr(i)?;
                    self.emit(add(1));
                }
            }
        }
        if tuple {
            self.emit(Instr::ListToTuple);
        }
        Ok(())
    }

    /// The key of a subscript: slices become slice objects.
    pub(super) fn subscript_key(&mut self, key: &Expr) -> Result<(), CompileError> {
        match &key.kind {
            ExprKind::Slice { lower, upper, step } => {
                let saved = self.set_pos(key.span);
                for part in [lower, upper] {
                    match part {
                        Some(p) => self.expr(p)?,
                        None => self.load_const(Const::None),
                    }
                }
                if let Some(s) = step {
                    self.expr(s)?;
                    self.emit(Instr::BuildSlice(3));
                } else {
                    self.emit(Instr::BuildSlice(2));
                }
                self.restore_pos(saved);
                Ok(())
            }
            ExprKind::Tuple(items)
                if items
                    .iter()
                    .any(|i| matches!(i.kind, ExprKind::Slice { .. })) =>
            {
                for i in items {
                    self.subscript_key(i)?;
                }
                self.emit(Instr::BuildTuple(items.len() as u32));
                Ok(())
            }
            _ => self.expr(key),
        }
    }

    /// `a < b < c`: each middle operand is evaluated once.
    fn compare(
        &mut self,
        left: &Expr,
        ops: &[CmpOp],
        comparators: &[Expr],
    ) -> Result<(), CompileError> {
        self.warn(super::warnings::check_compare(left, ops, comparators));
        self.expr(left)?;
        if ops.len() == 1 {
            self.expr(&comparators[0])?;
            self.emit(compare_instr(ops[0]));
            return Ok(());
        }
        let cleanup = self.unit().new_label();
        let end = self.unit().new_label();
        for (i, (op, right)) in ops.iter().zip(comparators).enumerate() {
            self.expr(right)?;
            if i + 1 < ops.len() {
                self.emit(Instr::Dup);
                self.emit(Instr::Rot3);
                self.emit(compare_instr(*op));
                self.unit().jump(Instr::JumpIfFalseOrPop, cleanup);
            } else {
                self.emit(compare_instr(*op));
            }
        }
        self.unit().jump(Instr::Jump, end);
        self.unit().bind(cleanup);
        self.emit(Instr::Rot2);
        self.emit(Instr::Pop);
        self.unit().bind(end);
        Ok(())
    }

    /// Jumps to `target` when `test` is `when`; avoids building bools for
    /// `not`, `and` and `or`.
    pub(super) fn jump_if(
        &mut self,
        test: &Expr,
        when: bool,
        target: super::unit::Label,
    ) -> Result<(), CompileError> {
        match &test.kind {
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand,
            } => self.jump_if(operand, !when, target),
            ExprKind::BoolOp { op, values } => {
                let is_and = *op == BoolOp::And;
                if is_and != when {
                    // and/false or or/true: any operand decides.
                    for v in values {
                        self.jump_if(v, when, target)?;
                    }
                } else {
                    let skip = self.unit().new_label();
                    for (i, v) in values.iter().enumerate() {
                        if i + 1 < values.len() {
                            self.jump_if(v, !when, skip)?;
                        } else {
                            self.jump_if(v, when, target)?;
                        }
                    }
                    self.unit().bind(skip);
                }
                Ok(())
            }
            _ => {
                self.expr(test)?;
                let j = if when {
                    Instr::PopJumpIfTrue
                } else {
                    Instr::PopJumpIfFalse
                };
                self.unit().jump(j, target);
                Ok(())
            }
        }
    }

    fn call(
        &mut self,
        func: &Expr,
        args: &[Expr],
        keywords: &[Keyword],
        span: Span,
    ) -> Result<(), CompileError> {
        self.warn(super::warnings::check_caller(func));
        let spread = args.iter().any(|a| matches!(a.kind, ExprKind::Starred(_)))
            || keywords.iter().any(|k| k.arg.is_none());
        if !spread {
            if let (ExprKind::Attribute { value, attr }, true) = (&func.kind, keywords.is_empty()) {
                self.expr(value)?;
                let i = self.unit().add_name(attr);
                let saved = self.set_pos(func.span);
                self.emit(Instr::LoadMethod(i));
                self.restore_pos(saved);
                for a in args {
                    self.expr(a)?;
                }
                self.set_pos(span);
                self.emit(Instr::CallMethod(args.len() as u32));
                return Ok(());
            }
            self.expr(func)?;
            for a in args {
                self.expr(a)?;
            }
            if keywords.is_empty() {
                self.set_pos(span);
                self.emit(Instr::Call(args.len() as u32));
            } else {
                let mut names = Vec::new();
                for k in keywords {
                    self.expr(&k.value)?;
                    names.push(Const::Str(k.arg.clone().unwrap_or_default()));
                }
                self.load_const(Const::Tuple(names));
                self.set_pos(span);
                self.emit(Instr::CallKw((args.len() + keywords.len()) as u32));
            }
            return Ok(());
        }
        self.expr(func)?;
        match args {
            // A lone `*x` goes to the call as it is (as in CPython, so a
            // non-iterable is reported naming the function).
            [Expr {
                kind: ExprKind::Starred(inner),
                ..
            }] => self.expr(inner)?,
            _ => {
                self.emit(Instr::BuildList(0));
                for a in args {
                    match &a.kind {
                        ExprKind::Starred(inner) => {
                            self.expr(inner)?;
                            self.emit(Instr::ListExtend(1));
                        }
                        _ => {
                            self.expr(a)?;
                            self.emit(Instr::ListAppend(1));
                        }
                    }
                }
                self.emit(Instr::ListToTuple);
            }
        }
        if keywords.is_empty() {
            self.set_pos(span);
            self.emit(Instr::CallEx(0));
            return Ok(());
        }
        self.emit(Instr::BuildMap(0));
        for k in keywords {
            match &k.arg {
                Some(n) => {
                    self.load_const(Const::Str(n.clone()));
                    self.expr(&k.value)?;
                    self.emit(Instr::BuildMap(1));
                }
                None => self.expr(&k.value)?,
            }
            self.emit(Instr::DictMerge(1));
        }
        self.set_pos(span);
        self.emit(Instr::CallEx(1));
        Ok(())
    }

    fn formatted_value(&mut self, e: &Expr) -> Result<(), CompileError> {
        let ExprKind::FormattedValue {
            value,
            conversion,
            format_spec,
        } = &e.kind
        else {
            return self.expr(e);
        };
        self.expr(value)?;
        let conv = match conversion {
            Some('s') => 1,
            Some('r') => 2,
            Some('a') => 3,
            _ => 0,
        };
        let mut fl = conv;
        if let Some(spec) = format_spec {
            self.expr(spec)?;
            fl |= 4;
        }
        self.emit(Instr::FormatValue(fl));
        Ok(())
    }

    /// Comprehensions run as a nested function called with the iterator of
    /// their first `for` (so their loop variables do not leak).
    fn comprehension(
        &mut self,
        node: &Expr,
        kind: CompKind,
        elt: &Expr,
        value: Option<&Expr>,
        gens: &[Comprehension],
    ) -> Result<(), CompileError> {
        let scope = self.table.scope_of(node).ok_or_else(|| {
            CompileError::syntax("internal error: comprehension scope not found", node.span)
        })?;
        let name = match kind {
            CompKind::List => "<listcomp>",
            CompKind::Set => "<setcomp>",
            CompKind::Dict => "<dictcomp>",
            CompKind::Gen => "<genexpr>",
        };
        let (line, _) = self.lines.line_col_bytes(node.span.start as usize);
        let qualname = self.qualname_for(name);
        self.push_unit(scope, name, qualname, line, None)?;
        match kind {
            CompKind::List => {
                self.emit(Instr::BuildList(0));
            }
            CompKind::Set => {
                self.emit(Instr::BuildSet(0));
            }
            CompKind::Dict => {
                self.emit(Instr::BuildMap(0));
            }
            CompKind::Gen => {}
        }
        self.comp_loop(gens, 0, kind, elt, value)?;
        if kind == CompKind::Gen {
            self.load_const(Const::None);
        }
        self.emit(Instr::Return);
        let co = self.units.pop().expect("comprehension unit").finish();
        let mut fl = 0;
        if self.emit_closure(scope)? {
            fl |= 4;
        }
        self.load_const(Const::Code(Box::new(co)));
        self.emit(Instr::MakeFunction(fl));
        self.expr(&gens[0].iter)?;
        self.emit(Instr::GetIter);
        self.set_pos(node.span);
        self.emit(Instr::Call(1));
        Ok(())
    }

    fn comp_loop(
        &mut self,
        gens: &[Comprehension],
        i: usize,
        kind: CompKind,
        elt: &Expr,
        value: Option<&Expr>,
    ) -> Result<(), CompileError> {
        let g = &gens[i];
        if i == 0 {
            self.emit(Instr::LoadFast(0));
        } else {
            self.expr(&g.iter)?;
            self.emit(Instr::GetIter);
        }
        let top = self.unit().new_label();
        let next = self.unit().new_label();
        let end = self.unit().new_label();
        self.unit().bind(top);
        self.unit().jump(Instr::ForIter, end);
        self.store(&g.target)?;
        // A failed condition jumps forward to the loop's one backward jump,
        // so even a loop that never produces anything passes a switch point.
        for cond in &g.ifs {
            self.jump_if(cond, false, next)?;
        }
        if i + 1 < gens.len() {
            self.comp_loop(gens, i + 1, kind, elt, value)?;
        } else {
            let depth = (i + 2) as u32;
            match kind {
                CompKind::List => {
                    self.expr(elt)?;
                    self.emit(Instr::ListAppend(depth));
                }
                CompKind::Set => {
                    self.expr(elt)?;
                    self.emit(Instr::SetAdd(depth));
                }
                CompKind::Dict => {
                    self.expr(elt)?;
                    if let Some(v) = value {
                        self.expr(v)?;
                    }
                    self.emit(Instr::MapAdd(depth));
                }
                CompKind::Gen => {
                    self.expr(elt)?;
                    self.emit(Instr::YieldValue);
                    self.emit(Instr::Pop);
                }
            }
        }
        self.unit().bind(next);
        self.unit().jump(Instr::Jump, top);
        self.unit().bind(end);
        Ok(())
    }
}

/// The constant an expression folds to, if any (literals, negated numbers,
/// tuples of constants).
pub(super) fn const_of(e: &Expr) -> Option<Const> {
    match &e.kind {
        ExprKind::Constant(c) => Some(match c {
            Constant::None => Const::None,
            Constant::Bool(b) => Const::Bool(*b),
            Constant::Int(i) => Const::Int(*i),
            Constant::BigInt(b) => Const::BigInt(b.clone()),
            Constant::Float(f) => Const::Float(*f),
            Constant::Str(s) => Const::Str(s.clone()),
            Constant::Bytes(b) => Const::Bytes(b.clone()),
            Constant::Ellipsis => Const::Ellipsis,
        }),
        ExprKind::UnaryOp {
            op: UnaryOp::USub,
            operand,
        } => match &operand.kind {
            ExprKind::Constant(Constant::Int(i)) => Some(match i.checked_neg() {
                Some(n) => Const::Int(n),
                None => Const::BigInt(-BigInt::from(*i)),
            }),
            ExprKind::Constant(Constant::BigInt(b)) => {
                let n = -b.clone();
                Some(match i64::try_from(&n) {
                    Ok(i) => Const::Int(i),
                    Err(_) => Const::BigInt(n),
                })
            }
            ExprKind::Constant(Constant::Float(f)) => Some(Const::Float(-f)),
            _ => None,
        },
        ExprKind::Tuple(items) => {
            let c: Option<Vec<Const>> = items.iter().map(const_of).collect();
            c.map(Const::Tuple)
        }
        _ => None,
    }
}

fn binary_instr(op: BinOp) -> Instr {
    match op {
        BinOp::Add => Instr::Add,
        BinOp::Sub => Instr::Sub,
        BinOp::Mult => Instr::Mul,
        BinOp::MatMult => Instr::MatMul,
        BinOp::Div => Instr::TrueDiv,
        BinOp::Mod => Instr::Mod,
        BinOp::Pow => Instr::Pow,
        BinOp::LShift => Instr::LShift,
        BinOp::RShift => Instr::RShift,
        BinOp::BitOr => Instr::BitOr,
        BinOp::BitXor => Instr::BitXor,
        BinOp::BitAnd => Instr::BitAnd,
        BinOp::FloorDiv => Instr::FloorDiv,
    }
}

fn compare_instr(op: CmpOp) -> Instr {
    match op {
        CmpOp::Eq => Instr::Eq,
        CmpOp::NotEq => Instr::Ne,
        CmpOp::Lt => Instr::Lt,
        CmpOp::LtE => Instr::Le,
        CmpOp::Gt => Instr::Gt,
        CmpOp::GtE => Instr::Ge,
        CmpOp::Is => Instr::Is,
        CmpOp::IsNot => Instr::IsNot,
        CmpOp::In => Instr::In,
        CmpOp::NotIn => Instr::NotIn,
    }
}
