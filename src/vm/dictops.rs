//! Hashing, and the dict and set operations that may run user code
//! (`__hash__`, `__eq__`) — which is why they live in the VM rather than on
//! the tables themselves.

use super::{PyResult, Vm};
use crate::objects::class::flags;
use crate::objects::dict::Find;
use crate::objects::equality::native_eq;
use crate::objects::exception::{key_error, type_error, PyErr};
use crate::objects::hash;
use crate::objects::set_table::SetTable;
use crate::objects::{DictObj, SetObj, StrObj, Value};
use num_traits::Zero;
use std::rc::Rc;

impl Vm {
    /// `hash(v)`
    pub fn hash(&mut self, v: &Value) -> PyResult<i64> {
        Ok(match v {
            Value::Int(i) => hash::hash_i64(*i),
            Value::Str(s) => s.hash(),
            Value::Bool(b) => hash::hash_bool(*b),
            Value::Float(f) => hash::hash_f64(*f),
            Value::BigInt(b) => hash::hash_bigint(b),
            Value::Bytes(b) => hash::hash_bytes(&b.data),
            Value::None => 0x5f3759df,
            Value::Tuple(t) => {
                let mut h = hash::TupleHasher::new();
                for x in t.items.iter() {
                    let xh = if let Value::Tuple(_) = x {
                        // Nested tuples: RecursionError, not a stack overflow.
                        self.enter_nested("")?;
                        let r = self.hash(x);
                        self.leave_native();
                        r?
                    } else {
                        self.hash(x)?
                    };
                    h.push(xh);
                }
                h.finish()
            }
            Value::Set(s) if s.frozen => s.table.borrow(self.gil.token()).frozenset_hash(),
            Value::Instance(i) => {
                let cls = &i.class;
                if cls.has_flag(flags::UNHASHABLE) {
                    return Err(self.unhashable(v));
                }
                if cls.has_flag(flags::USER_HASH) {
                    let name = self.interp.names.__hash__.clone();
                    let f = self
                        .lookup_special(v, &name)
                        .ok_or_else(|| self.unhashable(v))?;
                    let r = self.call0(&f)?;
                    return match r {
                        Value::Int(i) => Ok(hash::hash_i64(i)),
                        Value::Bool(b) => Ok(hash::hash_bool(b)),
                        Value::BigInt(b) => Ok(hash::hash_bigint(&b)),
                        _ => Err(type_error("__hash__ method should return an integer")),
                    };
                }
                if let Some(b) = i.base() {
                    // A subclass of a built-in type hashes as its value.
                    if matches!(b, Value::List(_) | Value::Dict(_))
                        || matches!(b, Value::Set(s) if !s.frozen)
                    {
                        return Err(self.unhashable(v));
                    }
                    let b = b.clone();
                    return self.hash(&b);
                }
                identity_hash(v)
            }
            Value::List(_)
            | Value::Dict(_)
            | Value::Set(_)
            | Value::Slice(_)
            | Value::DictView(_) => return Err(self.unhashable(v)),
            Value::Range(r) => {
                // As CPython: hash((len, start, step)), with None for the
                // start of an empty range and the step of a short one.
                let len = r.len_big();
                let start = if len.is_zero() {
                    Value::None
                } else {
                    r.start_value()
                };
                let step = if len <= 1.into() {
                    Value::None
                } else {
                    r.step_value()
                };
                let t = Value::tuple(vec![crate::objects::int::normalize(len), start, step]);
                return self.hash(&t);
            }
            _ => identity_hash(v),
        })
    }

    fn unhashable(&self, v: &Value) -> PyErr {
        type_error(format!("unhashable type: '{}'", self.type_name(v)))
    }

