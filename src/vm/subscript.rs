//! Subscripts: `obj[key]`, `obj[key] = v`, `del obj[key]`, for the built-in
//! sequences and mappings and through `__getitem__` & co. for user classes.

use super::{PyResult, Vm};
use crate::objects::exception::{index_error, key_error, type_error, value_error, PyErr};
use crate::objects::number::as_bigint;
use crate::objects::slice::SliceIndices;
use crate::objects::{BytesObj, ExcKind, RangeObj, SliceObj, Value};
use num_bigint::BigInt;
use num_traits::{Signed, Zero};
use std::rc::Rc;

/// What a subscript selects in a sequence of known length.
enum Sel {
    Index(usize),
    Slice(SliceIndices),
}

impl Vm {
    /// `v.__index__()` when `v`'s class (written in mini) defines it,
    /// checked to return an int; `None` when there is no such method.
    pub fn call_index(&mut self, v: &Value) -> PyResult<Option<Value>> {
        let name = self.interp.names.__index__.clone();
        let Some(f) = self.lookup_user_method(v, &name) else {
            return Ok(None);
        };
        let r = self.call0(&f)?;
        match r {
            Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => Ok(Some(r)),
            _ => Err(type_error(format!(
                "__index__ returned non-int (type {})",
                self.type_name(&r)
            ))),
        }
    }

