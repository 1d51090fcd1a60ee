//! Operators: arithmetic, comparison and truth, for everything the dispatch
//! loop's int/float fast paths do not cover.
//!
//! Built-in types are handled natively first; then the user's dunder methods
//! are tried in Python's order (`a.__add__(b)`, then `b.__radd__(a)`, the
//! reflected one first when `b`'s class is a subclass of `a`'s).

use super::eval::{Op, UnaryOp};
use super::{PyResult, Vm};
use crate::objects::exception::{memory_error, type_error, PyErr};
use crate::objects::number::{as_bigint, num_cmp};
use crate::objects::{int, set_table, BytesObj, ListObj, SetObj, StrObj, Value};
use num_traits::{Signed, ToPrimitive, Zero};
use std::cmp::Ordering;
use std::rc::Rc;

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Add => "+",
            Op::Sub => "-",
            Op::Mul => "*",
            Op::TrueDiv => "/",
            Op::FloorDiv => "//",
            Op::Mod => "%",
            Op::Pow => "** or pow()",
            Op::MatMul => "@",
            Op::LShift => "<<",
            Op::RShift => ">>",
            Op::BitAnd => "&",
            Op::BitOr => "|",
            Op::BitXor => "^",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Eq => "==",
            Op::Ne => "!=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }

    /// The dunder method names: (`__add__`, `__radd__`, `__iadd__`).
    fn dunders(self, vm: &Vm) -> (Rc<StrObj>, Rc<StrObj>, Option<Rc<StrObj>>) {
        let n = &vm.interp.names;
        let (a, r, i) = match self {
            Op::Add => (&n.__add__, &n.__radd__, Some(&n.__iadd__)),
            Op::Sub => (&n.__sub__, &n.__rsub__, Some(&n.__isub__)),
            Op::Mul => (&n.__mul__, &n.__rmul__, Some(&n.__imul__)),
            Op::TrueDiv => (&n.__truediv__, &n.__rtruediv__, Some(&n.__itruediv__)),
            Op::FloorDiv => (&n.__floordiv__, &n.__rfloordiv__, Some(&n.__ifloordiv__)),
            Op::Mod => (&n.__mod__, &n.__rmod__, Some(&n.__imod__)),
            Op::Pow => (&n.__pow__, &n.__rpow__, Some(&n.__ipow__)),
            Op::MatMul => (&n.__matmul__, &n.__rmatmul__, Some(&n.__imatmul__)),
            Op::LShift => (&n.__lshift__, &n.__rlshift__, Some(&n.__ilshift__)),
            Op::RShift => (&n.__rshift__, &n.__rrshift__, Some(&n.__irshift__)),
            Op::BitAnd => (&n.__and__, &n.__rand__, Some(&n.__iand__)),
            Op::BitOr => (&n.__or__, &n.__ror__, Some(&n.__ior__)),
            Op::BitXor => (&n.__xor__, &n.__rxor__, Some(&n.__ixor__)),
            Op::Lt => (&n.__lt__, &n.__gt__, None),
            Op::Le => (&n.__le__, &n.__ge__, None),
            Op::Eq => (&n.__eq__, &n.__eq__, None),
            Op::Ne => (&n.__ne__, &n.__ne__, None),
            Op::Gt => (&n.__gt__, &n.__lt__, None),
            Op::Ge => (&n.__ge__, &n.__le__, None),
        };
        (a.clone(), r.clone(), i.cloned())
    }
}

/// Largest sequence we agree to build by repetition, in elements.
const MAX_REPEAT: usize = 1 << 40;

impl Vm {
    /// `a op b` for arithmetic operators.
    pub fn binary_op(&mut self, a: Value, b: Value, op: Op) -> PyResult<Value> {
        if let Some(r) = self.native_binary(&a, &b, op)? {
            return Ok(r);
        }
        self.dunder_binary(a, b, op)
    }

