//! Built-in modules: `builtins`, and the standard-library modules mini
//! provides natively.

pub mod builtins;
pub mod math;
pub mod mp;
pub mod os;
pub mod os_threads;
pub mod random;
pub mod random_core;
pub mod structseq;
pub mod sys;
pub mod thread;
pub mod time;
pub mod traceback;

use crate::objects::Value;
use crate::vm::{PyResult, Vm};

/// Creates a built-in module by name.
pub type ModuleMaker = fn(&mut Vm) -> PyResult<Value>;

pub fn builtin_module(name: &str) -> Option<ModuleMaker> {
    Some(match name {
        "sys" => sys::make,
        "time" => time::make,
        "math" => math::make,
        "random" => random::make,
        "posix" => os::make,
        "_thread" => thread::make,
        "_serial" => crate::serial::make_module,
        "_traceback" => traceback::make,
        "_multiprocessing" => mp::make,
        "builtins" => |vm: &mut Vm| Ok(Value::Module(vm.interp.builtins_module.clone())),
        _ => return None,
    })
}

/// Adds native functions to a module object.
pub fn add_functions(vm: &Vm, module: &Value, fns: &[(&'static str, crate::objects::NativeFn)]) {
    if let Value::Module(m) = module {
        for (name, f) in fns {
            let key = vm.intern(name);
            vm.dict_set_str(
                &m.dict,
                key,
                Value::Builtin(crate::objects::BuiltinFn::new(name, *f)),
            );
        }
    }
}

/// Sets a module attribute.
pub fn set_attr(vm: &Vm, module: &Value, name: &str, v: Value) {
    if let Value::Module(m) = module {
        let key = vm.intern(name);
        vm.dict_set_str(&m.dict, key, v);
    }
}

/// At interpreter exit, after the threads: the `atexit` callbacks, if the
/// program imported `atexit` (multiprocessing does, to reap children).
pub fn atexit_hook(vm: &mut Vm) {
    let modules = vm.interp.modules.clone();
    let name = vm.intern("atexit");
    let Ok(Some(atexit)) = vm.dict_get_str(&modules, &name) else {
        return;
    };
    let run = vm.intern("_run_exitfuncs");
    if let Ok(Some(f)) = vm.getattr_opt(&atexit, &run) {
        let _ = vm.call0(&f);
    }
}

/// At interpreter exit: wait for the threads that are not daemons
/// (`threading._shutdown`), if the program used `threading` at all.
pub fn threading_exit_hook(vm: &mut Vm) -> PyResult<()> {
    let modules = vm.interp.modules.clone();
    let name = vm.intern("threading");
    let Some(threading) = vm.dict_get_str(&modules, &name)? else {
        return Ok(());
    };
    let shutdown = vm.intern("_shutdown");
    match vm.getattr_opt(&threading, &shutdown)? {
        Some(f) => vm.call0(&f).map(|_| ()),
        None => Ok(()),
    }
}
