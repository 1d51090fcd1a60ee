//! Scope analysis: for every name in every scope, is it a local, a cell
//! (a local captured by a nested function), a free variable (captured from
//! an enclosing function), a global, or looked up in a namespace (class
//! bodies)? The rules are Python's (LEGB, `global`, `nonlocal`, class bodies
//! invisible to the functions nested in them, comprehensions as functions).
//!
//! Two passes, like CPython's symtable.c: `Builder` walks the AST and
//! records which names each scope binds and uses; `analyze` then resolves
//! every name top-down, and turns captured locals into cells bottom-up.

use super::CompileError;
use crate::syntax::ast::*;
use std::collections::{HashMap, HashSet};

pub type ScopeId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    Comprehension,
}

/// How the compiler must access a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// A fast local slot.
    Local,
    /// A local slot holding a cell (captured by a nested function).
    Cell,
    /// A cell from the enclosing function's closure.
    Free,
    /// Declared `global`.
    GlobalExplicit,
    /// Not bound anywhere enclosing: a global or a builtin.
    GlobalImplicit,
    /// Module and class bodies: the namespace dict.
    Name,
}

/// What one scope knows about one name.
#[derive(Clone, Copy, Debug, Default)]
struct Sym {
    bound: bool,
    used: bool,
    param: bool,
    global: bool,
    nonlocal: bool,
    /// Position of the first use or binding, for error messages.
    first: Option<Span>,
}

#[derive(Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    pub name: String,
    pub parent: Option<ScopeId>,
    pub children: Vec<ScopeId>,
    /// Names in order of first appearance.
    order: Vec<String>,
    syms: HashMap<String, Sym>,
    /// Parameter names in order (positional, keyword-only, *args, **kwargs).
    pub params: Vec<String>,
    pub is_generator: bool,
    /// Uses `super` or `__class__` (needs the implicit `__class__` cell).
    pub uses_class_cell: bool,
    /// Resolved access for every name, filled by `analyze`.
    pub access: HashMap<String, Access>,
    /// Locals that became cells, in order.
    pub cells: Vec<String>,
    /// Free variables, in order.
    pub frees: Vec<String>,
}

impl Scope {
    fn new(kind: ScopeKind, name: &str, parent: Option<ScopeId>) -> Scope {
        Scope {
            kind,
            name: name.to_string(),
            parent,
            children: Vec::new(),
            order: Vec::new(),
            syms: HashMap::new(),
            params: Vec::new(),
            is_generator: false,
            uses_class_cell: false,
            access: HashMap::new(),
            cells: Vec::new(),
            frees: Vec::new(),
        }
    }

    pub fn access(&self, name: &str) -> Access {
        self.access.get(name).copied().unwrap_or(match self.kind {
            ScopeKind::Module | ScopeKind::Class => Access::Name,
            _ => Access::GlobalImplicit,
        })
    }

    /// Local variables that are not parameters, in order of appearance.
    pub fn other_locals(&self) -> Vec<String> {
        self.order
            .iter()
            .filter(|n| !self.params.contains(n))
            .filter(|n| {
                matches!(
                    self.access.get(*n),
                    Some(Access::Local) | Some(Access::Cell)
                )
            })
            .cloned()
            .collect()
    }
}

/// Every scope of a module; scopes are found by the address of the AST node
/// that opens them (a def, class, lambda or comprehension).
pub struct SymbolTable {
    pub scopes: Vec<Scope>,
    by_node: HashMap<usize, ScopeId>,
}

impl SymbolTable {
    pub fn scope_of<T>(&self, node: &T) -> Option<ScopeId> {
        self.by_node.get(&(node as *const T as usize)).copied()
    }
}

pub fn build(module: &Module) -> Result<SymbolTable, CompileError> {
    let mut b = Builder {
        scopes: vec![Scope::new(ScopeKind::Module, "<module>", None)],
        by_node: HashMap::new(),
        current: 0,
    };
    for s in &module.body {
        b.stmt(s)?;
    }
    let mut table = SymbolTable {
        scopes: b.scopes,
        by_node: b.by_node,
    };
    analyze(&mut table, 0, &HashSet::new())?;
    Ok(table)
}

struct Builder {
    scopes: Vec<Scope>,
    by_node: HashMap<usize, ScopeId>,
    current: ScopeId,
}