    /// `a op= b`: tries the in-place method first (lists extend in place).
    pub fn inplace_op(&mut self, a: Value, b: Value, op: Op) -> PyResult<Value> {
        match (&a, op) {
            (Value::List(l), Op::Add) => {
                let items = self.collect(&b)?;
                l.items.borrow_mut(self.gil.token()).extend(items);
                return Ok(a);
            }
            (Value::List(l), Op::Mul) => {
                let b = match self.call_index(&b)? {
                    Some(n) => n,
                    None if is_int(&b) => b,
                    None => {
                        return Err(type_error(format!(
                            "can't multiply sequence by non-int of type '{}'",
                            self.type_name(&b)
                        )))
                    }
                };
                let n = self.repeat_count(&b)?;
                let mut items = l.items.borrow_mut(self.gil.token());
                let orig = std::mem::take(&mut *items);
                *items = repeat_vec(&orig, n)?;
                drop(items);
                return Ok(a);
            }
            (Value::Set(s), Op::BitOr | Op::BitAnd | Op::Sub | Op::BitXor) if !s.frozen => {
                if let Value::Set(other) = &b {
                    self.set_inplace(s, other, op);
                    return Ok(a);
                }
            }
            (Value::Dict(d), Op::BitOr) => {
                self.dict_update_from(d, &b, false, None)?;
                return Ok(a);
            }
            (Value::Instance(_), _) => {
                if let (_, _, Some(iname)) = op.dunders(self) {
                    if let Some(f) = self.lookup_special(&a, &iname) {
                        let r = self.call1(&f, b.clone())?;
                        if !matches!(r, Value::NotImplemented) {
                            return Ok(r);
                        }
                    }
                }
            }
            _ => {}
        }
        self.binary_op(a, b, op)
    }

    /// Built-in types: `Ok(None)` means "not handled natively".
    fn native_binary(&mut self, a: &Value, b: &Value, op: Op) -> PyResult<Option<Value>> {
        use Value::*;
        let is_num = |v: &Value| matches!(v, Int(_) | Bool(_) | Float(_) | BigInt(_));
        if is_num(a) && is_num(b) {
            return numeric(a, b, op).map(Some);
        }
        Ok(Some(match (a, b, op) {
            (Str(x), Str(y), Op::Add) => {
                let mut s = String::with_capacity(x.as_str().len() + y.as_str().len());
                s.push_str(x.as_str());
                s.push_str(y.as_str());
                Value::str(s)
            }
            (Str(s), n, Op::Mul) | (n, Str(s), Op::Mul) if is_int(n) => {
                let n = self.repeat_count(n)?;
                let bytes = repeat_bytes(s.as_str().as_bytes(), n, "repeated string is too long")?;
                // Whole copies of a str are a str.
                Value::str(String::from_utf8(bytes).unwrap_or_default())
            }
            (Str(s), args, Op::Mod) => {
                let r = self.percent_format(s.as_str(), args)?;
                Value::str(r)
            }
            (Bytes(x), Bytes(y), Op::Add) => {
                Value::Bytes(BytesObj::new([&x.data[..], &y.data[..]].concat()))
            }
            (Bytes(s), n, Op::Mul) | (n, Bytes(s), Op::Mul) if is_int(n) => {
                let n = self.repeat_count(n)?;
                Value::Bytes(BytesObj::new(repeat_bytes(
                    &s.data,
                    n,
                    "repeated bytes are too long",
                )?))
            }
            (List(x), List(y), Op::Add) => {
                let g = self.gil.token();
                let mut v = x.items.borrow(g).clone();
                v.extend(y.items.borrow(g).iter().cloned());
                Value::List(ListObj::new(v))
            }
            (List(l), n, Op::Mul) | (n, List(l), Op::Mul) if is_int(n) => {
                let n = self.repeat_count(n)?;
                let items = l.items.borrow(self.gil.token()).clone();
                Value::list(repeat_vec(&items, n)?)
            }
            (Tuple(x), Tuple(y), Op::Add) => {
                let mut v = x.items.to_vec();
                v.extend(y.items.iter().cloned());
                Value::tuple(v)
            }
            (Tuple(t), n, Op::Mul) | (n, Tuple(t), Op::Mul) if is_int(n) => {
                let n = self.repeat_count(n)?;
                Value::tuple(repeat_vec(&t.items, n)?)
            }
            (Dict(x), Dict(_), Op::BitOr) => {
                let d =
                    crate::objects::DictObj::from_table(x.table.borrow(self.gil.token()).clone());
                self.dict_update_from(&d, b, false, Option::None)?;
                Value::Dict(d)
            }
            (Set(x), Set(y), Op::BitOr | Op::BitAnd | Op::Sub | Op::BitXor) => {
                let g = self.gil.token();
                let (tx, ty) = (x.table.borrow(g), y.table.borrow(g));
                let eq = |p: &Value, q: &Value| {
                    p.is(q) || crate::objects::equality::native_eq(p, q) == Some(true)
                };
                let t = match op {
                    Op::BitOr => set_table::union(&tx, &ty, eq),
                    Op::BitAnd => set_table::intersection(&tx, &ty, eq),
                    Op::Sub => set_table::difference(&tx, &ty, eq),
                    _ => set_table::symmetric_difference(&tx, &ty, eq),
                };
                Value::Set(SetObj::new(t, x.frozen))
            }
            (DictView(v), other, Op::BitOr | Op::BitAnd | Op::Sub | Op::BitXor)
                if v.kind != crate::objects::ViewKind::Values =>
            {
                let left = self.set_from_iterable(a, false)?;
                let right = self.set_from_iterable(other, false)?;
                return self.native_binary(&left, &right, op);
            }
            (Str(_) | List(_) | Tuple(_) | Bytes(_), n, Op::Mul)
            | (n, Str(_) | List(_) | Tuple(_) | Bytes(_), Op::Mul)
                if !matches!(n, Instance(_)) =>
            {
                return Err(type_error(format!(
                    "can't multiply sequence by non-int of type '{}'",
                    self.type_name(n)
                )))
            }
            _ => return Ok(Option::None),
        }))
    }

