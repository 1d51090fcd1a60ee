//! Compiling statements, function and class definitions.
//!
//! Control flow follows CPython 3.11: `try` blocks are ranges in the code's
//! exception table (no setup instructions), and `return`/`break`/`continue`
//! leaving a `finally` or `with` block run its cleanup inline.

use super::bytecode::{flags, CodeObject, Const, Instr};
use super::symtable::{Access, ScopeId, ScopeKind};
use super::unit::{FBlock, Handler, Label, Unit};
use super::{CompileError, Compiler};
use crate::syntax::ast::*;

impl<'t> Compiler<'t> {
    pub(super) fn module(&mut self, m: &Module) -> Result<CodeObject, CompileError> {
        let co = self.new_code("<module>", "<module>".into(), 1, flags::NAMESPACE);
        self.units.push(Unit::new(0, co));
        self.unit().pos = super::bytecode::Position {
            line: 1,
            end_line: 1,
            col: 0,
            end_col: 0,
        };
        let body = &m.body[..];
        self.setup_annotations(body);
        let body = match (docstring(body), self.interactive) {
            (Some(doc), false) => {
                self.set_pos(body[0].span);
                self.load_const(Const::Str(doc));
                let i = self.unit().add_name("__doc__");
                self.emit(Instr::StoreGlobal(i));
                &body[1..]
            }
            _ => body,
        };
        self.stmts(body)?;
        if let Some(last) = m.body.last() {
            let (line, _) = self.lines.line_col_bytes(last.span.end as usize);
            let p = self.unit().pos;
            self.unit().pos = super::bytecode::Position {
                line,
                end_line: line,
                ..p
            };
        }
        self.load_const(Const::None);
        self.emit(Instr::Return);
        Ok(self.units.pop().expect("module unit").finish())
    }

    /// A module or class body with annotated assignments starts with
    /// `__annotations__ = {}`.
    fn setup_annotations(&mut self, body: &[Stmt]) {
        if has_annotations(body) {
            self.emit(Instr::BuildMap(0));
            self.store_name("__annotations__");
        }
    }

    /// `target: annotation [= value]`. The assignment comes first; then, in
    /// a module or class body, the annotation is evaluated and, for a plain
    /// name, recorded in `__annotations__`. Function bodies never evaluate
    /// their variable annotations.
    fn ann_assign(
        &mut self,
        target: &Expr,
        annotation: &Expr,
        value: Option<&Expr>,
        simple: bool,
    ) -> Result<(), CompileError> {
        if let Some(v) = value {
            self.expr(v)?;
            self.store(target)?;
        } else if let ExprKind::Attribute { value, .. } | ExprKind::Subscript { value, .. } =
            &target.kind
        {
            // `obj.attr: int` evaluates obj, as CPython does.
            self.expr(value)?;
            self.emit(Instr::Pop);
        }
        if !matches!(self.scope_kind(), ScopeKind::Module | ScopeKind::Class) {
            return Ok(());
        }
        self.expr(annotation)?;
        match &target.kind {
            ExprKind::Name(n) if simple => {
                self.load_name("__annotations__", target.span);
                self.load_const(Const::Str(n.to_string()));
                self.set_pos(target.span);
                self.emit(Instr::StoreSubscr);
            }
            _ => {
                self.emit(Instr::Pop);
            }
        }
        Ok(())
    }

    fn stmts(&mut self, body: &[Stmt]) -> Result<(), CompileError> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> Result<(), CompileError> {
        self.enter()?;
        let saved = self.set_pos(s.span);
        let r = self.stmt_inner(s);
        self.restore_pos(saved);
        self.leave();
        r
    }