    /// `a == b` as a bool.
    pub fn eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if let Some(r) = native_eq(a, b) {
            return Ok(r);
        }
        let r = self.compare(a.clone(), b.clone(), super::eval::Op::Eq)?;
        self.truthy(&r)
    }

    /// Position of `key` in the dict, comparing through mini code if needed.
    fn dict_find(&mut self, d: &DictObj, key: &Value, hash: i64) -> PyResult<Option<usize>> {
        loop {
            let (found, version, candidates) = {
                let t = d.table.borrow(self.gil.token());
                match t.find(hash, key) {
                    Find::Found(i) => return Ok(Some(i)),
                    Find::Missing => return Ok(None),
                    Find::NeedsEq => {
                        let c: Vec<(usize, Value)> = t
                            .candidates(hash)
                            .into_iter()
                            .filter_map(|i| t.entry(i).map(|e| (i, e.key.clone())))
                            .collect();
                        (None::<usize>, t.keys_version(), c)
                    }
                }
            };
            let _ = found;
            let mut restart = false;
            for (i, k) in candidates {
                if self.eq(&k, key)? {
                    if d.table.borrow(self.gil.token()).keys_version() == version {
                        return Ok(Some(i));
                    }
                    restart = true;
                    break;
                }
            }
            if !restart {
                return Ok(None);
            }
        }
    }

    /// `d.get(key)`
    pub fn dict_get(&mut self, d: &DictObj, key: &Value) -> PyResult<Option<Value>> {
        if let Value::Str(s) = key {
            let t = d.table.borrow(self.gil.token());
            return Ok(t.find_str(s.hash(), s).map(|i| t.value_at(i).clone()));
        }
        let h = self.hash(key)?;
        Ok(self.dict_find(d, key, h)?.and_then(|i| {
            d.table
                .borrow(self.gil.token())
                .entry(i)
                .map(|e| e.value.clone())
        }))
    }

    /// Lookup by a string key (namespaces, keyword defaults): never runs user code.
    pub fn dict_get_str(&self, d: &DictObj, key: &StrObj) -> PyResult<Option<Value>> {
        let t = d.table.borrow(self.gil.token());
        Ok(t.find_str(key.hash(), key).map(|i| t.value_at(i).clone()))
    }

    /// `d[key] = value`
    pub fn dict_set(&mut self, d: &DictObj, key: Value, value: Value) -> PyResult<()> {
        let h = self.hash(&key)?;
        let found = if let Value::Str(s) = &key {
            d.table.borrow(self.gil.token()).find_str(h, s)
        } else {
            self.dict_find(d, &key, h)?
        };
        let mut t = d.table.borrow_mut(self.gil.token());
        match found {
            Some(i) => {
                t.set_value_at(i, value);
            }
            None => t.insert_new(h, key, value),
        }
        Ok(())
    }

    /// Sets a string key (namespaces): never runs user code.
    pub fn dict_set_str(&self, d: &DictObj, key: Rc<StrObj>, value: Value) {
        let h = key.hash();
        let mut t = d.table.borrow_mut(self.gil.token());
        match t.find_str(h, &key) {
            Some(i) => {
                t.set_value_at(i, value);
            }
            None => t.insert_new(h, Value::Str(key), value),
        }
    }

    /// Removes `key`, returning its value (None if absent).
    pub fn dict_remove(&mut self, d: &DictObj, key: &Value) -> PyResult<Option<Value>> {
        let h = self.hash(key)?;
        let found = if let Value::Str(s) = key {
            d.table.borrow(self.gil.token()).find_str(h, s)
        } else {
            self.dict_find(d, key, h)?
        };
        Ok(found.map(|i| d.table.borrow_mut(self.gil.token()).remove_at(i).1))
    }

    /// `del d[key]`
    pub fn dict_del(&mut self, d: &DictObj, key: &Value) -> PyResult<()> {
        match self.dict_remove(d, key)? {
            Some(_) => Ok(()),
            None => Err(key_error(key.clone())),
        }
    }

    /// `d.update(m)` (and `{**m}`); with `merge`, a duplicate key is a
    /// TypeError (`f(**a, **b)`).
    pub(crate) fn dict_update_from(
        &mut self,
        d: &DictObj,
        m: &Value,
        merge: bool,
        callee: Option<&Value>,
    ) -> PyResult<()> {
        let pairs: Vec<(Value, Value)> = match m {
            Value::Dict(src) => src
                .table
                .borrow(self.gil.token())
                .iter()
                .map(|e| (e.key.clone(), e.value.clone()))
                .collect(),
            _ => {
                let keys_name = self.intern("keys");
                let Some(keys) = self.getattr_opt(m, &keys_name)? else {
                    if let (true, Some(f)) = (merge, callee) {
                        return Err(type_error(format!(
                            "{} argument after ** must be a mapping, not {}",
                            self.function_str(f),
                            self.type_name(m)
                        )));
                    }
                    return Err(type_error(format!(
                        "'{}' object is not a mapping",
                        self.type_name(m)
                    )));
                };
                let keys = self.call0(&keys)?;
                let keys = self.collect(&keys)?;
                let mut pairs = Vec::with_capacity(keys.len());
                for k in keys {
                    let v = self.getitem(m, k.clone())?;
                    pairs.push((k, v));
                }
                pairs
            }
        };
        for (k, v) in pairs {
            if merge {
                if !matches!(k, Value::Str(_)) {
                    return Err(type_error("keywords must be strings"));
                }
                if self.dict_get(d, &k)?.is_some() {
                    let fname = match callee {
                        Some(f) => self.function_str(f),
                        None => "function()".to_string(),
                    };
                    return Err(type_error(format!(
                        "{} got multiple values for keyword argument '{}'",
                        fname,
                        k.as_str().unwrap_or("")
                    )));
                }
            }
            self.dict_set(d, k, v)?;
        }
        Ok(())
    }

    // ----- sets

    /// Slot of `v` in the set, comparing through mini code if needed.
    fn set_find(&mut self, s: &SetObj, v: &Value, hash: i64) -> PyResult<Option<usize>> {
        loop {
            let (version, candidates) = {
                let t = s.table.borrow(self.gil.token());
                let mut undecided = false;
                let found = t.find(hash, |k| match native_eq(k, v) {
                    Some(b) => b || k.is(v),
                    None => {
                        undecided = true;
                        false
                    }
                });
                if found.is_some() || !undecided {
                    return Ok(found);
                }
                let c: Vec<(usize, Value)> = t
                    .candidates(hash)
                    .into_iter()
                    .filter_map(|i| t.slot(i).map(|(_, k)| (i, k.clone())))
                    .collect();
                (t.version(), c)
            };
            let mut restart = false;
            for (i, k) in candidates {
                if self.eq(&k, v)? {
                    if s.table.borrow(self.gil.token()).version() == version {
                        return Ok(Some(i));
                    }
                    restart = true;
                    break;
                }
            }
            if !restart {
                return Ok(None);
            }
        }
    }

    pub fn set_contains(&mut self, s: &SetObj, v: &Value) -> PyResult<bool> {
        let h = match self.hash(v) {
            Ok(h) => h,
            // `{1,2} in some_set` looks frozenset({1,2}) up, as CPython does.
            Err(e) => match v {
                Value::Set(inner) if !inner.frozen => {
                    let frozen = Value::Set(SetObj::new(
                        inner.table.borrow(self.gil.token()).clone(),
                        true,
                    ));
                    return self.set_contains(s, &frozen);
                }
                _ => return Err(e),
            },
        };
        Ok(self.set_find(s, v, h)?.is_some())
    }

    pub fn set_add(&mut self, s: &SetObj, v: Value) -> PyResult<()> {
        let h = self.hash(&v)?;
        if self.set_find(s, &v, h)?.is_none() {
            s.table.borrow_mut(self.gil.token()).insert_new(h, v);
        }
        Ok(())
    }

    /// Removes `v`; false if it was absent.
    pub fn set_discard(&mut self, s: &SetObj, v: &Value) -> PyResult<bool> {
        let h = self.hash(v)?;
        match self.set_find(s, v, h)? {
            Some(i) => {
                s.table.borrow_mut(self.gil.token()).remove_slot(i);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// A new set (or frozenset) of `items`, added in order.
    pub fn new_set(&mut self, items: Vec<Value>, frozen: bool) -> PyResult<Value> {
        let s = SetObj::new(SetTable::new(), frozen);
        for v in items {
            self.set_add(&s, v)?;
        }
        Ok(Value::Set(s))
    }

    /// A set built from any iterable, following CPython's construction order.
    pub fn set_from_iterable(&mut self, it: &Value, frozen: bool) -> PyResult<Value> {
        match it {
            Value::Set(src) => {
                let table = src.table.borrow(self.gil.token()).clone();
                Ok(Value::Set(SetObj::new(table, frozen)))
            }
            Value::Dict(d) => {
                let entries: Vec<(i64, Value)> = d
                    .table
                    .borrow(self.gil.token())
                    .iter()
                    .map(|e| (e.hash, e.key.clone()))
                    .collect();
                let mut t = SetTable::new();
                t.reserve_for_dict_update(entries.len());
                for (h, k) in entries {
                    t.insert_new(h, k);
                }
                Ok(Value::Set(SetObj::new(t, frozen)))
            }
            _ => {
                let items = self.collect(it)?;
                self.new_set(items, frozen)
            }
        }
    }
}

/// The hash of objects compared by identity (functions, classes, plain
/// instances): derived from the address, like CPython's.
pub fn identity_hash(v: &Value) -> i64 {
    let addr = v.heap_addr().unwrap_or(0);
    hash::hash_pointer(addr as i64)
}