    fn set_inplace(&mut self, s: &SetObj, other: &SetObj, op: Op) {
        let g = self.gil.token();
        if std::ptr::eq(s, other) {
            if matches!(op, Op::Sub | Op::BitXor) {
                s.table.borrow_mut(g).clear();
            }
            return;
        }
        let eq = |p: &Value, q: &Value| {
            p.is(q) || crate::objects::equality::native_eq(p, q) == Some(true)
        };
        let o = other.table.borrow(g);
        let mut t = s.table.borrow_mut(g);
        match op {
            Op::BitOr => t.merge(&o, eq),
            Op::BitAnd => set_table::intersection_update(&mut t, &o, eq),
            Op::Sub => set_table::difference_update(&mut t, &o, eq),
            _ => set_table::symmetric_difference_update(&mut t, &o, eq),
        }
    }

    fn repeat_count(&self, n: &Value) -> PyResult<usize> {
        match n {
            Value::Int(i) => Ok((*i).max(0) as usize),
            Value::Bool(b) => Ok(*b as usize),
            Value::BigInt(b) if b.is_negative() => Ok(0),
            Value::BigInt(_) => Err(crate::objects::exception::overflow_error(
                "cannot fit 'int' into an index-sized integer",
            )),
            _ => Err(type_error("can't multiply sequence by non-int")),
        }
    }