    /// An index as an i64 (`__index__` for ints and bools).
    pub fn index_value(&mut self, v: &Value, what: &str) -> PyResult<i64> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(*b as i64),
            Value::BigInt(b) => Ok(if b.is_negative() { i64::MIN } else { i64::MAX }),
            Value::Instance(_) => match self.call_index(v)? {
                Some(r) => self.index_value(&r, what),
                None if what == "string" => Err(type_error(format!(
                    "string indices must be integers, not '{}'",
                    self.type_name(v)
                ))),
                None => Err(type_error(format!(
                    "{what} indices must be integers or slices, not {}",
                    self.type_name(v)
                ))),
            },
            _ if what == "string" => Err(type_error(format!(
                "string indices must be integers, not '{}'",
                self.type_name(v)
            ))),
            _ => Err(type_error(format!(
                "{what} indices must be integers or slices, not {}",
                self.type_name(v)
            ))),
        }
    }

    /// `r[i]` with big-int arithmetic.
    fn range_index_big(&mut self, r: &RangeObj, key: &Value) -> PyResult<Value> {
        let i = match as_bigint(key) {
            Some(i) => i,
            None => match self.call_index(key)? {
                Some(i) => as_bigint(&i).unwrap_or_default(),
                None => {
                    return Err(type_error(format!(
                        "range indices must be integers or slices, not {}",
                        self.type_name(key)
                    )))
                }
            },
        };
        let len = r.len_big();
        let j = if i.is_negative() { &i + &len } else { i };
        if j.is_negative() || j >= len {
            return Err(index_error("range object index out of range"));
        }
        Ok(crate::objects::int::normalize(r.get_big(&j)))
    }

    /// A slice bound as a big int (None when absent).
    fn slice_bound_big(&mut self, v: &Value) -> PyResult<Option<BigInt>> {
        if v.is_none() {
            return Ok(None);
        }
        if let Some(b) = as_bigint(v) {
            return Ok(Some(b));
        }
        match self.call_index(v)? {
            Some(r) => Ok(as_bigint(&r)),
            None => Err(type_error(
                "slice indices must be integers or None or have an __index__ method",
            )),
        }
    }

    /// `r[a:b:c]`: the slice bounds mapped through the range (as CPython's
    /// compute_slice), in big-int arithmetic.
    fn range_slice(&mut self, r: &RangeObj, s: &SliceObj) -> PyResult<Value> {
        let step = self
            .slice_bound_big(&s.step)?
            .unwrap_or_else(|| BigInt::from(1));
        if step.is_zero() {
            return Err(crate::objects::exception::value_error(
                "slice step cannot be zero",
            ));
        }
        let len = r.len_big();
        let (lower, upper) = if step.is_negative() {
            (BigInt::from(-1), &len - 1)
        } else {
            (BigInt::zero(), len.clone())
        };
        let clamp = |v: Option<BigInt>, default: &BigInt| -> BigInt {
            match v {
                None => default.clone(),
                Some(v) if v.is_negative() => {
                    let v = v + &len;
                    if v < lower {
                        lower.clone()
                    } else {
                        v
                    }
                }
                Some(v) => {
                    if v > upper {
                        upper.clone()
                    } else {
                        v
                    }
                }
            }
        };
        let (d_start, d_stop) = if step.is_negative() {
            (upper.clone(), lower.clone())
        } else {
            (lower.clone(), upper.clone())
        };
        let start = self.slice_bound_big(&s.start)?;
        let stop = self.slice_bound_big(&s.stop)?;
        let start = clamp(start, &d_start);
        let stop = clamp(stop, &d_stop);
        let (rs, rstep) = (r.start_big(), r.step_big());
        Ok(Value::Range(RangeObj::from_big(
            &rs + &start * &rstep,
            &rs + &stop * &rstep,
            &rstep * &step,
        )))
    }

    fn slice_bound(&mut self, v: &Value) -> PyResult<Option<i64>> {
        match v {
            Value::None => Ok(None),
            Value::Int(i) => Ok(Some(*i)),
            Value::Bool(b) => Ok(Some(*b as i64)),
            Value::BigInt(b) => Ok(Some(if b.is_negative() {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            })),
            Value::Instance(_) => match self.call_index(v)? {
                Some(r) => self.slice_bound(&r),
                None => Err(type_error(
                    "slice indices must be integers or None or have an __index__ method",
                )),
            },
            _ => Err(type_error(
                "slice indices must be integers or None or have an __index__ method",
            )),
        }
    }

    /// Resolves a slice object against a length.
    pub fn slice_indices(&mut self, s: &SliceObj, len: usize) -> PyResult<SliceIndices> {
        let step = self.slice_bound(&s.step)?.unwrap_or(1);
        if step == 0 {
            return Err(value_error("slice step cannot be zero"));
        }
        let start = self.slice_bound(&s.start)?;
        let stop = self.slice_bound(&s.stop)?;
        Ok(SliceIndices::adjust(start, stop, step, len))
    }

    /// Index or slice, checked against `len`; `what` names the type in messages.
    fn select(&mut self, key: &Value, len: usize, what: &str) -> PyResult<Sel> {
        if let Value::Slice(s) = key {
            return Ok(Sel::Slice(self.slice_indices(s, len)?));
        }
        let i = self.index_value(key, what)?;
        let j = if i < 0 {
            i.saturating_add(len as i64)
        } else {
            i
        };
        if j < 0 || j >= len as i64 {
            return Err(index_error(format!("{what} index out of range")));
        }
        Ok(Sel::Index(j as usize))
    }

    /// `obj[key]`
    pub fn getitem(&mut self, obj: &Value, key: Value) -> PyResult<Value> {
        let g = self.gil.token();
        match obj {
            Value::List(l) => {
                let len = l.items.borrow(g).len();
                let sel = self.select(&key, len, "list")?;
                let items = l.items.borrow(self.gil.token());
                Ok(match sel {
                    Sel::Index(i) => items[i].clone(),
                    Sel::Slice(s) => Value::list(s.iter().map(|i| items[i].clone()).collect()),
                })
            }
            Value::Tuple(t) => Ok(match self.select(&key, t.items.len(), "tuple")? {
                Sel::Index(i) => t.items[i].clone(),
                Sel::Slice(s) => {
                    if s.start == 0 && s.step == 1 && s.len() == t.items.len() {
                        obj.clone()
                    } else {
                        Value::tuple(s.iter().map(|i| t.items[i].clone()).collect())
                    }
                }
            }),
            Value::Str(s) => Ok(match self.select(&key, s.char_len(), "string")? {
                Sel::Index(i) => self.char_str(s.char_at(i)),
                Sel::Slice(sl) => {
                    if sl.step == 1 {
                        let (a, b) = (sl.start as usize, (sl.start as usize + sl.len()));
                        Value::str(s.substring(a, b.max(a)))
                    } else if s.is_ascii() {
                        let bytes = s.as_str().as_bytes();
                        Value::str(sl.iter().map(|i| bytes[i] as char).collect::<String>())
                    } else {
                        let chars: Vec<char> = s.as_str().chars().collect();
                        Value::str(sl.iter().map(|i| chars[i]).collect::<String>())
                    }
                }
            }),
            Value::Bytes(b) => Ok(match self.select(&key, b.data.len(), "byte")? {
                Sel::Index(i) => Value::Int(b.data[i] as i64),
                Sel::Slice(s) => Value::Bytes(BytesObj::new(s.iter().map(|i| b.data[i]).collect())),
            }),
            Value::Range(r) => {
                if let Value::Slice(s) = &key {
                    return self.range_slice(r, s);
                }
                if r.is_big() || matches!(key, Value::BigInt(_)) {
                    return self.range_index_big(r, &key);
                }
                Ok(match self.select(&key, r.len(), "range object")? {
                    Sel::Index(i) => Value::Int(r.get(i)),
                    Sel::Slice(_) => unreachable!("slices are handled above"),
                })
            }
            Value::Dict(d) => match self.dict_get(d, &key)? {
                Some(v) => Ok(v),
                None => Err(key_error(key)),
            },
            Value::Instance(_) => {
                let name = self.interp.names.__getitem__.clone();
                match self.lookup_user_method(obj, &name) {
                    Some(f) => self.call1(&f, key),
                    None => self.missing_or_error(obj, key),
                }
            }
            Value::Class(c) => {
                // `list[int]` and friends (generic aliases) evaluate to the class.
                let cgi = self.intern("__class_getitem__");
                match c.lookup(self.gil.token(), &cgi) {
                    Some(f) => {
                        let f = self.descr_get(f, obj, c)?;
                        self.call1(&f, key)
                    }
                    None if !c.has_flag(crate::objects::class::flags::HEAP)
                        && GENERIC_BUILTINS.contains(&c.name.as_str()) =>
                    {
                        Ok(obj.clone())
                    }
                    None => Err(type_error(format!(
                        "type '{}' is not subscriptable",
                        c.name
                    ))),
                }
            }
            _ => Err(type_error(format!(
                "'{}' object is not subscriptable",
                self.type_name(obj)
            ))),
        }
    }

    fn missing_or_error(&mut self, obj: &Value, _key: Value) -> PyResult<Value> {
        Err(type_error(format!(
            "'{}' object is not subscriptable",
            self.type_name(obj)
        )))
    }

    /// `obj[key] = v`
    pub fn setitem(&mut self, obj: &Value, key: Value, v: Value) -> PyResult<()> {
        match obj {
            Value::List(l) => {
                if let (Value::Int(i), false) = (&key, false) {
                    let mut items = l.items.borrow_mut(self.gil.token());
                    let n = items.len() as i64;
                    let j = if *i < 0 { *i + n } else { *i };
                    if j < 0 || j >= n {
                        return Err(index_error("list assignment index out of range"));
                    }
                    items[j as usize] = v;
                    return Ok(());
                }
                let len = l.items.borrow(self.gil.token()).len();
                match &key {
                    Value::Slice(s) => {
                        let sl = self.slice_indices(s, len)?;
                        let new = if matches!(&v, Value::List(v2) if Rc::ptr_eq(v2, l)) {
                            l.items.borrow(self.gil.token()).clone()
                        } else {
                            self.collect(&v).map_err(|e| {
                                if self.err_is(&e, ExcKind::TypeError) {
                                    type_error("can only assign an iterable")
                                } else {
                                    e
                                }
                            })?
                        };
                        let mut items = l.items.borrow_mut(self.gil.token());
                        if sl.step == 1 {
                            let start = sl.start as usize;
                            let stop = (sl.start as usize + sl.len()).max(start);
                            items.splice(start..stop, new);
                        } else {
                            if new.len() != sl.len() {
                                return Err(value_error(format!(
                                    "attempt to assign sequence of size {} to extended slice of size {}",
                                    new.len(),
                                    sl.len()
                                )));
                            }
                            for (i, x) in sl.iter().zip(new) {
                                items[i] = x;
                            }
                        }
                        Ok(())
                    }
                    _ => {
                        let i = self.index_value(&key, "list")?;
                        self.setitem(obj, Value::Int(i), v)
                    }
                }
            }
            Value::Dict(d) => self.dict_set(d, key, v),
            Value::Instance(_) => {
                let name = self.interp.names.__setitem__.clone();
                match self.lookup_user_method(obj, &name) {
                    Some(f) => {
                        self.call2(&f, key, v)?;
                        Ok(())
                    }
                    None => Err(self.no_item_assignment(obj)),
                }
            }
            _ => Err(self.no_item_assignment(obj)),
        }
    }

    fn no_item_assignment(&self, obj: &Value) -> PyErr {
        type_error(format!(
            "'{}' object does not support item assignment",
            self.type_name(obj)
        ))
    }

    /// `del obj[key]`
    pub fn delitem(&mut self, obj: &Value, key: Value) -> PyResult<()> {
        match obj {
            Value::List(l) => {
                let len = l.items.borrow(self.gil.token()).len();
                let sel = match &key {
                    Value::Slice(_) => self.select(&key, len, "list")?,
                    _ => {
                        let i = self.index_value(&key, "list")?;
                        let j = if i < 0 { i + len as i64 } else { i };
                        if j < 0 || j >= len as i64 {
                            return Err(index_error("list assignment index out of range"));
                        }
                        Sel::Index(j as usize)
                    }
                };
                let mut items = l.items.borrow_mut(self.gil.token());
                match sel {
                    Sel::Index(i) => {
                        items.remove(i);
                    }
                    Sel::Slice(s) => {
                        let mut doomed: Vec<usize> = s.iter().collect();
                        doomed.sort_unstable();
                        let mut k = 0;
                        let mut idx = 0;
                        items.retain(|_| {
                            let keep = !(k < doomed.len() && doomed[k] == idx);
                            if !keep {
                                k += 1;
                            }
                            idx += 1;
                            keep
                        });
                    }
                }
                Ok(())
            }
            Value::Dict(d) => self.dict_del(d, &key),
            Value::Instance(_) => {
                let name = self.interp.names.__delitem__.clone();
                match self.lookup_user_method(obj, &name) {
                    Some(f) => {
                        self.call1(&f, key)?;
                        Ok(())
                    }
                    None => Err(self.no_item_deletion(obj, &key)),
                }
            }
            _ => Err(self.no_item_deletion(obj, &key)),
        }
    }

    /// CPython words this error two ways: a sequence-like type (one with
    /// sequence slots: the built-in containers and every class statement)
    /// asked to delete at an integer index "doesn't support" it, anything
    /// else "does not".
    fn no_item_deletion(&mut self, obj: &Value, key: &Value) -> PyErr {
        let sequence_like = match obj {
            Value::Str(_)
            | Value::Bytes(_)
            | Value::Tuple(_)
            | Value::List(_)
            | Value::Range(_)
            | Value::Dict(_)
            | Value::Set(_)
            | Value::DictView(_) => true,
            Value::Instance(i) => i.class.has_flag(crate::objects::class::flags::HEAP),
            _ => false,
        };
        let index_like = match key {
            Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => true,
            Value::Instance(_) => {
                let name = self.interp.names.__index__.clone();
                self.lookup_user_method(key, &name).is_some()
            }
            _ => false,
        };
        let verb = if sequence_like && index_like {
            "doesn't"
        } else {
            "does not"
        };
        type_error(format!(
            "'{}' object {verb} support item deletion",
            self.type_name(obj)
        ))
    }
}

/// The built-in classes CPython lets one subscript (`list[int]`); mini
/// evaluates such a generic alias to the class itself.
const GENERIC_BUILTINS: &[&str] = &[
    "list",
    "dict",
    "tuple",
    "set",
    "frozenset",
    "type",
    "enumerate",
];
