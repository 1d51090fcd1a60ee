//! The iteration protocol: `iter()`, `next()`, and the helpers built on
//! them (collecting into a vector, `in`, unpacking assignments).
//!
//! Built-in containers iterate natively (no exceptions on exhaustion: `next`
//! returns `None`); user iterators go through `__iter__`/`__next__`, with
//! their `StopIteration` turned into `None` at this boundary.

use super::gen::GenStep;
use super::{PyResult, Vm};
use crate::objects::exception::{runtime_error, type_error, value_error};
use crate::objects::{ExcKind, IterState, NativeIter, Value, ViewKind};
use std::rc::Rc;

impl Vm {
    /// `iter(v)`
    pub fn get_iter(&mut self, v: Value) -> PyResult<Value> {
        let state = match v {
            Value::Iter(_) | Value::Generator(_) => return Ok(v),
            Value::List(list) => IterState::List { list, index: 0 },
            Value::Tuple(tuple) => IterState::Tuple { tuple, index: 0 },
            Value::Str(s) => IterState::Str { s, pos: 0 },
            Value::Bytes(b) => IterState::Bytes { b, index: 0 },
            Value::Range(r) if r.is_big() => IterState::LongRange {
                next: r.start_big(),
                step: r.step_big(),
                remaining: r.len_big(),
            },
            Value::Range(r) => IterState::Range {
                next: r.start,
                step: r.step,
                remaining: r.len(),
            },
            Value::Dict(d) => self.dict_iter_state(d, ViewKind::Keys),
            Value::DictView(v) => self.dict_iter_state(v.dict.clone(), v.kind),
            Value::Set(set) => {
                let len = set.table.borrow(self.gil.token()).len();
                IterState::Set { set, slot: 0, len }
            }
            Value::Instance(_) | Value::Class(_) | Value::Super(_) => {
                return self.iter_via_protocol(v);
            }
            v => {
                return Err(type_error(format!(
                    "'{}' object is not iterable",
                    self.type_name(&v)
                )))
            }
        };
        Ok(Value::Iter(NativeIter::new(state)))
    }

    fn dict_iter_state(&self, dict: Rc<crate::objects::DictObj>, kind: ViewKind) -> IterState {
        let t = dict.table.borrow(self.gil.token());
        let (len, keys_version) = (t.len(), t.keys_version());
        drop(t);
        IterState::Dict {
            dict,
            kind,
            pos: 0,
            len,
            keys_version,
        }
    }

    fn iter_via_protocol(&mut self, v: Value) -> PyResult<Value> {
        let names = &self.interp.names;
        let (iter_name, getitem) = (names.__iter__.clone(), names.__getitem__.clone());
        if let Some(f) = self.lookup_special(&v, &iter_name) {
            if f.is_none() {
                return Err(type_error(format!(
                    "'{}' object is not iterable",
                    self.type_name(&v)
                )));
            }
            let it = self.call0(&f)?;
            let next_name = self.interp.names.__next__.clone();
            let is_iter = matches!(it, Value::Iter(_) | Value::Generator(_))
                || self.lookup_special(&it, &next_name).is_some();
            if !is_iter {
                return Err(type_error(format!(
                    "iter() returned non-iterator of type '{}'",
                    self.type_name(&it)
                )));
            }
            return Ok(it);
        }
        if self.lookup_special(&v, &getitem).is_some() {
            return Ok(Value::Iter(NativeIter::new(IterState::SeqForward {
                seq: v,
                index: 0,
            })));
        }
        Err(type_error(format!(
            "'{}' object is not iterable",
            self.type_name(&v)
        )))
    }