    fn stmt_inner(&mut self, s: &Stmt) -> Result<(), CompileError> {
        match &s.kind {
            StmtKind::Expr(e) => {
                self.expr(e)?;
                if self.interactive && self.units.len() == 1 {
                    self.emit(Instr::PrintExpr);
                } else {
                    self.emit(Instr::Pop);
                }
            }
            StmtKind::Assign { targets, value } => {
                self.expr(value)?;
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit(Instr::Dup);
                    }
                    self.store(t)?;
                }
            }
            StmtKind::AugAssign { target, op, value } => self.aug_assign(target, *op, value)?,
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => self.ann_assign(target, annotation, value.as_ref(), *simple)?,
            StmtKind::If { test, body, orelse } => {
                let else_l = self.unit().new_label();
                let end = self.unit().new_label();
                self.jump_if(test, false, else_l)?;
                self.stmts(body)?;
                if !orelse.is_empty() {
                    self.unit().jump(Instr::Jump, end);
                }
                self.unit().bind(else_l);
                self.stmts(orelse)?;
                self.unit().bind(end);
            }
            StmtKind::While { test, body, orelse } => self.while_stmt(test, body, orelse)?,
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => self.for_stmt(target, iter, body, orelse)?,
            StmtKind::Break => self.break_continue(s.span, true)?,
            StmtKind::Continue => self.break_continue(s.span, false)?,
            StmtKind::Pass => {}
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.delete(t)?;
                }
            }
            StmtKind::Assert { test, msg } => {
                self.warn(super::warnings::check_assert(test));
                let ok = self.unit().new_label();
                self.jump_if(test, true, ok)?;
                self.emit(Instr::LoadAssertionError);
                if let Some(m) = msg {
                    self.expr(m)?;
                    self.emit(Instr::Call(1));
                }
                // CPython reports a failed assert at its test expression.
                self.set_pos(test.span);
                self.emit(Instr::Raise(1));
                self.unit().bind(ok);
            }
            StmtKind::Return(v) => {
                if !matches!(self.scope_kind(), ScopeKind::Function) {
                    return Err(CompileError::syntax("'return' outside function", s.span));
                }
                match v {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Const::None),
                }
                self.unwind_blocks(0, true)?;
                self.set_pos(s.span);
                self.emit(Instr::Return);
            }
            StmtKind::Global(_) | StmtKind::Nonlocal(_) => {}
            StmtKind::Import(aliases) => {
                for a in aliases {
                    let i = self.unit().add_name(&a.name);
                    self.emit(Instr::ImportName(i));
                    match &a.asname {
                        Some(asname) => self.store_name(asname),
                        None => {
                            let top = a.name.split('.').next().unwrap_or("").to_string();
                            if top != a.name {
                                self.emit(Instr::Pop);
                                let t = self.unit().add_name(&top);
                                self.emit(Instr::ImportName(t));
                            }
                            self.store_name(&top);
                        }
                    }
                }
            }
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => {
                if *level > 0 {
                    return Err(CompileError {
                        kind: super::CompileErrorKind::Syntax(
                            crate::syntax::SyntaxErrorKind::Syntax,
                        ),
                        ..CompileError::syntax(
                            "attempted relative import with no known parent package",
                            s.span,
                        )
                    });
                }
                let m = module.clone().unwrap_or_default();
                let i = self.unit().add_name(&m);
                self.emit(Instr::ImportName(i));
                if names.len() == 1 && names[0].name == "*" {
                    self.emit(Instr::ImportStar);
                    return Ok(());
                }
                for a in names {
                    let n = self.unit().add_name(&a.name);
                    self.emit(Instr::ImportFrom(n));
                    self.store_name(a.asname.as_ref().unwrap_or(&a.name));
                }
                self.emit(Instr::Pop);
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                if finalbody.is_empty() {
                    self.try_except(body, handlers, orelse)?;
                } else {
                    self.try_finally(body, handlers, orelse, finalbody)?;
                }
            }
            StmtKind::Raise { exc, cause } => {
                let n = match (exc, cause) {
                    (None, _) => 0,
                    (Some(e), None) => {
                        self.expr(e)?;
                        1
                    }
                    (Some(e), Some(c)) => {
                        self.expr(e)?;
                        self.expr(c)?;
                        2
                    }
                };
                self.set_pos(s.span);
                self.emit(Instr::Raise(n));
            }
            StmtKind::With { items, body } => self.with_stmt(items, body)?,
            StmtKind::FunctionDef(f) => self.function_def(f, s.span)?,
            StmtKind::ClassDef(c) => self.class_def(c, s.span)?,
        }
        Ok(())
    }

    fn while_stmt(
        &mut self,
        test: &Expr,
        body: &[Stmt],
        orelse: &[Stmt],
    ) -> Result<(), CompileError> {
        let top = self.unit().new_label();
        let else_l = self.unit().new_label();
        let exit = self.unit().new_label();
        self.unit().bind(top);
        let always = matches!(&test.kind, ExprKind::Constant(Constant::Bool(true)))
            || matches!(&test.kind, ExprKind::Constant(Constant::Int(n)) if *n != 0);
        let test_warnings = self.warnings.len();
        if !always {
            self.jump_if(test, false, else_l)?;
        }
        // CPython compiles the test twice (before the body and again at
        // its end), so its warnings are reported twice.
        let repeated: Vec<_> = self.warnings[test_warnings..].to_vec();
        self.unit().push_block(
            FBlock::Loop {
                top,
                exit,
                is_for: false,
            },
            0,
        );
        self.stmts(body)?;
        self.warnings.extend(repeated);
        self.unit().pop_block(0);
        self.set_pos(test.span);
        self.unit().jump(Instr::Jump, top);
        self.unit().bind(else_l);
        self.stmts(orelse)?;
        self.unit().bind(exit);
        Ok(())
    }

    fn for_stmt(
        &mut self,
        target: &Expr,
        iter: &Expr,
        body: &[Stmt],
        orelse: &[Stmt],
    ) -> Result<(), CompileError> {
        let top = self.unit().new_label();
        let else_l = self.unit().new_label();
        let exit = self.unit().new_label();
        self.expr(iter)?;
        self.emit(Instr::GetIter);
        self.unit().bind(top);
        self.unit().jump(Instr::ForIter, else_l);
        self.unit().push_block(
            FBlock::Loop {
                top,
                exit,
                is_for: true,
            },
            1,
        );
        self.store(target)?;
        self.stmts(body)?;
        self.unit().pop_block(1);
        self.unit().jump(Instr::Jump, top);
        self.unit().bind(else_l);
        self.stmts(orelse)?;
        self.unit().bind(exit);
        Ok(())
    }

    fn break_continue(
        &mut self,
        span: crate::syntax::ast::Span,
        is_break: bool,
    ) -> Result<(), CompileError> {
        let loop_index = self
            .unit()
            .blocks
            .iter()
            .rposition(|b| matches!(b.block, FBlock::Loop { .. }));
        let Some(k) = loop_index else {
            let msg = if is_break {
                "'break' outside loop"
            } else {
                "'continue' not properly in loop"
            };
            return Err(CompileError::syntax(msg, span));
        };
        self.unwind_blocks(k + 1, false)?;
        let FBlock::Loop { top, exit, is_for } = self.unit().blocks[k].block.clone() else {
            unreachable!()
        };
        if is_break {
            if is_for {
                self.emit(Instr::Pop);
            }
            self.unit().jump(Instr::Jump, exit);
        } else {
            self.unit().jump(Instr::Jump, top);
        }
        Ok(())
    }

    /// Emits the cleanup of every block from the innermost down to
    /// `blocks[stop]`, as `return`, `break` and `continue` leave them. With
    /// `keep_top`, the value on top of the stack (a return value) survives.
    fn unwind_blocks(&mut self, stop: usize, keep_top: bool) -> Result<(), CompileError> {
        let mut i = self.unit().blocks.len();
        while i > stop {
            i -= 1;
            // Run the cleanup as if already outside block i.
            let tail = self.unit().blocks.split_off(i);
            let entry = &tail[0];
            let saved_handlers = self.unit().handlers.split_off(entry.handlers_before);
            let saved_depth = self.unit().block_depth;
            self.unit().block_depth =
                entry.depth_after - block_extra(&entry.block) + keep_top as u32;
            let block = entry.block.clone();
            let r = self.unwind_one(&block, keep_top);
            self.unit().block_depth = saved_depth;
            self.unit().handlers.extend(saved_handlers);
            self.unit().blocks.extend(tail);
            r?;
        }
        Ok(())
    }

    fn unwind_one(&mut self, block: &FBlock, keep_top: bool) -> Result<(), CompileError> {
        match block {
            FBlock::Loop { is_for, .. } => {
                if *is_for && keep_top {
                    self.emit(Instr::Rot2);
                    self.emit(Instr::Pop);
                }
                // `break`/`continue` pop their own loop's iterator; an inner
                // loop's iterator is popped here.
                if *is_for && !keep_top {
                    self.emit(Instr::Pop);
                }
            }
            FBlock::TryExcept => {}
            FBlock::FinallyTry { finalbody } => {
                let body = finalbody.clone();
                self.stmts(&body)?;
            }
            FBlock::FinallyEnd => {
                if keep_top {
                    self.emit(Instr::Rot2);
                    self.emit(Instr::Pop);
                    self.emit(Instr::Rot2);
                } else {
                    self.emit(Instr::Pop);
                }
                self.emit(Instr::PopExcept);
            }
            FBlock::With => {
                if keep_top {
                    self.emit(Instr::Rot2);
                }
                self.call_exit_none();
            }
            FBlock::ExceptHandler { name } => {
                if keep_top {
                    self.emit(Instr::Rot2);
                }
                self.emit(Instr::PopExcept);
                if let Some(n) = name {
                    self.clear_name(n);
                }
            }
        }
        Ok(())
    }

    /// `exit(None, None, None)` with `exit` on top of the stack; result dropped.
    fn call_exit_none(&mut self) {
        self.load_const(Const::None);
        self.load_const(Const::None);
        self.load_const(Const::None);
        self.emit(Instr::Call(3));
        self.emit(Instr::Pop);
    }

    /// `name = None; del name` (an `except ... as name` variable going away).
    fn clear_name(&mut self, name: &str) {
        self.load_const(Const::None);
        self.store_name(name);
        self.delete_name(name);
    }

    fn push_handler(&mut self, label: Label, extra: u32, lasti: bool) {
        let depth = self.unit().block_depth + extra;
        self.unit().handlers.push(Handler {
            label,
            depth,
            lasti,
        });
    }

    fn pop_handler(&mut self) {
        self.unit().handlers.pop();
    }

    /// `try: body except ...: ... else: ...`
    fn try_except(
        &mut self,
        body: &[Stmt],
        handlers: &[ExceptHandler],
        orelse: &[Stmt],
    ) -> Result<(), CompileError> {
        let except = self.unit().new_label();
        let end = self.unit().new_label();
        self.push_handler(except, 0, false);
        self.unit().push_block(FBlock::TryExcept, 0);
        self.stmts(body)?;
        self.unit().pop_block(0);
        self.pop_handler();
        self.stmts(orelse)?;
        self.unit().jump(Instr::Jump, end);

        // Stack here: exc. Make it the handled exception, saving the previous.
        self.unit().bind(except);
        let cleanup = self.unit().new_label();
        self.push_handler(cleanup, 1, false);
        self.emit(Instr::PushExcInfo);
        for h in handlers {
            let saved = self.set_pos(h.span);
            let next = self.unit().new_label();
            if let Some(t) = &h.typ {
                self.expr(t)?;
                self.emit(Instr::CheckExcMatch);
                self.unit().jump(Instr::PopJumpIfFalse, next);
            }
            match &h.name {
                Some(n) => self.store_name(n),
                None => {
                    self.emit(Instr::Pop);
                }
            }
            // The body runs with `prev` on the stack; on the way out restore it.
            let name_cleanup = self.unit().new_label();
            if h.name.is_some() {
                self.push_handler(name_cleanup, 1, false);
            }
            self.unit().push_block(
                FBlock::ExceptHandler {
                    name: h.name.clone(),
                },
                1,
            );
            self.stmts(&h.body)?;
            self.unit().pop_block(1);
            if h.name.is_some() {
                self.pop_handler();
            }
            self.emit(Instr::PopExcept);
            if let Some(n) = &h.name {
                self.clear_name(n);
            }
            self.unit().jump(Instr::Jump, end);
            if let Some(n) = &h.name {
                // The handler body raised: forget the name, re-raise.
                self.unit().bind(name_cleanup);
                self.clear_name(n);
                self.emit(Instr::Reraise);
            }
            self.unit().bind(next);
            self.restore_pos(saved);
        }
        // No clause matched: re-raise (the cleanup below restores `prev`).
        self.emit(Instr::Reraise);
        self.pop_handler();

        // Stack: prev exc2 -> restore prev, re-raise exc2.
        self.unit().bind(cleanup);
        self.emit(Instr::Rot2);
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise);
        self.unit().bind(end);
        Ok(())
    }

    /// `try: ... [except ...] finally: ...`
    fn try_finally(
        &mut self,
        body: &[Stmt],
        handlers: &[ExceptHandler],
        orelse: &[Stmt],
        finalbody: &[Stmt],
    ) -> Result<(), CompileError> {
        let exc_path = self.unit().new_label();
        let end = self.unit().new_label();
        self.push_handler(exc_path, 0, false);
        self.unit().push_block(
            FBlock::FinallyTry {
                finalbody: finalbody.to_vec(),
            },
            0,
        );
        if handlers.is_empty() {
            self.stmts(body)?;
            self.stmts(orelse)?;
        } else {
            self.try_except(body, handlers, orelse)?;
        }
        self.unit().pop_block(0);
        self.pop_handler();
        // Normal path: the final body, inline.
        self.stmts(finalbody)?;
        self.unit().jump(Instr::Jump, end);

        // Exceptional path: stack exc.
        self.unit().bind(exc_path);
        let cleanup = self.unit().new_label();
        self.push_handler(cleanup, 1, false);
        self.emit(Instr::PushExcInfo);
        self.unit().push_block(FBlock::FinallyEnd, 2);
        self.stmts(finalbody)?;
        self.unit().pop_block(2);
        self.emit(Instr::Reraise);
        self.pop_handler();
        self.unit().bind(cleanup);
        self.emit(Instr::Rot2);
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise);
        self.unit().bind(end);
        Ok(())
    }

    fn with_stmt(&mut self, items: &[WithItem], body: &[Stmt]) -> Result<(), CompileError> {
        let Some((first, rest)) = items.split_first() else {
            return self.stmts(body);
        };
        let exc = self.unit().new_label();
        let end = self.unit().new_label();
        self.expr(&first.context_expr)?;
        self.set_pos(first.context_expr.span);
        self.emit(Instr::BeforeWith);
        // Stack: exit enter_result. The body is covered by `exc` with exit kept.
        self.push_handler(exc, 1, false);
        self.unit().push_block(FBlock::With, 1);
        match &first.optional_vars {
            Some(t) => self.store(t)?,
            None => {
                self.emit(Instr::Pop);
            }
        }
        if rest.is_empty() {
            self.stmts(body)?;
        } else {
            self.with_stmt(rest, body)?;
        }
        self.unit().pop_block(1);
        self.pop_handler();
        self.set_pos(first.context_expr.span);
        self.call_exit_none();
        self.unit().jump(Instr::Jump, end);

        // Stack: exit exc.
        self.unit().bind(exc);
        let cleanup = self.unit().new_label();
        self.push_handler(cleanup, 2, false);
        self.emit(Instr::PushExcInfo);
        self.emit(Instr::WithExceptStart);
        let suppress = self.unit().new_label();
        self.unit().jump(Instr::PopJumpIfTrue, suppress);
        self.emit(Instr::Reraise);
        self.unit().bind(suppress);
        self.emit(Instr::Pop);
        self.emit(Instr::PopExcept);
        self.emit(Instr::Pop);
        self.pop_handler();
        self.unit().jump(Instr::Jump, end);
        // Stack: exit prev exc2.
        self.unit().bind(cleanup);
        self.emit(Instr::Rot2);
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise);
        self.unit().bind(end);
        Ok(())
    }

    fn function_def(
        &mut self,
        f: &FunctionDef,
        span: crate::syntax::ast::Span,
    ) -> Result<(), CompileError> {
        if f.is_async {
            return Err(CompileError::syntax(
                "mini does not support 'async def' yet",
                span,
            ));
        }
        for d in &f.decorator_list {
            self.expr(d)?;
        }
        let scope = self.table.scope_of(f).ok_or_else(|| {
            CompileError::syntax("internal error: function scope not found", span)
        })?;
        let (first_line, _) = self.lines.line_col_bytes(span.start as usize);
        let first_line = f.decorator_list.first().map_or(first_line, |d| {
            self.lines.line_col_bytes(d.span.start as usize).0
        });
        let qualname = self.qualname_for(&f.name);
        let body_warnings = self.warnings.len();
        let co = self.function_code(scope, &f.name, qualname, &f.args, first_line, |c| {
            let doc = docstring(&f.body);
            let body = if doc.is_some() {
                &f.body[1..]
            } else {
                &f.body[..]
            };
            c.unit().add_const(doc.map_or(Const::None, Const::Str));
            c.stmts(body)
        })?;
        let body_end = self.warnings.len();
        self.set_pos(span);
        self.make_function(scope, co, &f.args)?;
        self.body_warnings_last(body_warnings, body_end);
        for _ in &f.decorator_list {
            self.emit(Instr::Call(1));
        }
        self.store_name(&f.name);
        Ok(())
    }

    /// Compiles a function-like body into its own code object. `body` must
    /// first add the docstring (or None) as constant 0, as CPython does.
    pub(super) fn function_code(
        &mut self,
        scope: ScopeId,
        name: &str,
        qualname: String,
        args: &Arguments,
        first_line: u32,
        body: impl FnOnce(&mut Self) -> Result<(), CompileError>,
    ) -> Result<CodeObject, CompileError> {
        self.push_unit(scope, name, qualname, first_line, Some(args))?;
        body(self)?;
        if self.unit().can_fall_off_end() {
            self.load_const(Const::None);
            self.emit(Instr::Return);
        }
        Ok(self.units.pop().expect("function unit").finish())
    }

    /// Starts a code object for `scope`, with its slots and entry prologue.
    pub(super) fn push_unit(
        &mut self,
        scope: ScopeId,
        name: &str,
        qualname: String,
        first_line: u32,
        args: Option<&Arguments>,
    ) -> Result<(), CompileError> {
        let sc = &self.table.scopes[scope];
        let mut fl = 0;
        match sc.kind {
            ScopeKind::Class => fl |= flags::NAMESPACE,
            _ => {
                if sc.is_generator {
                    fl |= flags::GENERATOR;
                }
                if self.units.len() > 1 {
                    fl |= flags::NESTED;
                }
            }
        }
        let mut co = self.new_code(name, qualname, first_line, fl);
        co.varnames = sc.params.clone();
        co.varnames.extend(sc.other_locals());
        co.cellvars = sc
            .cells
            .iter()
            .filter(|c| !co.varnames.contains(c))
            .cloned()
            .collect();
        co.freevars = sc.frees.clone();
        if let Some(a) = args {
            co.posonlyargcount = a.posonlyargs.len() as u32;
            co.argcount = (a.posonlyargs.len() + a.args.len()) as u32;
            co.kwonlyargcount = a.kwonlyargs.len() as u32;
            if a.vararg.is_some() {
                co.flags |= flags::VARARGS;
            }
            if a.kwarg.is_some() {
                co.flags |= flags::VARKEYWORDS;
            }
        } else if sc.kind == ScopeKind::Comprehension {
            co.argcount = 1;
        }
        let cells = sc.cells.clone();
        let nfree = co.freevars.len() as u32;
        let pos = self.units.last().map(|u| u.pos).unwrap_or_default();
        self.units.push(Unit::new(scope, co));
        self.unit().pos = super::bytecode::Position {
            line: first_line,
            end_line: first_line,
            ..pos
        };
        for c in &cells {
            let s = self.slot(c);
            self.emit(Instr::MakeCell(s));
        }
        if nfree > 0 {
            self.emit(Instr::CopyFreeVars(nfree));
        }
        Ok(())
    }

    /// Emits `MakeFunction` for a compiled child code object, with its
    /// defaults and closure.
    pub(super) fn make_function(
        &mut self,
        scope: ScopeId,
        co: CodeObject,
        args: &Arguments,
    ) -> Result<(), CompileError> {
        let mut fl = 0;
        if !args.defaults.is_empty() {
            for d in &args.defaults {
                self.expr(d)?;
            }
            self.emit(Instr::BuildTuple(args.defaults.len() as u32));
            fl |= 1;
        }
        let kw: Vec<(&Arg, &Expr)> = args
            .kwonlyargs
            .iter()
            .zip(&args.kw_defaults)
            .filter_map(|(a, d)| d.as_ref().map(|d| (a, d)))
            .collect();
        if !kw.is_empty() {
            for (a, d) in &kw {
                self.load_const(Const::Str(a.arg.clone()));
                self.expr(d)?;
            }
            self.emit(Instr::BuildMap(kw.len() as u32));
            fl |= 2;
        }
        if self.emit_closure(scope)? {
            fl |= 4;
        }
        self.load_const(Const::Code(Box::new(co)));
        self.emit(Instr::MakeFunction(fl));
        Ok(())
    }

    /// Pushes the tuple of cells a child scope closes over; false if none.
    pub(super) fn emit_closure(&mut self, child: ScopeId) -> Result<bool, CompileError> {
        let frees = self.table.scopes[child].frees.clone();
        if frees.is_empty() {
            return Ok(false);
        }
        for n in &frees {
            let slot = match self.access(n) {
                Access::Cell => self.slot(n),
                _ if self.scope_kind() == ScopeKind::Class && n == "__class__" => self.slot(n),
                _ => self.free_slot(n),
            };
            self.emit(Instr::LoadClosure(slot));
        }
        self.emit(Instr::BuildTuple(frees.len() as u32));
        Ok(true)
    }

    fn class_def(
        &mut self,
        c: &ClassDef,
        span: crate::syntax::ast::Span,
    ) -> Result<(), CompileError> {
        for d in &c.decorator_list {
            self.expr(d)?;
        }
        let scope = self
            .table
            .scope_of(c)
            .ok_or_else(|| CompileError::syntax("internal error: class scope not found", span))?;
        let (first_line, _) = self.lines.line_col_bytes(span.start as usize);
        let qualname = self.qualname_for(&c.name);
        self.set_pos(span);
        self.emit(Instr::LoadBuildClass);
        self.push_unit(scope, &c.name, qualname, first_line, None)?;
        self.setup_annotations(&c.body);
        let body = match docstring(&c.body) {
            Some(doc) => {
                self.set_pos(c.body[0].span);
                self.load_const(Const::Str(doc));
                self.store_name("__doc__");
                &c.body[1..]
            }
            None => &c.body[..],
        };
        self.stmts(body)?;
        let has_class_cell = self.table.scopes[scope]
            .cells
            .iter()
            .any(|n| n == "__class__");
        if has_class_cell {
            let s = self.slot("__class__");
            self.emit(Instr::LoadClosure(s));
        } else {
            self.load_const(Const::None);
        }
        self.emit(Instr::Return);
        let co = self.units.pop().expect("class unit").finish();
        self.set_pos(span);
        let mut fl = 0;
        if self.emit_closure(scope)? {
            fl |= 4;
        }
        self.load_const(Const::Code(Box::new(co)));
        self.emit(Instr::MakeFunction(fl));
        self.load_const(Const::Str(c.name.clone()));
        for b in &c.bases {
            self.expr(b)?;
        }
        let mut names = Vec::new();
        for k in &c.keywords {
            match &k.arg {
                Some(n) => {
                    self.expr(&k.value)?;
                    names.push(Const::Str(n.clone()));
                }
                None => {
                    return Err(CompileError::syntax(
                        "mini does not support ** in class definitions",
                        k.span,
                    ))
                }
            }
        }
        self.set_pos(span);
        let argc = 2 + c.bases.len() + names.len();
        if names.is_empty() {
            self.emit(Instr::Call(argc as u32));
        } else {
            self.load_const(Const::Tuple(names));
            self.emit(Instr::CallKw(argc as u32));
        }
        for _ in &c.decorator_list {
            self.emit(Instr::Call(1));
        }
        self.store_name(&c.name);
        Ok(())
    }

    fn aug_assign(&mut self, target: &Expr, op: BinOp, value: &Expr) -> Result<(), CompileError> {
        let inplace = inplace_instr(op);
        match &target.kind {
            ExprKind::Name(n) => {
                self.load_name(n, target.span);
                self.expr(value)?;
                self.set_pos(target.span.to(value.span));
                self.emit(inplace);
                self.store_name(n);
            }
            ExprKind::Attribute { value: obj, attr } => {
                self.expr(obj)?;
                self.emit(Instr::Dup);
                let i = self.unit().add_name(attr);
                self.set_pos(target.span);
                self.emit(Instr::LoadAttr(i));
                self.expr(value)?;
                self.set_pos(target.span.to(value.span));
                self.emit(inplace);
                self.emit(Instr::Rot2);
                self.set_pos(target.span);
                self.emit(Instr::StoreAttr(i));
            }
            ExprKind::Subscript { value: obj, slice } => {
                self.expr(obj)?;
                self.subscript_key(slice)?;
                self.emit(Instr::Dup2);
                self.set_pos(target.span);
                self.emit(Instr::BinarySubscr);
                self.expr(value)?;
                self.set_pos(target.span.to(value.span));
                self.emit(inplace);
                self.emit(Instr::Rot3);
                self.set_pos(target.span);
                self.emit(Instr::StoreSubscr);
            }
            _ => {
                return Err(CompileError::syntax(
                    format!(
                        "'{}' is an illegal expression for augmented assignment",
                        expr_kind_name(target)
                    ),
                    target.span,
                ))
            }
        }
        Ok(())
    }

    /// Stores the value on top of the stack into an assignment target.
    pub(super) fn store(&mut self, t: &Expr) -> Result<(), CompileError> {
        let saved = self.set_pos(t.span);
        match &t.kind {
            ExprKind::Name(n) => self.store_name(n),
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                let i = self.unit().add_name(attr);
                self.set_pos(t.span);
                self.emit(Instr::StoreAttr(i));
            }
            ExprKind::Subscript { value, slice } => {
                self.expr(value)?;
                self.subscript_key(slice)?;
                self.set_pos(t.span);
                self.emit(Instr::StoreSubscr);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let star = items
                    .iter()
                    .position(|e| matches!(e.kind, ExprKind::Starred(_)));
                match star {
                    Some(k) => {
                        if items
                            .iter()
                            .filter(|e| matches!(e.kind, ExprKind::Starred(_)))
                            .count()
                            > 1
                        {
                            return Err(CompileError::syntax(
                                "multiple starred expressions in assignment",
                                t.span,
                            ));
                        }
                        let after = items.len() - k - 1;
                        if k > 255 || after > (u32::MAX >> 8) as usize {
                            return Err(CompileError::syntax(
                                "too many expressions in star-unpacking assignment",
                                t.span,
                            ));
                        }
                        self.emit(Instr::UnpackEx(k as u32 | ((after as u32) << 8)));
                    }
                    None => {
                        self.emit(Instr::UnpackSequence(items.len() as u32));
                    }
                }
                for e in items {
                    match &e.kind {
                        ExprKind::Starred(inner) => self.store(inner)?,
                        _ => self.store(e)?,
                    }
                }
            }
            ExprKind::Starred(_) => {
                return Err(CompileError::syntax(
                    "starred assignment target must be in a list or tuple",
                    t.span,
                ))
            }
            _ => {
                return Err(CompileError::syntax(
                    format!("cannot assign to {}", expr_kind_name(t)),
                    t.span,
                ))
            }
        }
        self.restore_pos(saved);
        Ok(())
    }

    fn delete(&mut self, t: &Expr) -> Result<(), CompileError> {
        let saved = self.set_pos(t.span);
        match &t.kind {
            ExprKind::Name(n) => self.delete_name(n),
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                let i = self.unit().add_name(attr);
                self.set_pos(t.span);
                self.emit(Instr::DeleteAttr(i));
            }
            ExprKind::Subscript { value, slice } => {
                self.expr(value)?;
                self.subscript_key(slice)?;
                self.set_pos(t.span);
                self.emit(Instr::DeleteSubscr);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.delete(i)?;
                }
            }
            _ => {
                return Err(CompileError::syntax(
                    format!("cannot delete {}", expr_kind_name(t)),
                    t.span,
                ))
            }
        }
        self.restore_pos(saved);
        Ok(())
    }

    pub(super) fn store_name(&mut self, name: &str) {
        let access = self.access(name);
        let instr = match access {
            Access::Local => Instr::StoreFast(self.slot(name)),
            Access::Cell | Access::Free => Instr::StoreDeref(self.slot(name)),
            Access::GlobalExplicit | Access::GlobalImplicit => {
                Instr::StoreGlobal(self.unit().add_name(name))
            }
            Access::Name => match self.scope_kind() {
                ScopeKind::Module => Instr::StoreGlobal(self.unit().add_name(name)),
                _ => Instr::StoreName(self.unit().add_name(name)),
            },
        };
        self.emit(instr);
    }

    fn delete_name(&mut self, name: &str) {
        let instr = match self.access(name) {
            Access::Local => Instr::DeleteFast(self.slot(name)),
            Access::Cell | Access::Free => Instr::DeleteDeref(self.slot(name)),
            Access::GlobalExplicit | Access::GlobalImplicit => {
                Instr::DeleteGlobal(self.unit().add_name(name))
            }
            Access::Name => match self.scope_kind() {
                ScopeKind::Module => Instr::DeleteGlobal(self.unit().add_name(name)),
                _ => Instr::DeleteName(self.unit().add_name(name)),
            },
        };
        self.emit(instr);
    }
}