    /// The user-dunder half of a binary operator.
    fn dunder_binary(&mut self, a: Value, b: Value, op: Op) -> PyResult<Value> {
        let (name, rname, _) = op.dunders(self);
        let ta = self.type_of(&a);
        let tb = self.type_of(&b);
        let same = Rc::ptr_eq(&ta, &tb);
        let a_user = matches!(a, Value::Instance(_));
        let b_user = matches!(b, Value::Instance(_));
        // A subclass's reflected method gets the first try.
        if b_user && !same && tb.is_subclass(&ta) {
            if let Some(f) = self.lookup_special(&b, &rname) {
                let r = self.call1(&f, a.clone())?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
        }
        if a_user {
            if let Some(f) = self.lookup_special(&a, &name) {
                let r = self.call1(&f, b.clone())?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
        }
        if b_user && !same {
            if let Some(f) = self.lookup_special(&b, &rname) {
                let r = self.call1(&f, a.clone())?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
        }
        if a.base_value().is_some() || b.base_value().is_some() {
            // Subclasses of built-in types: the built-in operation.
            let (ua, ub) = (a.unwrap_base().clone(), b.unwrap_base().clone());
            if let Some(r) = self.native_binary(&ua, &ub, op)? {
                return Ok(r);
            }
        }
        if op == Op::Mul {
            // Sequence repetition, tried after the numeric methods: the
            // count may be any object with `__index__`.
            let is_seq = |v: &Value| {
                matches!(
                    v,
                    Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_)
                )
            };
            let (seq, count) = if is_seq(&a) {
                (Some(&a), &b)
            } else if is_seq(&b) {
                (Some(&b), &a)
            } else {
                (None, &a)
            };
            if let Some(seq) = seq {
                if let Some(n) = self.call_index(count)? {
                    return self.binary_op(seq.clone(), n, op);
                }
                return Err(type_error(format!(
                    "can't multiply sequence by non-int of type '{}'",
                    self.type_name(count)
                )));
            }
        }
        if op == Op::Add {
            // CPython words sequence concatenation errors its own way.
            let seq = match &a {
                Value::Str(_) => Some("str"),
                Value::List(_) => Some("list"),
                Value::Tuple(_) => Some("tuple"),
                _ => None,
            };
            if let Some(t) = seq {
                return Err(type_error(format!(
                    "can only concatenate {t} (not \"{}\") to {t}",
                    self.type_name(&b)
                )));
            }
            if let Value::Bytes(_) = &a {
                return Err(type_error(format!(
                    "can't concat {} to bytes",
                    self.type_name(&b)
                )));
            }
        }
        Err(type_error(format!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            op.symbol(),
            self.type_name(&a),
            self.type_name(&b)
        )))
    }

    /// `op a` for unary minus, plus and invert.
    pub fn unary_op(&mut self, a: Value, op: UnaryOp) -> PyResult<Value> {
        match (&a, op) {
            (Value::Int(i), UnaryOp::Neg) => return Ok(int::neg(*i)),
            (Value::Int(_), UnaryOp::Pos) => return Ok(a),
            (Value::Int(i), UnaryOp::Invert) => return Ok(Value::Int(!*i)),
            (Value::Bool(b), _) => return self.unary_op(Value::Int(*b as i64), op),
            (Value::Float(f), UnaryOp::Neg) => return Ok(Value::Float(-f)),
            (Value::Float(_), UnaryOp::Pos) => return Ok(a),
            (Value::BigInt(b), UnaryOp::Neg) => return Ok(int::normalize(-(**b).clone())),
            (Value::BigInt(_), UnaryOp::Pos) => return Ok(a),
            (Value::BigInt(b), UnaryOp::Invert) => return Ok(int::normalize(!(**b).clone())),
            _ => {}
        }
        let n = &self.interp.names;
        let (name, sym) = match op {
            UnaryOp::Neg => (n.__neg__.clone(), "-"),
            UnaryOp::Pos => (n.__pos__.clone(), "+"),
            UnaryOp::Invert => (n.__invert__.clone(), "~"),
        };
        if let Some(f) = self.lookup_special(&a, &name) {
            return self.call0(&f);
        }
        Err(type_error(format!(
            "bad operand type for unary {}: '{}'",
            sym,
            self.type_name(&a)
        )))
    }

    /// Rich comparison `a op b` (`<`, `<=`, `==`, `!=`, `>`, `>=`).
    pub fn compare(&mut self, a: Value, b: Value, op: Op) -> PyResult<Value> {
        if let Some(r) = self.native_compare(&a, &b, op)? {
            return Ok(Value::Bool(r));
        }
        let (name, rname, _) = op.dunders(self);
        let ta = self.type_of(&a);
        let tb = self.type_of(&b);
        let same = Rc::ptr_eq(&ta, &tb);
        let a_user = matches!(a, Value::Instance(_));
        let b_user = matches!(b, Value::Instance(_));
        let mut tried_reflected = false;
        if b_user && !same && tb.is_subclass(&ta) {
            tried_reflected = true;
            if let Some(r) = self.try_compare_method(&b, &rname, &a)? {
                return Ok(r);
            }
        }
        if a_user {
            if let Some(r) = self.try_compare_method(&a, &name, &b)? {
                return Ok(r);
            }
            if op == Op::Ne {
                // object.__ne__ delegates to __eq__ and inverts it.
                let eq = self.interp.names.__eq__.clone();
                if let Some(r) = self.try_compare_method(&a, &eq, &b)? {
                    let t = self.truthy(&r)?;
                    return Ok(Value::Bool(!t));
                }
            }
        }
        if b_user && !tried_reflected {
            if let Some(r) = self.try_compare_method(&b, &rname, &a)? {
                return Ok(r);
            }
            if op == Op::Ne {
                let eq = self.interp.names.__eq__.clone();
                if let Some(r) = self.try_compare_method(&b, &eq, &a)? {
                    let t = self.truthy(&r)?;
                    return Ok(Value::Bool(!t));
                }
            }
        }
        if a.base_value().is_some() || b.base_value().is_some() {
            let (ua, ub) = (a.unwrap_base().clone(), b.unwrap_base().clone());
            if let Some(r) = self.native_compare(&ua, &ub, op)? {
                return Ok(Value::Bool(r));
            }
        }
        match op {
            Op::Eq => Ok(Value::Bool(a.is(&b))),
            Op::Ne => Ok(Value::Bool(!a.is(&b))),
            _ => Err(type_error(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                self.type_name(&a),
                self.type_name(&b)
            ))),
        }
    }

