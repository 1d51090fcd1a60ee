//! Starting an interpreter and running a program to completion: building
//! the built-in types and modules, running `__main__`, and turning the
//! outcome (normal end, `SystemExit`, an uncaught exception) into the
//! process exit status python3 would give.

use super::interp::{Config, Interp, Names};
use super::{ThreadState, Vm};
use crate::compiler::{CompileError, CompileErrorKind};
use crate::gil::{GilGuard, GilLock};
use crate::modules::builtins::{self, types::Builder};
use crate::objects::exception::PyErr;
use crate::objects::{DictObj, ExcKind, Module, StrObj, Value};
use crate::syntax::SyntaxErrorKind;
use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

/// Stack size of every thread that runs mini code (virtual memory; only
/// what deep recursion touches is ever committed).
pub const THREAD_STACK: usize = 256 << 20;

/// How a program ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Exit(i32),
    /// An uncaught KeyboardInterrupt: die by SIGINT, as python3 does.
    Interrupted,
}

/// Creates the interpreter and the main thread's VM. Must run on a thread
/// with `THREAD_STACK` bytes of stack.
pub fn new_main_vm(config: Config, gil: &'static GilLock) -> Vm {
    let guard = GilGuard::acquire_named(gil, "MainThread");
    let interp = {
        let g = guard.token();
        let mut interned: HashMap<Box<str>, Rc<StrObj>> = HashMap::new();
        let mut intern = |s: &str| -> Rc<StrObj> {
            if let Some(v) = interned.get(s) {
                return v.clone();
            }
            let v = StrObj::new(s.to_string());
            v.hash();
            interned.insert(s.into(), v.clone());
            v
        };
        let names = Names::new(&mut intern);
        let types = builtins::types::make_types(&mut Builder {
            gil: g,
            intern: &mut intern,
        });
        let builtins_dict = DictObj::new();
        builtins::populate(g, &builtins_dict, &types, &mut intern);
        let builtins_module = Rc::new(Module {
            name: intern("builtins"),
            dict: builtins_dict.clone(),
        });
        let ascii_chars = (0u8..128)
            .map(|c| intern(&(c as char).to_string()))
            .collect();
        Rc::new(Interp {
            types,
            names,
            builtins: builtins_dict,
            builtins_module,
            modules: DictObj::new(),
            interned: crate::gil::GilCell::new(interned),
            recursion_limit: Cell::new(1000),
            config,
            gil,
            ascii_chars,
            precompiled: crate::gil::GilCell::new(Default::default()),
            lazy_types: Default::default(),
        })
    };
    let mut vm = Vm::new(
        interp,
        guard,
        ThreadState {
            ident: crate::vm::thread_ident(),
            is_main: true,
            locals: Vec::new(),
        },
        THREAD_STACK,
    );
    // sys is always loaded (print looks up sys.stdout).
    let sys = vm.intern("sys");
    let _ = vm.import_module(&sys);
    vm
}

impl Vm {
    /// The `__main__` module, created on first use.
    pub fn main_module(&mut self) -> Value {
        let key = self.intern("__main__");
        let modules = self.interp.modules.clone();
        if let Ok(Some(m)) = self.dict_get_str(&modules, &key) {
            return m;
        }
        let file = self.interp.config.script.as_ref().map(|p| {
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string()
        });
        let m = self.new_module("__main__", file.as_deref());
        self.dict_set_str(&modules, key, m.clone());
        m
    }

    /// Compiles and runs a program as `__main__`; reports errors as python3.
    pub fn run_program(&mut self, source: &str, filename: &str, keep_source: bool) -> Outcome {
        let code = match crate::compiler::compile_module_with_warnings(source, filename) {
            Ok((c, warnings)) => {
                print_warnings(&warnings, filename, keep_source.then_some(source));
                c
            }
            Err(e) => {
                crate::stdio::stderr_write(&render_compile_error(&e, source));
                return Outcome::Exit(1);
            }
        };
        let main = self.main_module();
        let Value::Module(m) = &main else {
            unreachable!()
        };
        let globals = m.dict.clone();
        let code = self.load_code(&code, keep_source.then(|| Rc::from(source)));
        if self.interp.config.script.is_some() {
            self.record_compiled(super::precompiled::MAIN, source, &code);
        }
        let r = self.run_module_code(code, &globals);
        self.finish(r.map(|_| ()))
    }