/// How many stack values a block itself holds.
fn block_extra(b: &FBlock) -> u32 {
    match b {
        FBlock::Loop { is_for: true, .. } => 1,
        FBlock::With => 1,
        FBlock::ExceptHandler { .. } => 1,
        FBlock::FinallyEnd => 2,
        _ => 0,
    }
}

/// The docstring of a body: a first statement that is a string literal.
/// Whether a body has an annotated assignment outside nested functions
/// and classes.
fn has_annotations(body: &[Stmt]) -> bool {
    body.iter().any(|s| match &s.kind {
        StmtKind::AnnAssign { .. } => true,
        StmtKind::If { body, orelse, .. }
        | StmtKind::While { body, orelse, .. }
        | StmtKind::For { body, orelse, .. } => has_annotations(body) || has_annotations(orelse),
        StmtKind::With { body, .. } => has_annotations(body),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            has_annotations(body)
                || handlers.iter().any(|h| has_annotations(&h.body))
                || has_annotations(orelse)
                || has_annotations(finalbody)
        }
        _ => false,
    })
}

pub(super) fn docstring(body: &[Stmt]) -> Option<String> {
    match body.first().map(|s| &s.kind) {
        Some(StmtKind::Expr(Expr {
            kind: ExprKind::Constant(Constant::Str(s)),
            ..
        })) => Some(s.clone()),
        _ => None,
    }
}