    /// Calls a user comparison method; `None` if absent or NotImplemented.
    fn try_compare_method(
        &mut self,
        obj: &Value,
        name: &Rc<StrObj>,
        other: &Value,
    ) -> PyResult<Option<Value>> {
        let Some(f) = self.lookup_user_method(obj, name) else {
            return Ok(None);
        };
        let r = self.call1(&f, other.clone())?;
        Ok(if matches!(r, Value::NotImplemented) {
            None
        } else {
            Some(r)
        })
    }

    /// Comparisons of built-in types; `Ok(None)` means "ask the dunders".
    fn native_compare(&mut self, a: &Value, b: &Value, op: Op) -> PyResult<Option<bool>> {
        use Value::*;
        let ord = match (a, b) {
            (Int(_) | Bool(_) | Float(_) | BigInt(_), Int(_) | Bool(_) | Float(_) | BigInt(_)) => {
                match num_cmp(a, b) {
                    Some(o) => o,
                    // NaN: everything is false except !=.
                    Option::None => return Ok(Some(op == Op::Ne)),
                }
            }
            (Str(x), Str(y)) => x.as_str().cmp(y.as_str()),
            (Bytes(x), Bytes(y)) => x.data.cmp(&y.data),
            (Tuple(x), Tuple(y)) => {
                let (x, y) = (x.items.to_vec(), y.items.to_vec());
                self.enter_nested(" in comparison")?;
                let r = self.seq_compare(&x, &y, op);
                self.leave_native();
                return r.map(Some);
            }
            (List(x), List(y)) => {
                let g = self.gil.token();
                let (x, y) = (x.items.borrow(g).clone(), y.items.borrow(g).clone());
                self.enter_nested(" in comparison")?;
                let r = self.seq_compare(&x, &y, op);
                self.leave_native();
                return r.map(Some);
            }
            (Set(x), Set(y)) => return self.set_compare(x, y, op).map(Some),
            (Dict(x), Dict(y)) if matches!(op, Op::Eq | Op::Ne) => {
                self.enter_nested(" in comparison")?;
                let r = self.dict_eq(x, y);
                self.leave_native();
                return Ok(Some(r? == (op == Op::Eq)));
            }
            (Range(x), Range(y)) if matches!(op, Op::Eq | Op::Ne) => {
                let same = if x.is_big() || y.is_big() {
                    let n = x.len_big();
                    n == y.len_big()
                        && (n.is_zero()
                            || (x.start_big() == y.start_big()
                                && (n == 1.into() || x.step_big() == y.step_big())))
                } else {
                    x.len() == y.len()
                        && (x.is_empty()
                            || (x.start == y.start && (x.len() == 1 || x.step == y.step)))
                };
                return Ok(Some(same == (op == Op::Eq)));
            }
            (DictView(v), _) | (_, DictView(v))
                if v.kind != crate::objects::ViewKind::Values && matches!(op, Op::Eq | Op::Ne) =>
            {
                let (sa, sb) = (
                    self.set_from_iterable(a, true)?,
                    self.set_from_iterable(b, true)?,
                );
                return self.native_compare(&sa, &sb, op);
            }
            (None, None) if matches!(op, Op::Eq | Op::Ne) => return Ok(Some(op == Op::Eq)),
            _ => return Ok(Option::None),
        };
        Ok(Some(ord_matches(ord, op)))
    }

