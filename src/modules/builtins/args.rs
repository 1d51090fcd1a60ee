//! Helpers for native functions: binding arguments by position and name,
//! and converting them to Rust types with CPython's error messages.

use crate::objects::exception::{overflow_error, type_error, PyErr};
use crate::objects::{Args, StrObj, Value};
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

/// Positional arguments as native functions get them (see `Args::pos`).
pub type ArgVec = smallvec::SmallVec<[Value; 6]>;

impl Args {
    /// Binds to parameters `names` (the first `required` are mandatory);
    /// keyword arguments are accepted for every name.
    pub fn bind<const N: usize>(
        self,
        fname: &str,
        names: [&str; N],
        required: usize,
    ) -> PyResult<[Option<Value>; N]> {
        let mut out: [Option<Value>; N] = std::array::from_fn(|_| None);
        let given = self.pos.len();
        if given > N {
            return Err(type_error(match N {
                0 => format!("{fname}() takes no arguments ({given} given)"),
                1 if required == 1 => {
                    format!("{fname}() takes exactly one argument ({given} given)")
                }
                _ => format!("{fname}() takes at most {N} arguments ({given} given)"),
            }));
        }
        for (slot, v) in out.iter_mut().zip(self.pos) {
            *slot = Some(v);
        }
        for (k, v) in self.kw {
            match names.iter().position(|n| *n == k.as_str()) {
                Some(i) if out[i].is_none() => out[i] = Some(v),
                Some(_) => {
                    return Err(type_error(format!(
                        "argument for {fname}() given by name ('{}') and position",
                        k.as_str()
                    )))
                }
                None => {
                    return Err(type_error(format!(
                        "{fname}() got an unexpected keyword argument '{}'",
                        k.as_str()
                    )))
                }
            }
        }
        for (i, slot) in out.iter().enumerate().take(required) {
            if slot.is_none() {
                return Err(type_error(if required == 1 && N == 1 {
                    format!("{fname}() takes exactly one argument (0 given)")
                } else {
                    format!(
                        "{fname}() missing required argument '{}' (pos {})",
                        names[i],
                        i + 1
                    )
                }));
            }
        }
        Ok(out)
    }

    /// Positional arguments only, between `min` and `max` of them.
    /// They stay in the argument list's inline storage: no allocation for
    /// up to six of them.
    pub fn positional(self, fname: &str, min: usize, max: usize) -> PyResult<ArgVec> {
        if !self.kw.is_empty() {
            return Err(type_error(format!("{fname}() takes no keyword arguments")));
        }
        let n = self.pos.len();
        if n < min || n > max {
            let expect = if min == max {
                if min == 1 {
                    "exactly one argument".to_string()
                } else if min == 0 {
                    "no arguments".to_string()
                } else {
                    format!("exactly {min} arguments")
                }
            } else if n < min {
                format!("at least {min} argument{}", if min == 1 { "" } else { "s" })
            } else {
                format!("at most {max} argument{}", if max == 1 { "" } else { "s" })
            };
            return Err(type_error(format!("{fname}() takes {expect} ({n} given)")));
        }
        Ok(self.pos)
    }

    /// Positional arguments checked the way Argument Clinic words it in
    /// CPython's C modules: `pow expected 2 arguments, got 1`.
    pub fn clinic(self, fname: &str, min: usize, max: usize) -> PyResult<Vec<Value>> {
        if !self.kw.is_empty() {
            return Err(type_error(format!("{fname}() takes no keyword arguments")));
        }
        let n = self.pos.len();
        let s = |k: usize| if k == 1 { "" } else { "s" };
        if n < min || n > max {
            return Err(type_error(if min == max {
                format!("{fname} expected {min} argument{}, got {n}", s(min))
            } else if n < min {
                format!(
                    "{fname} expected at least {min} argument{}, got {n}",
                    s(min)
                )
            } else {
                format!("{fname} expected at most {max} argument{}, got {n}", s(max))
            }));
        }
        Ok(self.pos.into_vec())
    }

    /// The receiver and the other positional arguments of a method.
    pub fn method(self, fname: &str, min: usize, max: usize) -> PyResult<(Value, ArgVec)> {
        let mut v = self
            .positional(fname, min + 1, max.saturating_add(1))
            .map_err(|_| type_error(format!("{fname}() takes {}", plural_args(min, max))))?;
        let recv = v.remove(0);
        Ok((recv, v))
    }
}

fn plural_args(min: usize, max: usize) -> String {
    if min == max {
        match min {
            0 => "no arguments".into(),
            1 => "exactly one argument".into(),
            n => format!("exactly {n} arguments"),
        }
    } else if max == usize::MAX {
        format!("at least {min} argument{}", if min == 1 { "" } else { "s" })
    } else {
        format!("at most {max} argument{}", if max == 1 { "" } else { "s" })
    }
}

impl Vm {
    /// An int argument as i64 (bools count; objects with `__index__` too).
    pub fn arg_i64(&mut self, v: &Value) -> PyResult<i64> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(*b as i64),
            Value::BigInt(_) => Err(overflow_error(
                "Python int too large to convert to C ssize_t",
            )),
            Value::Instance(_) => match self.call_index(v)? {
                Some(r) => self.arg_i64(&r),
                None => Err(self.not_an_integer(v)),
            },
            _ => Err(self.not_an_integer(v)),
        }
    }

    pub fn not_an_integer(&self, v: &Value) -> PyErr {
        type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            self.type_name(v)
        ))
    }

    /// A str argument.
    pub fn arg_str(&self, v: &Value, what: &str) -> PyResult<Rc<StrObj>> {
        match v.unwrap_base() {
            Value::Str(s) => Ok(s.clone()),
            _ => Err(type_error(format!(
                "{what} must be str, not {}",
                self.type_name(v)
            ))),
        }
    }

    /// A number argument as f64 (`float()` semantics for ints).
    pub fn arg_f64(&mut self, v: &Value) -> PyResult<f64> {
        match v {
            Value::Float(f) => Ok(*f),
            Value::Int(i) => Ok(*i as f64),
            Value::Bool(b) => Ok(*b as i64 as f64),
            Value::BigInt(_) => crate::objects::int::int_to_float(v),
            Value::Instance(_) => {
                let name = self.interp.names.__float__.clone();
                if let Some(f) = self.lookup_user_method(v, &name) {
                    let r = self.call0(&f)?;
                    return match r.unwrap_base() {
                        Value::Float(x) => Ok(*x),
                        _ => Err(type_error(format!(
                            "{}.__float__ returned non-float (type {})",
                            self.type_name(v),
                            self.type_name(&r)
                        ))),
                    };
                }
                let name = self.interp.names.__index__.clone();
                if let Some(f) = self.lookup_user_method(v, &name) {
                    let r = self.call0(&f)?;
                    return self.arg_f64(&r);
                }
                Err(type_error(format!(
                    "must be real number, not {}",
                    self.type_name(v)
                )))
            }
            _ => Err(type_error(format!(
                "must be real number, not {}",
                self.type_name(v)
            ))),
        }
    }
}
