//! Serialization of values to bytes and back: what `multiprocessing` uses
//! to move values between processes, and the `_serial` built-in module.
//!
//! ```text
//! pub fn dumps(vm, &value) -> PyResult<Vec<u8>>   // in the sending process
//! pub fn loads(vm, &bytes) -> PyResult<Value>     // in the receiving process
//! ```
//!
//! What the format keeps, in short (docs/serialization.md has the details):
//!
//! * Plain data by value: None, bools, ints of any size, floats bit for
//!   bit, str, bytes, tuple, list, dict (in order), set, frozenset, range,
//!   slice, Ellipsis, NotImplemented.
//! * Identity: an object reached twice is sent once and comes back as one
//!   object; cycles survive (`a = []; a.append(a)`).
//! * Classes, module-level functions, built-in functions and types by
//!   reference (module name + qualified name), resolved on load through
//!   `sys.modules` first, importing the module if it is missing.
//! * Functions that cannot be found by name (lambdas, nested functions) by
//!   value: code, defaults, closure cells (shared through the memo) and the
//!   name of their module, whose namespace becomes their globals.
//! * Instances: class by reference, state = `__dict__` (or `__getstate__`),
//!   rebuilt without calling `__init__`; `__reduce__`/`__reduce_ex__` and
//!   `__setstate__` are honoured. Exceptions: class, `args`, `__dict__`,
//!   `__cause__`/`__context__`, rebuilt without `__init__`.
//! * What cannot be sent (files, locks, generators, modules, iterators,
//!   bare cells, ...) raises `TypeError: cannot pickle 'T' object` in
//!   `dumps`, naming the type as CPython does.
//!
//! Errors: `dumps` raises `TypeError` for values that cannot be sent,
//! `_serial.PicklingError` for classes or functions that cannot be found by
//! name, and `AttributeError` for local classes (as CPython's pickle).
//! `loads` raises `_serial.UnpicklingError` for any malformed payload
//! (truncated, corrupt, random, wrong version) and never panics; errors of
//! code it runs (an import, a `__setstate__`) propagate unchanged.
//!
//! Loading runs code named by the payload (imports, `__reduce__` callables,
//! `__setstate__`): like pickle, only load payloads from a trusted sender.

mod code;
mod decode;
mod encode;
pub mod format;
mod module;
mod refs;
#[cfg(test)]
mod tests;

pub use module::make_module;

use crate::objects::exception::PyErr;
use crate::objects::{ExcKind, Value};
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

/// Why `dumps` or `loads` failed, before it becomes a Python exception.
pub(crate) enum Fail {
    /// An exception raised by code we ran, or one we raise ourselves.
    Py(PyErr),
    /// Becomes `_serial.PicklingError`.
    Pickling(String),
    /// Becomes `_serial.UnpicklingError`.
    Corrupt(format::Corrupt),
}

impl From<PyErr> for Fail {
    fn from(e: PyErr) -> Fail {
        Fail::Py(e)
    }
}

impl Fail {
    fn into_pyerr(self, vm: &mut Vm) -> PyErr {
        match self {
            Fail::Py(e) => e,
            Fail::Pickling(msg) => module::error(vm, "PicklingError", msg),
            Fail::Corrupt(c) => module::error(vm, "UnpicklingError", c.0),
        }
    }
}

/// Serializes `value` into a new buffer.
pub fn dumps(vm: &mut Vm, value: &Value) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    dumps_into(vm, value, &mut out)?;
    Ok(out)
}

/// Serializes `value`, appending to `out` (to reuse one buffer for many
/// messages). On error, `out` is left as it was.
pub fn dumps_into(vm: &mut Vm, value: &Value, out: &mut Vec<u8>) -> PyResult<()> {
    let start = out.len();
    let mut enc = encode::Encoder::new(std::mem::take(out));
    let r = enc.encode(vm, value);
    *out = enc.out;
    if let Err(e) = r {
        out.truncate(start);
        return Err(e.into_pyerr(vm));
    }
    Ok(())
}

/// Rebuilds a value from `data`, which must be exactly one payload.
pub fn loads(vm: &mut Vm, data: &[u8]) -> PyResult<Value> {
    decode::Decoder::new(data)
        .decode(vm)
        .map_err(|e| e.into_pyerr(vm))
}

/// `loads`, telling the decoder the source text of some files, for the
/// code objects it rebuilds (traceback lines) from modules not loaded yet.
pub fn loads_with_sources(
    vm: &mut Vm,
    data: &[u8],
    sources: Vec<(Rc<str>, Option<Rc<str>>)>,
) -> PyResult<Value> {
    decode::Decoder::with_sources(data, sources)
        .decode(vm)
        .map_err(|e| e.into_pyerr(vm))
}

/// Whether `err` is a `_serial.UnpicklingError` (for callers that treat a
/// corrupt message differently from an error raised while loading it).
pub fn is_unpickling_error(vm: &mut Vm, err: &PyErr) -> bool {
    match module::error_class(vm, "UnpicklingError") {
        Some(cls) => match err.repr() {
            crate::objects::exception::ErrRepr::Object(v) => vm.isinstance(v, &cls),
            _ => false,
        },
        None => vm.err_is(err, ExcKind::ValueError),
    }
}