fn inplace_instr(op: BinOp) -> Instr {
    match op {
        BinOp::Add => Instr::InplaceAdd,
        BinOp::Sub => Instr::InplaceSub,
        BinOp::Mult => Instr::InplaceMul,
        BinOp::MatMult => Instr::InplaceMatMul,
        BinOp::Div => Instr::InplaceTrueDiv,
        BinOp::Mod => Instr::InplaceMod,
        BinOp::Pow => Instr::InplacePow,
        BinOp::LShift => Instr::InplaceLShift,
        BinOp::RShift => Instr::InplaceRShift,
        BinOp::BitOr => Instr::InplaceBitOr,
        BinOp::BitXor => Instr::InplaceBitXor,
        BinOp::BitAnd => Instr::InplaceBitAnd,
        BinOp::FloorDiv => Instr::InplaceFloorDiv,
    }
}

/// CPython's name for an expression kind in "cannot assign to ..." messages.
pub(super) fn expr_kind_name(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Call { .. } => "function call",
        ExprKind::Constant(Constant::None | Constant::Bool(_)) => "literal",
        ExprKind::Constant(Constant::Ellipsis) => "ellipsis",
        ExprKind::Constant(_) => "literal",
        ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::BoolOp { .. } => "expression",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::Await(_) => "await expression",
        ExprKind::JoinedStr(_) | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::List(_) => "list",
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred(_) => "starred",
        ExprKind::Name(_) => "name",
        ExprKind::Slice { .. } => "slice",
    }
}