    /// Enters a nested container operation (comparing, printing, hashing
    /// containers of containers): like python3, the nesting counts against
    /// the recursion limit, and RecursionError ends it (whose message ends
    /// with `context`) rather than the Rust stack overflowing. Pair with
    /// `leave_native`.
    pub(crate) fn enter_nested(&mut self, context: &str) -> PyResult<()> {
        if self.frames.len() + self.native_depth as usize >= self.interp.recursion_limit.get() {
            return Err(PyErr::new(
                crate::objects::ExcKind::RecursionError,
                format!("maximum recursion depth exceeded{context}"),
            ));
        }
        self.enter_native()
    }

    /// Lexicographic comparison, as for lists and tuples.
    fn seq_compare(&mut self, x: &[Value], y: &[Value], op: Op) -> PyResult<bool> {
        let n = x.len().min(y.len());
        for i in 0..n {
            if x[i].is(&y[i]) || self.eq(&x[i], &y[i])? {
                continue;
            }
            return match op {
                Op::Eq => Ok(false),
                Op::Ne => Ok(true),
                _ => {
                    let r = self.compare(x[i].clone(), y[i].clone(), op)?;
                    self.truthy(&r)
                }
            };
        }
        Ok(ord_matches(x.len().cmp(&y.len()), op))
    }

    fn set_compare(&mut self, x: &Rc<SetObj>, y: &Rc<SetObj>, op: Op) -> PyResult<bool> {
        let (lx, ly) = {
            let g = self.gil.token();
            (x.table.borrow(g).len(), y.table.borrow(g).len())
        };
        let subset = |vm: &mut Vm, a: &Rc<SetObj>, b: &Rc<SetObj>| -> PyResult<bool> {
            let items: Vec<Value> = a
                .table
                .borrow(vm.gil.token())
                .iter()
                .map(|(_, k)| k.clone())
                .collect();
            for v in &items {
                if !vm.set_contains(b, v)? {
                    return Ok(false);
                }
            }
            Ok(true)
        };
        Ok(match op {
            Op::Eq => lx == ly && subset(self, x, y)?,
            Op::Ne => !(lx == ly && subset(self, x, y)?),
            Op::Le => lx <= ly && subset(self, x, y)?,
            Op::Lt => lx < ly && subset(self, x, y)?,
            Op::Ge => lx >= ly && subset(self, y, x)?,
            Op::Gt => lx > ly && subset(self, y, x)?,
            _ => false,
        })
    }

    fn dict_eq(
        &mut self,
        x: &Rc<crate::objects::DictObj>,
        y: &Rc<crate::objects::DictObj>,
    ) -> PyResult<bool> {
        let entries: Vec<(Value, Value)> = {
            let g = self.gil.token();
            if x.table.borrow(g).len() != y.table.borrow(g).len() {
                return Ok(false);
            }
            x.table
                .borrow(g)
                .iter()
                .map(|e| (e.key.clone(), e.value.clone()))
                .collect()
        };
        for (k, v) in entries {
            match self.dict_get(y, &k)? {
                Some(w) => {
                    if !(v.is(&w) || self.eq(&v, &w)?) {
                        return Ok(false);
                    }
                }
                None => return Ok(false),
            }
        }
        Ok(true)
    }

