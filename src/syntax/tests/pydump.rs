//! Prints an AST in the compact format of `tools/astdump.py` (kept beside
//! these tests), so that our trees can be compared with CPython's.
//!
//! Positions are printed like CPython's: 1-based line, 0-based UTF-8 byte
//! column.

use crate::syntax::ast::*;

pub struct Dumper<'s> {
    source: &'s str,
    line_starts: Vec<usize>,
    out: String,
    /// Inside an f-string: parts get no positions (see astdump.py).
    in_fstring: bool,
}

impl<'s> Dumper<'s> {
    pub fn new(source: &'s str) -> Self {
        let b = source.as_bytes();
        let mut line_starts = vec![0];
        for (i, &c) in b.iter().enumerate() {
            if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                line_starts.push(i + 1);
            }
        }
        let _ = source;
        Dumper {
            source,
            line_starts,
            out: String::new(),
            in_fstring: false,
        }
    }

    fn pos(&mut self, span: Span) {
        if self.in_fstring {
            return;
        }
        let lc = |o: usize| {
            let line = self.line_starts.partition_point(|&s| s <= o);
            (line, o - self.line_starts[line - 1])
        };
        let (l1, c1) = lc(span.start as usize);
        let (l2, c2) = lc(span.end as usize);
        self.out.push_str(&format!("@{l1}:{c1}-{l2}:{c2}"));
    }

    fn s(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn text(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            if (' '..'\x7f').contains(&c) && c != '\\' && c != '"' {
                self.out.push(c);
            } else {
                self.out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
        }
        self.out.push('"');
    }

    fn opt_name(&mut self, n: &Option<String>) {
        match n {
            Some(n) => self.text(n),
            None => self.s("None"),
        }
    }

    pub fn module(mut self, m: &Module) -> String {
        self.s("Module(body=");
        self.stmts(&m.body);
        self.s(")");
        let _ = self.source;
        self.out
    }

    fn stmts(&mut self, v: &[Stmt]) {
        self.s("[");
        for (i, st) in v.iter().enumerate() {
            if i > 0 {
                self.s(", ");
            }
            self.stmt(st);
        }
        self.s("]");
    }

    fn exprs(&mut self, v: &[Expr]) {
        self.s("[");
        for (i, e) in v.iter().enumerate() {
            if i > 0 {
                self.s(", ");
            }
            self.expr(e);
        }
        self.s("]");
    }

    fn opt(&mut self, e: &Option<Expr>) {
        match e {
            Some(e) => self.expr(e),
            None => self.s("None"),
        }
    }

    fn opt_box(&mut self, e: &Option<Box<Expr>>) {
        match e {
            Some(e) => self.expr(e),
            None => self.s("None"),
        }
    }

    fn names(&mut self, v: &[String]) {
        self.s("[");
        for (i, n) in v.iter().enumerate() {
            if i > 0 {
                self.s(", ");
            }
            self.text(n);
        }
        self.s("]");
    }

    fn stmt(&mut self, st: &Stmt) {
        use StmtKind as K;
        match &st.kind {
            K::Expr(e) => {
                self.s("Expr(value=");
                self.expr(e);
            }
            K::Assign { targets, value } => {
                self.s("Assign(targets=");
                self.exprs(targets);
                self.s(", value=");
                self.expr(value);
            }
            K::AugAssign { target, op, value } => {
                self.s("AugAssign(target=");
                self.expr(target);
                self.s(&format!(", op={op:?}(), value="));
                self.expr(value);
            }
            K::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                self.s("AnnAssign(target=");
                self.expr(target);
                self.s(", annotation=");
                self.expr(annotation);
                self.s(", value=");
                self.opt(value);
                self.s(&format!(", simple={}", *simple as u8));
            }
            K::If { test, body, orelse } | K::While { test, body, orelse } => {
                let name = if matches!(st.kind, K::If { .. }) {
                    "If"
                } else {
                    "While"
                };
                self.s(&format!("{name}(test="));
                self.expr(test);
                self.s(", body=");
                self.stmts(body);
                self.s(", orelse=");
                self.stmts(orelse);
            }
            K::For {
                target,
                iter,
                body,
                orelse,
            } => {
                self.s("For(target=");
                self.expr(target);
                self.s(", iter=");
                self.expr(iter);
                self.s(", body=");
                self.stmts(body);
                self.s(", orelse=");
                self.stmts(orelse);
            }
            K::Break => self.s("Break("),
            K::Continue => self.s("Continue("),
            K::Pass => self.s("Pass("),
            K::Delete(t) => {
                self.s("Delete(targets=");
                self.exprs(t);
            }
            K::Assert { test, msg } => {
                self.s("Assert(test=");
                self.expr(test);
                self.s(", msg=");
                self.opt(msg);
            }
            K::Return(v) => {
                self.s("Return(value=");
                self.opt(v);
            }
            K::Global(n) | K::Nonlocal(n) => {
                let name = if matches!(st.kind, K::Global(_)) {
                    "Global"
                } else {
                    "Nonlocal"
                };
                self.s(&format!("{name}(names="));
                self.names(n);
            }
            K::Import(names) => {
                self.s("Import(names=");
                self.aliases(names);
            }
            K::ImportFrom {
                module,
                names,
                level,
            } => {
                self.s("ImportFrom(module=");
                self.opt_name(module);
                self.s(", names=");
                self.aliases(names);
                self.s(&format!(", level={level}"));
            }
            K::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.s("Try(body=");
                self.stmts(body);
                self.s(", handlers=[");
                for (i, h) in handlers.iter().enumerate() {
                    if i > 0 {
                        self.s(", ");
                    }
                    self.s("ExceptHandler(type=");
                    self.opt(&h.typ);
                    self.s(", name=");
                    self.opt_name(&h.name);
                    self.s(", body=");
                    self.stmts(&h.body);
                    self.s(")");
                }
                self.s("], orelse=");
                self.stmts(orelse);
                self.s(", finalbody=");
                self.stmts(finalbody);
            }
            K::Raise { exc, cause } => {
                self.s("Raise(exc=");
                self.opt(exc);
                self.s(", cause=");
                self.opt(cause);
            }
            K::With { items, body } => {
                self.s("With(items=[");
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        self.s(", ");
                    }
                    self.s("withitem(context_expr=");
                    self.expr(&it.context_expr);
                    self.s(", optional_vars=");
                    self.opt(&it.optional_vars);
                    self.s(")");
                }
                self.s("], body=");
                self.stmts(body);
            }
            K::FunctionDef(f) => {
                self.s("FunctionDef(name=");
                self.text(&f.name);
                self.s(", args=");
                self.arguments(&f.args);
                self.s(", body=");
                self.stmts(&f.body);
                self.s(", decorator_list=");
                self.exprs(&f.decorator_list);
                self.s(", returns=");
                self.opt(&f.returns);
            }
            K::ClassDef(c) => {
                self.s("ClassDef(name=");
                self.text(&c.name);
                self.s(", bases=");
                self.exprs(&c.bases);
                self.s(", keywords=");
                self.keywords(&c.keywords);
                self.s(", body=");
                self.stmts(&c.body);
                self.s(", decorator_list=");
                self.exprs(&c.decorator_list);
            }
        }
        self.s(")");
        self.pos(st.span);
    }

    fn aliases(&mut self, v: &[Alias]) {
        self.s("[");
        for (i, a) in v.iter().enumerate() {
            if i > 0 {
                self.s(", ");
            }
            self.s("alias(name=");
            self.text(&a.name);
            self.s(", asname=");
            self.opt_name(&a.asname);
            self.s(")");
            self.pos(a.span);
        }
        self.s("]");
    }

    fn keywords(&mut self, v: &[Keyword]) {
        self.s("[");
        for (i, k) in v.iter().enumerate() {
            if i > 0 {
                self.s(", ");
            }
            self.s("keyword(arg=");
            self.opt_name(&k.arg);
            self.s(", value=");
            self.expr(&k.value);
            self.s(")");
            self.pos(k.span);
        }
        self.s("]");
    }

    fn arg(&mut self, a: &Arg) {
        self.s("arg(arg=");
        self.text(&a.arg);
        self.s(", annotation=");
        self.opt(&a.annotation);
        self.s(")");
        self.pos(a.span);
    }

    fn args(&mut self, v: &[Arg]) {
        self.s("[");
        for (i, a) in v.iter().enumerate() {
            if i > 0 {
                self.s(", ");
            }
            self.arg(a);
        }
        self.s("]");
    }

    fn arguments(&mut self, a: &Arguments) {
        self.s("arguments(posonlyargs=");
        self.args(&a.posonlyargs);
        self.s(", args=");
        self.args(&a.args);
        self.s(", vararg=");
        match &a.vararg {
            Some(v) => self.arg(v),
            None => self.s("None"),
        }
        self.s(", kwonlyargs=");
        self.args(&a.kwonlyargs);
        self.s(", kw_defaults=[");
        for (i, d) in a.kw_defaults.iter().enumerate() {
            if i > 0 {
                self.s(", ");
            }
            self.opt(d);
        }
        self.s("], kwarg=");
        match &a.kwarg {
            Some(v) => self.arg(v),
            None => self.s("None"),
        }
        self.s(", defaults=");
        self.exprs(&a.defaults);
        self.s(")");
    }

    fn comprehensions(&mut self, v: &[Comprehension]) {
        self.s("[");
        for (i, c) in v.iter().enumerate() {
            if i > 0 {
                self.s(", ");
            }
            self.s("comprehension(target=");
            self.expr(&c.target);
            self.s(", iter=");
            self.expr(&c.iter);
            self.s(", ifs=");
            self.exprs(&c.ifs);
            self.s(")");
        }
        self.s("]");
    }

    fn expr(&mut self, e: &Expr) {
        use ExprKind as K;
        match &e.kind {
            K::BoolOp { op, values } => {
                self.s(&format!("BoolOp(op={op:?}(), values="));
                self.exprs(values);
            }
            K::NamedExpr { target, value } => {
                self.s("NamedExpr(target=");
                self.expr(target);
                self.s(", value=");
                self.expr(value);
            }
            K::BinOp { left, op, right } => {
                self.s("BinOp(left=");
                self.expr(left);
                self.s(&format!(", op={op:?}(), right="));
                self.expr(right);
            }
            K::UnaryOp { op, operand } => {
                self.s(&format!("UnaryOp(op={op:?}(), operand="));
                self.expr(operand);
            }
            K::Lambda { args, body } => {
                self.s("Lambda(args=");
                self.arguments(args);
                self.s(", body=");
                self.expr(body);
            }
            K::IfExp { test, body, orelse } => {
                self.s("IfExp(test=");
                self.expr(test);
                self.s(", body=");
                self.expr(body);
                self.s(", orelse=");
                self.expr(orelse);
            }
            K::Dict { keys, values } => {
                self.s("Dict(keys=[");
                for (i, k) in keys.iter().enumerate() {
                    if i > 0 {
                        self.s(", ");
                    }
                    self.opt(k);
                }
                self.s("], values=");
                self.exprs(values);
            }
            K::Set(v) => {
                self.s("Set(elts=");
                self.exprs(v);
            }
            K::ListComp { elt, generators }
            | K::SetComp { elt, generators }
            | K::GeneratorExp { elt, generators } => {
                let name = match e.kind {
                    K::ListComp { .. } => "ListComp",
                    K::SetComp { .. } => "SetComp",
                    _ => "GeneratorExp",
                };
                self.s(&format!("{name}(elt="));
                self.expr(elt);
                self.s(", generators=");
                self.comprehensions(generators);
            }
            K::DictComp {
                key,
                value,
                generators,
            } => {
                self.s("DictComp(key=");
                self.expr(key);
                self.s(", value=");
                self.expr(value);
                self.s(", generators=");
                self.comprehensions(generators);
            }
            K::Await(v) => {
                self.s("Await(value=");
                self.expr(v);
            }
            K::Yield(v) => {
                self.s("Yield(value=");
                self.opt_box(v);
            }
            K::YieldFrom(v) => {
                self.s("YieldFrom(value=");
                self.expr(v);
            }
            K::Compare {
                left,
                ops,
                comparators,
            } => {
                self.s("Compare(left=");
                self.expr(left);
                self.s(", ops=[");
                let ops: Vec<String> = ops.iter().map(|o| format!("{o:?}()")).collect();
                self.s(&ops.join(", "));
                self.s("], comparators=");
                self.exprs(comparators);
            }
            K::Call {
                func,
                args,
                keywords,
            } => {
                self.s("Call(func=");
                self.expr(func);
                self.s(", args=");
                self.exprs(args);
                self.s(", keywords=");
                self.keywords(keywords);
            }
            K::FormattedValue {
                value,
                conversion,
                format_spec,
            } => {
                self.s("FormattedValue(value=");
                let outer = std::mem::replace(&mut self.in_fstring, false);
                self.expr(value);
                self.in_fstring = outer;
                let c = conversion.map_or(-1, |c| c as i64);
                self.s(&format!(", conversion={c}, format_spec="));
                self.opt_box(format_spec);
            }
            K::JoinedStr(v) => {
                self.s("JoinedStr(values=");
                let outer = std::mem::replace(&mut self.in_fstring, true);
                self.exprs(v);
                self.in_fstring = outer;
            }
            K::Constant(c) => {
                self.s("Constant(value=");
                match c {
                    Constant::None => self.s("None"),
                    Constant::Bool(b) => self.s(if *b { "True" } else { "False" }),
                    Constant::Int(i) => self.s(&i.to_string()),
                    Constant::BigInt(i) => self.s(&i.to_string()),
                    Constant::Float(f) => self.s(&format!("float:{:x}", f.to_bits())),
                    Constant::Str(s) => self.text(s),
                    Constant::Bytes(b) => {
                        self.s("b");
                        let s: String = b.iter().map(|&c| c as char).collect();
                        self.text(&s);
                    }
                    Constant::Ellipsis => self.s("Ellipsis"),
                }
            }
            K::Attribute { value, attr } => {
                self.s("Attribute(value=");
                self.expr(value);
                self.s(", attr=");
                self.text(attr);
            }
            K::Subscript { value, slice } => {
                self.s("Subscript(value=");
                self.expr(value);
                self.s(", slice=");
                self.expr(slice);
            }
            K::Starred(v) => {
                self.s("Starred(value=");
                self.expr(v);
            }
            K::Name(n) => {
                self.s("Name(id=");
                self.text(n);
            }
            K::List(v) | K::Tuple(v) => {
                let name = if matches!(e.kind, K::List(_)) {
                    "List"
                } else {
                    "Tuple"
                };
                self.s(&format!("{name}(elts="));
                self.exprs(v);
            }
            K::Slice { lower, upper, step } => {
                self.s("Slice(lower=");
                self.opt_box(lower);
                self.s(", upper=");
                self.opt_box(upper);
                self.s(", step=");
                self.opt_box(step);
            }
        }
        self.s(")");
        self.pos(e.span);
    }
}