    /// `next(it)`, with exhaustion as `None`.
    pub fn next(&mut self, it: &Value) -> PyResult<Option<Value>> {
        match it {
            Value::Iter(ni) => self.native_next(ni),
            Value::Generator(g) => match self.gen_send(g, Value::None)? {
                GenStep::Yielded(v) => Ok(Some(v)),
                GenStep::Returned(_) => Ok(None),
            },
            _ => {
                let next_name = self.interp.names.__next__.clone();
                let Some(f) = self.lookup_special(it, &next_name) else {
                    return Err(type_error(format!(
                        "'{}' object is not an iterator",
                        self.type_name(it)
                    )));
                };
                match self.call0(&f) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) if self.err_is(&e, ExcKind::StopIteration) => Ok(None),
                    Err(e) => Err(e),
                }
            }
        }
    }

    /// One step of a built-in iterator.
    pub fn native_next(&mut self, it: &Rc<NativeIter>) -> PyResult<Option<Value>> {
        let g = self.gil.token();
        let mut st = it.state.borrow_mut(g);
        let v = match &mut *st {
            IterState::Exhausted => None,
            IterState::List { list, index } => {
                let items = list.items.borrow(g);
                let v = items.get(*index).cloned();
                *index += 1;
                v
            }
            IterState::ListReversed { list, index } => {
                let items = list.items.borrow(g);
                if *index == 0 || *index > items.len() {
                    None
                } else {
                    *index -= 1;
                    Some(items[*index].clone())
                }
            }
            IterState::Tuple { tuple, index } => {
                let v = tuple.items.get(*index).cloned();
                *index += 1;
                v
            }
            IterState::Str { s, pos } => match s.as_str()[*pos..].chars().next() {
                Some(c) => {
                    *pos += c.len_utf8();
                    Some(self.char_str(c))
                }
                None => None,
            },
            IterState::Bytes { b, index } => {
                let v = b.data.get(*index).map(|&x| Value::Int(x as i64));
                *index += 1;
                v
            }
            IterState::Range {
                next,
                step,
                remaining,
            } => {
                if *remaining == 0 {
                    None
                } else {
                    *remaining -= 1;
                    let v = *next;
                    *next = next.wrapping_add(*step);
                    Some(Value::Int(v))
                }
            }
            IterState::LongRange {
                next,
                step,
                remaining,
            } => {
                if num_traits::Zero::is_zero(remaining) {
                    None
                } else {
                    *remaining -= 1;
                    let v = next.clone();
                    *next += &*step;
                    Some(crate::objects::int::normalize(v))
                }
            }
            IterState::Dict {
                dict,
                kind,
                pos,
                len,
                keys_version,
            } => {
                let t = dict.table.borrow(g);
                if t.len() != *len {
                    *len = usize::MAX;
                    return Err(runtime_error("dictionary changed size during iteration"));
                }
                if t.keys_version() != *keys_version {
                    return Err(runtime_error("dictionary keys changed during iteration"));
                }
                match t.next_live(*pos) {
                    Some(i) => {
                        *pos = i + 1;
                        let e = t.entry(i).expect("live entry");
                        Some(match kind {
                            ViewKind::Keys => e.key.clone(),
                            ViewKind::Values => e.value.clone(),
                            ViewKind::Items => Value::tuple(vec![e.key.clone(), e.value.clone()]),
                        })
                    }
                    None => None,
                }
            }
            IterState::Set { set, slot, len } => {
                let t = set.table.borrow(g);
                if t.len() != *len {
                    *len = usize::MAX;
                    return Err(runtime_error("Set changed size during iteration"));
                }
                match t.next_slot(*slot) {
                    Some(i) => {
                        *slot = i + 1;
                        t.slot(i).map(|(_, k)| k.clone())
                    }
                    None => None,
                }
            }
            // The rest call back into mini code: release the borrow first.
            _ => {
                drop(st);
                return self.native_next_slow(it);
            }
        };
        if v.is_none() {
            *st = IterState::Exhausted;
        }
        Ok(v)
    }

    /// Iterators whose step runs mini code (so the state cannot stay borrowed).
    fn native_next_slow(&mut self, it: &Rc<NativeIter>) -> PyResult<Option<Value>> {
        let g = self.gil.token();
        let snapshot = match &*it.state.borrow(g) {
            IterState::Enumerate { iter, count } => Step::Enumerate(iter.clone(), count.clone()),
            IterState::Zip { iters, strict } => Step::Zip(iters.clone(), *strict),
            IterState::Map { func, iters } => Step::Map(func.clone(), iters.clone()),
            IterState::Filter { func, iter } => Step::Filter(func.clone(), iter.clone()),
            IterState::SeqReversed { seq, index } => Step::Reversed(seq.clone(), *index),
            IterState::SeqForward { seq, index } => Step::Forward(seq.clone(), *index),
            IterState::Callable { func, sentinel } => {
                Step::Callable(func.clone(), sentinel.clone())
            }
            _ => return Ok(None),
        };
        let result = match snapshot {
            Step::Enumerate(iter, count) => match self.next(&iter)? {
                Some(v) => {
                    let next_count =
                        self.binary_op(count.clone(), Value::Int(1), super::eval::Op::Add)?;
                    if let IterState::Enumerate { count: c, .. } =
                        &mut *it.state.borrow_mut(self.gil.token())
                    {
                        *c = next_count;
                    }
                    Some(Value::tuple(vec![count, v]))
                }
                None => None,
            },
            Step::Zip(iters, strict) => {
                let mut items = Vec::with_capacity(iters.len());
                for (k, i) in iters.iter().enumerate() {
                    match self.next(i)? {
                        Some(v) => items.push(v),
                        None => {
                            if strict && (k > 0 || self.any_left(&iters[1..])?) {
                                return Err(value_error(zip_strict_message(k)));
                            }
                            items.clear();
                            break;
                        }
                    }
                }
                if items.is_empty() {
                    None
                } else {
                    Some(Value::tuple(items))
                }
            }
            Step::Map(func, iters) => {
                let mut args = Vec::with_capacity(iters.len());
                for i in &iters {
                    match self.next(i)? {
                        Some(v) => args.push(v),
                        None => {
                            args.clear();
                            break;
                        }
                    }
                }
                if args.is_empty() && !iters.is_empty() {
                    None
                } else {
                    Some(self.call(&func, crate::objects::Args::new(args))?)
                }
            }
            Step::Filter(func, iter) => loop {
                match self.next(&iter)? {
                    Some(v) => {
                        let keep = if func.is_none() {
                            self.truthy(&v)?
                        } else {
                            let r = self.call1(&func, v.clone())?;
                            self.truthy(&r)?
                        };
                        if keep {
                            break Some(v);
                        }
                    }
                    None => break None,
                }
            },
            Step::Reversed(seq, index) => {
                if index < 0 {
                    None
                } else {
                    if let IterState::SeqReversed { index: i, .. } =
                        &mut *it.state.borrow_mut(self.gil.token())
                    {
                        *i -= 1;
                    }
                    match self.getitem(&seq, Value::Int(index)) {
                        Ok(v) => Some(v),
                        Err(e)
                            if self.err_is(&e, ExcKind::IndexError)
                                || self.err_is(&e, ExcKind::StopIteration) =>
                        {
                            None
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
            Step::Forward(seq, index) => {
                if let IterState::SeqForward { index: i, .. } =
                    &mut *it.state.borrow_mut(self.gil.token())
                {
                    *i += 1;
                }
                match self.getitem(&seq, Value::Int(index)) {
                    Ok(v) => Some(v),
                    Err(e)
                        if self.err_is(&e, ExcKind::IndexError)
                            || self.err_is(&e, ExcKind::StopIteration) =>
                    {
                        None
                    }
                    Err(e) => return Err(e),
                }
            }
            Step::Callable(func, sentinel) => {
                let v = self.call0(&func)?;
                if self.eq(&v, &sentinel)? {
                    None
                } else {
                    Some(v)
                }
            }
        };
        if result.is_none() {
            *it.state.borrow_mut(self.gil.token()) = IterState::Exhausted;
        }
        Ok(result)
    }

    fn any_left(&mut self, iters: &[Value]) -> PyResult<bool> {
        for i in iters {
            if self.next(i)?.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// All items of an iterable (`list(v)`).
    pub fn collect(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        let g = self.gil.token();
        match v {
            Value::List(l) => return Ok(l.items.borrow(g).clone()),
            Value::Tuple(t) => return Ok(t.items.to_vec()),
            Value::Range(r) if r.is_big() && r.len_big() > i64::MAX.into() => {
                // As CPython: the length does not fit a size.
                return Err(crate::objects::exception::overflow_error(
                    "Python int too large to convert to C ssize_t",
                ));
            }
            Value::Range(r) if !r.is_big() => {
                let n = r.len();
                let mut out = Vec::new();
                out.try_reserve(n)
                    .map_err(|_| crate::objects::exception::memory_error())?;
                out.extend((0..n).map(|i| Value::Int(r.get(i))));
                return Ok(out);
            }
            Value::Dict(d) => return Ok(d.table.borrow(g).iter().map(|e| e.key.clone()).collect()),
            Value::Str(s) => {
                let chars: Vec<char> = s.as_str().chars().collect();
                return Ok(chars.into_iter().map(|c| self.char_str(c)).collect());
            }
            _ => {}
        }
        let it = self.get_iter(v.clone())?;
        let mut out = Vec::new();
        while let Some(x) = self.next(&it)? {
            out.push(x);
        }
        Ok(out)
    }

    /// `item in container`
    pub fn contains(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        match container {
            Value::List(_) | Value::Tuple(_) => {
                let items = match container {
                    Value::List(l) => l.items.borrow(self.gil.token()).clone(),
                    Value::Tuple(t) => t.items.to_vec(),
                    _ => unreachable!(),
                };
                for x in &items {
                    if x.is(item) || self.eq(x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Str(s) => match item {
                Value::Str(sub) => Ok(s.as_str().contains(sub.as_str())),
                _ => Err(type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    self.type_name(item)
                ))),
            },
            Value::Bytes(b) => {
                match item {
                    Value::Int(i) => Ok((0..256).contains(i) && b.data.contains(&(*i as u8))),
                    Value::Bytes(sub) => Ok(sub.data.is_empty()
                        || b.data.windows(sub.data.len()).any(|w| w == &*sub.data)),
                    _ => Err(type_error(format!(
                        "a bytes-like object is required, not '{}'",
                        self.type_name(item)
                    ))),
                }
            }
            Value::Dict(d) => Ok(self.dict_get(d, item)?.is_some()),
            Value::Set(s) => self.set_contains(s, item),
            Value::Range(r) => match item {
                Value::Int(i) if !r.is_big() => {
                    let (start, step) = (r.start as i128, r.step as i128);
                    let i = *i as i128;
                    let n = r.len() as i128;
                    let off = i - start;
                    Ok(n > 0 && off % step == 0 && (0..n).contains(&(off / step)))
                }
                Value::Bool(b) => self.contains(container, &Value::Int(*b as i64)),
                Value::Int(_) | Value::BigInt(_) => {
                    let i = crate::objects::number::as_bigint(item).unwrap_or_default();
                    Ok(r.position(&i).is_some())
                }
                _ => self.contains_by_iteration(container, item),
            },
            Value::DictView(v) => match v.kind {
                ViewKind::Keys => Ok(self.dict_get(&v.dict, item)?.is_some()),
                ViewKind::Items => {
                    let Value::Tuple(t) = item else {
                        return Ok(false);
                    };
                    if t.items.len() != 2 {
                        return Ok(false);
                    }
                    match self.dict_get(&v.dict, &t.items[0])? {
                        Some(val) => self.eq(&val, &t.items[1]),
                        None => Ok(false),
                    }
                }
                ViewKind::Values => self.contains_by_iteration(container, item),
            },
            Value::Instance(_) | Value::Class(_) => {
                let name = self.interp.names.__contains__.clone();
                if let Some(f) = self.lookup_special(container, &name) {
                    let r = self.call1(&f, item.clone())?;
                    return self.truthy(&r);
                }
                self.contains_by_iteration(container, item)
            }
            _ => self.contains_by_iteration(container, item),
        }
    }

    fn contains_by_iteration(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        let it = match self.get_iter(container.clone()) {
            Ok(it) => it,
            Err(e) if self.err_is(&e, ExcKind::TypeError) => {
                return Err(type_error(format!(
                    "argument of type '{}' is not iterable",
                    self.type_name(container)
                )))
            }
            Err(e) => return Err(e),
        };
        while let Some(x) = self.next(&it)? {
            if x.is(item) || self.eq(&x, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `a, b, c = seq`: pushes the items, first item on top.
    pub(crate) fn unpack_sequence(&mut self, seq: Value, n: usize) -> PyResult<()> {
        let items = match &seq {
            Value::Tuple(t) if t.items.len() == n => {
                self.stack.extend(t.items.iter().rev().cloned());
                return Ok(());
            }
            Value::List(l) => {
                let items = l.items.borrow(self.gil.token());
                if items.len() == n {
                    self.stack.extend(items.iter().rev().cloned());
                    return Ok(());
                }
                items.clone()
            }
            Value::Tuple(t) => t.items.to_vec(),
            _ => {
                let it = self.unpack_iter(seq)?;
                let mut items = Vec::with_capacity(n);
                while let Some(v) = self.next(&it)? {
                    items.push(v);
                    if items.len() > n {
                        return Err(value_error(format!(
                            "too many values to unpack (expected {n})"
                        )));
                    }
                }
                items
            }
        };
        if items.len() > n {
            return Err(value_error(format!(
                "too many values to unpack (expected {n})"
            )));
        }
        if items.len() < n {
            return Err(value_error(format!(
                "not enough values to unpack (expected {n}, got {})",
                items.len()
            )));
        }
        self.stack.extend(items.into_iter().rev());
        Ok(())
    }

    fn unpack_iter(&mut self, seq: Value) -> PyResult<Value> {
        match self.get_iter(seq.clone()) {
            Ok(it) => Ok(it),
            Err(e) if self.err_is(&e, ExcKind::TypeError) && !matches!(seq, Value::Instance(_)) => {
                Err(type_error(format!(
                    "cannot unpack non-iterable {} object",
                    self.type_name(&seq)
                )))
            }
            Err(e) => Err(e),
        }
    }

    /// `a, *b, c = seq`
    pub(crate) fn unpack_ex(&mut self, seq: Value, before: usize, after: usize) -> PyResult<()> {
        let items = match &seq {
            Value::List(_) | Value::Tuple(_) => self.collect(&seq)?,
            _ => {
                let it = self.unpack_iter(seq)?;
                let mut v = Vec::new();
                while let Some(x) = self.next(&it)? {
                    v.push(x);
                }
                v
            }
        };
        if items.len() < before + after {
            return Err(value_error(format!(
                "not enough values to unpack (expected at least {}, got {})",
                before + after,
                items.len()
            )));
        }
        let mut items = items;
        let tail = items.split_off(items.len() - after);
        let middle = items.split_off(before);
        self.stack.extend(tail.into_iter().rev());
        self.stack.push(Value::list(middle));
        self.stack.extend(items.into_iter().rev());
        Ok(())
    }
}

/// A snapshot of an iterator whose step calls mini code.
enum Step {
    Enumerate(Value, Value),
    Zip(Vec<Value>, bool),
    Map(Value, Vec<Value>),
    Filter(Value, Value),
    Reversed(Value, i64),
    Forward(Value, i64),
    Callable(Value, Value),
}

fn zip_strict_message(k: usize) -> String {
    if k == 0 {
        "zip() argument 2 is longer than argument 1".to_string()
    } else if k == 1 {
        "zip() argument 2 is shorter than argument 1".to_string()
    } else {
        format!("zip() argument {} is shorter than arguments 1-{}", k + 1, k)
    }
}