fn err(msg: impl Into<String>, span: Span) -> CompileError {
    CompileError::syntax(msg, span)
}

impl Builder {
    fn scope(&mut self) -> &mut Scope {
        &mut self.scopes[self.current]
    }

    fn sym(&mut self, name: &str, span: Span) -> &mut Sym {
        let scope = &mut self.scopes[self.current];
        if !scope.syms.contains_key(name) {
            scope.order.push(name.to_string());
        }
        let s = scope.syms.entry(name.to_string()).or_default();
        if s.first.is_none() {
            s.first = Some(span);
        }
        s
    }

    fn bind(&mut self, name: &str, span: Span) {
        self.sym(name, span).bound = true;
    }

    fn use_name(&mut self, name: &str, span: Span) {
        if name == "super" || name == "__class__" {
            self.scope().uses_class_cell = true;
        }
        self.sym(name, span).used = true;
    }

    fn push_scope<T>(&mut self, node: &T, kind: ScopeKind, name: &str) -> ScopeId {
        let id = self.scopes.len();
        self.scopes.push(Scope::new(kind, name, Some(self.current)));
        self.scopes[self.current].children.push(id);
        self.by_node.insert(node as *const T as usize, id);
        self.current = id;
        id
    }

    fn stmts(&mut self, body: &[Stmt]) -> Result<(), CompileError> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> Result<(), CompileError> {
        match &s.kind {
            StmtKind::Expr(e) => self.expr(e)?,
            StmtKind::Assign { targets, value } => {
                self.expr(value)?;
                for t in targets {
                    self.target(t)?;
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(value)?;
                if let ExprKind::Name(n) = &target.kind {
                    self.use_name(n, target.span);
                }
                self.target(target)?;
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                ..
            } => {
                if let Some(v) = value {
                    self.expr(v)?;
                }
                // Only module and class bodies evaluate annotations.
                if matches!(self.scope().kind, ScopeKind::Module | ScopeKind::Class) {
                    self.expr(annotation)?;
                }
                if let ExprKind::Name(n) = &target.kind {
                    let sym = self.sym(n, target.span);
                    if sym.global || sym.nonlocal {
                        let what = if sym.global { "global" } else { "nonlocal" };
                        return Err(err(
                            format!("annotated name '{n}' can't be {what}"),
                            target.span,
                        ));
                    }
                    self.bind(n, target.span);
                } else {
                    self.target(target)?;
                }
            }
            StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
                self.expr(test)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                self.expr(iter)?;
                self.target(target)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::Break | StmtKind::Continue | StmtKind::Pass => {}
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.target(t)?;
                }
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                if let Some(m) = msg {
                    self.expr(m)?;
                }
            }
            StmtKind::Return(v) => {
                if let Some(v) = v {
                    self.expr(v)?;
                }
            }
            StmtKind::Global(names) | StmtKind::Nonlocal(names) => {
                let is_global = matches!(s.kind, StmtKind::Global(_));
                if !is_global && self.scope().kind == ScopeKind::Module {
                    return Err(err(
                        "nonlocal declaration not allowed at module level",
                        s.span,
                    ));
                }
                for n in names {
                    let kind = self.scope().kind;
                    let existing = self.scope().syms.get(n).copied().unwrap_or_default();
                    let what = if is_global { "global" } else { "nonlocal" };
                    if existing.param && kind != ScopeKind::Module {
                        return Err(err(format!("name '{n}' is parameter and {what}"), s.span));
                    }
                    if existing.bound && !existing.global && !existing.nonlocal {
                        return Err(err(
                            format!("name '{n}' is assigned to before {what} declaration"),
                            s.span,
                        ));
                    }
                    if existing.used && !existing.global && !existing.nonlocal {
                        return Err(err(
                            format!("name '{n}' is used prior to {what} declaration"),
                            s.span,
                        ));
                    }
                    if (is_global && existing.nonlocal) || (!is_global && existing.global) {
                        return Err(err(format!("name '{n}' is nonlocal and global"), s.span));
                    }
                    let sym = self.sym(n, s.span);
                    if is_global {
                        sym.global = true;
                    } else {
                        sym.nonlocal = true;
                    }
                }
            }
            StmtKind::Import(aliases) => {
                for a in aliases {
                    let name = a
                        .asname
                        .clone()
                        .unwrap_or_else(|| a.name.split('.').next().unwrap_or("").to_string());
                    self.bind(&name, a.span);
                }
            }
            StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    if a.name == "*" {
                        if self.scope().kind != ScopeKind::Module {
                            return Err(err("import * only allowed at module level", s.span));
                        }
                        continue;
                    }
                    let name = a.asname.clone().unwrap_or_else(|| a.name.clone());
                    self.bind(&name, a.span);
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.stmts(body)?;
                for h in handlers {
                    if let Some(t) = &h.typ {
                        self.expr(t)?;
                    }
                    if let Some(n) = &h.name {
                        self.bind(n, h.span);
                    }
                    self.stmts(&h.body)?;
                }
                self.stmts(orelse)?;
                self.stmts(finalbody)?;
            }
            StmtKind::Raise { exc, cause } => {
                if let Some(e) = exc {
                    self.expr(e)?;
                }
                if let Some(c) = cause {
                    self.expr(c)?;
                }
            }
            StmtKind::With { items, body } => {
                for it in items {
                    self.expr(&it.context_expr)?;
                    if let Some(t) = &it.optional_vars {
                        self.target(t)?;
                    }
                }
                self.stmts(body)?;
            }
            StmtKind::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(d)?;
                }
                self.defaults(&f.args)?;
                self.bind(&f.name, s.span);
                let saved = self.current;
                self.push_scope(&**f, ScopeKind::Function, &f.name);
                self.params(&f.args)?;
                self.stmts(&f.body)?;
                self.current = saved;
            }
            StmtKind::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.expr(d)?;
                }
                for b in &c.bases {
                    self.expr(b)?;
                }
                for k in &c.keywords {
                    self.expr(&k.value)?;
                }
                self.bind(&c.name, s.span);
                let saved = self.current;
                self.push_scope(&**c, ScopeKind::Class, &c.name);
                self.stmts(&c.body)?;
                self.current = saved;
            }
        }
        Ok(())
    }

    fn defaults(&mut self, a: &Arguments) -> Result<(), CompileError> {
        for d in &a.defaults {
            self.expr(d)?;
        }
        for d in a.kw_defaults.iter().flatten() {
            self.expr(d)?;
        }
        Ok(())
    }

    fn params(&mut self, a: &Arguments) -> Result<(), CompileError> {
        let all = a
            .posonlyargs
            .iter()
            .chain(&a.args)
            .chain(&a.kwonlyargs)
            .chain(a.vararg.iter())
            .chain(a.kwarg.iter());
        for p in all {
            if self.scope().params.contains(&p.arg) {
                return Err(err(
                    format!("duplicate argument '{}' in function definition", p.arg),
                    p.span,
                ));
            }
            self.scope().params.push(p.arg.clone());
            let s = self.sym(&p.arg, p.span);
            s.bound = true;
            s.param = true;
        }
        Ok(())
    }

    /// A name being assigned, deleted or bound by a loop.
    fn target(&mut self, t: &Expr) -> Result<(), CompileError> {
        match &t.kind {
            ExprKind::Name(n) => self.bind(n, t.span),
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.target(i)?;
                }
            }
            ExprKind::Starred(inner) => self.target(inner)?,
            ExprKind::Attribute { value, .. } => self.expr(value)?,
            ExprKind::Subscript { value, slice } => {
                self.expr(value)?;
                self.expr(slice)?;
            }
            _ => self.expr(t)?,
        }
        Ok(())
    }

    fn exprs(&mut self, es: &[Expr]) -> Result<(), CompileError> {
        for e in es {
            self.expr(e)?;
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> Result<(), CompileError> {
        match &e.kind {
            ExprKind::Name(n) => self.use_name(n, e.span),
            ExprKind::BoolOp { values, .. } => self.exprs(values)?,
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                if let ExprKind::Name(n) = &target.kind {
                    self.bind_walrus(n, target.span)?;
                }
            }
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left)?;
                self.expr(right)?;
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand)?,
            ExprKind::Lambda { args, body } => {
                self.defaults(args)?;
                let saved = self.current;
                self.push_scope(e, ScopeKind::Function, "<lambda>");
                self.params(args)?;
                self.expr(body)?;
                self.current = saved;
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test)?;
                self.expr(body)?;
                self.expr(orelse)?;
            }
            ExprKind::Dict { keys, values } => {
                for k in keys.iter().flatten() {
                    self.expr(k)?;
                }
                self.exprs(values)?;
            }
            ExprKind::Set(items) | ExprKind::List(items) | ExprKind::Tuple(items) => {
                self.exprs(items)?
            }
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, "<listcomp>", &[elt], generators)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, "<setcomp>", &[elt], generators)?
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, "<genexpr>", &[elt], generators)?
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(e, "<dictcomp>", &[key, value], generators)?,
            ExprKind::Await(v) => self.expr(v)?,
            ExprKind::Yield(v) => {
                self.mark_generator(e.span)?;
                if let Some(v) = v {
                    self.expr(v)?;
                }
            }
            ExprKind::YieldFrom(v) => {
                self.mark_generator(e.span)?;
                self.expr(v)?;
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.expr(left)?;
                self.exprs(comparators)?;
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func)?;
                self.exprs(args)?;
                for k in keywords {
                    self.expr(&k.value)?;
                }
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            } => {
                self.expr(value)?;
                if let Some(s) = format_spec {
                    self.expr(s)?;
                }
            }
            ExprKind::JoinedStr(parts) => self.exprs(parts)?,
            ExprKind::Constant(_) => {}
            ExprKind::Attribute { value, .. } => self.expr(value)?,
            ExprKind::Subscript { value, slice } => {
                self.expr(value)?;
                self.expr(slice)?;
            }
            ExprKind::Starred(v) => self.expr(v)?,
            ExprKind::Slice { lower, upper, step } => {
                for x in [lower, upper, step].into_iter().flatten() {
                    self.expr(x)?;
                }
            }
        }
        Ok(())
    }

    fn mark_generator(&mut self, span: Span) -> Result<(), CompileError> {
        match self.scope().kind {
            ScopeKind::Module | ScopeKind::Class => Err(err("'yield' outside function", span)),
            ScopeKind::Comprehension => {
                let what = self
                    .scope()
                    .name
                    .trim_matches(['<', '>'])
                    .replace("comp", " comprehension")
                    .replace("genexpr", "generator expression");
                Err(err(format!("'yield' inside {what}"), span))
            }
            ScopeKind::Function => {
                self.scope().is_generator = true;
                Ok(())
            }
        }
    }

    /// `x := v` binds in the nearest enclosing non-comprehension scope.
    fn bind_walrus(&mut self, name: &str, span: Span) -> Result<(), CompileError> {
        if self.scope().kind != ScopeKind::Comprehension {
            self.bind(name, span);
            return Ok(());
        }
        let mut target = self.current;
        while self.scopes[target].kind == ScopeKind::Comprehension {
            target = self.scopes[target].parent.unwrap_or(0);
        }
        if self.scopes[target].kind == ScopeKind::Class {
            return Err(err(
                "assignment expression within a comprehension cannot be used in a class body",
                span,
            ));
        }
        // Bind there, and in each comprehension on the way declare it
        // nonlocal (or global at module level) so stores reach it.
        let is_module = self.scopes[target].kind == ScopeKind::Module;
        let saved = self.current;
        self.current = target;
        self.bind(name, span);
        self.current = saved;
        let mut s = self.current;
        while s != target {
            self.current = s;
            let sym = self.sym(name, span);
            if is_module {
                sym.global = true;
            } else {
                sym.nonlocal = true;
            }
            sym.bound = true;
            s = self.scopes[s].parent.unwrap_or(0);
        }
        self.current = saved;
        Ok(())
    }

    /// A comprehension is a function of one argument (`.0`, the iterator of
    /// its first `for`), whose first iterable is evaluated outside it.
    fn comprehension(
        &mut self,
        node: &Expr,
        name: &str,
        elts: &[&Expr],
        gens: &[Comprehension],
    ) -> Result<(), CompileError> {
        let Some(first) = gens.first() else {
            return Ok(());
        };
        self.expr(&first.iter)?;
        let saved = self.current;
        let id = self.push_scope(node, ScopeKind::Comprehension, name);
        if name == "<genexpr>" {
            self.scopes[id].is_generator = true;
        }
        self.scope().params.push(".0".into());
        let s = self.sym(".0", node.span);
        s.bound = true;
        s.param = true;
        for (i, g) in gens.iter().enumerate() {
            if i > 0 {
                self.expr(&g.iter)?;
            }
            self.target(&g.target)?;
            for cond in &g.ifs {
                self.expr(cond)?;
            }
        }
        for e in elts {
            self.expr(e)?;
        }
        self.current = saved;
        Ok(())
    }
}