    /// `bool(v)`
    pub fn truthy(&mut self, v: &Value) -> PyResult<bool> {
        let g = self.gil.token();
        Ok(match v {
            Value::Bool(b) => *b,
            Value::None => false,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::BigInt(b) => !b.is_zero(),
            Value::Str(s) => !s.as_str().is_empty(),
            Value::Bytes(b) => !b.data.is_empty(),
            Value::List(l) => !l.items.borrow(g).is_empty(),
            Value::Tuple(t) => !t.items.is_empty(),
            Value::Dict(d) => !d.table.borrow(g).is_empty(),
            Value::Set(s) => !s.table.borrow(g).is_empty(),
            Value::Range(r) => !r.is_empty(),
            Value::DictView(v) => !v.dict.table.borrow(g).is_empty(),
            Value::Instance(_) => {
                let names = &self.interp.names;
                let (bool_name, len_name) = (names.__bool__.clone(), names.__len__.clone());
                if let Some(f) = self.lookup_user_method(v, &bool_name) {
                    return match self.call0(&f)? {
                        Value::Bool(b) => Ok(b),
                        r => Err(type_error(format!(
                            "__bool__ should return bool, returned {}",
                            self.type_name(&r)
                        ))),
                    };
                }
                if let Some(f) = self.lookup_user_method(v, &len_name) {
                    let n = self.call0(&f)?;
                    return Ok(self.len_result(n)? != 0);
                }
                true
            }
            _ => true,
        })
    }

    /// Checks what `__len__` returned.
    pub(crate) fn len_result(&self, n: Value) -> PyResult<usize> {
        match n {
            Value::Int(i) if i >= 0 => Ok(i as usize),
            Value::Bool(b) => Ok(b as usize),
            Value::Int(_) => Err(crate::objects::exception::value_error(
                "__len__() should return >= 0",
            )),
            Value::BigInt(_) => Err(crate::objects::exception::overflow_error(
                "cannot fit 'int' into an index-sized integer",
            )),
            v => Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                self.type_name(&v)
            ))),
        }
    }
}

fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_) | Value::BigInt(_))
}

fn ord_matches(o: Ordering, op: Op) -> bool {
    match op {
        Op::Lt => o == Ordering::Less,
        Op::Le => o != Ordering::Greater,
        Op::Eq => o == Ordering::Equal,
        Op::Ne => o != Ordering::Equal,
        Op::Gt => o == Ordering::Greater,
        Op::Ge => o != Ordering::Less,
        _ => false,
    }
}

/// `n` copies of `data`: OverflowError (`too_long`) past isize::MAX bytes,
/// as python3, and MemoryError when the allocation fails (never an abort).
fn repeat_bytes(data: &[u8], n: usize, too_long: &str) -> PyResult<Vec<u8>> {
    let total = data
        .len()
        .checked_mul(n)
        .filter(|&t| t <= isize::MAX as usize)
        .ok_or_else(|| crate::objects::exception::overflow_error(too_long))?;
    if total > MAX_REPEAT {
        return Err(memory_error());
    }
    let mut out = Vec::new();
    out.try_reserve_exact(total).map_err(|_| memory_error())?;
    for _ in 0..n {
        out.extend_from_slice(data);
    }
    Ok(out)
}

fn repeat_vec(items: &[Value], n: usize) -> PyResult<Vec<Value>> {
    let total = items
        .len()
        .checked_mul(n)
        .filter(|&t| t <= MAX_REPEAT)
        .ok_or_else(memory_error)?;
    let mut out = Vec::new();
    out.try_reserve_exact(total).map_err(|_| memory_error())?;
    for _ in 0..n {
        out.extend(items.iter().cloned());
    }
    Ok(out)
}

