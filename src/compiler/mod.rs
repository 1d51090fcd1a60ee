//! AST to bytecode.
//!
//! `symtable` decides how each name is accessed; `Compiler` (statements in
//! `stmt.rs`, expressions in `expr.rs`) then walks the AST emitting
//! instructions into a stack of `Unit`s, one per code object being built
//! (module, function, class body, lambda, comprehension).

pub mod bytecode;
pub mod disasm;
mod expr;
pub mod fuse;
mod stmt;
pub mod symtable;
mod unit;
pub mod warnings;

use crate::syntax::ast::{Module, Span};
use crate::syntax::{SyntaxError, SyntaxErrorKind};
use bytecode::{CodeObject, Const, Instr, Position};
use symtable::{Access, ScopeKind, SymbolTable};
use unit::Unit;
pub use warnings::CompileWarning;

/// Why compiling failed.
#[derive(Clone, Debug, PartialEq)]
pub enum CompileErrorKind {
    Syntax(SyntaxErrorKind),
    /// Nesting too deep to compile (`RecursionError` in CPython).
    Recursion,
}

/// A compile error with everything a SyntaxError object carries.
#[derive(Clone, Debug, PartialEq)]
pub struct CompileError {
    pub kind: CompileErrorKind,
    pub msg: String,
    pub span: Span,
    /// Filled in by `locate`.
    pub filename: String,
    pub line: u32,
    /// 1-based character offsets, as SyntaxError.offset.
    pub offset: u32,
    pub end_line: u32,
    pub end_offset: u32,
    /// The source line.
    pub text: Option<String>,
    /// The input merely ended too early (the REPL asks for more).
    pub incomplete: bool,
}

impl CompileError {
    pub fn syntax(msg: impl Into<String>, span: Span) -> CompileError {
        CompileError {
            kind: CompileErrorKind::Syntax(SyntaxErrorKind::Syntax),
            msg: msg.into(),
            span,
            filename: String::new(),
            line: 0,
            offset: 0,
            end_line: 0,
            end_offset: 0,
            text: None,
            incomplete: false,
        }
    }

    fn from_parse(e: SyntaxError) -> CompileError {
        CompileError {
            kind: CompileErrorKind::Syntax(e.kind),
            incomplete: e.incomplete,
            ..CompileError::syntax(e.msg, e.span)
        }
    }

    fn recursion() -> CompileError {
        CompileError {
            kind: CompileErrorKind::Recursion,
            ..CompileError::syntax(
                "maximum recursion depth exceeded during compilation",
                Span::default(),
            )
        }
    }

    /// Fills in line, offsets and text from the span.
    fn locate(mut self, filename: &str, source: &str) -> CompileError {
        self.filename = filename.to_string();
        if self.kind == CompileErrorKind::Recursion {
            return self;
        }
        let lines = LineStarts::new(source);
        let (line, col) = lines.line_col(source, self.span.start as usize);
        let (end_line, end_col) = lines.line_col(source, self.span.end as usize);
        self.line = line;
        self.offset = col + 1;
        self.end_line = end_line;
        self.end_offset = if self.span.end > self.span.start {
            end_col + 1
        } else {
            0
        };
        self.text = lines.text(source, line).map(|t| format!("{t}\n"));
        self
    }
}

/// Offsets of line starts, for turning byte offsets into positions.
pub struct LineStarts {
    starts: Vec<usize>,
}

impl LineStarts {
    pub fn new(source: &str) -> LineStarts {
        let mut starts = vec![0];
        starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
        LineStarts { starts }
    }

    /// 1-based line and 0-based byte column.
    pub fn line_col_bytes(&self, offset: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        (line as u32, (offset - self.starts[line - 1]) as u32)
    }

    /// 1-based line and 0-based character column.
    pub fn line_col(&self, source: &str, offset: usize) -> (u32, u32) {
        let (line, col) = self.line_col_bytes(offset.min(source.len()));
        let start = self.starts[line as usize - 1];
        let end = (start + col as usize).min(source.len());
        let chars = source
            .get(start..end)
            .map_or(col as usize, |s| s.chars().count());
        (line, chars as u32)
    }

    pub fn text<'s>(&self, source: &'s str, line: u32) -> Option<&'s str> {
        let start = *self.starts.get(line as usize - 1)?;
        let end = self
            .starts
            .get(line as usize)
            .map_or(source.len(), |e| e - 1);
        source
            .get(start..end.max(start))
            .map(|t| t.trim_end_matches('\r'))
    }
}

/// Checks that source bytes are UTF-8, producing CPython's SyntaxError otherwise.
pub fn decode_source(bytes: &[u8], filename: &str) -> Result<String, CompileError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            let s = s.strip_prefix('\u{feff}').unwrap_or(s);
            Ok(s.to_string())
        }
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let mut err = CompileError::syntax(
                format!(
                    "Non-UTF-8 code starting with '\\x{:02x}' in file {} on line {}, but no encoding declared; see https://peps.python.org/pep-0263/ for details",
                    bytes[at], filename, line
                ),
                Span::default(),
            );
            err.filename = filename.to_string();
            Err(err)
        }
    }
}

/// Compiles a module (a script or an imported file).
pub fn compile_module(source: &str, filename: &str) -> Result<CodeObject, CompileError> {
    compile(source, filename, false).map(|(code, _)| code)
}

