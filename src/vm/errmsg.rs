//! Wording of error messages CPython builds from several pieces: how a
//! callable is named in call errors, and the `*args` / `**kwargs` errors.

use super::Vm;
use crate::objects::exception::{type_error, PyErr};
use crate::objects::{ExcKind, Value};
/// Error messages of calls with `*args` and `**kwargs`, as CPython 3.11
/// words them.
impl Vm {
    /// How CPython names a callable in call errors: `module.qualname()`,
    /// without the module for built-ins (`_PyObject_FunctionStr`).
    pub fn function_str(&mut self, f: &Value) -> String {
        let qualname = self.intern("__qualname__");
        let qualname = match self.getattr_opt(f, &qualname) {
            Ok(Some(q)) => q,
            _ => return self.str(f).unwrap_or_default(),
        };
        let qualname = self.str(&qualname).unwrap_or_default();
        let module = self.interp.names.__module__.clone();
        match self.getattr_opt(f, &module) {
            Ok(Some(Value::Str(m))) if m.as_str() != "builtins" => {
                format!("{}.{qualname}()", m.as_str())
            }
            _ => format!("{qualname}()"),
        }
    }

    /// Whether `v`'s type can be iterated (has `__iter__`, or `__getitem__`
    /// for the old sequence protocol).
    pub fn has_iter_protocol(&mut self, v: &Value) -> bool {
        match v {
            Value::Instance(i) => {
                let cls = i.class.clone();
                let g = self.gil.token();
                let n = &self.interp.names;
                cls.lookup(g, &n.__iter__).is_some() || cls.lookup(g, &n.__getitem__).is_some()
            }
            Value::List(_)
            | Value::Tuple(_)
            | Value::Str(_)
            | Value::Bytes(_)
            | Value::Dict(_)
            | Value::Set(_)
            | Value::Range(_)
            | Value::Iter(_)
            | Value::Generator(_)
            | Value::DictView(_) => true,
            _ => false,
        }
    }

    /// Rewords the TypeError of iterating a non-iterable after `*`: naming
    /// the function for a call's lone `*args`, "Value" otherwise.
    pub fn star_arg_error(&mut self, e: PyErr, v: &Value, func: Option<&Value>) -> PyErr {
        if !self.err_is(&e, ExcKind::TypeError) || self.has_iter_protocol(v) {
            return e;
        }
        let t = self.type_name(v);
        match func {
            Some(f) => type_error(format!(
                "{} argument after * must be an iterable, not {t}",
                self.function_str(f)
            )),
            None => type_error(format!("Value after * must be an iterable, not {t}")),
        }
    }
}