/// Arithmetic between two numbers (int, bool, big int, float).
pub fn numeric(a: &Value, b: &Value, op: Op) -> PyResult<Value> {
    use Value::*;
    let small = |v: &Value| match v {
        Int(i) => Some(*i),
        Bool(b) => Some(*b as i64),
        _ => Option::None,
    };
    if let (Some(x), Some(y)) = (small(a), small(b)) {
        return Ok(match op {
            Op::Add => int::add(x, y),
            Op::Sub => int::sub(x, y),
            Op::Mul => int::mul(x, y),
            Op::FloorDiv => int::floordiv(x, y)?,
            Op::Mod => int::modulo(x, y)?,
            Op::TrueDiv => {
                if y == 0 {
                    return Err(crate::objects::exception::zero_division("division by zero"));
                }
                if x.unsigned_abs() <= 1 << 53 && y.unsigned_abs() <= 1 << 53 {
                    Float(x as f64 / y as f64)
                } else {
                    Float(int::truediv(
                        &num_bigint::BigInt::from(x),
                        &num_bigint::BigInt::from(y),
                    )?)
                }
            }
            Op::Pow => int::pow_small(x, y)?,
            Op::LShift => int::lshift_small(x, y)?,
            Op::RShift => int::rshift_small(x, y)?,
            Op::BitAnd => Int(x & y),
            Op::BitOr => Int(x | y),
            Op::BitXor => Int(x ^ y),
            Op::MatMul | Op::Lt | Op::Le | Op::Eq | Op::Ne | Op::Gt | Op::Ge => {
                return Err(unsupported(a, b, op))
            }
        }
        .bool_fixup(a, b, op));
    }
    if matches!(a, Float(_)) || matches!(b, Float(_)) {
        let x = to_f64(a)?;
        let y = to_f64(b)?;
        return Ok(Float(match op {
            Op::Add => x + y,
            Op::Sub => x - y,
            Op::Mul => x * y,
            Op::TrueDiv => {
                if y == 0.0 {
                    return Err(crate::objects::exception::zero_division(
                        "float division by zero",
                    ));
                }
                x / y
            }
            Op::FloorDiv => int::float_floordiv(x, y)?,
            Op::Mod => int::float_mod(x, y)?,
            Op::Pow => int::float_pow(x, y)?,
            _ => return Err(unsupported(a, b, op)),
        }));
    }
    let (Some(x), Some(y)) = (as_bigint(a), as_bigint(b)) else {
        return Err(unsupported(a, b, op));
    };
    Ok(match op {
        Op::Add => int::normalize(x + y),
        Op::Sub => int::normalize(x - y),
        Op::Mul => {
            if x.bits() + y.bits() > 1 << 36 {
                return Err(memory_error());
            }
            int::normalize(x * y)
        }
        Op::FloorDiv => int::big_floordiv(&x, &y)?,
        Op::Mod => int::big_mod(&x, &y)?,
        Op::TrueDiv => Float(int::truediv(&x, &y)?),
        Op::Pow => int::pow(&x, &y)?,
        Op::LShift => int::lshift(&x, &y)?,
        Op::RShift => int::rshift(&x, &y)?,
        Op::BitAnd => int::normalize(x & y),
        Op::BitOr => int::normalize(x | y),
        Op::BitXor => int::normalize(x ^ y),
        _ => return Err(unsupported(a, b, op)),
    })
}

trait BoolFixup {
    fn bool_fixup(self, a: &Value, b: &Value, op: Op) -> Value;
}

impl BoolFixup for Value {
    /// `True & False` is a bool, not an int (the bitwise operators on two
    /// bools stay bools).
    fn bool_fixup(self, a: &Value, b: &Value, op: Op) -> Value {
        match (a, b, op, &self) {
            (
                Value::Bool(_),
                Value::Bool(_),
                Op::BitAnd | Op::BitOr | Op::BitXor,
                Value::Int(i),
            ) => Value::Bool(*i != 0),
            _ => self,
        }
    }
}

fn to_f64(v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::BigInt(b) => b.to_f64().filter(|f| f.is_finite()).ok_or_else(|| {
            crate::objects::exception::overflow_error("int too large to convert to float")
        }),
        _ => Err(type_error("expected a number")),
    }
}

fn unsupported(a: &Value, b: &Value, op: Op) -> PyErr {
    let name = |v: &Value| match v {
        Value::Int(_) | Value::BigInt(_) => "int",
        Value::Bool(_) => "bool",
        Value::Float(_) => "float",
        _ => "object",
    };
    type_error(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        op.symbol(),
        name(a),
        name(b)
    ))
}
