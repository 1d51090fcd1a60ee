//! Running mini code inside another Rust program (the benchmarks in
//! `benches/` use this): an `Interpreter` owns a VM, shares the process's
//! one GIL with any other interpreter, and runs source text in a fresh
//! `__main__` namespace each time. Output from `print` goes to the
//! process's stdout, as under the `mini` binary.

use crate::gil::GilLock;
use crate::objects::Value;
use crate::vm::boot::{new_main_vm, THREAD_STACK};
use crate::vm::{Config, Vm};
use std::rc::Rc;

/// A mini interpreter living on the thread that made it.
///
/// Make it on a thread with `STACK_SIZE` bytes of stack (as `run_source`
/// does): the VM sizes its recursion guard by that figure.
pub struct Interpreter {
    vm: Vm,
}

/// The stack the thread running an `Interpreter` needs.
pub const STACK_SIZE: usize = THREAD_STACK;

impl Interpreter {
    pub fn new() -> Interpreter {
        let gil = GilLock::new_default();
        let mut config = Config::default();
        config.argv.push(String::new());
        Interpreter {
            vm: new_main_vm(config, gil),
        }
    }

    /// Compiles and runs `source` as a module named `__main__`, in a fresh
    /// namespace. An uncaught exception or a syntax error comes back as
    /// the text python3 would print for it.
    pub fn run(&mut self, source: &str) -> Result<(), String> {
        let filename = "<string>";
        let code = crate::compiler::compile_module(source, filename)
            .map_err(|e| crate::vm::boot::render_compile_error(&e, source))?;
        let Value::Module(m) = self.vm.new_module("__main__", None) else {
            return Err("could not make a module".into());
        };
        let code = self.vm.load_code(&code, Some(Rc::from(source)));
        let r = self.vm.run_module_code(code, &m.dict);
        crate::stdio::stdout_flush();
        r.map(|_| ()).map_err(|e| {
            let exc = self.vm.exc_value(e);
            self.vm.format_exception(&exc)
        })
    }
}

impl Default for Interpreter {
    fn default() -> Self {
        Interpreter::new()
    }
}

/// Runs `source` once in a new interpreter, on a new thread with a big
/// enough stack. See `Interpreter::run` for the result.
pub fn run_source(source: &str) -> Result<(), String> {
    let source = source.to_string();
    std::thread::Builder::new()
        .name("mini".into())
        .stack_size(STACK_SIZE)
        .spawn(move || Interpreter::new().run(&source))
        .map_err(|e| e.to_string())?
        .join()
        .unwrap_or_else(|_| Err("the interpreter thread panicked".into()))
}
