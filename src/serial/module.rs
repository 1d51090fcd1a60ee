//! The `_serial` built-in module: `dumps(obj) -> bytes`,
//! `loads(data) -> obj`, and the exception classes `PickleError`,
//! `PicklingError` and `UnpicklingError` (named as pickle's, so code can be
//! written against either).

use crate::modules::{add_functions, set_attr};
use crate::objects::exception::{type_error, PyErr};
use crate::objects::{Args, BytesObj, Class, DictObj, ExcKind, Value};
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

pub fn make_module(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_serial", None);
    add_functions(vm, &m, &[("dumps", dumps), ("loads", loads)]);
    let base = vm.exc_class(ExcKind::Exception);
    let pickle_error = new_error_class(vm, "PickleError", base)?;
    let pickling = new_error_class(vm, "PicklingError", pickle_error.clone())?;
    let unpickling = new_error_class(vm, "UnpicklingError", pickle_error.clone())?;
    set_attr(vm, &m, "PickleError", Value::Class(pickle_error));
    set_attr(vm, &m, "PicklingError", Value::Class(pickling));
    set_attr(vm, &m, "UnpicklingError", Value::Class(unpickling));
    set_attr(
        vm,
        &m,
        "FORMAT_VERSION",
        Value::Int(i64::from(super::format::VERSION)),
    );
    Ok(m)
}

fn new_error_class(vm: &mut Vm, name: &str, base: Rc<Class>) -> PyResult<Rc<Class>> {
    let ns = DictObj::new();
    vm.dict_set_str(
        &ns,
        vm.interp.names.__module__.clone(),
        Value::str("_serial"),
    );
    vm.dict_set_str(&ns, vm.interp.names.__qualname__.clone(), Value::str(name));
    match vm.make_class(name, name, vec![base], ns, Value::None)? {
        Value::Class(c) => Ok(c),
        _ => unreachable!("make_class makes classes"),
    }
}

/// `_serial.<name>`, the module being imported if needed.
pub fn error_class(vm: &mut Vm, name: &str) -> Option<Rc<Class>> {
    let key = vm.intern("_serial");
    let m = vm.import_module(&key).ok()?;
    let name = vm.intern(name);
    match vm.getattr_opt(&m, &name) {
        Ok(Some(Value::Class(c))) => Some(c),
        _ => None,
    }
}

/// An exception of class `_serial.<name>` (ValueError if the module is
/// unavailable).
pub fn error(vm: &mut Vm, name: &str, msg: String) -> PyErr {
    match error_class(vm, name) {
        Some(cls) => PyErr::from_value(vm.new_exception_object(&cls, vec![Value::str(msg)])),
        None => PyErr::new(ExcKind::ValueError, msg),
    }
}

/// `dumps(obj)`
fn dumps(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("dumps", 1, 1)?;
    let data = super::dumps(vm, &a[0])?;
    Ok(Value::Bytes(BytesObj::new(data)))
}

/// `loads(data)`
fn loads(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.positional("loads", 1, 1)?;
    match &a[0] {
        Value::Bytes(b) => {
            let b = b.clone();
            super::loads(vm, &b.data)
        }
        other => Err(type_error(format!(
            "a bytes-like object is required, not '{}'",
            vm.type_name(other)
        ))),
    }
}