/// Resolves names in scope `id`, given the names bound by enclosing
/// *function* scopes (`enclosing`), and returns the free variables it needs
/// from outside.
fn analyze(
    table: &mut SymbolTable,
    id: ScopeId,
    enclosing: &HashSet<String>,
) -> Result<HashSet<String>, CompileError> {
    let kind = table.scopes[id].kind;
    let names: Vec<String> = table.scopes[id].order.clone();
    let mut access = HashMap::new();
    let mut locals = HashSet::new();
    for n in &names {
        let s = table.scopes[id].syms[n];
        let a = if s.global {
            Access::GlobalExplicit
        } else if s.nonlocal {
            if !enclosing.contains(n) {
                return Err(err(
                    format!("no binding for nonlocal '{n}' found"),
                    s.first.unwrap_or_default(),
                ));
            }
            Access::Free
        } else if s.bound || s.param {
            match kind {
                ScopeKind::Module | ScopeKind::Class => Access::Name,
                _ => {
                    locals.insert(n.clone());
                    Access::Local
                }
            }
        } else if enclosing.contains(n) {
            Access::Free
        } else {
            match kind {
                ScopeKind::Module | ScopeKind::Class => Access::Name,
                _ => Access::GlobalImplicit,
            }
        };
        access.insert(n.clone(), a);
    }
    // What nested functions can see: our locals plus what we can see, except
    // that a class body's names are invisible to the functions inside it.
    let mut inner_env = enclosing.clone();
    match kind {
        ScopeKind::Function | ScopeKind::Comprehension => {
            inner_env.extend(locals.iter().cloned());
            // Names we declare global shadow outer locals for our children.
            for (n, a) in &access {
                if *a == Access::GlobalExplicit {
                    inner_env.remove(n);
                }
            }
        }
        ScopeKind::Class => {
            inner_env.insert("__class__".into());
        }
        ScopeKind::Module => {}
    }
    let mut free_from_children = HashSet::new();
    let children = table.scopes[id].children.clone();
    for c in children {
        // A method using super() needs __class__ from the class around it.
        if table.scopes[c].uses_class_cell
            && kind == ScopeKind::Class
            && table.scopes[c].kind != ScopeKind::Class
        {
            let sc = &mut table.scopes[c];
            if !sc.syms.contains_key("__class__") {
                sc.order.push("__class__".into());
            }
            let sym = sc.syms.entry("__class__".into()).or_default();
            sym.used = true;
        }
        let child_free = analyze(table, c, &inner_env)?;
        free_from_children.extend(child_free);
    }
    let mut my_free: HashSet<String> = access
        .iter()
        .filter(|(_, a)| **a == Access::Free)
        .map(|(n, _)| n.clone())
        .collect();
    let mut cells = Vec::new();
    for n in &free_from_children {
        match access.get(n) {
            Some(Access::Local) => {
                access.insert(n.clone(), Access::Cell);
            }
            _ if kind == ScopeKind::Class && n == "__class__" => {
                access.insert(n.clone(), Access::Cell);
            }
            Some(Access::GlobalExplicit) => {}
            _ => {
                if kind != ScopeKind::Module {
                    my_free.insert(n.clone());
                    if kind != ScopeKind::Class || !access.contains_key(n) {
                        access.insert(n.clone(), Access::Free);
                    }
                }
            }
        }
    }
    // Cells in order: parameters first, then other names, then __class__.
    let scope = &mut table.scopes[id];
    for n in scope
        .order
        .iter()
        .chain(std::iter::once(&"__class__".to_string()))
    {
        if access.get(n) == Some(&Access::Cell) && !cells.contains(n) {
            cells.push(n.clone());
        }
    }
    let mut frees: Vec<String> = my_free.iter().cloned().collect();
    frees.sort_by_key(|n| {
        scope
            .order
            .iter()
            .position(|o| o == n)
            .unwrap_or(usize::MAX)
    });
    scope.access = access;
    scope.cells = cells;
    scope.frees = frees;
    if kind == ScopeKind::Class {
        // A class passes through what its methods need from outside, but its
        // own names (and __class__) are not free from the outside's view.
        my_free.remove("__class__");
    }
    Ok(my_free)
}