/// Compiles a module, also returning the SyntaxWarnings found (in the
/// order CPython reports them), for the caller to print.
pub fn compile_module_with_warnings(
    source: &str,
    filename: &str,
) -> Result<(CodeObject, Vec<CompileWarning>), CompileError> {
    compile(source, filename, false)
}

/// Compiles one REPL input: expression statements print their values.
pub fn compile_interactive(source: &str, filename: &str) -> Result<CodeObject, CompileError> {
    compile(source, filename, true).map(|(code, _)| code)
}

fn compile(
    source: &str,
    filename: &str,
    interactive: bool,
) -> Result<(CodeObject, Vec<CompileWarning>), CompileError> {
    let module = crate::syntax::parse_module(source)
        .map_err(|e| CompileError::from_parse(e).locate(filename, source))?;
    compile_ast(&module, source, filename, interactive).map_err(|e| e.locate(filename, source))
}

fn compile_ast(
    module: &Module,
    source: &str,
    filename: &str,
    interactive: bool,
) -> Result<(CodeObject, Vec<CompileWarning>), CompileError> {
    let table = symtable::build(module)?;
    let mut c = Compiler {
        table: &table,
        lines: LineStarts::new(source),
        filename: filename.to_string(),
        interactive,
        units: Vec::new(),
        depth: 0,
        warnings: Vec::new(),
    };
    let code = c.module(module)?;
    Ok((code, c.warnings))
}

/// Nesting depth beyond which compiling gives up (as CPython's
/// "maximum recursion depth exceeded during compilation").
const MAX_DEPTH: u32 = 2500;

pub(crate) struct Compiler<'t> {
    table: &'t SymbolTable,
    lines: LineStarts,
    filename: String,
    interactive: bool,
    units: Vec<Unit>,
    depth: u32,
    warnings: Vec<CompileWarning>,
}

impl<'t> Compiler<'t> {
    /// CPython compiles a function's defaults before its body; mini the
    /// other way round. Moves the warnings of the body (from `body_start`
    /// to `body_end`) after those found since, to report in CPython's order.
    fn body_warnings_last(&mut self, body_start: usize, body_end: usize) {
        self.warnings[body_start..].rotate_left(body_end - body_start);
    }

    /// Records a SyntaxWarning at the line being compiled.
    fn warn(&mut self, message: Option<String>) {
        if let Some(message) = message {
            let line = self.unit().pos.line;
            self.warnings.push(CompileWarning { line, message });
        }
    }

    fn unit(&mut self) -> &mut Unit {
        self.units.last_mut().expect("a unit is being compiled")
    }

    fn emit(&mut self, i: Instr) -> usize {
        self.unit().emit(i)
    }

    fn set_pos(&mut self, span: Span) -> Position {
        let (line, col) = self.lines.line_col_bytes(span.start as usize);
        let (end_line, end_col) = self.lines.line_col_bytes(span.end as usize);
        let p = Position {
            line,
            end_line,
            col,
            end_col,
        };
        std::mem::replace(&mut self.unit().pos, p)
    }

    fn restore_pos(&mut self, p: Position) {
        self.unit().pos = p;
    }

    fn enter(&mut self) -> Result<(), CompileError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(CompileError::recursion());
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn load_const(&mut self, c: Const) {
        let i = self.unit().add_const(c);
        self.emit(Instr::LoadConst(i));
    }

    fn scope_kind(&self) -> ScopeKind {
        let u = self.units.last().expect("unit");
        self.table.scopes[u.scope].kind
    }

    fn access(&self, name: &str) -> Access {
        let u = self.units.last().expect("unit");
        self.table.scopes[u.scope].access(name)
    }

    /// Slot of a local, cell or free variable.
    fn slot(&self, name: &str) -> u32 {
        let co = &self.units.last().expect("unit").co;
        co.varnames
            .iter()
            .chain(&co.cellvars)
            .chain(&co.freevars)
            .position(|n| n == name)
            .unwrap_or(0) as u32
    }

    /// The slot of a free variable (class bodies keep names and free
    /// variables of the same name apart).
    fn free_slot(&self, name: &str) -> u32 {
        let co = &self.units.last().expect("unit").co;
        let base = co.varnames.len() + co.cellvars.len();
        co.freevars
            .iter()
            .position(|n| n == name)
            .map(|i| (base + i) as u32)
            .unwrap_or_else(|| self.slot(name))
    }

    fn qualname_for(&self, name: &str) -> String {
        // CPython: nested in a function -> "f.<locals>.name"; in a class -> "C.name".
        let Some(u) = self.units.last() else {
            return name.to_string();
        };
        let scope = &self.table.scopes[u.scope];
        match scope.kind {
            ScopeKind::Module => name.to_string(),
            ScopeKind::Class => format!("{}.{}", u.co.qualname, name),
            ScopeKind::Function | ScopeKind::Comprehension => {
                format!("{}.<locals>.{}", u.co.qualname, name)
            }
        }
    }

    fn new_code(&self, name: &str, qualname: String, first_line: u32, flags: u32) -> CodeObject {
        CodeObject {
            name: name.to_string(),
            qualname,
            filename: self.filename.clone(),
            first_line,
            instrs: Vec::new(),
            positions: Vec::new(),
            consts: Vec::new(),
            names: Vec::new(),
            varnames: Vec::new(),
            cellvars: Vec::new(),
            freevars: Vec::new(),
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            flags,
            exc_table: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests;