    /// Turns the end of the main program into an outcome: handles
    /// SystemExit, prints uncaught exceptions, waits for threads, flushes.
    pub fn finish(&mut self, r: Result<(), PyErr>) -> Outcome {
        let mut outcome = match r {
            Ok(()) => Outcome::Exit(0),
            Err(e) => self.report_uncaught(e),
        };
        if outcome == Outcome::Interrupted {
            crate::modules::mp::EXITING_BY_INTERRUPT
                .store(true, std::sync::atomic::Ordering::SeqCst);
        }
        if let Err(e) = crate::modules::threading_exit_hook(self) {
            if outcome == Outcome::Exit(0) {
                outcome = self.report_uncaught(e);
            }
        }
        crate::modules::atexit_hook(self);
        crate::modules::mp::flush_puts();
        crate::stdio::stdout_flush();
        outcome
    }

    /// What python3 does with an exception nobody caught.
    pub fn report_uncaught(&mut self, e: PyErr) -> Outcome {
        let exc = self.exc_value(e);
        if self.isinstance(&exc, &self.exc_class(ExcKind::SystemExit)) {
            let code = self.stop_iteration_value(&exc);
            return match code {
                Value::None => Outcome::Exit(0),
                Value::Int(i) => Outcome::Exit(i as i32),
                Value::Bool(b) => Outcome::Exit(b as i32),
                other => {
                    let msg = self.str(&other).unwrap_or_default();
                    crate::stdio::stdout_flush();
                    crate::stdio::stderr_write(&format!("{msg}\n"));
                    Outcome::Exit(1)
                }
            };
        }
        crate::stdio::stdout_flush();
        let text = self.format_exception(&exc);
        crate::stdio::stderr_write(&text);
        if self.isinstance(&exc, &self.exc_class(ExcKind::KeyboardInterrupt)) {
            return Outcome::Interrupted;
        }
        Outcome::Exit(1)
    }

    /// A SyntaxError (or RecursionError) object for a compile error, with
    /// the attributes traceback printing reads.
    pub fn syntax_error_value(&mut self, e: CompileError) -> PyErr {
        let kind = match e.kind {
            CompileErrorKind::Recursion => return PyErr::new(ExcKind::RecursionError, e.msg),
            CompileErrorKind::Syntax(SyntaxErrorKind::Syntax) => ExcKind::SyntaxError,
            CompileErrorKind::Syntax(SyntaxErrorKind::Indentation) => ExcKind::IndentationError,
            CompileErrorKind::Syntax(SyntaxErrorKind::Tab) => ExcKind::TabError,
        };
        let details = if e.line == 0 {
            Value::tuple(vec![
                Value::str(e.filename.as_str()),
                Value::None,
                Value::None,
                Value::None,
                Value::None,
                Value::None,
            ])
        } else {
            Value::tuple(vec![
                Value::str(e.filename.as_str()),
                Value::Int(e.line as i64),
                Value::Int(e.offset as i64),
                e.text.clone().map_or(Value::None, Value::str),
                Value::Int(e.end_line as i64),
                Value::Int(e.end_offset as i64),
            ])
        };
        let cls = Value::Class(self.exc_class(kind));
        match self.call2(&cls, Value::str(e.msg.as_str()), details) {
            Ok(v) => PyErr::from_value(v),
            Err(err) => err,
        }
    }
}

/// Prints compile-time SyntaxWarnings on stderr as Python's `warnings`
/// module shows them (with the source line when there is a file to read).
pub fn print_warnings(
    warnings: &[crate::compiler::CompileWarning],
    filename: &str,
    source: Option<&str>,
) {
    for w in warnings {
        crate::stdio::stderr_write(&w.render(filename, source));
    }
}

/// How python3 prints a compile error of the main script.
pub fn render_compile_error(e: &CompileError, source: &str) -> String {
    match e.kind {
        CompileErrorKind::Recursion => format!("RecursionError: {}\n", e.msg),
        CompileErrorKind::Syntax(kind)
            if e.line == 0
                && e.span.end == 0
                && e.span.start == 0
                && !e.msg.is_empty()
                && e.text.is_none() =>
        {
            let name = match kind {
                SyntaxErrorKind::Syntax => "SyntaxError",
                SyntaxErrorKind::Indentation => "IndentationError",
                SyntaxErrorKind::Tab => "TabError",
            };
            format!("{name}: {}\n", e.msg)
        }
        CompileErrorKind::Syntax(kind) => crate::syntax::render_syntax_error(
            &e.filename,
            source,
            &crate::syntax::SyntaxError {
                kind,
                msg: e.msg.clone(),
                span: e.span,
                incomplete: e.incomplete,
            },
        ),
    }
}
